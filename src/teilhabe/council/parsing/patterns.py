"""The patterns of the Vorlage parser: headings, labels, Beratungsfolge rows, noise."""

from __future__ import annotations

import re

from .values import (
    REFERENCE_RE,
)

_I = re.IGNORECASE

#: Section headings: kind → pattern.
_HEADINGS: dict[str, str] = {
    "decision_proposal": (
        r"Beschluss(?:vorschlag|empfehlung|entwurf|antrag|text)(?:\s+der\s+Verwaltung)?"
        r"|Vorschlag\s+zur\s+Beschlussfassung|Empfehlung\s+der\s+Verwaltung"
        r"|Antrag(?=\s*\**\s*:)"
    ),
    "facts": (
        r"Sachverhalt(?:\s*(?:,|und|/)\s*Begründung)?|Sachdarstellung(?:\s*(?:,|und|/)\s*"
        r"Begründung)?|Begründung|Sach-\s*und\s*Rechtslage|Problembeschreibung"
        r"|Darstellung\s+des\s+Sachverhalts?|Erläuterung(?:en)?\s+zum\s+Sachverhalt|Sachstand"
    ),
    "financial": (
        r"Auswirkungen\s+auf\s+(?:Personal\s+und\s+Finanzen|den\s+Haushalt|die\s+Finanzen)"
        r"|Finanzielle\s+Auswirkungen(?:\s*/\s*Haushalt)?|Haushalts(?:rechtliche|mäßige)\s+"
        r"Auswirkungen|Ressourceneinsatz|Finanzierung|Kosten\s+und\s+Finanzierung"
    ),
    "personnel": r"Personelle\s+Auswirkungen|Auswirkungen\s+auf\s+den\s+Stellenplan",
    "climate": (
        r"Klimarelevanz|Klimaschutzrelevanz|Klima-?[Cc]heck|Auswirkungen\s+auf\s+(?:den\s+)?"
        r"Klima(?:schutz)?|Klimawirkung|Klimafolgen"
    ),
    "attachments": r"Anlage(?:n|/n|\(n\))?|Anh(?:ang|änge)",
    "consultations": (r"(?:Termin\s+)?Beratungs(?:folge|reihenfolge|weg|gang)(?:\s*\([^)\n]*\))?"),
    "votes": (
        r"Abstimmungsergebnis(?:se)?|Ergebnis\s+der\s+Abstimmung|Abstimmungsverhalten"
        r"|Stimmergebnis|Abstimmung"
    ),
    "neutral": r"Verfahrensbeteiligte|Beteiligte\s+Stellen|Mitzeichnung(?:en)?|Beteiligungen",
}
_HEADING_RE = re.compile(
    r"^[ \t#*>]*(?:(?:\d{1,2}(?:\.\d{1,2})*\.?|[IVX]{1,4}\.)[ \t]+)?(?:"
    + "|".join(f"(?P<{kind}>{pattern})" for kind, pattern in _HEADINGS.items())
    + r")(?P<tail>[ \t]*\**[ \t]*(?P<colon>:)?[ \t]*\**)",
    _I,
)
_TEXT_KINDS = ("decision_proposal", "facts", "financial", "personnel", "climate")
_FIELD_OF_KIND = {
    "decision_proposal": "decision_proposal",
    "facts": "facts",
    "financial": "financial_text",
    "personnel": "personnel_text",
    "climate": "climate_text",
}

#: Header labels: key → pattern (without colon). Order matters: longer spellings first.
_LABELS: list[tuple[str, str]] = [
    ("reference", r"Vorlagen?[- ]?(?:Nr\.?|Nummer|nummer)|Vorlagennummer|Vorlagen-Nr\.?"),
    ("reference", r"Drucksachen?(?:[- ]?(?:Nr\.?|Nummer|nummer))?|DrS\.?(?:[- ]?Nr\.?)?"),
    ("reference", r"Antrags?(?:-?Nr\.?|nummer)|Anfrage(?:-?Nr\.?|nummer)|Vorlage"),
    ("date", r"Datum\s+der\s+Vorlage|Vorlagedatum|Erstelldatum|Erstellt\s+am|Datum"),
    ("title", r"Betreff|Betr\.|Bezeichnung|Titel|Gegenstand|Thema"),
    ("status", r"Öffentlichkeitsstatus|Status|Öffentlichkeit"),
    ("paper_type", r"Vorlage-?Art|Vorlagenart|Vorlagentyp|Art\s+der\s+Vorlage|Dokumentart"),
    (
        "lead_department",
        r"Federführend(?:e[rs]?\s+(?:Amt|Fachbereich|Fachdienst|Dezernat|Referat|Dienststelle"
        r"|Stelle|Organisationseinheit))?|Fachbereich|Fachdienst|Fachamt|Amt|Dezernat"
        r"|Dienststelle|Organisationseinheit|Referat|Abteilung|Geschäftsbereich"
        r"|Ref\.[ ]?/[ ]?FD",
    ),
    (
        "clerk",
        r"Sachbearbeiter(?:/-in|/in|\*in|:in|_in|in)?|Sachbearbeitung"
        r"|Bearbeiter(?:/-in|/in|\*in|:in|_in|in)?|Verfasser(?:/-in|/in|\*in|in)?"
        r"|Ansprechpartner(?:/-in|/in|\*in|in)?|Auskunft\s+erteilt",
    ),
    (
        "submitter",
        r"Einreicher(?:/-in|/in|\*in|in)?|Antragsteller(?:/-in|/in|\*in|in)?"
        r"|Einbringer(?:/-in|/in|\*in|in)?|Eingereicht\s+von|Berichterstatter(?:/-in|/in|in)?",
    ),
    ("file_number", r"Aktenzeichen|Az\.?"),
    (
        "in_budget",
        r"Im\s+(?:Budget|Haushalt)\s+(?:enthalten|veranschlagt)|Haushaltsmittel\s+vorhanden"
        r"|Mittel\s+(?:im\s+Haushalt\s+)?vorhanden",
    ),
    ("costs_eur", r"Kosten\s*\(Betrag\s+in\s+(?:€|EUR|Euro)\)|Kosten\s+in\s+(?:€|EUR|Euro)"),
    ("costs_eur", r"Gesamtkosten|Kosten|Betrag"),
    ("qualified_majority", r"Qualifizierte\s+Mehrheit(?:\s+erforderlich)?"),
]
_LABEL_RE = re.compile(
    "(?:"
    + "|".join(f"(?P<l{i}>{pattern})" for i, (_, pattern) in enumerate(_LABELS))
    + r")(?P<lcolon>[ \t]*:)",
    _I,
)
#: Labels that may come without colon at the start of a table cell.
_COLONLESS_RE = re.compile(
    r"^(?:(?P<lead_department>Ref\.[ ]?/[ ]?FD)[ ]*|(?P<qualified_majority>Qualifizierte\s+"
    r"Mehrheit(?:\s+erforderlich)?)[ \t]*)",
    _I,
)
_CONTINUABLE = {"title": " ", "submitter": "; ", "lead_department": " "}
#: Labels that end a text section when a line starts with them.
_STRONG_LABELS = {"reference", "title", "file_number", "clerk", "paper_type", "lead_department"}

_RELEVANCE = [
    ("Gender Mainstreaming", r"Gender(?:[- ]?Mainstreaming)?|Gleichstellung"),
    ("Migration", r"Migration(?:/Integration)?|Integration"),
    ("Prävention/Nachhaltigkeit", r"Prävention(?:\s*/\s*Nachhaltigkeit)?|Nachhaltigkeit"),
    ("Bildung", r"Bildung"),
    (
        "Klima-/Umwelt-/Naturschutz",
        r"Klima-\s*/\s*Umwelt-\s*/\s*Naturschutz|Klima-?\s*(?:und|/)\s*Umweltschutz"
        r"|Klimaschutz|Umweltschutz|Naturschutz",
    ),
    ("Inklusion", r"Inklusion|Barrierefreiheit"),
    ("Familienfreundlichkeit", r"Familienfreundlichkeit|Kinder-\s*und\s*Jugendfreundlichkeit"),
]
_RELEVANCE_NAME_RE = re.compile(
    "|".join(f"(?P<r{i}>{pattern})" for i, (_, pattern) in enumerate(_RELEVANCE)), _I
)
_YESNO = r"ja|nein|x|☒|☐|-|–"
_RELEVANCE_PAIR_RE = re.compile(
    r"(?P<name>" + _RELEVANCE_NAME_RE.pattern + r")[ \t]*:?[ \t]*(?P<value>" + _YESNO + r")(?!\w)",
    _I,
)
_RELEVANCE_HEADER_RE = re.compile(r"^Relevanz(?:prüfung|en|check)?\s*:?$", _I)

_TYPE_RE = re.compile(
    r"^[-–(\s]*(?P<type>Beschlussvorlage|Beschlußvorlage|Mitteilungsvorlage|Informationsvorlage"
    r"|Antrag|Anfrage|Mitteilung|Information)(?![\w-])(?P<rest>.*)$",
    _I,
)
_TYPE_CANON = {
    "beschlussvorlage": "Beschlussvorlage",
    "beschlußvorlage": "Beschlussvorlage",
    "mitteilungsvorlage": "Mitteilungsvorlage",
    "mitteilung": "Mitteilungsvorlage",
    "informationsvorlage": "Informationsvorlage",
    "information": "Informationsvorlage",
    "antrag": "Antrag",
    "anfrage": "Anfrage",
    "sitzungsvorlage": "Beschlussvorlage",
}
_STATUS_RE = re.compile(
    r"(?P<non>nicht[ \t]*[-]?[ \t]*öffentlich|nichtöffentlich|nö)|(?P<pub>öffentlich|ö)(?!\w)",
    _I,
)
_STATUS_LINE_RE = re.compile(
    r"^[-–(\s*]*(?:(?P<non>nicht[ ]?[-]?[ ]?öffentlich(?:e)?|nichtöffentlich(?:e)?)"
    r"|(?P<pub>öffentlich(?:e)?))(?:[ ]+Sitzung)?[-–)\s*]*$",
    _I,
)
_REF_LINE_RE = re.compile(
    r"^(?P<label>(?:Vorlage|Drucksache|DrS)\.?(?:[ \t]*[-–:][ \t]*|[ \t]+)(?:Nr\.?[ \t]*)?)"
    r"(?P<ref>" + REFERENCE_RE.pattern + ")",
)
_PLACE_DATE_RE = re.compile(r"^[A-ZÄÖÜ][\wäöüß .()/-]{1,60},[ ]*(?:den[ ]+)?(?=\d)")
_PAGE_MARKER_RE = re.compile(
    r"^[ \t]*(?:[-–][ ]?\d{1,3}[ ]?[-–]|Seite[ ]+\d{1,3}(?:[ ]+von[ ]+\d{1,3})?"
    r"|\d{1,3}[ ]*/[ ]*\d{1,3})[ \t]*$",
    _I,
)
_SIGNATURE_RE = re.compile(
    r"^[ \t]*(?:(?P<gez>gez\.|gezeichnet:?)[ \t]*(?P<name>\S.*?)?|Unterschrift(?:en)?)[ \t]*$",
    _I,
)
_AUTHORITY_RE = re.compile(
    r"Bürgerinfo|Ratsinfo|SessionNet|ALLRIS|Der\s+Landrat|Die\s+Landrätin"
    r"|(?:Ober)?[Bb]ürgermeister(?:in)?\b|^(?:#\s*)?(?:Landkreis|Kreis|Stadt|Gemeinde|Samtgemeinde"
    r"|Region|Verbandsgemeinde)\s+\S+(?:\s+\S+)?$",
)

# --- Beratungsfolge rows
_ROLE_PAREN_RE = re.compile(
    r"\(\s*(?P<role>Vorberatung|Beratung|Vorb\.|Empfehlung|Entscheidung|Beschlussfassung"
    r"|Beschluss|Entsch\.|Kenntnisnahme|zur\s+Kenntnis(?:nahme)?|Information|Anhörung)\s*\)",
    _I,
)
_ROLE_BARE_RE = re.compile(
    r"(?<![\w-])(?P<role>Vorberatung|vorberatend|Entscheidung|Beschlussfassung|beschließend"
    r"|entscheidend|Kenntnisnahme|zur\s+Kenntnisnahme|Anhörung)(?![\w-])",
    _I,
)
_ROLE_CANON = {
    "vorberatung": "Vorberatung",
    "beratung": "Vorberatung",
    "vorb.": "Vorberatung",
    "empfehlung": "Vorberatung",
    "vorberatend": "Vorberatung",
    "entscheidung": "Entscheidung",
    "beschlussfassung": "Entscheidung",
    "beschluss": "Entscheidung",
    "entsch.": "Entscheidung",
    "beschließend": "Entscheidung",
    "entscheidend": "Entscheidung",
    "kenntnisnahme": "Kenntnisnahme",
    "zur kenntnis": "Kenntnisnahme",
    "zur kenntnisnahme": "Kenntnisnahme",
    "information": "Kenntnisnahme",
    "anhörung": "Anhörung",
}
_RESULTS = [
    ("ungeändert beschlossen", r"ungeändert\s+beschlossen"),
    ("geändert beschlossen", r"(?:geändert|mit\s+Änderung(?:en)?)\s+beschlossen"),
    ("ungeändert empfohlen", r"ungeändert\s+empfohlen"),
    ("geändert empfohlen", r"(?:geändert|mit\s+Änderung(?:en)?)\s+empfohlen"),
    ("zur Kenntnis genommen", r"(?:zur\s+)?Kenntnis\s+genommen"),
    ("abgelehnt", r"abgelehnt"),
    ("vertagt", r"vertagt"),
    ("zurückgezogen", r"zurückgezogen"),
    ("zurückgestellt", r"zurückgestellt"),
    ("verwiesen", r"(?:zurück|über)?verwiesen"),
    ("abgesetzt", r"abgesetzt"),
    ("beschlossen", r"beschlossen"),
    ("empfohlen", r"empfohlen"),
    ("zugestimmt", r"zugestimmt"),
]
_RESULT_RE = re.compile(
    r"(?<!\w)(?:" + "|".join(f"(?P<x{i}>{p})" for i, (_, p) in enumerate(_RESULTS)) + r")(?!\w)",
    _I,
)
_COMMITTEE_RE = re.compile(
    r"ausschu(?:ss|ß)|kreistag|landtag|bundestag|rat\b|räte\b|beirat|vertretung|versammlung"
    r"|kommission|konferenz|gremium|vorstand|senat|magistrat|bürgerschaft|präsidium",
    _I,
)
_MEETING_RE = re.compile(r"\bSitzung\b", _I)
_TIME_RE = re.compile(r"(?:um[ ]+)?\b\d{1,2}[:.]\d{2}[ ]*Uhr\b|\b\d{1,2}[ ]*Uhr\b", _I)
_FLAGS = {"ö": True, "ö.": True, "öffentlich": True, "n": False, "nö": False, "n.ö.": False}
_FLAGS |= {"nichtöffentlich": False, "nicht öffentlich": False, "nicht-öffentlich": False}
_HEADER_WORDS = {
    "gremium",
    "am",
    "datum",
    "sitzung",
    "sitzungstermin",
    "sitzungsdatum",
    "termin",
    "status",
    "zuständigkeit",
    "rolle",
    "ergebnis",
    "beratung",
    "beratungsergebnis",
    "top",
    "ö/n",
    "n/ö",
    "ö/nö",
    "öffentlichkeit",
    "beratungsgremium",
    "art",
    "beschluss",
    "zuständig",
    "beschlussart",
    "nr.",
    "name",
    "größe",
}
_WP_RE = re.compile(r"^\d{1,2}\.[ ]*(?:WP|Wahlperiode)[ ]+", _I)
_REF_ECHO_RE = re.compile(r"\(\s*" + REFERENCE_RE.pattern + r"\s*\)")
_CELL_SPLIT_RE = re.compile(r"\t+|[ ]*\|[ ]*|[ ]{2,}")
_HEADER_CELL_SPLIT_RE = re.compile(r"\t+|[ ]*\|[ ]*")
_ACCOUNT_RE = re.compile(
    r"(?P<label>Produktsachkonto|Sachkonto|Produktkonto|Haushaltsstelle|Kostenstelle"
    r"|Buchungsstelle|Investitionsnummer|PSK|Produkt(?=[ \t]*:))(?:nummer|[- ]?Nr\.?)?"
    r"[ \t]*:?[ \t]*(?P<number>\d[\d.]{2,}\d(?:[ ]?/[ ]?\d+)?)"
)
_ATTACHMENT_NOISE_RE = re.compile(
    r"^(?:[-•*·–][ \t]*|Anlage[ \t]*\d+[ \t]*[:.)\-–]?[ \t]*|\d{1,2}[.)][ \t]+)", _I
)
_ATTACHMENT_SIZE_RE = re.compile(r"[ \t]*\(\s*\d+(?:[.,]\d+)?\s*[KMG]?B\s*\)[ \t]*$", _I)
_BULLET_RE = re.compile(r"^(?:[-•*·–▪]|\.(?=[ ])|\d{1,2}[.)](?=[ ])|[a-z][)](?=[ ]))")
_CONJUNCTIONS = {"und", "oder", "sowie", "bzw", "bzw.", "bis", "als", "noch"}


_RESOLUTION_RE = re.compile(
    r"^(?:Der|Die|Das)\s+[\wÄÖÜäöüß-]+(?:\s+[\wÄÖÜäöüß-]+){0,5}?\s+(?:beschließt|beschliesst"
    r"|stimmt|nimmt|empfiehlt|beauftragt|möge|ermächtigt|billigt)\b"
)
