"""Results: counts, chart and table with the same numbers, free-text answers, matrix per field;
CSV (German Excel), XLSX and PDF read back; a removed question keeps its text."""

from __future__ import annotations

import csv
import io
from typing import Any

import pytest
from conftest import World
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook
from pypdf import PdfReader

from teilhabe.participation.questionnaires import logic, results, services

from .test_questionnaire_builder import Built, make_questionnaire

pytestmark = pytest.mark.django_db


def answer(built: Built, **values: Any) -> None:
    """Submit through the services: the values as the form check returns them."""
    invitation, _token = services.invitation_create(
        user=None, questionnaire=built.questionnaire, email=f"r{values.pop('n')}@example.org"
    )
    services.response_submit(invitation=invitation, values=values)


@pytest.fixture
def answered(world: World) -> Built:
    built = make_questionnaire(world)
    field = logic.matrix_rows(built.questionnaire)[0][0]
    k = built.key
    answer(
        built,
        n=1,
        **{
            k(built.role): "Beratung",
            k(built.barriers): "yes",
            k(built.languages): "Tigrinya",
            k(built.satisfaction): 4,
            k(built.offers): ["Sprachkurs", "Beratung"],
            k(built.matrix): {field: "wichtig"},
            k(built.ideas): "Mehr Dolmetscher; bitte",
        },
    )
    answer(
        built,
        n=2,
        **{
            k(built.role): "Beratung",
            k(built.barriers): "no",
            k(built.satisfaction): 5,
            k(built.offers): ["Sprachkurs"],
            k(built.matrix): {field: "weniger wichtig"},
        },
    )
    answer(built, n=3, **{k(built.role): "Bildung", k(built.barriers): "no"})
    # removed after the answers came in
    services.question_delete(user=world.users["coordinator_a"], question=built.ideas)
    return built


def by_text(data: results.Results, text: str) -> results.QuestionResult:
    return next(r for r in data.questions if r.text == text)


def test_counts_per_question(answered: Built) -> None:
    data = results.results_for(answered.questionnaire)
    assert (data.responses, data.invited, data.answered_invitations) == (3, 3, 3)
    role = by_text(data, "Wie arbeiten Sie mit Zugewanderten?")
    assert [(r.label, r.count, str(r.share)) for r in role.rows] == [
        ("Beratung", 2, "66.7"),
        ("Verwaltung", 0, "0.0"),
        ("Bildung", 1, "33.3"),
    ]
    assert role.chart.startswith('<svg role="img"')
    barriers = by_text(data, "Gibt es Sprachbarrieren?")
    assert [(r.count) for r in barriers.rows] == [1, 2]
    scale = by_text(data, "Zufriedenheit mit der Zusammenarbeit")
    assert [r.count for r in scale.rows] == [0, 0, 0, 1, 1]
    assert str(scale.mean) == "4.50"
    offers = by_text(data, "Welche Angebote nutzen Sie?")
    assert [(r.label, r.count) for r in offers.rows] == [
        ("Sprachkurs", 2),
        ("Dolmetscher", 0),
        ("Beratung", 1),
    ]
    matrix = by_text(data, "Wie wichtig ist das Handlungsfeld?")
    assert matrix.columns == ["wichtig", "weniger wichtig"]
    assert matrix.matrix == [("Sprache und Bildung Alpha", [1, 1], 2)]
    assert matrix.chart.startswith('<svg role="img"')
    languages = by_text(data, "Welche Sprachen fehlen?")
    assert languages.texts == ["Tigrinya"]
    removed = by_text(data, "Anregungen")
    assert removed.removed and removed.texts == ["Mehr Dolmetscher; bitte"]


def test_results_page_for_members_without_respondents(
    answered: Built, world: World, client_for: Any
) -> None:
    url = reverse(
        "participation:questionnaire_results",
        kwargs={"body": world.a.body.slug, "questionnaire": answered.questionnaire.public_id},
    )
    page = client_for("council_a").get(url)
    html = page.content.decode()
    assert page.status_code == 200
    assert html.count('<svg role="img"') == 5  # single, yes/no, scale, multiple, matrix
    assert "<td>2</td><td>66,7 %</td>" in html.replace("\n", "")
    assert "Tigrinya" in html and "Mehr Dolmetscher; bitte" in html
    assert "r1@example.org" not in html
    csv_url = reverse(
        "participation:questionnaire_csv",
        kwargs={"body": world.a.body.slug, "questionnaire": answered.questionnaire.public_id},
    )
    assert client_for("council_a").get(csv_url).status_code == 403


def test_csv_in_german_excel_dialect_keeps_removed_question(
    answered: Built, world: World, client_for: Any
) -> None:
    url = reverse(
        "participation:questionnaire_csv",
        kwargs={"body": world.a.body.slug, "questionnaire": answered.questionnaire.public_id},
    )
    response = client_for("coordinator_a").get(url)
    assert response.status_code == 200
    raw = response.content
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "\r\n" in text
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    header = rows[0]
    assert len(rows) == 4
    removed_column = next(i for i, h in enumerate(header) if h.startswith("Anregungen"))
    assert header[removed_column] != "Anregungen"  # marked as removed
    assert rows[1][removed_column] == "Mehr Dolmetscher; bitte"  # the ";" survives quoting
    matrix_column = header.index("Wie wichtig ist das Handlungsfeld? – Sprache und Bildung Alpha")
    assert [r[matrix_column] for r in rows[1:]] == ["wichtig", "weniger wichtig", ""]
    assert rows[1][2] == "r1@example.org"
    scale = header.index("Zufriedenheit mit der Zusammenarbeit")
    assert [r[scale] for r in rows[1:]] == ["4", "5", ""]
    summary = client_for("coordinator_a").get(url.replace("answers.csv", "summary.csv"))
    lines = summary.content.decode("utf-8-sig").splitlines()
    assert "Wie arbeiten Sie mit Zugewanderten?;Beratung;2;66,7" in lines
    assert any(line.endswith(";2;4,50") for line in lines)  # the scale's mean


def test_xlsx_read_back(answered: Built, world: World, client_for: Any) -> None:
    url = reverse(
        "participation:questionnaire_xlsx",
        kwargs={"body": world.a.body.slug, "questionnaire": answered.questionnaire.public_id},
    )
    response = client_for("coordinator_a").get(url)
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    answers, summary = book.worksheets
    header = [c.value for c in answers[1]]
    removed = next(i for i, h in enumerate(header) if str(h).startswith("Anregungen"))
    assert answers.cell(row=2, column=removed + 1).value == "Mehr Dolmetscher; bitte"
    scale = header.index("Zufriedenheit mit der Zusammenarbeit")
    assert answers.cell(row=2, column=scale + 1).value == 4  # a number, not text
    values = [[c.value for c in row] for row in summary.iter_rows(min_row=2)]
    assert ["Wie arbeiten Sie mit Zugewanderten?", "Beratung", 2, 66.7] in values


def test_results_pdf_read_back(answered: Built, world: World, client_for: Any) -> None:
    url = reverse(
        "documents:questionnaire_results_pdf",
        kwargs={"body": world.a.body.slug, "questionnaire": answered.questionnaire.public_id},
    )
    response = client_for("contributor_a").get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    text = " ".join(text.split())
    assert "Abfrage der Verwaltung" in text
    assert "Wie arbeiten Sie mit Zugewanderten?" in text
    assert "66,7 %" in text
    assert "Mehr Dolmetscher; bitte" in text
    assert "Sprache und Bildung Alpha" in text
    assert Client().get(url).status_code == 302  # the public: to the login


def test_user_text_cannot_inject_typst(world: World, client_for: Any) -> None:
    built = make_questionnaire(world)
    services.questionnaire_update(
        user=world.users["coordinator_a"],
        questionnaire=built.questionnaire,
        expected_version=built.questionnaire.version,
        data={"title": '#panic("x") "quoted" \\ $math$'},
    )
    built.questionnaire.refresh_from_db()
    url = reverse(
        "documents:questionnaire_results_pdf",
        kwargs={"body": world.a.body.slug, "questionnaire": built.questionnaire.public_id},
    )
    pdf = client_for("coordinator_a").get(url).content
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert '#panic("x")' in text
