"""Importing from the admin: the upload page and re-linking, through the real pipeline."""

from pathlib import Path

import pytest
from django.contrib.auth.models import Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from archive.models import Article, ArticlePerson, LinkSource, Person
from tests.factories import make_article

pytestmark = pytest.mark.django_db

SEEDS = Path(__file__).resolve().parents[2] / "fixtures" / "seeds"
UPLOAD = "admin:archive_article_upload"


def seed(name):
    path = next(SEEDS.glob(f"{name}_*.txt"))
    return SimpleUploadedFile(path.name, path.read_bytes(), content_type="text/plain")


def upload(client, *files, **fields):
    return client.post(reverse(UPLOAD), {"files": list(files), "status": "draft", **fields})


def report(response):
    return {row.file: row.result for row in response.context["rows"]}


def test_the_upload_page_explains_the_limits(editor_client, settings):
    settings.NEWSROOM_MAX_IMPORT_BYTES = 2 * 1024 * 1024

    response = editor_client.get(reverse(UPLOAD))

    assert response.status_code == 200
    assert 'type="file" name="files"' in response.text
    assert "multiple" in response.text
    assert "each at most 2.0\xa0MB" in response.text


def test_it_imports_several_files_as_drafts_and_reports_each(editor_client, editor, registry):
    response = upload(editor_client, seed("000"), seed("001"))

    assert response.status_code == 200
    assert set(report(response).values()) == {"imported"}
    articles = Article.objects.order_by("source_name")
    assert [a.status for a in articles] == [Article.Status.DRAFT] * 2
    kamal = Person.objects.get(name="Mustafa Kamal")
    assert Article.objects.naming_person(kamal).count() == 2
    for article in articles:
        assert reverse("admin:archive_article_change", args=[article.pk]) in response.text
        assert article.history.get().history_user == editor
    assert "2 imported" in response.text


def test_an_empty_file_among_several_is_one_failed_line_and_the_rest_import(
    editor_client, registry
):
    empty = SimpleUploadedFile("blank.txt", b"", content_type="text/plain")

    response = upload(editor_client, seed("000"), empty, seed("001"))

    assert response.status_code == 200
    rows = report(response)
    assert rows.pop("blank.txt") == "failed"
    assert set(rows.values()) == {"imported"}
    assert "blank.txt: the file is empty" in response.text
    assert Article.objects.count() == 2


def test_it_can_import_published_with_a_chosen_outlet(editor_client, registry):
    from archive.models import Publication

    geo = Publication.objects.get(name="Geo News")

    upload(editor_client, seed("004"), status="published", publication=geo.pk)

    article = Article.objects.get()
    assert (article.status, article.publication) == (Article.Status.PUBLISHED, geo)


def test_the_same_file_again_is_reported_not_imported_twice(editor_client, registry):
    upload(editor_client, seed("001"))

    response = upload(editor_client, seed("001"))

    assert report(response) == {seed("001").name: "unchanged"}
    assert Article.objects.count() == 1


def test_it_refuses_other_types_and_big_files_and_imports_the_rest(editor_client, settings):
    settings.NEWSROOM_MAX_IMPORT_BYTES = 10_000
    big = SimpleUploadedFile("long.txt", b"A headline\n\n" + b"Words and more words. " * 500)
    pdf = SimpleUploadedFile("scan.pdf", b"%PDF-1.4 ...")
    article = seed("004")
    assert article.size < 10_000

    response = upload(editor_client, big, pdf, article)

    assert report(response) == {
        "long.txt": "failed",
        "scan.pdf": "failed",
        seed("004").name: "imported",
    }
    assert "long.txt: not imported: the file is 10.8\xa0KB, over the limit of 9.8\xa0KB" in (
        response.text
    )
    assert "scan.pdf: not imported: only .txt and .html files can be imported" in response.text
    assert Article.objects.count() == 1


def test_a_binary_file_gets_the_pipelines_reason(editor_client):
    junk = SimpleUploadedFile("photo.txt", bytes(range(256)) * 40)

    response = upload(editor_client, junk)

    row = response.context["rows"][0]
    assert row.result == "failed"
    assert row.line.startswith("photo.txt: ")
    assert len(row.line) > len("photo.txt: ")
    assert not Article.objects.exists()


def test_it_asks_for_files_when_none_are_chosen(editor_client):
    response = editor_client.post(reverse(UPLOAD), {"status": "draft"})

    assert "Choose one or more .txt or .html files to import." in response.text
    assert response.context["rows"] is None


def test_someone_who_may_not_add_articles_cannot_upload(client, editor):
    editor.groups.clear()
    editor.user_permissions.add(Permission.objects.get(codename="view_article"))
    client.force_login(editor)

    assert client.get(reverse(UPLOAD)).status_code == 403
    assert upload(client, seed("004")).status_code == 403
    assert not Article.objects.exists()


def test_relinking_finds_the_importers_links_again_and_keeps_the_editors(editor_client, registry):
    kamal = Person.objects.get(name="Mustafa Kamal")
    sattar = Person.objects.get(name="Farooq Sattar")
    article = make_article(
        "Kamal speaks",
        body="Pak Sarzameen Party chairman Mustafa Kamal spoke to reporters in Karachi.",
    )
    ArticlePerson.objects.create(article=article, person=sattar, source=LinkSource.EDITOR)

    editor_client.post(
        reverse("admin:archive_article_changelist"),
        {"action": "relink", "_selected_action": [article.pk]},
    )

    links = dict(ArticlePerson.objects.filter(article=article).values_list("person", "source"))
    assert links == {kamal.pk: LinkSource.IMPORTER, sattar.pk: LinkSource.EDITOR}
