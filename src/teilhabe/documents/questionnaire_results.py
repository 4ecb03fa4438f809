"""The results of a questionnaire as PDF (typst): counts per question with a bar drawn in
typst (no image files), the matrix per field of action, the free-text answers.

Every user text enters the source as a typst string literal (:func:`pdf.tstr`). Readable by
every member of the body, like the results page (``participation.questionnaires.selectors``).
"""

from __future__ import annotations

from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_safe

from teilhabe.core import selectors as core_selectors
from teilhabe.participation.questionnaires import results as q_results
from teilhabe.participation.questionnaires import selectors as q_selectors

from .common import ascii_filename
from .pdf import compile_source, heading, tstr
from .views import document_response

PREAMBLE = """#set document(title: meta.title, author: meta.body)
#set text(font: "Libertinus Serif", size: 10.5pt, lang: "de", region: "DE")
#set par(justify: false, leading: 0.6em)
#set page(paper: "a4", margin: (left: 2.3cm, right: 2cm, top: 2cm, bottom: 2.2cm),
  footer: context { set text(size: 8.5pt, fill: luma(80)); meta.title; h(1fr); counter(page).display() })
#set table(stroke: 0.5pt + luma(150), inset: 4pt)
#show table.cell.where(y: 0): set text(weight: "bold")
#show heading.where(level: 1): set text(size: 16pt)
#show heading.where(level: 2): set text(size: 12pt)
#let bar(share) = box(width: share * 4cm, height: 0.7em, fill: rgb("#1d4f91"))
"""

#: The document's fixed words (German, as the other documents: see ``labels.py``).
RESULTS = "Ergebnisse"
SAMPLE = "Beispieldaten: Dieser Fragebogen zeigt die Funktion; er stammt nicht vom Kreis."
ANONYMOUS = "Anonymer Fragebogen: Mit den Antworten ist keine Identität gespeichert."
RESPONSES = "Antworten"
INVITED = "Einladungen"
ANSWERED = "beantwortet"
ANSWER = "Antwort"
COUNT = "Anzahl"
SHARE = "Anteil"
FIELD = "Handlungsfeld"
MEAN = "Mittelwert"
REMOVED = "entfernte Frage"
NO_ANSWERS = "Noch keine Antworten."
AS_OF = "Stand"


def _share(value: object) -> str:
    return "–" if value is None else f"{value} %".replace(".", ",")


def results_source(results: q_results.Results) -> str:
    questionnaire = results.questionnaire
    body = questionnaire.process.edition.concept.body
    totals = (
        f"{RESPONSES}: {results.responses} · {INVITED}: {results.invited} "
        f"({results.answered_invitations} {ANSWERED})"
    )
    as_of = f"{AS_OF}: " + date_format(timezone.localdate(), "d.m.Y")
    out = [
        f"#let meta = (title: {tstr(questionnaire.title)}, body: {tstr(body.name)})\n",
        PREAMBLE,
        heading(1, f"{RESULTS}: {questionnaire.title}"),
        f"#{tstr(f'{body.name} · {questionnaire.process.title}')}\n\n",
        f"#{tstr(as_of)}\n\n",
        f"#{tstr(totals)}\n\n",
    ]
    if questionnaire.is_sample:
        out.append(f'#text(fill: rgb("#8a4b00"), weight: "bold", {tstr(SAMPLE)})\n\n')
    if questionnaire.anonymous:
        out.append(f"#{tstr(ANONYMOUS)}\n\n")
    for number, result in enumerate(results.questions, start=1):
        title = f"{number}. {result.text}" + (f" ({REMOVED})" if result.removed else "")
        out.append(heading(2, title))
        meta = f"{result.kind_label} · {result.answered} {RESPONSES}"
        if result.mean is not None:
            meta += f" · {MEAN} {str(result.mean).replace('.', ',')}"
        out.append(f"#text(fill: luma(90), {tstr(meta)})\n\n")
        if result.rows:
            out.append("#table(columns: (1fr, auto, auto, 4.4cm),\n")
            out.append(
                f"  table.header([#{tstr(ANSWER)}], [#{tstr(COUNT)}], [#{tstr(SHARE)}], []),\n"
            )
            for row in result.rows:
                fraction = float(row.share or 0) / 100
                out.append(
                    f"  [#{tstr(row.label)}], [#{tstr(row.count)}], [#{tstr(_share(row.share))}], "
                    f"[#bar({fraction:.4f})],\n"
                )
            out.append(")\n\n")
        if result.matrix:
            columns = ", ".join(["1fr"] + ["auto"] * len(result.columns))
            header = ", ".join(f"[#{tstr(c)}]" for c in [FIELD, *result.columns])
            out.append(f"#table(columns: ({columns}),\n  table.header({header}),\n")
            for title_, counts, _answered in result.matrix:
                cells = ", ".join(f"[#{tstr(c)}]" for c in [title_, *map(str, counts)])
                out.append(f"  {cells},\n")
            out.append(")\n\n")
        if result.texts:
            out.extend(f"- #{tstr(text)}\n" for text in result.texts)
            out.append("\n")
        elif not result.rows and not result.matrix:
            out.append(f"#{tstr(NO_ANSWERS)}\n\n")
    return "".join(out)


def results_pdf(questionnaire: object) -> bytes:
    results = q_results.results_for(questionnaire, charts=False)  # type: ignore[arg-type]
    return compile_source(results_source(results))


@login_required
@require_safe
def questionnaire_results_pdf(request: HttpRequest, body: str, questionnaire: UUID) -> HttpResponse:
    body_obj = core_selectors.body_get_for_member(user=request.user, slug=body)
    obj = q_selectors.questionnaire_get(user=request.user, body=body_obj, public_id=questionnaire)
    filename = ascii_filename(f"Fragebogen-Ergebnisse {obj.title}")[:80] + ".pdf"
    return document_response(results_pdf(obj), fmt="pdf", filename=filename, private=True)
