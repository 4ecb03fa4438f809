"""The council pages through HTTP: every role, non-public papers, the Beratungsfolge, outcomes,
the Beschlusskontrolle and the whole flow from a draft edition to the edition in force."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from teilhabe.concepts.models import Edition
from teilhabe.core.models import AuditEntry
from teilhabe.council.models import AgendaItem, Consultation, File, Meeting, Organization, Paper
from teilhabe.council.tests.conftest import SECRET_A, SECRET_B

pytestmark = pytest.mark.django_db


def url(name, **kwargs):
    return reverse(f"council:{name}", kwargs=kwargs)


def member_pages(world, data):
    """Every council page a member may read, with the objects of district A."""
    slug = world.a.body.slug
    return [
        url("paper_list", body=slug),
        url("paper_detail", body=slug, paper=data.paper.public_id),
        url("decision_control", body=slug),
        url("organization_list", body=slug),
        url("meeting_list", body=slug),
        url("meeting_detail", body=slug, meeting=data.meeting.public_id),
    ]


def coordinator_pages(world, data):
    slug = world.a.body.slug
    step = data.steps[0]
    return [
        url("paper_create", body=slug),
        url("paper_edit", body=slug, paper=data.paper.public_id),
        url("paper_delete", body=slug, paper=data.paper.public_id),
        url("consultation_create", body=slug, paper=data.paper.public_id),
        url("consultation_edit", body=slug, consultation=step.public_id),
        url("consultation_delete", body=slug, consultation=step.public_id),
        url("consultation_outcome", body=slug, consultation=step.public_id),
        url("organization_create", body=slug),
        url("organization_edit", body=slug, organization=data.council.public_id),
        url("meeting_create", body=slug),
        url("agenda_item_create", body=slug, meeting=data.meeting.public_id),
    ]


# --- access --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("role", "read", "write"),
    [
        ("anonymous", 302, 302),
        ("contributor_a", 200, 403),
        ("council_a", 200, 403),
        ("coordinator_b", 403, 403),
        ("coordinator_a", 200, 200),
        ("superuser", 200, 200),
    ],
)
def test_pages_by_role(role, read, write, world, council, client_for):
    client = client_for(role)
    data = council["a"]
    for page in member_pages(world, data):
        response = client.get(page)
        assert response.status_code == read, (page, response.status_code)
        if read == 302:
            assert response["Location"].startswith("/login/?next=")
        content = response.content.decode()
        assert SECRET_B not in content
        if role in ("contributor_a", "anonymous", "coordinator_b"):
            assert SECRET_A not in content, f"{SECRET_A} leaked to {role} at {page}"
    for page in coordinator_pages(world, data):
        assert client.get(page).status_code == write, page


@pytest.mark.parametrize("role", ["council_a", "coordinator_a", "superuser"])
def test_readers_of_non_public_papers_see_them(role, world, council, client_for):
    client = client_for(role)
    slug = world.a.body.slug
    assert SECRET_A in client.get(url("paper_list", body=slug)).content.decode()
    assert SECRET_A in client.get(url("decision_control", body=slug)).content.decode()
    detail = client.get(url("paper_detail", body=slug, paper=council["a"].secret.public_id))
    assert detail.status_code == 200
    assert SECRET_A in detail.content.decode()
    meeting = client.get(url("meeting_detail", body=slug, meeting=council["a"].meeting.public_id))
    assert SECRET_A in meeting.content.decode()


def test_non_public_paper_is_404_for_contributors_and_403_for_others(world, council, client_for):
    secret = council["a"].secret
    page = url("paper_detail", body=world.a.body.slug, paper=secret.public_id)
    assert client_for("contributor_a").get(page).status_code == 404
    assert client_for("coordinator_b").get(page).status_code == 403
    assert client_for("anonymous").get(page).status_code == 302
    # B's coordinator cannot reach A's paper through B's address either
    via_b = url("paper_detail", body=world.b.body.slug, paper=council["a"].paper.public_id)
    assert client_for("coordinator_b").get(via_b).status_code == 404
    step = secret.consultations.get()
    outcome = url("consultation_outcome", body=world.b.body.slug, consultation=step.public_id)
    assert client_for("coordinator_b").get(outcome).status_code == 404


@pytest.mark.parametrize("role", ["anonymous", "contributor_a", "council_a", "coordinator_a"])
def test_portal_shows_public_papers_only(role, world, council, client_for):
    client = client_for(role)
    slug = world.a.body.slug
    listing = client.get(reverse("portal:paper_list", kwargs={"body": slug}))
    assert listing.status_code == 200
    content = listing.content.decode()
    assert council["a"].paper.title in content
    assert SECRET_A not in content
    page = reverse("portal:paper", kwargs={"body": slug, "paper": council["a"].paper.public_id})
    assert client.get(page).status_code == 200
    secret = reverse("portal:paper", kwargs={"body": slug, "paper": council["a"].secret.public_id})
    assert client.get(secret).status_code == 404
    via_b = reverse(
        "portal:paper", kwargs={"body": world.b.body.slug, "paper": council["a"].paper.public_id}
    )
    assert client.get(via_b).status_code == 404


@pytest.mark.parametrize("role", ["contributor_a", "council_a", "coordinator_b"])
def test_writes_are_refused_to_non_coordinators(role, world, council, client_for):
    client = client_for(role)
    data = council["a"]
    slug = world.a.body.slug
    step = data.steps[0]
    before = AuditEntry.objects.count()
    posts = [
        (url("paper_create", body=slug), {"title": "X"}),
        (url("paper_delete", body=slug, paper=data.paper.public_id), {}),
        (url("consultation_move", body=slug, consultation=step.public_id), {"direction": "down"}),
        (url("consultation_delete", body=slug, consultation=step.public_id), {}),
        (
            url("consultation_outcome", body=slug, consultation=step.public_id),
            {"outcome": "abgelehnt", "decided_on": "2024-02-01", "version": step.version},
        ),
        (
            url("paper_create_for_edition", body=slug, edition=world.a.draft.public_id),
            {},
        ),
    ]
    for page, payload in posts:
        assert client.post(page, payload).status_code == 403, page
    assert AuditEntry.objects.count() == before
    assert Paper.objects.filter(body=world.a.body).count() == 2


def test_post_only_views_answer_405_to_get(world, council, client_for):
    client = client_for("coordinator_a")
    slug = world.a.body.slug
    move = url("consultation_move", body=slug, consultation=council["a"].steps[0].public_id)
    assert client.get(move).status_code == 405
    create = url("paper_create_for_edition", body=slug, edition=world.a.draft.public_id)
    assert client.get(create).status_code == 405


# --- papers ----------------------------------------------------------------------------------


def paper_form_data(paper, **overrides):
    data = {
        "reference": paper.reference,
        "title": paper.title,
        "paper_type": paper.paper_type,
        "date": paper.date.isoformat() if paper.date else "",
        "public": "on" if paper.public else "",
        "lead_department": paper.lead_department_id or "",
        "clerk": paper.clerk,
        "file_number": paper.file_number,
        "decision_proposal": paper.decision_proposal,
        "facts": paper.facts,
        "financial_amount": "",
        "in_budget": "unknown",
        "accounts": "",
        "financial_text": "",
        "personnel_text": "",
        "relevance_gender": "unknown",
        "relevance_migration": "unknown",
        "relevance_prevention": "unknown",
        "relevance_education": "unknown",
        "relevance_climate": "unknown",
        "qualified_majority": "unknown",
        "climate_text": "",
        "version": paper.version,
    }
    data.update(overrides)
    if not data["public"]:
        del data["public"]  # an unticked checkbox is not posted
    return data


def test_coordinator_creates_and_edits_a_paper(world, council, client_for):
    client = client_for("coordinator_a")
    slug = world.a.body.slug
    response = client.post(
        url("paper_create", body=slug),
        {
            "reference": "2025/010",
            "title": "Neue Vorlage",
            "paper_type": "Mitteilungsvorlage",
            "date": "2025-03-01",
            "public": "on",
            "lead_department": council["a"].department.pk,
            "financial_amount": "6000",
            "in_budget": "true",
            "relevance_gender": "true",
            "relevance_climate": "false",
            "edition": world.a.draft.pk,
        },
    )
    assert response.status_code == 302
    paper = Paper.objects.get(reference="2025/010")
    assert paper.edition == world.a.draft
    assert paper.in_budget is True
    assert paper.relevance_climate is False
    assert paper.relevance_migration is None
    detail = client.get(response["Location"]).content.decode()
    assert "6.000" in detail
    edit = url("paper_edit", body=slug, paper=paper.public_id)
    response = client.post(edit, paper_form_data(paper, title="Geänderte Vorlage"))
    assert response.status_code == 302
    paper.refresh_from_db()
    assert paper.title == "Geänderte Vorlage"
    # the history shows both writes to coordinators
    detail = client.get(url("paper_detail", body=slug, paper=paper.public_id)).content.decode()
    assert "Geänderte Vorlage" in detail
    assert AuditEntry.objects.filter(object_id=paper.public_id).count() == 2


def test_concurrent_paper_edits_conflict(world, council, client_for):
    paper = council["a"].paper
    page = url("paper_edit", body=world.a.body.slug, paper=paper.public_id)
    opened = paper_form_data(paper)
    ok = client_for("coordinator_a").post(page, opened | {"title": "Version von Anna"})
    assert ok.status_code == 302
    clash = client_for("coordinator_a2").post(page, opened | {"title": "Version von Ben"})
    assert clash.status_code == 409
    assert "Version von Anna" in clash.content.decode()
    paper.refresh_from_db()
    assert paper.title == "Version von Anna"


def test_paper_list_filters(world, council, client_for):
    client = client_for("coordinator_a")
    page = url("paper_list", body=world.a.body.slug)
    public, secret = council["a"].paper.title, SECRET_A
    content = client.get(page, {"visibility": "public"}).content.decode()
    assert public in content and secret not in content
    content = client.get(page, {"visibility": "non_public"}).content.decode()
    assert public not in content and secret in content
    content = client.get(page, {"year": "2024"}).content.decode()
    assert public in content and secret not in content  # the secret paper has no date
    content = client.get(page, {"q": "NICHTOEFFENTLICH"}).content.decode()
    assert public not in content and secret in content
    content = client.get(page, {"paper_type": "Antrag"}).content.decode()
    assert public not in content and secret not in content
    # a contributor cannot use the visibility filter to find non-public papers
    content = client_for("contributor_a").get(page, {"visibility": "non_public"}).content.decode()
    assert secret not in content


def test_paper_delete_is_soft_and_refused_once_decided(world, council, client_for):
    client = client_for("coordinator_a")
    slug = world.a.body.slug
    secret = council["a"].secret
    assert client.post(url("paper_delete", body=slug, paper=secret.public_id)).status_code == 302
    assert Paper.all_objects.get(pk=secret.pk).is_deleted
    step = council["a"].steps[0]
    client.post(
        url("consultation_outcome", body=slug, consultation=step.public_id),
        {"outcome": "ungeändert beschlossen", "decided_on": "2024-02-01", "version": step.version},
    )
    paper = council["a"].paper
    response = client.post(url("paper_delete", body=slug, paper=paper.public_id))
    assert response.status_code == 200
    assert "bleibt erhalten" in response.content.decode()  # the German UI
    assert not Paper.all_objects.get(pk=paper.pk).is_deleted


# --- the Beratungsfolge -----------------------------------------------------------------------


def test_steps_add_reorder_edit_delete(world, council, client_for):
    client = client_for("coordinator_a")
    slug = world.a.body.slug
    data = council["a"]
    response = client.post(
        url("consultation_create", body=slug, paper=data.paper.public_id),
        {"organization": data.committee.pk, "planned_date": "2024-03-01", "role": "Anhörung"},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#beratungsfolge")
    steps = list(Consultation.objects.filter(paper=data.paper))
    assert [s.role for s in steps] == ["Vorberatung", "Vorberatung", "Entscheidung", "Anhörung"]
    new = steps[-1]
    client.post(
        url("consultation_move", body=slug, consultation=new.public_id), {"direction": "up"}
    )
    order = list(Consultation.objects.filter(paper=data.paper).values_list("pk", flat=True))
    assert order == [steps[0].pk, steps[1].pk, new.pk, steps[2].pk]
    # edit: schedule the step in a meeting
    new.refresh_from_db()
    meeting = Meeting.objects.create(
        body=world.a.body,
        organization=data.committee,
        name="Sitzung",
        start=timezone.now(),
    )
    response = client.post(
        url("consultation_edit", body=slug, consultation=new.public_id),
        {
            "organization": data.committee.pk,
            "planned_date": "2024-03-02",
            "role": "Anhörung",
            "meeting": meeting.pk,
            "version": new.version,
        },
    )
    assert response.status_code == 302
    new.refresh_from_db()
    assert new.planned_date == datetime.date(2024, 3, 2)
    assert new.meeting == meeting
    # a committee of another body cannot be chosen
    response = client.post(
        url("consultation_create", body=slug, paper=data.paper.public_id),
        {"organization": council["b"].committee.pk},
    )
    assert response.status_code == 200
    assert 'id="id_organization_error"' in response.content.decode()
    # delete
    response = client.post(url("consultation_delete", body=slug, consultation=new.public_id))
    assert response.status_code == 302
    assert Consultation.objects.filter(paper=data.paper).count() == 3


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        ({"votes_yes": "-1"}, "votes_yes"),
        ({"decided_on": "2024-01-31"}, "decided_on"),  # planned for 01.02.2024
        ({"decided_on": "2999-01-01"}, "decided_on"),
        ({"votes_yes": "8", "votes_no": "4"}, "votes_yes"),  # 11 seats
        ({"outcome": ""}, "outcome"),
        ({"decided_on": ""}, "decided_on"),
    ],
)
def test_impossible_outcomes_are_refused_on_the_field(payload, field, world, council, client_for):
    step = council["a"].steps[0]
    page = url("consultation_outcome", body=world.a.body.slug, consultation=step.public_id)
    data = {
        "outcome": "ungeändert beschlossen",
        "decided_on": "2024-02-01",
        "version": step.version,
    }
    response = client_for("coordinator_a").post(page, data | payload)
    assert response.status_code == 200
    assert f'id="id_{field}_error"' in response.content.decode()
    step.refresh_from_db()
    assert step.outcome == ""


def test_concurrent_outcomes_conflict(world, council, client_for):
    step = council["a"].steps[0]
    page = url("consultation_outcome", body=world.a.body.slug, consultation=step.public_id)
    data = {"decided_on": "2024-02-01", "version": step.version}
    first = client_for("coordinator_a").post(page, data | {"outcome": "ungeändert beschlossen"})
    assert first.status_code == 302
    second = client_for("coordinator_a2").post(page, data | {"outcome": "vertagt"})
    assert second.status_code == 409
    step.refresh_from_db()
    assert step.outcome == "ungeändert beschlossen"


def test_organizations_and_meetings(world, council, client_for):
    client = client_for("coordinator_a")
    slug = world.a.body.slug
    response = client.post(
        url("organization_create", body=slug),
        {"name": "Integrationsbeirat", "organization_type": "Gremium", "classification": "Beirat"},
    )
    assert response.status_code == 302
    beirat = Organization.objects.get(name="Integrationsbeirat")
    assert beirat.body == world.a.body and beirat.classification == "Beirat"
    council_org = council["a"].council
    response = client.post(
        url("organization_edit", body=slug, organization=council_org.public_id),
        {
            "name": "Kreistag",
            "organization_type": "Gremium",
            "classification": "Parlament",
            "seats": "52",
            "version": council_org.version,
        },
    )
    assert response.status_code == 302
    council_org.refresh_from_db()
    assert council_org.seats == 52
    assert "Parlament" in client.get(url("organization_list", body=slug)).content.decode()

    response = client.post(
        url("meeting_create", body=slug),
        {
            "name": "3. Sitzung des Kreistages",
            "organization": council_org.pk,
            "start": "2024-02-15T17:00",
            "state": "terminiert",
            "location_text": "Kreishaus, Sitzungssaal",
        },
    )
    assert response.status_code == 302
    meeting = Meeting.objects.get(name="3. Sitzung des Kreistages")
    assert meeting.location.description == "Kreishaus, Sitzungssaal"
    final = council["a"].steps[2]
    response = client.post(
        url("agenda_item_create", body=slug, meeting=meeting.public_id),
        {"number": "5", "name": "Integrationskonzept", "public": "on", "consultation": final.pk},
    )
    assert response.status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.consultation == final
    final.refresh_from_db()
    assert final.meeting == meeting
    page = client.get(url("meeting_detail", body=slug, meeting=meeting.public_id))
    assert council["a"].paper.title in page.content.decode()


def test_contributor_does_not_see_non_public_agenda_items(world, council, client_for):
    page = url("meeting_detail", body=world.a.body.slug, meeting=council["a"].meeting.public_id)
    content = client_for("contributor_a").get(page).content.decode()
    assert "1. Sitzung des Kreisausschusses" in content
    assert SECRET_A not in content


# --- the whole flow ------------------------------------------------------------------------


def test_flow_from_draft_edition_to_edition_in_force(world, council, client_for):
    client = client_for("coordinator_a")
    slug = world.a.body.slug
    draft, old = world.a.draft, world.a.in_force
    # the button is on the draft edition's page for coordinators only
    edition_page = reverse(
        "concepts:edition_detail", kwargs={"body": slug, "edition": draft.public_id}
    )
    assert "Beschlussvorlage zu dieser Ausgabe" in client.get(edition_page).content.decode()
    assert "Beschlussvorlage zu dieser Ausgabe" not in (
        client_for("contributor_a").get(edition_page).content.decode()
    )
    old_page = reverse("concepts:edition_detail", kwargs={"body": slug, "edition": old.public_id})
    assert "Beschlussvorlage zu dieser Ausgabe" not in client.get(old_page).content.decode()

    response = client.post(url("paper_create_for_edition", body=slug, edition=draft.public_id))
    assert response.status_code == 302
    paper = Paper.objects.get(edition=draft)
    assert response["Location"] == url("paper_detail", body=slug, paper=paper.public_id)
    assert paper.title == draft.title
    assert draft.title in paper.decision_proposal
    assert File.objects.get(paper=paper).edition == draft
    steps = list(paper.consultations.all())
    assert [(s.organization.classification, s.authoritative) for s in steps] == [
        ("Ausschuss", False),
        ("Hauptausschuss", False),
        ("Parlament", True),
    ]
    # plan the dates
    today = timezone.localdate()
    for offset, step in zip((20, 10, 5), steps, strict=True):
        response = client.post(
            url("consultation_edit", body=slug, consultation=step.public_id),
            {
                "organization": step.organization_id,
                "planned_date": (today - datetime.timedelta(days=offset)).isoformat(),
                "role": step.role,
                "authoritative": "on" if step.authoritative else "",
                "version": step.version,
            },
        )
        assert response.status_code == 302
    control = url("decision_control", body=slug)
    assert "noch nicht entschieden" in client.get(control, {"state": "open"}).content.decode()

    def record(step, outcome, days_ago, **votes):
        step.refresh_from_db()
        return client.post(
            url("consultation_outcome", body=slug, consultation=step.public_id),
            {
                "outcome": outcome,
                "decided_on": (today - datetime.timedelta(days=days_ago)).isoformat(),
                "version": step.version,
                **votes,
            },
            follow=True,
        )

    record(steps[0], "ungeändert beschlossen", 20, votes_yes="9", votes_no="1", votes_abstain="1")
    record(steps[1], "vertagt", 10)
    draft.refresh_from_db()
    assert draft.status == Edition.Status.DRAFT
    response = record(steps[2], "ungeändert beschlossen", 5, votes_yes="40", votes_no="6")
    assert "ist jetzt in Kraft" in response.content.decode()
    draft.refresh_from_db()
    old.refresh_from_db()
    assert draft.status == Edition.Status.IN_FORCE
    assert draft.valid_from == today - datetime.timedelta(days=5)
    assert old.status == Edition.Status.SUPERSEDED
    # the detail page shows the votes, the Beschlusskontrolle shows the paper done
    detail = client.get(url("paper_detail", body=slug, paper=paper.public_id)).content.decode()
    assert "<td>40</td>" in detail
    rows = client.get(control, {"state": "done"}).content.decode()
    assert paper.title in rows
    assert "in_force" in rows
    assert paper.title not in client.get(control, {"state": "open"}).content.decode()
    # no more Beschlussvorlage for an edition in force
    again = client.post(url("paper_create_for_edition", body=slug, edition=draft.public_id))
    assert again.status_code == 302
    assert Paper.objects.filter(edition=draft).count() == 1


# --- queries -----------------------------------------------------------------------------------


def grow(world, data, start, count):
    papers = Paper.objects.bulk_create(
        [
            Paper(body=world.a.body, reference=f"2024/{i:03d}", title=f"Vorlage {i}", public=i % 2)
            for i in range(start, start + count)
        ]
    )
    Consultation.objects.bulk_create(
        [
            Consultation(
                paper=paper,
                organization=org,
                position=position,
                authoritative=position == 3,
                outcome="ungeändert beschlossen" if position == 1 else "",
            )
            for paper in papers
            for position, org in enumerate(
                (data.committee, data.main_committee, data.council), start=1
            )
        ]
    )


@pytest.mark.parametrize("name", ["decision_control", "paper_list"])
def test_list_pages_have_a_constant_number_of_queries(name, world, council, client_for):
    client = client_for("coordinator_a")
    page = url(name, body=world.a.body.slug)
    grow(world, council["a"], 100, 5)
    with CaptureQueriesContext(connection) as small:
        assert client.get(page).status_code == 200
    grow(world, council["a"], 200, 45)
    with CaptureQueriesContext(connection) as large:
        response = client.get(page)
    assert "Vorlage 244" in response.content.decode()
    assert len(large) == len(small), [q["sql"] for q in large.captured_queries]
