"""What a document says, read once from the models and shared by every format.

The builders of each format lay out these plain values; they never query the database.
"""

from dataclasses import dataclass, field

from teilhabe.concepts.models import Edition
from teilhabe.concepts.selectors import edition_tree
from teilhabe.council.models import AgendaItem, Consultation, File, Paper

from . import labels as L
from .common import clean, euro, german_date, mentions_kmv, timeframe, yes_no


@dataclass
class MeasureItem:
    number: str
    title: str
    description: str = ""
    lead: str = ""
    partners: str = ""
    timeframe: str = ""
    budget: str = ""
    target_groups: str = ""
    origin: str = ""
    objectives: str = ""
    is_focus: bool = False

    @property
    def kmv(self) -> bool:
        return mentions_kmv(self.origin)

    def details(self) -> list[tuple[str, str]]:
        """The measure's properties that are set, as (label, value)."""
        rows = [
            (L.LEAD, self.lead),
            (L.PARTNERS, self.partners),
            (L.TIMEFRAME, self.timeframe),
            (L.BUDGET, self.budget),
            (L.TARGET_GROUPS, self.target_groups),
            (L.FOR_OBJECTIVES, self.objectives),
            (L.ORIGIN, self.origin),
        ]
        return [(label, value) for label, value in rows if value]


@dataclass
class FieldChapter:
    number: int
    title: str
    description: str
    cross_cutting: bool
    goals: list[str] = field(default_factory=list)
    objectives: list[str] = field(default_factory=list)
    measures: list[MeasureItem] = field(default_factory=list)

    @property
    def heading(self) -> str:
        return f"{L.FIELD} {self.number}: {self.title}"


@dataclass
class TextChapter:
    title: str
    text: str


@dataclass
class ConceptContent:
    body_name: str
    concept_title: str
    title: str
    label: str
    status: str
    valid_from: str
    review_due: str
    introduction: str
    source_note: str
    principles: list[TextChapter]
    sections: list[TextChapter]
    fields: list[FieldChapter]
    foci: list[TextChapter]

    @property
    def chapters(self) -> list[str]:
        """The headings of the first level, in order: the written table of contents."""
        result = []
        if self.introduction or self.source_note:
            result.append(L.INTRODUCTION)
        if self.principles:
            result.append(L.PRINCIPLES)
        result += [s.title for s in self.sections]
        result += [f.heading for f in self.fields]
        if self.foci:
            result.append(L.FOCUS)
        return result

    def title_facts(self) -> list[tuple[str, str]]:
        rows = [(L.LABEL, self.label), (L.STATUS, self.status), (L.IN_FORCE_SINCE, self.valid_from)]
        return [(k, v) for k, v in rows if v]


def concept_content(edition: Edition) -> ConceptContent:
    tree = edition_tree(edition)
    concept = edition.concept
    fields = []
    for node in tree.fields:
        chapter = FieldChapter(
            number=node.number,
            title=clean(node.field.title),
            description=clean(node.field.description),
            cross_cutting=node.field.cross_cutting,
            goals=[clean(g.title) for g in node.goals],
            objectives=[clean(o.title) for o in node.objectives],
        )
        for index, measure in enumerate(node.measures, start=1):
            chapter.measures.append(
                MeasureItem(
                    number=f"{node.number}.{index}",
                    title=clean(measure.title),
                    description=clean(measure.description),
                    lead=clean(measure.lead_actor.name if measure.lead_actor else ""),
                    partners=", ".join(clean(a.name) for a in measure.partner_actors.all()),
                    timeframe=timeframe(measure.start, measure.end),
                    budget=euro(measure.planned_budget),
                    target_groups=clean(measure.target_groups),
                    origin=clean(measure.source_note),
                    objectives="; ".join(clean(o.title) for o in measure.objectives.all()),
                    is_focus=measure.is_focus,
                )
            )
        fields.append(chapter)
    foci = [
        TextChapter(
            title=f"{focus.year}: {clean(focus.field.title)}" if focus.field else str(focus.year),
            text="\n\n".join(t for t in (clean(focus.description), clean(focus.source_note)) if t),
        )
        for focus in tree.foci
    ]
    return ConceptContent(
        body_name=clean(concept.body.name),
        concept_title=clean(concept.title),
        title=clean(edition.title),
        label=clean(edition.label),
        status=L.EDITION_STATUS.get(edition.status, edition.status),
        valid_from=german_date(edition.valid_from),
        review_due=german_date(edition.review_due),
        introduction=clean(edition.introduction),
        source_note=clean(edition.source_note),
        principles=[TextChapter(clean(p.title), clean(p.text)) for p in tree.principles],
        sections=[TextChapter(clean(s.title), clean(s.text)) for s in tree.sections],
        fields=fields,
        foci=foci,
    )


# --- papers -----------------------------------------------------------------------------


@dataclass
class Step:
    committee: str
    date: str
    role: str
    status: str
    yes: str
    no: str
    abstain: str
    unanimous: bool


@dataclass
class PaperContent:
    body_name: str
    paper_type: str
    reference: str
    date: str
    lead_department: str
    clerk: str
    file_number: str
    public: bool
    title: str
    steps: list[Step]
    decision_proposal: str
    facts: str
    impact: list[tuple[str, str]]
    impact_texts: list[tuple[str, str]]
    relevance: list[tuple[str, str]]
    climate_text: str
    attachments: list[str]

    @property
    def public_label(self) -> str:
        return L.PUBLIC if self.public else L.NON_PUBLIC

    def header_facts(self) -> list[tuple[str, str]]:
        rows = [
            (L.REFERENCE, self.reference),
            (L.DATE, self.date),
            (L.LEAD_DEPARTMENT, self.lead_department),
            (L.CLERK, self.clerk),
            (L.FILE_NUMBER, self.file_number),
        ]
        return [(k, v) for k, v in rows if v]


def _count(value: int | None) -> str:
    return "" if value is None else str(value)


def paper_content(paper: Paper) -> PaperContent:
    consultations = list(
        Consultation.objects.filter(paper=paper).select_related("organization", "meeting")
    )
    agenda_public = dict(
        AgendaItem.objects.filter(consultation__in=consultations).values_list(
            "consultation_id", "public"
        )
    )
    steps = []
    for c in consultations:
        when = c.decided_on or c.planned_date or (c.meeting.start if c.meeting else None)
        public = agenda_public.get(c.pk, paper.public)
        steps.append(
            Step(
                committee=clean(c.organization.name),
                date=german_date(when),
                role=clean(c.role),
                status=clean(c.outcome) or ("Ö" if public else "N"),
                yes=_count(c.votes_yes),
                no=_count(c.votes_no),
                abstain=_count(c.votes_abstain),
                unanimous=c.unanimous,
            )
        )
    impact = [
        (L.AMOUNT, euro(paper.financial_amount)),
        (L.IN_BUDGET, yes_no(paper.in_budget)),
        (L.ACCOUNTS, clean(paper.accounts)),
    ]
    relevance = [(label, yes_no(getattr(paper, name))) for name, label in L.RELEVANCE_CHECKS]
    relevance.append((L.QUALIFIED_MAJORITY, yes_no(paper.qualified_majority)))
    files = File.objects.filter(paper=paper)
    return PaperContent(
        body_name=clean(paper.body.name),
        paper_type=clean(paper.paper_type),
        reference=clean(paper.reference),
        date=german_date(paper.date),
        lead_department=clean(paper.lead_department.name if paper.lead_department else ""),
        clerk=clean(paper.clerk),
        file_number=clean(paper.file_number),
        public=paper.public,
        title=clean(paper.title),
        steps=steps,
        decision_proposal=clean(paper.decision_proposal),
        facts=clean(paper.facts),
        impact=[(k, v) for k, v in impact if v],
        impact_texts=[
            (k, v)
            for k, v in (
                (L.FINANCES, clean(paper.financial_text)),
                (L.PERSONNEL, clean(paper.personnel_text)),
            )
            if v
        ],
        relevance=[(k, v) for k, v in relevance if v],
        climate_text=clean(paper.climate_text),
        attachments=[clean(f.name or f.file_name) for f in files],
    )
