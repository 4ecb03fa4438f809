"""Downloads as the public and as members: access, content types, Content-Disposition."""

import io
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import MARKER_A, World
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from docx import Document

from teilhabe.council.models import File
from teilhabe.documents.common import CONTENT_TYPES

from .conftest import PaperWorld, load_pdf_text

ClientFor = Callable[[str], Client]


def edition_url(world: World, edition: object, fmt: str, *, public: bool = False) -> str:
    name = "documents_public:edition" if public else "documents:edition"
    return reverse(
        name,
        kwargs={"body": world.a.body.slug, "edition": edition.public_id, "fmt": fmt},  # type: ignore[attr-defined]
    )


def paper_url(papers: PaperWorld, paper: object, fmt: str, *, public: bool = False) -> str:
    name = "documents_public:paper" if public else "documents:paper"
    return reverse(
        name,
        kwargs={"body": papers.world.a.body.slug, "paper": paper.public_id, "fmt": fmt},  # type: ignore[attr-defined]
    )


def file_url(papers: PaperWorld, file: File, *, download: bool, public: bool = True) -> str:
    name = ("documents_public:" if public else "documents:") + (
        "file_download" if download else "file"
    )
    return reverse(name, kwargs={"body": papers.world.a.body.slug, "file": file.public_id})


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "pdf", "pptx"])
def test_edition_in_force_for_public_and_members(
    world: World, client_for: ClientFor, fmt: str
) -> None:
    for url, role in (
        (edition_url(world, world.a.in_force, fmt, public=True), "anonymous"),
        (edition_url(world, world.a.in_force, fmt, public=True), "coordinator_b"),
        (edition_url(world, world.a.in_force, fmt), "contributor_a"),
    ):
        response = client_for(role).get(url)
        assert response.status_code == 200, (url, role)
        assert response["Content-Type"] == CONTENT_TYPES[fmt]
        assert response["Content-Disposition"].startswith("attachment; filename=")
        assert (
            response["Content-Disposition"].endswith(f'.{fmt}"')
            or f".{fmt}" in response["Content-Disposition"]
        )
        assert int(response["Content-Length"]) == len(response.content)


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "pdf", "pptx"])
def test_draft_edition_never_goes_to_the_public(
    world: World, client_for: ClientFor, fmt: str
) -> None:
    public = edition_url(world, world.a.draft, fmt, public=True)
    for role in ("anonymous", "coordinator_a", "coordinator_b"):
        assert client_for(role).get(public).status_code == 404
    member = edition_url(world, world.a.draft, fmt)
    response = client_for("anonymous").get(member)
    assert response.status_code == 302 and "/login/" in response["Location"]
    assert client_for("coordinator_b").get(member).status_code == 403
    response = client_for("contributor_a").get(member)
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-cache"


@pytest.mark.django_db
def test_member_draft_contains_the_draft(world: World, client_for: ClientFor) -> None:
    response = client_for("coordinator_a").get(edition_url(world, world.a.draft, "pdf"))
    assert MARKER_A in load_pdf_text(response.content)


@pytest.mark.django_db
def test_unknown_format_and_wrong_body(world: World, client_for: ClientFor) -> None:
    assert (
        client_for("coordinator_a").get(edition_url(world, world.a.in_force, "odt")).status_code
        == 404
    )
    url = reverse(
        "documents_public:edition",
        kwargs={"body": world.b.body.slug, "edition": world.a.in_force.public_id, "fmt": "pdf"},
    )
    assert client_for("anonymous").get(url).status_code == 404


@pytest.mark.django_db
def test_umlaut_filename(world: World, client_for: ClientFor) -> None:
    from teilhabe.concepts import services

    edition = services.edition_update(
        user=world.users["coordinator_a"],
        edition=world.a.in_force,
        expected_version=world.a.in_force.version,
        data={"title": "Integrationskonzept Börde/Süd 2022"},
    )
    response = client_for("anonymous").get(edition_url(world, edition, "pdf", public=True))
    assert response["Content-Disposition"] == (
        'attachment; filename="Integrationskonzept-Boerde-Sued-2022.pdf"; '
        "filename*=UTF-8''Integrationskonzept%20B%C3%B6rde-S%C3%BCd%202022.pdf"
    )


@pytest.mark.django_db
@pytest.mark.parametrize("fmt", ["docx", "pdf"])
def test_papers(papers: PaperWorld, client_for: ClientFor, fmt: str) -> None:
    public = paper_url(papers, papers.paper, fmt, public=True)
    response = client_for("anonymous").get(public)
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES[fmt]
    assert response["Content-Disposition"].startswith("attachment; filename=")
    # The non-public paper: not for the public, not for contributors, for council members.
    for role, status in (("anonymous", 404), ("coordinator_a", 404)):
        url = paper_url(papers, papers.hidden, fmt, public=True)
        assert client_for(role).get(url).status_code == status
    member = paper_url(papers, papers.hidden, fmt)
    assert client_for("contributor_a").get(member).status_code == 404
    assert client_for("coordinator_b").get(member).status_code == 403
    assert client_for("council_a").get(member).status_code == 200
    assert client_for("coordinator_a").get(member).status_code == 200


@pytest.mark.django_db
def test_paper_docx_download_opens(papers: PaperWorld, client_for: ClientFor) -> None:
    response = client_for("council_a").get(paper_url(papers, papers.paper, "docx"))
    document = Document(io.BytesIO(response.content))
    assert document.tables[0].rows[0].cells[1].paragraphs[0].text == "Vorlage Nr.: 2024/FD91/457"


@pytest.fixture
def uploaded(papers: PaperWorld, settings: object, tmp_path: Path) -> dict[str, File]:
    settings.MEDIA_ROOT = str(tmp_path)  # type: ignore[attr-defined]
    body = papers.paper.body
    public = File(
        body=body,
        paper=papers.paper,
        name="Stellungnahme der KMV",
        file_name="Stellungnahme KMV.pdf",
        mime_type="application/pdf",
    )
    public.content.save("stellungnahme.pdf", ContentFile(b"%PDF-1.4 test"), save=True)
    hidden = File(
        body=body,
        paper=papers.hidden,
        name="Vermerk",
        file_name="vermerk.txt",
        mime_type="text/plain",
    )
    hidden.content.save("vermerk.txt", ContentFile(b"geheim"), save=True)
    html = File(
        body=body, paper=papers.paper, name="Seite", file_name="seite.html", mime_type="text/html"
    )
    html.content.save("seite.html", ContentFile(b"<script>alert(1)</script>"), save=True)
    return {"public": public, "hidden": hidden, "html": html}


@pytest.mark.django_db
def test_file_access_and_download(
    papers: PaperWorld, uploaded: dict[str, File], client_for: ClientFor
) -> None:
    client = client_for("anonymous")
    access = client.get(file_url(papers, uploaded["public"], download=False))
    assert access.status_code == 200
    assert access["Content-Type"] == "application/pdf"
    assert "attachment" not in access["Content-Disposition"]
    assert access["Content-Disposition"].startswith("inline;")
    assert b"".join(access.streaming_content) == b"%PDF-1.4 test"  # type: ignore[attr-defined]
    download = client.get(file_url(papers, uploaded["public"], download=True))
    assert (
        download["Content-Disposition"] == 'attachment; filename="Stellungnahme-KMV.pdf"; '
        "filename*=UTF-8''Stellungnahme%20KMV.pdf"
    )
    # HTML is sandboxed, never run as a page of the site.
    html = client.get(file_url(papers, uploaded["html"], download=False))
    assert html["Content-Security-Policy"] == "sandbox"
    # Files of a non-public paper: 404 for the public, served to council members.
    for download_ in (False, True):
        assert (
            client.get(file_url(papers, uploaded["hidden"], download=download_)).status_code == 404
        )
    member = client_for("council_a").get(
        file_url(papers, uploaded["hidden"], download=True, public=False)
    )
    assert member.status_code == 200
    assert member["Content-Disposition"] == 'attachment; filename="vermerk.txt"'
    assert (
        client_for("contributor_a")
        .get(file_url(papers, uploaded["hidden"], download=True, public=False))
        .status_code
        == 404
    )


@pytest.mark.django_db
def test_file_of_an_edition_is_rendered(papers: PaperWorld, client_for: ClientFor) -> None:
    """The attachment that stands for the edition is the edition, rendered on request; a
    draft edition stays with the members even on a public paper."""
    file = papers.edition_file
    client = client_for("anonymous")
    assert client.get(file_url(papers, file, download=False)).status_code == 404
    member = client_for("council_a")
    access = member.get(file_url(papers, file, download=False, public=False))
    assert access.status_code == 200
    assert access["Content-Type"] == "application/pdf"
    assert access["Content-Disposition"].startswith("inline;")
    assert MARKER_A in load_pdf_text(access.content)
    download = member.get(file_url(papers, file, download=True, public=False))
    assert download["Content-Disposition"].startswith("attachment; filename=")
    # Once the edition is public, so is its file.
    from teilhabe.council.services import file_attach_edition

    adopted = file_attach_edition(user=None, paper=papers.paper, edition=papers.world.a.in_force)
    response = client.get(file_url(papers, adopted, download=True))
    assert response.status_code == 200
    assert response["Content-Type"] == CONTENT_TYPES["pdf"]
    assert response["Content-Disposition"].startswith("attachment; filename=")


@pytest.mark.django_db
def test_head_is_allowed_and_post_is_not(world: World, client_for: ClientFor) -> None:
    url = edition_url(world, world.a.in_force, "pdf", public=True)
    assert client_for("anonymous").head(url).status_code == 200
    assert client_for("anonymous").post(url).status_code == 405


@pytest.mark.django_db
def test_edition_page_links_the_documents(world: World, client_for: ClientFor) -> None:
    page = reverse(
        "concepts:edition_detail",
        kwargs={"body": world.a.body.slug, "edition": world.a.in_force.public_id},
    )
    content = client_for("contributor_a").get(page).content.decode()
    for fmt in ("docx", "pdf", "pptx"):
        assert edition_url(world, world.a.in_force, fmt) in content
