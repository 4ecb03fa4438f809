"""Import of existing Vorlagen: a parsed text becomes a paper with its Beratungsfolge, nothing dropped."""

from collections.abc import Iterable, Mapping
from decimal import Decimal
from typing import Any

from django.db import transaction

from teilhabe.core.models import Body, User
from teilhabe.core.services import audit_record

from .models import Consultation, File, Organization, Paper
from .parsing import ParsedPaper, ParsedVotes
from .services import (
    PAPER_FIELDS,
    Action,
    check_outcome,
    consultation_add,
    consultation_record_outcome,
    organization_create,
    paper_create,
)

#: Values of a paper an import takes from the text; ``overrides`` (the reviewed form) may
#: replace each of them. ``lead_department`` is a name, ``attachments`` a list of titles and
#: ``consultations`` a list of ``{"committee", "date", "role", "source"}`` rows (``source``:
#: the index of the parsed row whose stated outcome and votes go with it, or ``None``).
IMPORT_KEYS = frozenset(
    {f for f in PAPER_FIELDS if f not in {"source_text", "unrecognised_text"}}
    | {"attachments", "consultations"}
)

#: The parser's relevance checks ("Gender Mainstreaming", "Klima-/Umwelt-/Naturschutz" …) by
#: the first keyword their name contains.
RELEVANCE_KEYWORDS = (
    ("gender", "relevance_gender"),
    ("gleichstell", "relevance_gender"),
    ("migration", "relevance_migration"),
    ("integration", "relevance_migration"),
    ("prävention", "relevance_prevention"),
    ("nachhaltig", "relevance_prevention"),
    ("bildung", "relevance_education"),
    ("klima", "relevance_climate"),
    ("umwelt", "relevance_climate"),
    ("natur", "relevance_climate"),
)

#: Results a Vorlage states that are outcomes of the app; others ("ungeändert empfohlen",
#: "beschlossen" without "geändert/ungeändert", "zurückgestellt" …) stay text.
IMPORT_OUTCOMES = {
    "ungeändert beschlossen": Consultation.Outcome.ADOPTED,
    "geändert beschlossen": Consultation.Outcome.ADOPTED_AMENDED,
    "abgelehnt": Consultation.Outcome.REJECTED,
    "vertagt": Consultation.Outcome.DEFERRED,
    "zur kenntnis genommen": Consultation.Outcome.NOTED,
    "zurückgezogen": Consultation.Outcome.WITHDRAWN,
}

#: The notes an import adds to the record are data in the language of the documents (German),
#: independent of the language of whoever imports.
IMPORT_NOTES_HEADING = "Hinweise des Imports (aus dem Text erkannt, aber nicht übernommen):"
IMPORT_AMOUNTS_NOTE = "Im Text der Vorlage genannte Beträge: {amounts}"
IMPORT_NO_TITLE = "Importierter Text ohne erkannten Titel"


def normalise_name(name: str) -> str:
    """How names are compared on import: whitespace collapsed, case folded."""
    return " ".join(name.split()).casefold()


def euro_de(amount: Any) -> str:
    """``1000000`` → ``1.000.000 €``, ``1.5`` → ``1,50 €`` (German, whatever the active language)."""
    value = Decimal(amount)
    text = f"{value:,.0f}" if value == value.to_integral_value() else f"{value:,.2f}"
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".") + " €"


def _inside(spans: Iterable[tuple[int, int]], within: Iterable[tuple[int, int]]) -> bool:
    within = list(within)
    return any(s >= a and e <= b for s, e in spans for a, b in within)


def import_values(parsed: ParsedPaper) -> dict[str, Any]:
    """What an import proposes for each of ``IMPORT_KEYS``: the values the text states.

    * ``financial_amount`` is the amount the text labels as costs (``parsed.costs_eur``), never
      just any amount. Every other amount of the text that ``financial_text`` does not already
      contain is listed in a last line of ``financial_text``, so no amount is lost.
    * ``public`` is true only if the text says "öffentlich": a paper whose status the text does
      not state is imported as non-public (it is never published by mistake).
    * ``paper_type`` falls back to Beschlussvorlage (the field cannot be empty).
    """
    spans = parsed.spans
    financial_text = parsed.financial_text or ""
    listed = [
        amount
        for index, amount in enumerate(parsed.amounts_eur)
        if amount != parsed.costs_eur
        and not _inside(spans.get(f"amounts_eur.{index}", []), spans.get("financial_text", []))
    ]
    if listed:
        note = IMPORT_AMOUNTS_NOTE.format(amounts="; ".join(euro_de(a) for a in listed))
        financial_text = f"{financial_text}\n\n{note}" if financial_text else note
    values: dict[str, Any] = {
        "reference": parsed.reference or "",
        "title": parsed.title or "",
        "paper_type": parsed.paper_type
        if parsed.paper_type in Paper.PaperType.values
        else Paper.PaperType.RESOLUTION,
        "date": parsed.date,
        "public": parsed.status == "öffentlich",
        "lead_department": parsed.lead_department or "",
        "clerk": parsed.clerk or "",
        "file_number": parsed.file_number or "",
        "decision_proposal": parsed.decision_proposal or "",
        "facts": parsed.facts or "",
        "financial_amount": None if parsed.costs_eur is None else Decimal(parsed.costs_eur),
        "in_budget": parsed.in_budget,
        "accounts": "; ".join(parsed.accounts),
        "financial_text": financial_text,
        "personnel_text": parsed.personnel_text or "",
        "climate_text": parsed.climate_text or "",
        "qualified_majority": parsed.qualified_majority,
        "attachments": list(parsed.attachments),
        "consultations": [
            {"committee": c.committee, "date": c.date, "role": c.role or "", "source": index}
            for index, c in enumerate(parsed.consultations)
        ],
    }
    for check, value in parsed.relevance_checks.items():
        field = relevance_field(check)
        if field is not None and values.get(field) is None:
            values[field] = value
    for _keyword, field in RELEVANCE_KEYWORDS:
        values.setdefault(field, None)
    return values


def relevance_field(check: str) -> str | None:
    """The paper's field for a relevance check named in the text, or ``None``."""
    lowered = check.casefold()
    return next((field for keyword, field in RELEVANCE_KEYWORDS if keyword in lowered), None)


def vote_summary(votes: ParsedVotes) -> str:
    """``Ja 10, Nein 2, Enthaltungen 0`` (and ``einstimmig``), in German like the text."""
    parts = [
        f"{label} {value}"
        for label, value in (("Ja", votes.yes), ("Nein", votes.no), ("Enthaltungen", votes.abstain))
        if value is not None
    ]
    if votes.unanimous:
        parts.append("einstimmig")
    return ", ".join(parts)


class _Organizations:
    """The body's organizations by normalised name (and short name); new Gremien on demand."""

    def __init__(self, *, user: User | None, body: Body, agent: str) -> None:
        self.user, self.body, self.agent = user, body, agent
        self.by_name: dict[str, Organization] = {}
        self.by_short: dict[str, Organization] = {}
        for organization in Organization.objects.filter(body=body).order_by("id"):
            self.by_name.setdefault(normalise_name(organization.name), organization)
            if organization.short_name:
                self.by_short.setdefault(normalise_name(organization.short_name), organization)

    def get(self, name: str, organization_type: str) -> Organization:
        key = normalise_name(name)
        found = self.by_name.get(key) or self.by_short.get(key)
        if found is None:
            found = organization_create(
                user=self.user,
                body=self.body,
                data={"name": " ".join(name.split()), "organization_type": organization_type},
                agent=self.agent,
            )
            self.by_name[key] = found
        return found


_FIT_LABELS = {
    "reference": "Vorlagennummer",
    "title": "Betreff",
    "clerk": "Sachbearbeitung",
    "file_number": "Aktenzeichen",
    "accounts": "Konten",
}


def _fit(values: dict[str, Any], notes: list[str]) -> None:
    """Cut text values to their field's length; the whole value goes into the notes."""
    for name, label in _FIT_LABELS.items():
        value = values.get(name) or ""
        max_length = getattr(Paper._meta.get_field(name), "max_length", None) or len(value)
        if len(value) > max_length:
            notes.append(f"{label} (gekürzt), vollständig: {value}")
            values[name] = value[:max_length]


@transaction.atomic
def paper_import(
    *,
    user: User | None,
    body: Body,
    parsed: ParsedPaper,
    source_text: str,
    overrides: Mapping[str, Any],
    agent: str = "",
) -> Paper:
    """Save a pasted Vorlage as a paper with its Beratungsfolge and attachments.

    ``parsed`` is ``parse_vorlage(source_text)``; ``overrides`` are the reviewed values (any
    of ``IMPORT_KEYS``; what is missing is taken from ``import_values(parsed)``).

    * Committees are found by name (whitespace collapsed, case ignored; then by short name);
      a committee the body does not have yet is created as a Gremium without classification,
      an unknown lead department as an administrative unit.
    * A step's outcome and votes are recorded only where the text states an outcome of the
      app and it passes ``check_outcome`` with the step's date as the date of the decision;
      otherwise the stated result stays text in ``unrecognised_text``, with the reason.
      The step whose role is Entscheidung is the authoritative one.
    * ``source_text`` is kept verbatim; ``unrecognised_text`` holds every block the parser did
      not use, verbatim, then the notes of the import (what was read but has no place).
    """
    unknown = set(overrides) - IMPORT_KEYS
    if unknown:
        raise ValueError(f"Unknown import fields: {', '.join(sorted(unknown))}")
    values = import_values(parsed) | dict(overrides)
    notes: list[str] = []
    _fit(values, notes)
    if not (values.get("title") or "").strip():
        values["title"] = IMPORT_NO_TITLE
    organizations = _Organizations(user=user, body=body, agent=agent)

    lead = values.pop("lead_department")
    if isinstance(lead, str):
        lead = (
            organizations.get(lead, Organization.OrganizationType.ADMINISTRATION)
            if lead.strip()
            else None
        )

    # The Beratungsfolge: organizations, and which stated outcomes can be recorded.
    steps: list[dict[str, Any]] = []
    recorded_votes: list[ParsedVotes] = []
    for row in values.pop("consultations"):
        committee = (row.get("committee") or "").strip()
        if not committee:
            continue
        organization = organizations.get(committee, Organization.OrganizationType.GREMIUM)
        role = row.get("role") or ""
        if role not in Consultation.Role.values:
            notes.append(f"{committee}: Zuständigkeit „{role}“ ist keine bekannte Rolle.")
            role = ""
        step: dict[str, Any] = {
            "organization": organization,
            "planned_date": row.get("date"),
            "role": role,
            "authoritative": role == Consultation.Role.DECISION,
        }
        source = row.get("source")
        stated = (
            parsed.consultations[source]
            if isinstance(source, int) and 0 <= source < len(parsed.consultations)
            else None
        )
        if stated is not None and (stated.result or stated.votes):
            label = committee + (
                f", {step['planned_date']:%d.%m.%Y}" if step["planned_date"] else ""
            )
            said = "; ".join(
                part
                for part in (
                    f"Ergebnis „{stated.result}“" if stated.result else "",
                    f"Abstimmung: {vote_summary(stated.votes)}" if stated.votes else "",
                )
                if part
            )
            outcome = IMPORT_OUTCOMES.get(normalise_name(stated.result or ""))
            votes = stated.votes or ParsedVotes()
            counts = {"votes_yes": votes.yes, "votes_no": votes.no, "votes_abstain": votes.abstain}
            if outcome is None:
                reason = (
                    "kein Ergebnis angegeben"
                    if not stated.result
                    else "kein Ergebnis, das die App kennt"
                )
                notes.append(f"{label}: {said} – nicht als Ergebnis erfasst ({reason}).")
            else:
                errors = check_outcome(
                    consultation=Consultation(
                        organization=organization, planned_date=step["planned_date"]
                    ),
                    outcome=outcome,
                    decided_on=step["planned_date"],
                    votes=counts,
                )
                if errors:
                    reasons = " ".join(m for messages in errors.values() for m in messages)
                    notes.append(f"{label}: {said} – nicht als Ergebnis erfasst: {reasons}")
                else:
                    step |= {"outcome": outcome, "unanimous": votes.unanimous, **counts}
                    if stated.votes:
                        recorded_votes.append(stated.votes)
        steps.append(step)

    if parsed.votes is not None and parsed.votes not in recorded_votes:
        in_rows = any(c.votes == parsed.votes for c in parsed.consultations)
        if not in_rows:
            notes.append(
                f"Abstimmungsergebnis: {vote_summary(parsed.votes)} – keinem Schritt der "
                "Beratungsfolge zugeordnet."
            )
    if parsed.submitter:
        notes.append(f"Eingereicht von: {parsed.submitter}")
    for check, value in parsed.relevance_checks.items():
        if relevance_field(check) is None:
            notes.append(f"Prüfung „{check}“: {'ja' if value else 'nein'}")

    blocks = [block for block in parsed.unrecognised if block.strip()]
    if notes:
        blocks.append("\n".join([IMPORT_NOTES_HEADING, *(f"- {n}" for n in notes)]))
    attachments = [name.strip() for name in values.pop("attachments") if name.strip()]
    paper = paper_create(
        user=user,
        body=body,
        data={
            **{k: v for k, v in values.items() if k in PAPER_FIELDS},
            "lead_department": lead,
            "source_text": source_text,
            "unrecognised_text": "\n\n".join(blocks),
        },
        agent=agent,
    )
    for step in steps:
        consultation = consultation_add(
            user=user,
            paper=paper,
            organization=step["organization"],
            planned_date=step["planned_date"],
            role=step["role"],
            authoritative=step["authoritative"],
            agent=agent,
        )
        if step.get("outcome"):
            consultation_record_outcome(
                user=user,
                consultation=consultation,
                expected_version=consultation.version,
                outcome=step["outcome"],
                decided_on=step["planned_date"],
                votes_yes=step["votes_yes"],
                votes_no=step["votes_no"],
                votes_abstain=step["votes_abstain"],
                unanimous=step["unanimous"],
                agent=agent,
            )
    for name in attachments:
        file = File(body=body, paper=paper, name=name[: File._meta.get_field("name").max_length])
        file.full_clean()
        file.save()
        audit_record(
            user=user,
            body=body,
            action=Action.CREATE,
            obj=file,
            agent=agent,
            changes={"paper": (None, paper), "name": (None, file.name)},
        )
    audit_record(
        user=user,
        body=body,
        action=Action.IMPORT,
        obj=paper,
        agent=agent,
        changes={
            "source_text": (None, f"{len(source_text)} Zeichen"),
            "consultations": (None, len(steps)),
            "files": (None, len(attachments)),
            "unrecognised_text": (
                None,
                f"{len(parsed.unrecognised)} Abschnitte, {len(notes)} Hinweise",
            ),
        },
    )
    return paper
