"""What the public may read through OParl, as querysets per object type.

The API is stateless: every read is the anonymous public's read. The public rule is the
council selectors' rule for an anonymous user (``teilhabe.council.selectors``): public papers,
their consultations and files, public agenda items whose paper (if any) is public. A test
checks that the live rows here equal what the selectors give an anonymous user.

Each type has

- ``visible``: every row the public may know of, deleted ones included (tombstones),
- ``alive``: the condition for a live (not deleted) row; a row that is visible but not alive is
  a tombstone (deleted itself, or its parent is deleted),
- ``oparl_modified``: the row's own ``modified`` or the latest ``modified`` of what OParl embeds
  in it or derives from, whichever is later, so a change to an embedded object moves its
  parent's ``modified`` even where a service forgot to touch the parent (OParl 1.1, 2.8).
"""

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django.db.models import (
    BooleanField,
    Case,
    Count,
    DateTimeField,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, Greatest

from teilhabe.concepts.models import Edition
from teilhabe.core.models import Body
from teilhabe.council.models import (
    AgendaItem,
    Consultation,
    File,
    LegislativeTerm,
    Location,
    Meeting,
    Membership,
    Organization,
    Paper,
    Person,
)


def _latest(queryset: QuerySet[Any]) -> Subquery:
    """The latest ``modified`` of a correlated queryset (NULL if empty)."""
    return Subquery(
        queryset.order_by("-modified").values("modified")[:1], output_field=DateTimeField()
    )


def _greatest(*parts: Any) -> Any:
    """The latest of the row's ``modified`` and ``parts``; NULL parts count as ``modified``
    (SQLite's and MySQL's GREATEST give NULL if any argument is NULL)."""
    if not parts:
        return F("modified")
    return Greatest(
        F("modified"),
        *(Coalesce(part, F("modified"), output_field=DateTimeField()) for part in parts),
        output_field=DateTimeField(),
    )


def _when_deleted(parent: str) -> Case:
    """The parent's ``modified`` (its time of deletion) while the parent is deleted."""
    return Case(
        When(**{f"{parent}__is_deleted": True}, then=F(f"{parent}__modified")),
        default=None,
        output_field=DateTimeField(),
    )


def _flag(condition: Q) -> Case:
    return Case(
        When(condition, then=Value(False)), default=Value(True), output_field=BooleanField()
    )


# --- the public rule, per type -----------------------------------------------------------

PAPER_VISIBLE = Q(public=True)
PAPER_ALIVE = Q(is_deleted=False)

CONSULTATION_VISIBLE = Q(paper__public=True)
CONSULTATION_ALIVE = Q(is_deleted=False, paper__is_deleted=False)

AGENDA_ITEM_VISIBLE = Q(public=True) & (
    Q(consultation__isnull=True) | Q(consultation__paper__public=True)
)
#: An item of a deleted paper leaves the public agenda, as in the council selectors.
AGENDA_ITEM_ALIVE = Q(is_deleted=False, meeting__is_deleted=False) & (
    Q(consultation__isnull=True) | Q(consultation__paper__is_deleted=False)
)

#: A file standing for a concept edition is public only once the edition is (never a draft).
FILE_VISIBLE = (Q(paper__isnull=True) | Q(paper__public=True)) & (
    Q(edition__isnull=True) | Q(edition__status__in=Edition.PUBLIC_STATUSES)
)
FILE_ALIVE = Q(is_deleted=False) & (Q(paper__isnull=True) | Q(paper__is_deleted=False))

MEMBERSHIP_ALIVE = Q(is_deleted=False, person__is_deleted=False, organization__is_deleted=False)
ALIVE = Q(is_deleted=False)


def _consultation_item() -> QuerySet[AgendaItem]:
    """The public agenda item a consultation is treated under."""
    return AgendaItem.all_objects.filter(AGENDA_ITEM_VISIBLE, AGENDA_ITEM_ALIVE)


# --- annotated querysets ------------------------------------------------------------------


def agenda_items() -> QuerySet[AgendaItem]:
    position = (
        AgendaItem.all_objects.filter(AGENDA_ITEM_VISIBLE, AGENDA_ITEM_ALIVE)
        .filter(meeting=OuterRef("meeting"))
        .filter(Q(order__lt=OuterRef("order")) | Q(order=OuterRef("order"), id__lt=OuterRef("id")))
        .order_by()
        .values("meeting")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return (
        AgendaItem.all_objects.filter(AGENDA_ITEM_VISIBLE)
        .annotate(
            oparl_deleted=_flag(AGENDA_ITEM_ALIVE),
            oparl_order=Coalesce(Subquery(position, output_field=IntegerField()), Value(0)),
            oparl_modified=_greatest(
                F("consultation__modified"),
                _when_deleted("meeting"),
                _when_deleted("consultation__paper"),
            ),
        )
        .select_related("meeting", "consultation", "consultation__paper")
    )


def consultations() -> QuerySet[Consultation]:
    items = AgendaItem.all_objects.filter(consultation=OuterRef("pk"))
    return (
        Consultation.all_objects.filter(CONSULTATION_VISIBLE)
        .annotate(
            oparl_deleted=_flag(CONSULTATION_ALIVE),
            oparl_modified=_greatest(_latest(items), _when_deleted("paper")),
            #: the public agenda item the step is treated under, if any
            oparl_item_id=Subquery(
                _consultation_item().filter(consultation=OuterRef("pk")).values("public_id")[:1]
            ),
        )
        .select_related("paper", "organization", "meeting")
    )


def files() -> QuerySet[File]:
    return (
        File.all_objects.filter(FILE_VISIBLE)
        .annotate(
            oparl_deleted=_flag(FILE_ALIVE),
            oparl_modified=_greatest(_when_deleted("paper")),
        )
        .select_related("paper", "body")
    )


def papers() -> QuerySet[Paper]:
    return (
        Paper.all_objects.filter(PAPER_VISIBLE)
        .annotate(
            oparl_deleted=_flag(PAPER_ALIVE),
            oparl_modified=_greatest(
                _latest(Consultation.all_objects.filter(paper=OuterRef("pk"))),
                _latest(File.all_objects.filter(paper=OuterRef("pk"))),
                _latest(AgendaItem.all_objects.filter(consultation__paper=OuterRef("pk"))),
            ),
        )
        .select_related("lead_department", "body")
        .prefetch_related(
            Prefetch(
                "consultations",
                queryset=consultations().filter(CONSULTATION_ALIVE).order_by("position", "id"),
                to_attr="oparl_consultations",
            ),
            Prefetch(
                "files",
                queryset=files().filter(FILE_ALIVE).order_by("created", "id"),
                to_attr="oparl_files",
            ),
        )
    )


def locations() -> QuerySet[Location]:
    return Location.all_objects.annotate(
        oparl_deleted=_flag(ALIVE), oparl_modified=F("modified")
    ).prefetch_related(
        Prefetch(
            "meetings",
            queryset=Meeting.objects.order_by("created", "id"),
            to_attr="oparl_meetings",
        )
    )


def meetings() -> QuerySet[Meeting]:
    return (
        Meeting.all_objects.annotate(
            oparl_deleted=_flag(ALIVE),
            oparl_modified=_greatest(
                _latest(AgendaItem.all_objects.filter(meeting=OuterRef("pk"))),
                _latest(Consultation.all_objects.filter(agenda_item__meeting=OuterRef("pk"))),
                _latest(
                    Paper.all_objects.filter(
                        is_deleted=True, consultations__agenda_item__meeting=OuterRef("pk")
                    )
                ),
                F("location__modified"),
            ),
        )
        .select_related("organization", "location")
        .prefetch_related(
            Prefetch(
                "agenda_items",
                queryset=agenda_items().filter(AGENDA_ITEM_ALIVE).order_by("order", "id"),
                to_attr="oparl_agenda_items",
            ),
        )
    )


def memberships() -> QuerySet[Membership]:
    return Membership.all_objects.annotate(
        oparl_deleted=_flag(MEMBERSHIP_ALIVE),
        oparl_modified=_greatest(_when_deleted("person"), _when_deleted("organization")),
    ).select_related("person", "organization")


def persons() -> QuerySet[Person]:
    return Person.all_objects.annotate(
        oparl_deleted=_flag(ALIVE),
        oparl_modified=_greatest(_latest(Membership.all_objects.filter(person=OuterRef("pk")))),
    ).prefetch_related(
        Prefetch(
            "memberships",
            queryset=memberships().filter(MEMBERSHIP_ALIVE).order_by("created", "id"),
            to_attr="oparl_memberships",
        )
    )


def organizations() -> QuerySet[Organization]:
    return Organization.all_objects.annotate(
        oparl_deleted=_flag(ALIVE),
        oparl_modified=_greatest(
            _latest(Membership.all_objects.filter(organization=OuterRef("pk")))
        ),
    ).prefetch_related(
        Prefetch(
            "memberships",
            queryset=Membership.all_objects.filter(MEMBERSHIP_ALIVE).order_by("created", "id"),
            to_attr="oparl_memberships",
        )
    )


def legislative_terms() -> QuerySet[LegislativeTerm]:
    return LegislativeTerm.all_objects.annotate(
        oparl_deleted=_flag(ALIVE), oparl_modified=F("modified")
    )


def bodies() -> QuerySet[Body]:
    return (
        Body.all_objects.annotate(
            oparl_deleted=_flag(ALIVE),
            oparl_modified=_greatest(
                _latest(LegislativeTerm.all_objects.filter(body=OuterRef("pk"))),
                F("territory__modified"),
            ),
        )
        .select_related("territory")
        .prefetch_related(
            Prefetch(
                "legislative_terms",
                queryset=legislative_terms().filter(ALIVE).order_by("created", "id"),
                to_attr="oparl_legislative_terms",
            )
        )
    )


# --- the types ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """One OParl object type: its URL name and segment, queryset and how to scope it to a body."""

    name: str
    type_name: str
    queryset: Callable[[], QuerySet[Any]]
    alive: Q
    #: lookup from the model to its Body (``""`` for Body itself)
    body_path: str
    #: the Body property with the URL of this type's external list
    list_property: str = ""

    @property
    def segment(self) -> str:
        return self.name.replace("_", "-")

    def for_body(self, body: Body) -> QuerySet[Any]:
        return self.queryset().filter(**{self.body_path: body})


KINDS: dict[str, Kind] = {
    kind.name: kind
    for kind in (
        Kind("body", "Body", bodies, ALIVE, ""),
        Kind("organization", "Organization", organizations, ALIVE, "body", "organization"),
        Kind("person", "Person", persons, ALIVE, "body", "person"),
        Kind("meeting", "Meeting", meetings, ALIVE, "body", "meeting"),
        Kind("paper", "Paper", papers, PAPER_ALIVE, "body", "paper"),
        Kind(
            "agenda_item",
            "AgendaItem",
            agenda_items,
            AGENDA_ITEM_ALIVE,
            "meeting__body",
            "agendaItem",
        ),
        Kind(
            "consultation",
            "Consultation",
            consultations,
            CONSULTATION_ALIVE,
            "paper__body",
            "consultation",
        ),
        Kind("file", "File", files, FILE_ALIVE, "body", "file"),
        Kind(
            "membership",
            "Membership",
            memberships,
            MEMBERSHIP_ALIVE,
            "organization__body",
            "membership",
        ),
        Kind("location", "Location", locations, ALIVE, "body", "locationList"),
        Kind(
            "legislative_term",
            "LegislativeTerm",
            legislative_terms,
            ALIVE,
            "body",
            "legislativeTermList",
        ),
    )
}

BODY_LISTS = [kind for kind in KINDS.values() if kind.list_property]
