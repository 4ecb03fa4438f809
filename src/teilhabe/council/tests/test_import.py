"""Import of existing Vorlagen: the web flow (paste or upload → review → save), the service
``paper_import`` and ``manage.py paper_import`` with and without ``--json``."""

import datetime
import io
import json
from decimal import Decimal
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils.html import escape

from teilhabe.core.models import AuditEntry
from teilhabe.council import importing, services
from teilhabe.council.forms import MAX_IMPORT_BYTES
from teilhabe.council.models import Consultation, File, Organization, Paper
from teilhabe.council.parsing import parse_vorlage

pytestmark = pytest.mark.django_db

FIXTURES = Path(__file__).parent / "fixtures"
SEEDS = ["seed_000", "seed_002", "seed_003", "seed_004"]


def fixture(name: str) -> str:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8")


def expected(name: str) -> dict:
    return json.loads((FIXTURES / f"{name}.expected.json").read_text(encoding="utf-8"))


def url(name: str, **kwargs: object) -> str:
    return reverse(f"council:{name}", kwargs=kwargs)


class FormFields(HTMLParser):
    """What a browser without JavaScript submits from the page's form with ``action``."""

    def __init__(self, action: str) -> None:
        super().__init__(convert_charrefs=True)
        self.action = action
        self.inside = False
        self.data: list[tuple[str, str]] = []
        self.textarea: str | None = None
        self.text = ""
        self.select: str | None = None
        self.selected: str | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "form":
            self.inside = a.get("action") == self.action
        if not self.inside:
            return
        if tag == "input" and a.get("name"):
            if a.get("type") == "checkbox" and "checked" not in a:
                return
            value = a.get("value", "on" if a.get("type") == "checkbox" else "")
            self.data.append((a["name"], value))
        elif tag == "textarea":
            self.textarea, self.text = a["name"], ""
        elif tag == "select":
            self.select, self.selected = a["name"], None
        elif tag == "option" and self.select and "selected" in a:
            self.selected = a.get("value", "")

    def handle_data(self, data: str) -> None:
        if self.textarea is not None:
            self.text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self.inside = False
        elif tag == "textarea" and self.textarea is not None:
            # HTML drops one line break right after <textarea>.
            self.data.append((self.textarea, self.text.removeprefix("\n")))
            self.textarea = None
        elif tag == "select" and self.select is not None:
            self.data.append((self.select, self.selected or ""))
            self.select = None


def submitted(response, action: str) -> dict[str, str]:
    parser = FormFields(action)
    parser.feed(response.content.decode())
    return dict(parser.data)


def paste(client, slug: str, text: str):
    return client.post(url("paper_import", body=slug), {"text": text})


def review_and_save(client, slug: str, text: str, change=None):
    review = paste(client, slug, text)
    assert review.status_code == 200
    data = submitted(review, url("paper_import_save", body=slug))
    if change:
        change(data)
    return review, client.post(url("paper_import_save", body=slug), data)


@pytest.fixture
def coordinator(client_for):
    return client_for("coordinator_a")


# --- the web flow with the four seed Vorlagen --------------------------------------------


@pytest.mark.parametrize("name", SEEDS)
def test_seed_imports_through_the_review(name, world, coordinator):
    slug = world.a.body.slug
    text = fixture(name)
    want = expected(name)
    parsed = parse_vorlage(text)
    review, saved = review_and_save(coordinator, slug, text)

    page = review.content.decode()
    assert page.count("<h1") == 1
    if want["reference"]:
        assert f'value="{want["reference"]}"' in page
        start, end = parsed.spans["reference"][0]
        assert f"<mark>{escape(text[start:end])}</mark>" in page
    first = parsed.spans["consultations.0"][0]
    assert f"<mark>{escape(text[first[0] : first[1]])}" in page

    assert saved.status_code == 302
    paper = Paper.objects.get(body=world.a.body)
    assert saved["Location"] == url("paper_detail", body=slug, paper=paper.public_id)
    assert paper.reference == (want["reference"] or "")
    assert paper.date == (datetime.date.fromisoformat(want["date"]) if want["date"] else None)
    assert paper.title == want["title"]
    assert paper.source_text == text
    steps = list(paper.consultations.select_related("organization"))
    assert [
        (s.organization.name, s.planned_date and s.planned_date.isoformat()) for s in steps
    ] == [(c["committee"], c["date"]) for c in want["consultations"]]
    assert [s.role for s in steps] == [c["role"] or "" for c in want["consultations"]]
    assert [s.position for s in steps] == sorted(s.position for s in steps)
    assert sorted(File.objects.filter(paper=paper).values_list("name", flat=True)) == sorted(
        want["attachments"]
    )
    for block in parsed.unrecognised:
        assert block in paper.unrecognised_text
    assert AuditEntry.objects.filter(
        object_id=paper.public_id, action=AuditEntry.Action.IMPORT
    ).exists()
    detail = coordinator.get(saved["Location"])
    assert detail.status_code == 200


def test_seed_outcome_stated_in_the_text_is_recorded(world, coordinator):
    _review, saved = review_and_save(coordinator, world.a.body.slug, fixture("seed_003"))
    assert saved.status_code == 302
    paper = Paper.objects.get(body=world.a.body)
    deciding = paper.consultations.get(organization__name="Kreistag Landkreis Börde")
    assert deciding.outcome == Consultation.Outcome.ADOPTED
    assert deciding.decided_on == datetime.date(2018, 11, 28)
    assert deciding.authoritative
    assert not paper.consultations.exclude(pk=deciding.pk).exclude(outcome="").exists()
    # The same committee twice in the Beratungsfolge is one organization.
    assert (
        Organization.objects.filter(body=world.a.body, name="Kultur- und Sozialausschuss").count()
        == 1
    )


def test_reviewed_values_win_and_rows_can_be_edited(world, coordinator):
    slug = world.a.body.slug

    def change(data):
        data["reference"] = "2024/FD91/999"
        data["public"] = "on"
        data["steps-0-committee"] = "Ausschuss für Soziales"
        data["steps-2-committee"] = ""  # the Kreistag row is removed
        data["steps-2-date"] = ""
        data["steps-2-role"] = ""
        data["steps-3-committee"] = "Kreistag"  # the empty last row adds a step
        data["steps-3-date"] = "2025-01-20"
        data["steps-3-role"] = "Entscheidung"

    _review, saved = review_and_save(coordinator, slug, fixture("seed_000"), change)
    assert saved.status_code == 302
    paper = Paper.objects.get(body=world.a.body)
    assert paper.reference == "2024/FD91/999"
    assert paper.public
    assert [(s.organization.name, s.planned_date, s.role) for s in paper.consultations.all()] == [
        ("Ausschuss für Soziales", datetime.date(2024, 11, 28), ""),
        ("Kreisausschuss", datetime.date(2024, 12, 9), ""),
        ("Kreistag", datetime.date(2025, 1, 20), "Entscheidung"),
    ]
    assert paper.consultations.get(organization__name="Kreistag").authoritative


def test_committees_are_matched_by_normalised_name(world, council, coordinator):
    body = world.a.body
    services.organization_update(
        user=world.users["coordinator_a"],
        organization=council["a"].main_committee,
        expected_version=council["a"].main_committee.version,
        data={"name": "  KREISAUSSCHUSS "},
    )
    before = Organization.objects.filter(body=body).count()
    _review, saved = review_and_save(coordinator, body.slug, fixture("seed_000"))
    assert saved.status_code == 302
    paper = Paper.objects.get(body=body, reference="2024/FD91/457")
    steps = list(paper.consultations.all())
    assert steps[1].organization == council["a"].main_committee
    assert steps[2].organization == council["a"].council
    created = Organization.objects.filter(body=body).exclude(
        pk__in=[o.pk for o in vars(council["a"]).values() if isinstance(o, Organization)]
    )
    # New: the committee "Ausschuss für Soziales, Gesundheit, Integration" (a Gremium) and the
    # lead department "Büro des Landrates" (an administrative unit).
    assert Organization.objects.filter(body=body).count() == before + 2
    assert {(o.name, o.organization_type) for o in created} == {
        ("Ausschuss für Soziales, Gesundheit, Integration", "Gremium"),
        ("Büro des Landrates", "Verwaltungsbereich"),
    }
    assert paper.lead_department.name == "Büro des Landrates"


def test_amounts(world):
    user = world.users["coordinator_a"]
    body = world.a.body
    peine = importing.paper_import(
        user=user,
        body=body,
        parsed=parse_vorlage(fixture("seed_002")),
        source_text=fixture("seed_002"),
        overrides={},
    )
    # Labelled as costs → the amount; the accounts and relevance checks are taken too.
    assert peine.financial_amount == Decimal("6000")
    assert "Beträge" not in peine.financial_text
    assert peine.accounts == "4271200; 4271305"
    assert peine.relevance_migration is True
    assert peine.relevance_climate is False
    rotenburg = importing.paper_import(
        user=user,
        body=body,
        parsed=parse_vorlage(fixture("seed_004")),
        source_text=fixture("seed_004"),
        overrides={},
    )
    # Only mentioned in the text → no amount, but listed in the financial text.
    assert rotenburg.financial_amount is None
    assert "1.000.000 €" in rotenburg.financial_text
    # The text does not state the status: imported as non-public.
    assert rotenburg.public is False


# --- bad input ------------------------------------------------------------------------------


def test_text_that_is_not_a_vorlage_becomes_a_reviewable_draft(world, coordinator):
    slug = world.a.body.slug
    text = fixture("variant_not_a_vorlage")
    review = paste(coordinator, slug, text)
    assert review.status_code == 200
    assert review.context["not_a_vorlage"]
    page = review.content.decode()
    assert "Der Text wurde nicht als Vorlage erkannt" in page
    assert 'class="warning-box"' in page
    data = submitted(review, url("paper_import_save", body=slug))
    # Without a title it cannot be saved; the page says so and keeps everything.
    again = coordinator.post(url("paper_import_save", body=slug), data)
    assert again.status_code == 200
    assert again.context["form"].errors["title"]
    assert not Paper.objects.filter(body=world.a.body).exists()
    data["title"] = "Einladung Netzwerktreffen"
    saved = coordinator.post(url("paper_import_save", body=slug), data)
    assert saved.status_code == 302
    paper = Paper.objects.get(body=world.a.body)
    assert paper.source_text == text
    assert paper.unrecognised_text == text.strip()
    assert not paper.consultations.exists()
    assert paper.public is False


def test_impossible_outcome_date_is_kept_as_text(world, coordinator):
    text = fixture("variant_buergerinfo_results").replace("01.07.2019", "01.07.2099")
    _review, saved = review_and_save(coordinator, world.a.body.slug, text)
    assert saved.status_code == 302
    paper = Paper.objects.get(body=world.a.body)
    deferred, recommended, council = paper.consultations.all()
    # Stated and possible: recorded.
    assert deferred.outcome == Consultation.Outcome.DEFERRED
    assert deferred.decided_on == datetime.date(2019, 6, 3)
    # "ungeändert empfohlen" is no outcome of the app: kept as text, with the vote.
    assert recommended.outcome == ""
    assert "„ungeändert empfohlen“" in paper.unrecognised_text
    assert "Ja 10, Nein 2, Enthaltungen 0" in paper.unrecognised_text
    # A decision in the future is impossible: not recorded, kept as text with the reason.
    assert council.outcome == "" and council.votes_no is None
    assert council.planned_date == datetime.date(2099, 7, 1)
    note = next(line for line in paper.unrecognised_text.splitlines() if "Stadtrat" in line)
    assert "„abgelehnt“" in note and "Nein 20" in note and "nicht als Ergebnis erfasst" in note


def test_past_outcome_with_votes_is_recorded(world):
    text = fixture("variant_buergerinfo_results")
    paper = importing.paper_import(
        user=world.users["coordinator_a"],
        body=world.a.body,
        parsed=parse_vorlage(text),
        source_text=text,
        overrides={},
    )
    council = paper.consultations.get(organization__name="Stadtrat")
    assert council.outcome == Consultation.Outcome.REJECTED
    assert council.votes_no == 20 and council.authoritative


def test_upload_bom_and_cp1252(world, coordinator):
    slug = world.a.body.slug
    text = fixture("seed_002")
    for raw in (b"\xef\xbb\xbf" + text.encode("utf-8"), text.encode("cp1252")):
        review = coordinator.post(
            url("paper_import", body=slug),
            {"file": SimpleUploadedFile("vorlage.txt", raw, content_type="text/plain")},
        )
        assert review.status_code == 200
        assert review.context["source_text"] == text
        assert 'value="2022/094"' in review.content.decode()


def test_upload_limits(world, coordinator):
    slug = world.a.body.slug
    big = SimpleUploadedFile("gross.txt", b"a" * (MAX_IMPORT_BYTES + 1))
    response = coordinator.post(url("paper_import", body=slug), {"file": big})
    assert response.status_code == 200
    assert "1 MB" in response.context["form"].errors["file"][0]
    pdf = SimpleUploadedFile("vorlage.pdf", b"%PDF-1.7\n\0\0binary")
    response = coordinator.post(url("paper_import", body=slug), {"file": pdf})
    assert response.status_code == 200 and response.context["form"].errors["file"]
    response = coordinator.post(url("paper_import", body=slug), {"text": "  \n "})
    assert response.status_code == 200 and response.context["form"].non_field_errors()
    response = coordinator.post(
        url("paper_import", body=slug), {"text": "a" * (MAX_IMPORT_BYTES + 1)}
    )
    assert "1 MB" in response.context["form"].errors["text"][0]
    assert not Paper.objects.filter(body=world.a.body).exists()


def test_damaged_hidden_text_is_refused(world, coordinator):
    slug = world.a.body.slug
    response = coordinator.post(
        url("paper_import_save", body=slug), {"source": "kaputt", "title": "x"}
    )
    assert response.status_code == 302
    assert response["Location"] == url("paper_import", body=slug)
    assert not Paper.objects.filter(body=world.a.body).exists()


# --- access ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "status"),
    [
        ("anonymous", 302),
        ("contributor_a", 403),
        ("council_a", 403),
        ("coordinator_b", 403),
        ("coordinator_a", 200),
    ],
)
def test_access(role, status, world, client_for):
    client = client_for(role)
    slug = world.a.body.slug
    text = fixture("seed_000")
    for response in (
        client.get(url("paper_import", body=slug)),
        client.post(url("paper_import", body=slug), {"text": text}),
    ):
        assert response.status_code == status
        if status == 302:
            assert response["Location"].startswith("/login/?next=")
    save = client.post(url("paper_import_save", body=slug), {"source": "x"})
    assert save.status_code == (302 if status == 200 else status)
    if status == 302:
        assert save["Location"].startswith("/login/?next=")
    assert not Paper.objects.filter(body=world.a.body).exists()
    listing = client.get(url("paper_list", body=slug))
    assert (url("paper_import", body=slug) in listing.content.decode()) == (status == 200)


# --- the command ----------------------------------------------------------------------------


def test_command_saves_each_file(world):
    out, err = io.StringIO(), io.StringIO()
    files = [str(FIXTURES / f"{name}.txt") for name in SEEDS]
    call_command("paper_import", "--body", world.a.body.ags, *files, stdout=out, stderr=err)
    papers = Paper.objects.filter(body=world.a.body)
    assert sorted(papers.values_list("title", flat=True)) == sorted(
        expected(name)["title"] for name in SEEDS
    )
    lines = out.getvalue().splitlines()
    assert len(lines) == 4
    assert "2024/FD91/457" in lines[0] and "angelegt" in lines[0]
    for name in SEEDS:
        paper = papers.get(title=expected(name)["title"])
        assert paper.source_text == fixture(name)
        assert paper.consultations.count() == len(expected(name)["consultations"])
    assert (
        AuditEntry.objects.filter(agent="paper_import", action=AuditEntry.Action.IMPORT).count()
        == 4
    )


def test_command_unknown_body_and_missing_body(world):
    with pytest.raises(CommandError, match="keine Körperschaft mit dem AGS „99999“"):
        call_command("paper_import", "--body", "99999", str(FIXTURES / "seed_000.txt"))
    with pytest.raises(CommandError, match="--body"):
        call_command("paper_import", str(FIXTURES / "seed_000.txt"))
    assert not Paper.objects.exists()


def test_command_json_is_unchanged_and_saves_nothing(world):
    out = io.StringIO()
    call_command(
        "paper_import",
        "--json",
        *[str(FIXTURES / f"{name}.txt") for name in SEEDS],
        stdout=out,
        stderr=io.StringIO(),
    )
    assert [json.loads(line) for line in out.getvalue().splitlines()] == [
        expected(name) for name in SEEDS
    ]
    assert not Paper.objects.exists()
