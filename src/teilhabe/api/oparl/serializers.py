"""OParl 1.1 objects from council data: one function per type.

Every function takes a row from :mod:`.queries` (annotated with ``oparl_modified``) and a
:class:`Context`; ``embedded=True`` leaves out the back-reference to the parent, as the spec
asks for internal output. Empty optional values are left out (no ``null``, ``""`` or ``[]``);
mandatory lists are given as ``[]``.
"""

import datetime
from dataclasses import dataclass
from typing import Any, TypeGuard, TypeVar

from django.conf import settings
from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

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

T = TypeVar("T")

SCHEMA = "https://schema.oparl.org/1.1/"
OPARL_VERSION = SCHEMA
#: Data licence unless ``settings.OPARL_LICENSE`` says otherwise ("" leaves it out).
DEFAULT_LICENSE = "https://www.govdata.de/dl-de/by-2-0"
#: Vendor-prefixed extension properties (spec 3.0 allows ``"vendor:field"`` keys).
VOTES = "teilhabe:votes"
RESULT = "teilhabe:result"

#: OParl's ``classification`` of a Body, in German whatever the UI language.
BODY_CLASSIFICATION: dict[str, str] = {
    Body.Kind.LANDKREIS: "Landkreis",
    Body.Kind.KREISFREIE_STADT: "Kreisfreie Stadt",
    Body.Kind.REGION: "Region",
    Body.Kind.LAND: "Land",
}

#: ``AgendaItem.result`` (and ``teilhabe:result``) from a consultation's outcome, in the
#: spec's wording ("Unverändert beschlossen", "Geändert beschlossen").
RESULT_BY_OUTCOME: dict[str, str] = {
    Consultation.Outcome.ADOPTED: "Unverändert beschlossen",
    Consultation.Outcome.ADOPTED_AMENDED: "Geändert beschlossen",
    Consultation.Outcome.REJECTED: "Abgelehnt",
    Consultation.Outcome.DEFERRED: "Vertagt",
    Consultation.Outcome.NOTED: "Zur Kenntnis genommen",
    Consultation.Outcome.WITHDRAWN: "Zurückgezogen",
}


@dataclass
class Context:
    request: HttpRequest
    omit_internal: bool = False

    def url(self, name: str, *args: Any) -> str:
        return self.request.build_absolute_uri(reverse(f"oparl:{name}", args=args))


def date_time(value: datetime.datetime | None) -> str | None:
    """``2024-11-28T00:00:00+01:00``: Europe/Berlin, whole seconds, never ``Z``."""
    if value is None:
        return None
    return timezone.localtime(value).replace(microsecond=0).isoformat()


def date(value: datetime.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _clean(data: dict[str, Any]) -> dict[str, Any]:
    """Drop empty optional values; ``False`` and ``0`` are values."""
    return {key: value for key, value in data.items() if value not in (None, "", [], {})}


def _base(obj: Any, type_name: str, ctx: Context, segment: str) -> dict[str, Any]:
    return {
        "id": ctx.url(segment, obj.public_id),
        "type": SCHEMA + type_name,
    }


def _stamps(obj: Any) -> dict[str, Any]:
    return {
        "created": date_time(obj.created),
        "modified": date_time(getattr(obj, "oparl_modified", None) or obj.modified),
    }


def tombstone(obj: Any, type_name: str, segment: str, ctx: Context) -> dict[str, Any]:
    """A deleted object: id, type, created, modified (the time of deletion), ``deleted``."""
    return {**_base(obj, type_name, ctx, segment), **_stamps(obj), "deleted": True}


def votes(consultation: Consultation) -> dict[str, Any] | None:
    """``teilhabe:votes`` where a vote was recorded; OParl 1.1 has no field for it."""
    counts = {
        "yes": consultation.votes_yes,
        "no": consultation.votes_no,
        "abstention": consultation.votes_abstain,
    }
    if all(value is None for value in counts.values()) and not consultation.unanimous:
        return None
    return {k: v for k, v in counts.items() if v is not None} | {
        "unanimous": consultation.unanimous
    }


def _alive(obj: T | None) -> TypeGuard[T]:
    return obj is not None and not getattr(obj, "is_deleted", False)


# --- the types ------------------------------------------------------------------------------


def system(ctx: Context, *, created: datetime.datetime, modified: datetime.datetime) -> dict:
    config: dict[str, str] = getattr(settings, "OPARL_SYSTEM", {})
    return _clean(
        {
            "id": ctx.url("system"),
            "type": SCHEMA + "System",
            "oparlVersion": OPARL_VERSION,
            "body": ctx.url("body_list"),
            "name": config.get("name", "teilhabe – OParl-Schnittstelle"),
            "license": getattr(settings, "OPARL_LICENSE", DEFAULT_LICENSE),
            "website": config.get("website", ctx.request.build_absolute_uri("/")),
            "contactEmail": config.get("contactEmail"),
            "contactName": config.get("contactName"),
            "vendor": config.get("vendor"),
            "product": config.get("product"),
            "created": date_time(created),
            "modified": date_time(modified),
        }
    )


def body_ags(body: Body) -> str:
    """The 8-digit AGS: a Kreis's 5 digits (a Land's 2) padded with zeros on the right, as
    the Gemeindeverzeichnis writes the key of the Kreis itself (``03157`` → ``03157000``)."""
    return body.territory.ags.ljust(8, "0")


def body_rgs(body: Body) -> str | None:
    """The 12-digit Regionalschlüssel where it follows from the AGS alone: for a Land, a Kreis
    or a kreisfreie Stadt (AGS ending in ``000``) the Verband and Gemeinde digits are zeros
    (``03157`` → ``031570000000``). A kreisangehörige Gemeinde's Verbandsschlüssel cannot be
    derived from its AGS, so it gets none."""
    ags = body_ags(body)
    if not ags.endswith("000"):
        return None
    return ags[:5] + "0000000"


def body(obj: Body, ctx: Context) -> dict[str, Any]:
    try:
        web = ctx.request.build_absolute_uri(reverse("portal:body", kwargs={"body": obj.slug}))
    except NoReverseMatch:
        web = None
    pid = obj.public_id
    data = _clean(
        {
            **_base(obj, "Body", ctx, "body"),
            "system": ctx.url("system"),
            "name": obj.name,
            "ags": body_ags(obj),
            "rgs": body_rgs(obj),
            "classification": BODY_CLASSIFICATION.get(obj.kind, obj.kind),
            "license": getattr(settings, "OPARL_LICENSE", DEFAULT_LICENSE),
            "organization": ctx.url("organization_list", pid),
            "person": ctx.url("person_list", pid),
            "meeting": ctx.url("meeting_list", pid),
            "paper": ctx.url("paper_list", pid),
            "agendaItem": ctx.url("agenda_item_list", pid),
            "consultation": ctx.url("consultation_list", pid),
            "file": ctx.url("file_list", pid),
            "membership": ctx.url("membership_list", pid),
            "locationList": ctx.url("location_list", pid),
            "legislativeTermList": ctx.url("legislative_term_list", pid),
            "web": web,
            **_stamps(obj),
        }
    )
    if not ctx.omit_internal:
        data["legislativeTerm"] = [
            legislative_term(term, ctx, embedded=True)
            for term in getattr(obj, "oparl_legislative_terms", [])
        ]
    return data


def legislative_term(obj: LegislativeTerm, ctx: Context, *, embedded: bool = False) -> dict:
    return _clean(
        {
            **_base(obj, "LegislativeTerm", ctx, "legislative_term"),
            "body": None if embedded else ctx.url("body", obj.body.public_id),
            "name": obj.name,
            "startDate": date(obj.start_date),
            "endDate": date(obj.end_date),
            **_stamps(obj),
        }
    )


def organization(obj: Organization, ctx: Context) -> dict[str, Any]:
    return _clean(
        {
            **_base(obj, "Organization", ctx, "organization"),
            "body": ctx.url("body", obj.body.public_id),
            "name": obj.name,
            "shortName": obj.short_name,
            "membership": [
                ctx.url("membership", m.public_id) for m in getattr(obj, "oparl_memberships", [])
            ],
            "meeting": ctx.url("organization_meetings", obj.public_id),
            "consultation": ctx.url("organization_consultations", obj.public_id),
            "organizationType": obj.organization_type,
            "classification": obj.classification,
            "startDate": date(obj.start_date),
            "endDate": date(obj.end_date),
            **_stamps(obj),
        }
    )


def person(obj: Person, ctx: Context) -> dict[str, Any]:
    return _clean(
        {
            **_base(obj, "Person", ctx, "person"),
            "body": ctx.url("body", obj.body.public_id),
            "name": obj.name,
            "formOfAddress": obj.form_of_address,
            "membership": None
            if ctx.omit_internal
            else [membership(m, ctx, embedded=True) for m in getattr(obj, "oparl_memberships", [])],
            **_stamps(obj),
        }
    )


def membership(obj: Membership, ctx: Context, *, embedded: bool = False) -> dict[str, Any]:
    return _clean(
        {
            **_base(obj, "Membership", ctx, "membership"),
            "person": None if embedded else ctx.url("person", obj.person.public_id),
            "organization": ctx.url("organization", obj.organization.public_id)
            if _alive(obj.organization)
            else None,
            "role": obj.role,
            "votingRight": obj.voting_right,
            "startDate": date(obj.start_date),
            "endDate": date(obj.end_date),
            **_stamps(obj),
        }
    )


def location(obj: Location, ctx: Context, *, embedded: bool = False) -> dict[str, Any]:
    return _clean(
        {
            **_base(obj, "Location", ctx, "location"),
            "description": obj.description,
            "streetAddress": obj.street_address,
            "room": obj.room,
            "postalCode": obj.postal_code,
            "locality": obj.locality,
            "meetings": None
            if embedded
            else [ctx.url("meeting", m.public_id) for m in getattr(obj, "oparl_meetings", [])],
            **_stamps(obj),
        }
    )


def meeting(obj: Meeting, ctx: Context) -> dict[str, Any]:
    items = getattr(obj, "oparl_agenda_items", [])
    return _clean(
        {
            **_base(obj, "Meeting", ctx, "meeting"),
            "name": obj.name,
            "meetingState": obj.state,
            "cancelled": obj.cancelled,
            "start": date_time(obj.start),
            "end": date_time(obj.end),
            "location": location(obj.location, ctx, embedded=True)
            if _alive(obj.location)
            else None,
            "organization": [ctx.url("organization", obj.organization.public_id)]
            if _alive(obj.organization)
            else None,
            "agendaItem": None
            if ctx.omit_internal
            else [agenda_item(item, ctx, embedded=True) for item in items],
            **_stamps(obj),
        }
    )


def _visible_consultation(item: AgendaItem) -> Consultation | None:
    consultation = item.consultation
    if consultation is None or consultation.is_deleted or consultation.paper.is_deleted:
        return None
    if not consultation.paper.public:
        return None
    return consultation


def agenda_item(obj: AgendaItem, ctx: Context, *, embedded: bool = False) -> dict[str, Any]:
    consultation = _visible_consultation(obj)
    outcome = consultation.outcome if consultation is not None else ""
    return _clean(
        {
            **_base(obj, "AgendaItem", ctx, "agenda_item"),
            "meeting": None if embedded else ctx.url("meeting", obj.meeting.public_id),
            "number": obj.number,
            "order": getattr(obj, "oparl_order", obj.order),
            "name": obj.name,
            "public": obj.public,
            "consultation": ctx.url("consultation", consultation.public_id)
            if consultation is not None
            else None,
            "result": obj.result or RESULT_BY_OUTCOME.get(outcome),
            "resolutionText": obj.resolution_text
            or (consultation.resolution_text if consultation is not None else ""),
            VOTES: votes(consultation) if consultation is not None else None,
            **_stamps(obj),
        }
    )


def consultation(obj: Consultation, ctx: Context, *, embedded: bool = False) -> dict[str, Any]:
    item_id = getattr(obj, "oparl_item_id", None)
    return _clean(
        {
            **_base(obj, "Consultation", ctx, "consultation"),
            "paper": None if embedded else ctx.url("paper", obj.paper.public_id),
            "agendaItem": ctx.url("agenda_item", item_id) if item_id else None,
            "meeting": ctx.url("meeting", obj.meeting.public_id) if _alive(obj.meeting) else None,
            "organization": [ctx.url("organization", obj.organization.public_id)]
            if _alive(obj.organization)
            else None,
            "authoritative": obj.authoritative,
            "role": obj.role,
            RESULT: RESULT_BY_OUTCOME.get(obj.outcome),
            VOTES: votes(obj),
            **_stamps(obj),
        }
    )


def file(obj: File, ctx: Context, *, embedded: bool = False) -> dict[str, Any]:
    paper = obj.paper
    return _clean(
        {
            **_base(obj, "File", ctx, "file"),
            "name": obj.name,
            "fileName": obj.file_name,
            "mimeType": obj.mime_type,
            "size": obj.size,
            "sha512Checksum": obj.sha512,
            "text": obj.text,
            "accessUrl": ctx.url("file_access", obj.public_id),
            "downloadUrl": ctx.url("file_download", obj.public_id),
            "paper": [ctx.url("paper", paper.public_id)]
            if not embedded and paper is not None and _alive(paper)
            else None,
            **_stamps(obj),
        }
    )


def paper(obj: Paper, ctx: Context) -> dict[str, Any]:
    lead = obj.lead_department
    return _clean(
        {
            **_base(obj, "Paper", ctx, "paper"),
            "body": ctx.url("body", obj.body.public_id),
            "name": obj.title,
            "reference": obj.reference,
            "date": date(obj.date),
            "paperType": obj.paper_type,
            "underDirectionOf": [ctx.url("organization", lead.public_id)] if _alive(lead) else None,
            # No file is marked as the Vorlage text itself, so there is no clear mainFile
            # (spec: leave it out then); every file is an auxiliaryFile.
            "auxiliaryFile": None
            if ctx.omit_internal
            else [file(f, ctx, embedded=True) for f in getattr(obj, "oparl_files", [])],
            "consultation": [
                consultation(c, ctx, embedded=True) for c in getattr(obj, "oparl_consultations", [])
            ],
            **_stamps(obj),
        }
    )


#: URL name → serializer of a live object fetched on its own.
SERIALIZERS: dict[str, Any] = {
    "body": body,
    "organization": organization,
    "person": person,
    "membership": membership,
    "location": location,
    "meeting": meeting,
    "agenda_item": agenda_item,
    "paper": paper,
    "consultation": consultation,
    "file": file,
    "legislative_term": legislative_term,
}
