"""Demo data of council: the four seed Beschlussvorlagen with their committees and
Beratungsfolge, each linked to the concept edition it decides (idempotent).

Everything here is taken from the seed documents (``shared/seeds/000``, ``002``, ``003``,
``004``); what they do not say stays empty: no invented votes, roles or outcomes. Obvious
OCR errors of the extracted texts (``fur`` → ``für``, broken page wraps) are corrected.
"""

import datetime
from collections.abc import Callable
from decimal import Decimal
from typing import Any

from teilhabe.concepts.models import Edition
from teilhabe.core.demo import AGENT, Login
from teilhabe.core.models import Body

from . import services
from .models import Consultation, Organization, Paper

GREMIUM = Organization.OrganizationType.GREMIUM
ADMINISTRATION = Organization.OrganizationType.ADMINISTRATION
PRELIMINARY = Consultation.Role.PRELIMINARY
DECISION = Consultation.Role.DECISION
ADOPTED = Consultation.Outcome.ADOPTED

#: (name, organization type, OParl classification)
Org = tuple[str, str, str]


def d(text: str) -> datetime.date:
    day, month, year = (int(p) for p in text.split("."))
    return datetime.date(year, month, day)


WESERMARSCH_FACTS = """\
Die Koordinierungsstelle Migration und Teilhabe stellt das Integrationskonzept vor. Bei der Konzepterstellung handelt es sich um einen Teil der Richtlinie, nach der die Koordinierungsstelle Migration und Teilhabe bislang vom Land Niedersachsen gefördert wird.

Das Land Niedersachsen ist dazu verpflichtet, die im Bundesgebiet um Asyl nachsuchenden, unerlaubt eingereisten ausländischen Staatsangehörigen sowie Personen, denen aufgrund eines Beschlusses der Europäischen Union vorübergehender Schutz gewährt wird, anteilig nach dem „Königsteiner Schlüssel“ aufzunehmen. Das Aufnahmegesetz enthält außerdem die Regelung für eine landesweite Verteilung, deren Umsetzung dem Land Niedersachsen obliegt: Nachdem ein für das Land zu verteilendes Gesamtkontingent zugewiesen wurde, werden für die Landkreise, kreisfreien Städte und die Region Hannover Aufnahmequoten festgelegt. Dadurch wird die Aufnahmeverpflichtung auf die Kommunen aufgeteilt.

In der Wesermarsch leben knapp 90.000 Einwohner*innen, davon besaßen Ende 2023 10.055 Menschen eine ausländische Staatsangehörigkeit – das entspricht einem Anteil von ca. 11%. Für den Landkreis Wesermarsch stellen diese Menschen eine große Chance und Bereicherung dar und tragen zu einer vielfältigen und diversen Gesellschaft bei, in der Bürger*innen unterschiedlicher Herkunft, Religion oder Sprache voneinander lernen können. Aufgrund der peripheren Lage, der ländlichen Region sowie der strukturellen Gegebenheiten des Landkreises stehen insbesondere Neuzugewanderte vor vielfältigen Herausforderungen, wenn sie sich ein Leben in der Wesermarsch aufbauen möchten. Gleichmaßen stehen Behörden und Institutionen bei der Unterbringung, Beratung und Integration zugewanderter Menschen vor Hürden, die es zu bewältigen gilt.

Integration ist eine Aufgabe, die nur durch das Zusammenwirken verschiedener Akteur*innen und Strukturen gelingen kann. Sie muss als ein langfristiger Prozess verstanden werden, in dem Menschen mit verschiedenen Biografien, Voraussetzungen und Ressourcen individuelle Unterstützung benötigen. Mit diesem Integrationskonzept beschließen die Kreispolitik und die Kreisverwaltung, Integration als eine kommunale Gesamtaufgabe zu betrachten.

Sie erklären sich dazu bereit, die Voraussetzungen für eine gelingende Integration zu schaffen. Um die im Integrationskonzept formulierten Ziele zu erreichen, werden daher alle Akteur*innen der Kreisverwaltung beauftragt, an der Umsetzung der erforderlichen Maßnahmen im Rahmen der vorhandenen Ressourcen und Möglichkeiten mitzuwirken.

Die Kreisverwaltung und Kreispolitik bekennen sich mit diesem Integrationskonzept zu einer offenen Haltung gegenüber zugewanderten Menschen sowie einer diversen und pluralistischen Gesellschaft, in der kein Platz für antidemokratische oder rechtsextremistische Haltungen ist, die eine solche Gesellschaft bedrohen.

Mit der Umsetzung des Integrationskonzeptes trägt der Landkreis aktiv zur Umsetzung der Ziele für nachhaltige Entwicklung bei, die von den Vereinten Nationen verabschiedet wurden und für deren Umsetzung den Kommunen eine zentrale Rolle zukommt. Darüber hinaus werden durch die Realisierung des Integrationskonzeptes relevante Ziele der Charta der Vielfalt umgesetzt, die 2015 vom Landkreis unterzeichnet wurde.

Um die Ziele und Maßnahmen des Integrationskonzeptes kontinuierlich an das aktuelle Weltgeschehen und die damit einhergehenden Herausforderungen anzupassen, unterstützen die Kreisverwaltung und die Kreispolitik die Fortschreibung des Konzeptes sowie die Arbeit der Koordinierungsstelle Migration und Teilhabe.
""".strip()

PEINE_FACTS = """\
Inhaltsbeschreibung:

Die Entwicklung der Migration im Landkreis Peine zeigt insgesamt auf, wie groß die Veränderungen nicht nur in den Zuweisungszahlen sind. Damit verbunden sind zahlreiche Aufgaben und Integrationsbemühungen. Das vorliegende Integrationskonzept des Landkreises Peine ist als Handlungsleitfaden in diesem Sinne zu sehen. Das Konzept zeigt erste Ziele und grundlegende Kriterien für die einzelnen Handlungsfelder auf. Hieraus sollen in Arbeitsgruppen und Workshops konkrete Maßnahmen entwickelt werden. Damit wird ein wichtiger Beitrag zur Ausrichtung der Integrationspolitik und -arbeit und somit zur Gestaltung der Zukunft im Landkreis Peine geleistet.

Grundsätzliche Fragestellungen:

- Welches Verständnis von Integration wird zu Grunde gelegt?
- Welche Strukturen wurden bislang in der lokalen Integrationspolitik und –arbeit aufgebaut?
- Wie ist das Integrationsmanagement im Landkreis Peine aufgebaut?
- Welche Leitlinien gelten dabei?
- Wie kann ein Beteiligungsprozess bzw. die dauerhafte Fortschreibung des Konzeptes ausgerichtet sein?
- Ausschnitt von aktuellen Daten und Zahlen zur Migration im Landkreis Peine

Das vorliegende Integrationskonzept ist kein statisches Konstrukt, sondern in Bewegung, es muss dauerhaft fortgeschrieben, modifiziert und ergänzt werden.

Der erste Teil dieses Konzeptes liegt dieser Vorlage bei. Hierbei handelt es um die u.a. seit 2015 aufgebauten Strukturen im Landkreis Peine. Dazu gehören auch die aktuellen Daten und Zahlen zur Migration im Landkreis Peine (Integrationsmonitoring 2020/2021) und das neue Leitbild Integration, das im Frühjahr 2021 unter Beteiligung u.a. der Fachdienste der Landkreisverwaltung, Caritas KAG FW Peine der und der Flüchtlingssozialarbeitenden weiterentwickelt wurde. Diese Bausteine des Integrationskonzeptes liegen bereits in aktualisierter Form in dieser Vorlage vor.

Der zweite Teil des Konzeptes ist der Beteiligungsprozess. Dieser soll in diesem Jahr unter Beteiligung von Interessierten und relevanten Integrationsakteur*innen durchgeführt werden. Darin sollen unter Berücksichtigung der Ergebnisse aus dem Integrationsmonitoring Maßnahmen und ggf. neue Strukturen sowie Ziele entwickelt werden.

Pandemiebedingt kann dieser Beteiligungsprozess leider nicht in einem großen Rahmen durchgeführt werden. Soweit möglich werden die unterschiedlichen integrationsrelevanten Themenfelder in Workshops unter Beteiligung der Institutionen bzw. Integrationsakteur*innen im Landkreis Peine gemeinsam bearbeitet werden.

Der vorliegende erste Teil des Integrationskonzeptes wurde in der zweiten Sitzung des Ausschusses für Gesundheit, Arbeit und Soziales am 22.03.2022 einstimmig angenommen. Im Vorfeld wurden die Kreistagsfraktionen kontaktiert, um mögliche Anregungen und Kritiken entgegenzunehmen. Auf Einladung der SPD-Fraktion wurde schließlich das vorliegende Konzept dort vorgestellt.

Gender:

Gesellschaftliche Teilhabe bzw. Integration haben große Auswirkungen auf den Prozess der Gleichstellung der Geschlechter. Die Förderung der Gleichstellung von Mann und Frau ist im Zuge des Migrationsprozesses eine der größten bzw. die größte gesellschaftspolitische/- n Herausforderung/-en. Frauen mit Zuwanderungsgeschichte eine chancengleiche Teilhabe an der Gesellschaft zu ermöglichen, bedarf deswegen vielfältiger, insbesondere interkulturell sensibler Maßnahmen, die die unterschiedlichen gesellschaftlichen Bereiche umfassen.

Prävention:

Wirkungsvolle Prävention kann nur unter Berücksichtigung aller unterschiedlicher Gruppen innerhalb der Gesellschaft gelingen. Im Rahmen der Migration bilden sich neue soziale Räume. Neue gesellschaftliche Bilder, Ideologien und politische Bewegungen können mit der Einwanderung eingeführt werden. Die Beibehaltung der kulturellen Identität, der Geschlechterrollen, der Sprache, der eigene Religion sowie auch der Konfliktlösungsmuster können im Zuge der Migration zu Herausforderungen werden. Je früher die zielgruppenspezifische Förderung der gesellschaftlichen Teilhabe ausgerichtet ist, umso mehr ist der Präventionsarbeit gedient und mögliche Konflikte können vermieden oder schneller erkannt werden.

Bildung:

Wie groß die Rolle der Bildung im Prozess der gesellschaftlichen Teilhabe bzw. im Integrationsprozess ist, ist unumstritten. Bildung ist nicht nur für Kinder und Jugendliche, sondern auch für Erwachsene ein zentraler Punkt, um Zugänge zur gesellschaftlichen Teilhabe zu ermöglichen. Das Bildungssystem steht im Zuge der Migration vor einer erheblichen Herausforderung. Dementsprechend müssen Zugänge für möglichst breite Gruppen auf unterschiedlichen Ebenen geschaffen bzw. geöffnet werden. Bestehende Konzepte müssen auf ihre Gültigkeit hin überprüft bzw. angepasst werden.

Ziele / Wirkungen:

Die von unserem Kooperationspartner forumZFD e.V. im Rahmen des Projektes "Kommunale Konfliktberatung – Integration fördern – Kommunen stärken – Vernetzung schaffen" erstellte Situationsanalyse von 2018/2019 hat gezeigt, dass die Integrationsakteur*innen im Landkreis Peine unterschiedliche Zugänge und Vorstellungen von Integration haben und gleichzeitig es begrüßen würden, an einer gemeinsamen Zielsetzung und Orientierung zu arbeiten. Die konkrete Begegnung der Menschen mit und ohne Migrationshintergrund auf kommunaler Ebene und ein gutes Gelingen des Zusammenlebens geben den Anstoß und die Notwendigkeit zur Erarbeitung einer kommunalen Integrationskonzeption, der einen Aushandlungsprozess von Interessen in Gang bringen soll. Auch hier wurde vor allem darauf hingewiesen, dass die Arbeit an einer solchen Integrationskonzeption partizipativ und "auf Augenhöhe" erfolgen sollte.

Grundziel der Integrationskonzeption ist die Förderung des friedlichen Zusammenlebens aller Bevölkerungsgruppen unter Akzeptanz der Vielfalt in unserer Gesellschaft. Ein gemeinsames Zusammenleben bedeutet nicht nur Rechte zu haben, sondern auch Pflichten wahrzunehmen. Voraussetzung für "gelungene Integration" liegt in der Verantwortung bzw. in der Verantwortungsübernahme für die Belange der Gesellschaft.
""".strip()

BOERDE_FACTS = """\
Der Kreistag beauftragte mit einstimmigem Beschluss vom 17. Mai 2017 die Kreisverwaltung mit der Erarbeitung eines Integrationskonzepts auf der Basis der Zielausrichtung des Landkreises. Das Konzept soll im Sinne einer langfristigen strategischen Ausrichtung erarbeitet werden und damit Leitlinien für ein planvolles Handeln vorgeben. Die Erarbeitung und Bereitstellung des Integrationskonzeptes erfolgte in Federführung des Fachdienstes Migration unter Einbeziehung vieler Akteure innerhalb wie auch außerhalb der Kreisverwaltung.

Im Verlauf eines einjährigen Diskussionsprozesses in Arbeitsgruppen und Gesprächsrunden im Rahmen des Netzwerkes Migration nutzten die Beteiligten die Gelegenheit, das Konzeptvorhaben kritisch zu hinterfragen und weiterzuentwickeln. Dazu gehörten Vertreter von verschiedenen Fachdiensten, Wohlfahrtsverbänden, Vereinen, Kirchen und engagierte Bürger*innen der verschiedenen Willkommensinitiativen bzw. des Lotsenprojektes.

Darüber hinaus ist das Integrationskonzept in enger Abstimmung mit der Stabsstelle ‚Strategische Entwicklungsplanung und integrierte Sozialplanung‘ ausgearbeitet worden, so dass sich die Integrationsziele und Handlungsfelder des Kreisentwicklungs- sowie des Integrationskonzeptes sinnvoll ergänzen. Damit es eine höhere Wirksamkeit erzielen kann, ist auch in seiner Umsetzung und Weiterentwicklung ein kommunikativer und kooperativer Prozess notwendig, welcher die Beteiligung und Unterstützung der vielen Haupt- und Ehrenamtlichen der Integrationsarbeit fördert.

Das Integrationskonzept bündelt die zentralen Handlungsfelder der Integrationsarbeit und greift aktuelle Herausforderungen der integrationspolitischen Debatten auf. Das Konzept legt den Fokus auf den Wirkungs- und Kompetenzbereich unserer Kommunalverwaltung.

Damit einher geht die Benennung von Integrationszielen und Maßnahmen, welche im Rahmen der kommunalen Aufgaben als realisierbar erscheinen und welche darauf ausgerichtet sind, allen Menschen im Landkreis Börde eine gleichberechtigte Teilhabe in den Kernbereichen der Gesellschaft zu ermöglichen. Primär sind hier zu nennen: Frühkindliche und (außer-)schulische Bildung, Spracherwerb, Ausbildung und Erwerbsleben, Soziale Integration, Bürgerschaftliches Engagement und Gesundheit. Innerhalb dieser Handlungsfelder nimmt das Konzept alle Menschen mit Migrationshintergrund in den Blick, da der Landkreis unabhängig vom Status des Einzelnen die Fürsorgepflicht hat.

Mit diesem Konzept definiert der Landkreis Börde erstmals eine integrationspolitische Gesamtstrategie und schafft somit die Grundlage für die Weiterentwicklung aller integrationspolitischen Bestrebungen. Eine Evaluation und Fortschreibung dieses Konzept ist erforderlich, um auf aktuelle Entwicklungen im Themenfeld Migration angemessen reagieren zu können und bedarfsgerechte Anpassungen vorzunehmen.
""".strip()

ROTENBURG_FACTS = """\
Der Kreisausschuss hat in seiner Sitzung am 15.03.2023 das Integrationskonzept im Landkreises Rotenburg (Wümme) beschlossen. Das Integrationskonzept beinhaltet vier Handlungsfelder:

- Ausbildung und Arbeit
- Sprache und Bildung
- Gesellschaftliche Integration
- Interkulturelle Öffnung der Verwaltung und Zusammenarbeit im Netzwerk

Die genannten Felder wurden jeweils mit Handlungszielen und Handlungsempfehlungen versehen.

Um die im Integrationskonzept aufgeführten Handlungsfelder in eine systematische und koordinierte Bearbeitung durch die Koordinierungsstelle Migration und Teilhabe zu bringen, hat eine interfraktionelle Arbeitsgruppe bestehend aus Abgeordneten der Kreistagsfraktionen sowie der Verwaltung am 01.02.2024 getagt.

Die Arbeitsgruppe ist einvernehmlich zu dem Ergebnis gekommen,

- dass das Integrationskonzept weiterhin die wesentlichen Handlungsfelder definiert, die für den Integrationsprozess als besonders maßgeblich wahrgenommen werden, und es aktuell keinen Ergänzungsbedarf gibt,
- dem Ausschuss für Soziales, Arbeit und Gesundheit zur Beschlussfassung vorzuschlagen, als strategischen Schwerpunkt der Arbeit der Koordinierungsstelle Migration und Teilhabe weiterhin das Handlungsfeld Sprache und Bildung festzulegen. Dabei war es der Arbeitsgruppe ein ausdrückliches Anliegen, dass die Koordinierungsstelle Migration und Teilhabe bei der Gestaltung der Maßnahmen in Umsetzung des Schwerpunktes Sprache flexibel auf die jeweils aktuellen Anforderungen reagiert und die vom Kreistag für Sprachkurse zur Verfügung gestellten Mittel von 1 Mio. € zur Umsetzung des gesamten Handlungsfeldes eingesetzt werden.
""".strip()

PAPERS: list[dict[str, Any]] = [
    {
        "ags": "03461",
        "edition": "2024",
        "organizations": [
            ("FD Büro des Landrates", ADMINISTRATION, ""),
            ("Ausschuss für Soziales, Gesundheit, Integration", GREMIUM, "Ausschuss"),
            ("Kreisausschuss", GREMIUM, "Hauptausschuss"),
            ("Kreistag", GREMIUM, "Parlament"),
        ],
        "lead_department": "FD Büro des Landrates",
        "data": {
            "reference": "2024/FD91/457",
            "title": "Integrationskonzept 2024 der Koordinierungsstelle Migration und Teilhabe",
            "paper_type": Paper.PaperType.RESOLUTION,
            "date": d("28.11.2024"),
            "public": True,
            "clerk": "Frau Heldberg",
            "file_number": "31_30 Integrationskonzept",
            "decision_proposal": "Das Integrationskonzept 2024 wird beschlossen.",
            "facts": WESERMARSCH_FACTS,
            "personnel_text": "Die Maßnahmen werden mit den vorhandenen Stellen der Kreisverwaltung umgesetzt.",
            "financial_text": "Finanzielle Auswirkungen sind derzeit nicht bezifferbar, können aber im Rahmen der Umsetzung zukünftig entstehen.",
            "climate_text": "./.",
        },
        # (organization, date, role, authoritative, outcome)
        "steps": [
            ("Ausschuss für Soziales, Gesundheit, Integration", d("28.11.2024"), "", False, ""),
            ("Kreisausschuss", d("09.12.2024"), "", False, ""),
            ("Kreistag", d("16.12.2024"), DECISION, True, ""),
        ],
        "attachments": ["Integrationskonzept 2024"],
    },
    {
        "ags": "03157",
        "edition": "2022 Teil 1",
        "organizations": [
            ("Referat für Migration und Teilhabe", ADMINISTRATION, ""),
            ("Kreisausschuss", GREMIUM, "Hauptausschuss"),
            ("Kreistag des Landkreises Peine", GREMIUM, "Parlament"),
        ],
        "lead_department": "Referat für Migration und Teilhabe",
        "data": {
            "reference": "2022/094",
            "title": "Integrationskonzept des Landkreises Peine - Teil 1",
            "paper_type": Paper.PaperType.RESOLUTION,
            "date": d("30.05.2022"),
            "public": True,
            "decision_proposal": "Der Umsetzung der im Integrationskonzept vorgeschlagenen Maßnahmen zur Förderung der Teilhabe im Landkreis Peine wird zugestimmt.",
            "facts": PEINE_FACTS,
            "financial_amount": Decimal("6000"),
            "in_budget": True,
            "accounts": "4271200 Öffentlichkeitsarbeit; 4271305 Projektkosten Integration",
            "financial_text": "Die in dem Integrationskonzept dargestellte Vorgehen bzw. Maßnahme des Beteiligungsprozesses kann aus dem Etat des Referats 2 – Migration und Teilhabe beglichen werden.",
            "relevance_gender": True,
            "relevance_migration": True,
            "relevance_prevention": True,
            "relevance_education": True,
            "relevance_climate": False,
            "qualified_majority": False,
        },
        "steps": [
            ("Kreisausschuss", d("22.06.2022"), PRELIMINARY, False, ""),
            ("Kreistag des Landkreises Peine", d("22.06.2022"), DECISION, True, ""),
        ],
        "attachments": ["CIVITAS Integrationskonzept Teil 1"],
    },
    {
        "ags": "15083",
        "edition": "2018",
        "organizations": [
            ("FD Migration", ADMINISTRATION, ""),
            ("Kultur- und Sozialausschuss", GREMIUM, "Ausschuss"),
            ("Kreisausschuss", GREMIUM, "Hauptausschuss"),
            ("Kreistag Landkreis Börde", GREMIUM, "Parlament"),
        ],
        "lead_department": "FD Migration",
        "data": {
            "reference": "2018/33/0590",
            "title": "Integrationskonzept für den Landkreis Börde",
            "paper_type": Paper.PaperType.RESOLUTION,
            "public": True,
            "clerk": "Sladky, Corinna",
            "decision_proposal": "Der Kreistag beschließt das Integrationskonzept für den Landkreis Börde.",
            "facts": BOERDE_FACTS,
        },
        "steps": [
            ("Kultur- und Sozialausschuss", d("17.10.2018"), PRELIMINARY, False, ""),
            ("Kultur- und Sozialausschuss", d("14.11.2018"), PRELIMINARY, False, ""),
            ("Kreisausschuss", d("21.11.2018"), PRELIMINARY, False, ""),
            ("Kreistag Landkreis Börde", d("28.11.2018"), DECISION, True, ADOPTED),
        ],
        "attachments": ["Integrationskonzept"],
    },
    {
        "ags": "03357",
        "edition": "2023",
        "organizations": [
            ("Ausschuss für Soziales, Arbeit und Gesundheit", GREMIUM, "Ausschuss"),
            ("Kreisausschuss", GREMIUM, "Hauptausschuss"),
            ("Kreistag", GREMIUM, "Parlament"),
        ],
        "lead_department": None,
        "data": {
            "reference": "",
            "title": "Migration/Integration im Landkreis Rotenburg (Wümme); Strategische Schwerpunktsetzung des Integrationskonzeptes",
            "paper_type": Paper.PaperType.RESOLUTION,
            "public": True,
            "decision_proposal": (
                "Der strategische Schwerpunkt der Arbeit der Koordinierungsstelle Migration und "
                "Teilhabe wird weiterhin im Handlungsfeld Sprache und Bildung festgelegt und dieses "
                "im Rahmen der finanziellen und personellen Ressourcen weiterentwickelt.\n\n"
                "Die vom Kreistag für das Jahr 2024 für Sprachkurse zur Verfügung gestellten Mittel "
                "in Höhe von 1 Mio. € sollen zur Umsetzung des gesamten Handlungsfeldes eingesetzt "
                "werden.\n\n"
                "Über die Entwicklung und den Fortgang wird im Ausschuss für Soziales, Arbeit und "
                "Gesundheit regelmäßig berichtet."
            ),
            "facts": ROTENBURG_FACTS,
            "financial_amount": Decimal("1000000"),
            "financial_text": "Die vom Kreistag für das Jahr 2024 für Sprachkurse zur Verfügung gestellten Mittel in Höhe von 1 Mio. € sollen zur Umsetzung des gesamten Handlungsfeldes eingesetzt werden.",
        },
        # The seed names no roles and no deciding step (its working group proposes the
        # decision to the Ausschuss), so none is set.
        "steps": [
            ("Ausschuss für Soziales, Arbeit und Gesundheit", d("28.02.2024"), "", False, ""),
            ("Kreisausschuss", d("29.02.2024"), "", False, ""),
            ("Kreistag", d("07.03.2024"), "", False, ""),
        ],
        "attachments": [],
    },
]


def organization_ensure(body: Body, name: str, kind: str, classification: str) -> Organization:
    existing = Organization.objects.filter(body=body, name=name).first()
    if existing is not None:
        return existing
    return services.organization_create(
        user=None,
        body=body,
        data={"name": name, "organization_type": kind, "classification": classification},
        agent=AGENT,
    )


def paper_exists(body: Body, data: dict[str, Any]) -> bool:
    papers = Paper.objects.filter(body=body)
    if data["reference"]:
        return papers.filter(reference=data["reference"]).exists()
    return papers.filter(title=data["title"]).exists()


def load_paper(spec: dict[str, Any], out: Callable[[str], None]) -> Paper | None:
    body = Body.objects.filter(territory__ags=spec["ags"]).first()
    label = spec["data"]["reference"] or spec["data"]["title"][:40]
    if body is None:
        out(f"Vorlage {label}: Körperschaft {spec['ags']} fehlt, übersprungen.")
        return None
    if paper_exists(body, spec["data"]):
        out(f"Vorlage {label} gibt es schon.")
        return None
    edition = Edition.objects.filter(concept__body=body, label=spec["edition"]).first()
    organizations = {
        name: organization_ensure(body, name, kind, classification)
        for name, kind, classification in spec["organizations"]
    }
    data = dict(spec["data"])
    if spec["lead_department"]:
        data["lead_department"] = organizations[spec["lead_department"]]
    paper = services.paper_create(user=None, body=body, data=data, edition=edition, agent=AGENT)
    for name, date, role, authoritative, outcome in spec["steps"]:
        step = services.consultation_add(
            user=None,
            paper=paper,
            organization=organizations[name],
            planned_date=date,
            role=role,
            authoritative=authoritative,
            agent=AGENT,
        )
        if outcome:
            services.consultation_record_outcome(
                user=None,
                consultation=step,
                expected_version=step.version,
                outcome=outcome,
                decided_on=date,
                agent=AGENT,
            )
    if edition is not None:
        for title in spec["attachments"]:
            services.file_attach_edition(
                user=None, paper=paper, edition=edition, name=title, agent=AGENT
            )
    out(f"Vorlage {label} für {body.name} angelegt.")
    return paper


def load(*, out: Callable[[str], None]) -> list[Login]:
    for spec in PAPERS:
        load_paper(spec, out)
    return []
