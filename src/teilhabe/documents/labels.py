"""The fixed words of the documents, in German: the layout of German council documents.

They are the document's content, like the German values of ``Consultation.Role``; the
interface around the documents is translated as usual.
"""

EDITION_STATUS = {
    "draft": "Entwurf",
    "in_consultation": "in Beratung",
    "in_force": "in Kraft",
    "superseded": "abgelöst",
}

CONTENTS = "Inhaltsverzeichnis"
INTRODUCTION = "Einleitung"
SOURCE = "Quelle und Beschluss"
PRINCIPLES = "Leitbild und Leitgrundsätze"
FIELD = "Handlungsfeld"
CROSS_CUTTING = "Themenübergreifend"
GOALS = "Übergeordnete Ziele"
OBJECTIVES = "Teilziele"
MEASURES = "Maßnahmen"
FOCUS = "Strategischer Schwerpunkt"
NONE = "–"
NOT_APPLICABLE = "./."

MEASURE_NO = "Nr."
MEASURE = "Maßnahme"
LEAD = "Federführung"
PARTNERS = "Partner"
TIMEFRAME = "Zeitraum"
BUDGET = "Budget"
TARGET_GROUPS = "Zielgruppen"
ORIGIN = "Herkunft"
FOR_OBJECTIVES = "Zu den Teilzielen"
STATUS = "Stand"
IN_FORCE_SINCE = "in Kraft seit"
LABEL = "Ausgabe"
KMV_LEGEND = "Blau markiert: Beiträge der Kommunalen Migrationsvertretung (KMV)"
QUESTIONS = "Fragen oder Anmerkungen?"
CONTINUED = "Fortsetzung"

PUBLIC = "- öffentlich -"
NON_PUBLIC = "- nichtöffentlich -"
REFERENCE = "Vorlage Nr."
DATE = "Datum"
LEAD_DEPARTMENT = "Federführend"
CLERK = "Sachbearbeiter/in"
FILE_NUMBER = "Aktenzeichen"
CONSULTATIONS = "Beratungsfolge"
COMMITTEE = "Gremium"
ROLE = "Zuständigkeit"
STEP_STATUS = "Status"
DECISION_PROPOSAL = "Beschlussvorschlag"
FACTS = "Sachverhalt"
IMPACT = "Auswirkungen auf Personal und Finanzen"
AMOUNT = "Kosten (Betrag in €)"
IN_BUDGET = "Im Budget enthalten"
ACCOUNTS = "Produktsachkonten"
FINANCES = "Finanzielle Auswirkungen"
PERSONNEL = "Personelle Auswirkungen"
RELEVANCE = "Relevanz"
RELEVANCE_AREA = "Bereich"
RELEVANT = "relevant"
QUALIFIED_MAJORITY = "Qualifizierte Mehrheit"
CLIMATE = "Klimarelevanz"
ATTACHMENTS = "Anlage/n"
VOTES = "Abstimmungsergebnis"
YES = "Ja"
NO = "Nein"
ABSTAIN = "Enthaltung"
UNANIMOUS = "einstimmig"
SIGNED = "gez."

RELEVANCE_CHECKS = (
    ("relevance_gender", "Gender Mainstreaming"),
    ("relevance_migration", "Migration"),
    ("relevance_prevention", "Prävention/Nachhaltigkeit"),
    ("relevance_education", "Bildung"),
    ("relevance_climate", "Klima-/Umwelt-/Naturschutz"),
)
