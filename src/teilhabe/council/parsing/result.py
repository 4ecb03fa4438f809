"""What ``parse_vorlage`` returns (plain dataclasses, JSON-ready)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from typing import Any

from .normalise import Correction
from .values import (
    Amount,
    ParsedVotes,
)

#: The keys of ``ParsedPaper.to_json_dict`` (and of ``manage.py paper_import --json``).
JSON_KEYS = (
    "reference",
    "date",
    "title",
    "status",
    "lead_department",
    "consultations",
    "decision_proposal",
    "amounts_eur",
    "attachments",
    "votes",
)
PAPER_TYPES = (
    "Beschlussvorlage",
    "Mitteilungsvorlage",
    "Informationsvorlage",
    "Antrag",
    "Anfrage",
)
ROLES = ("Vorberatung", "Entscheidung", "Kenntnisnahme", "Anhörung")

Span = tuple[int, int]


@dataclass
class ParsedConsultation:
    """One step of the Beratungsfolge."""

    committee: str
    date: datetime.date | None = None
    role: str | None = None
    result: str | None = None
    meeting_title: str | None = None
    #: from an Ö/N column; ``None`` if the row does not say
    public: bool | None = None
    votes: ParsedVotes | None = None

    def to_json_dict(self) -> dict[str, Any]:
        return {
            "committee": self.committee,
            "date": self.date.isoformat() if self.date else None,
            "role": self.role,
        }


@dataclass
class ParsedPaper:
    reference: str | None = None
    date: datetime.date | None = None
    title: str | None = None
    status: str | None = None
    paper_type: str | None = None
    lead_department: str | None = None
    clerk: str | None = None
    submitter: str | None = None
    file_number: str | None = None
    consultations: list[ParsedConsultation] = field(default_factory=list)
    decision_proposal: str | None = None
    facts: str | None = None
    financial_text: str | None = None
    personnel_text: str | None = None
    climate_text: str | None = None
    in_budget: bool | None = None
    costs_eur: Amount | None = None
    amounts_eur: list[Amount] = field(default_factory=list)
    accounts: list[str] = field(default_factory=list)
    relevance_checks: dict[str, bool] = field(default_factory=dict)
    qualified_majority: bool | None = None
    attachments: list[str] = field(default_factory=list)
    votes: ParsedVotes | None = None
    signed_by: str | None = None
    #: source text no field used, verbatim, one block per paragraph
    unrecognised: list[str] = field(default_factory=list)
    unrecognised_spans: list[Span] = field(default_factory=list)
    #: field → source ranges it came from. Keys are field names; items of lists are
    #: ``consultations.0``, ``amounts_eur.1``, ``attachments.0``, ``accounts.0``,
    #: ``relevance_checks.Migration``; ``consultations`` and ``votes`` also cover table headers.
    spans: dict[str, list[Span]] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)
    corrections: list[Correction] = field(default_factory=list)

    def to_json_dict(self) -> dict[str, Any]:
        """Exactly the keys of ``JSON_KEYS``, JSON-ready, ``None`` where the text does not say."""
        return {
            "reference": self.reference,
            "date": self.date.isoformat() if self.date else None,
            "title": self.title,
            "status": self.status,
            "lead_department": self.lead_department,
            "consultations": [c.to_json_dict() for c in self.consultations],
            "decision_proposal": self.decision_proposal,
            "amounts_eur": [a if isinstance(a, int) else float(a) for a in self.amounts_eur],
            "attachments": list(self.attachments),
            "votes": self.votes.to_json_dict() if self.votes else None,
        }
