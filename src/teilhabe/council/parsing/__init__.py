"""Parsing of pasted council documents (pure Python, no Django models)."""

from .values import ParsedVotes
from .vorlage import JSON_KEYS, ParsedConsultation, ParsedPaper, parse_vorlage

__all__ = ["JSON_KEYS", "ParsedConsultation", "ParsedPaper", "ParsedVotes", "parse_vorlage"]
