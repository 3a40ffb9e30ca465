"""An editor's day in a real browser: log in, upload, correct, publish, read it on the site."""

from pathlib import Path

import pytest
from django.urls import reverse

from archive.models import Article

SEED = next((Path(__file__).resolve().parents[2] / "fixtures" / "seeds").glob("001_*.txt"))

pytestmark = [
    pytest.mark.browser,
    # The Editors group comes from a data migration; bring it back after other
    # transactional tests have flushed the database.
    pytest.mark.django_db(transaction=True),
]


def test_an_editor_uploads_corrects_publishes_and_reads_an_article(live_server, page, editor):
    # Script errors, refusals by the Content-Security-Policy and broken assets.
    problems = []
    page.on("pageerror", lambda err: problems.append(str(err)))
    page.on(
        "console",
        lambda m: (
            problems.append(m.text)
            if m.type == "error" and not m.text.startswith("Failed to load resource")
            else None
        ),
    )
    page.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.url}")
            if r.status >= 400 and not r.url.endswith("/favicon.ico")
            else None
        ),
    )

    page.goto(live_server.url + reverse("admin:index"))
    page.fill("#id_username", "ed")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))
    assert "Editors’ workplace" in page.locator("h1").inner_text()

    page.goto(live_server.url + reverse("admin:archive_article_upload"))
    page.set_input_files("#id_files", str(SEED))
    page.click("input[name=_import]")
    page.locator("#report").wait_for()
    assert page.locator("#report tbody tr .result").inner_text() == "imported"

    article = Article.objects.get()
    assert article.status == Article.Status.DRAFT
    slug = article.slug
    page.click(f"#report a[href$='/{article.pk}/change/']")
    page.fill("#id_title", "Mustafa Kamal calls his MQM years a path against humanity")
    page.click("input[name=_continue]")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    page.goto(live_server.url + reverse("admin:archive_article_changelist"))
    page.check(f"input[name=_selected_action][value='{article.pk}']")
    page.select_option("select[name=action]", "publish")
    page.click("button[name=index]")
    assert "1 article now published" in page.locator(".messagelist").inner_text()

    page.goto(live_server.url + reverse("public:article-detail", args=[slug]))
    assert page.locator("h1").inner_text() == (
        "Mustafa Kamal calls his MQM years a path against humanity"
    )
    assert problems == []


def log_in(page, live_server):
    page.goto(live_server.url + reverse("admin:index"))
    page.fill("#id_username", "ed")
    page.fill("#id_password", "correct-horse-battery")
    page.click("input[type=submit]")
    page.wait_for_url(live_server.url + reverse("admin:index"))


def test_what_an_editor_types_is_what_readers_and_the_api_get(live_server, page, editor, client):
    from editors import curation
    from tests.factories import make_article, make_person

    article = make_article("Lyari water", body="Old first paragraph.\n\nOld second paragraph.")
    sattar, duplicate = make_person("Farooq Sattar"), make_person("Farooq Sattaar")
    make_article("Sattar speaks", people=[duplicate])
    log_in(page, live_server)

    page.goto(live_server.url + reverse("admin:archive_article_change", args=[article.pk]))
    typed = "Taps ran dry in Lyari.\n\nThe utility blamed the heat.\n\nResidents queued at tankers."
    page.fill("#id_body", typed)  # the browser posts the textarea's lines with CRLF
    page.click("input[name=_continue]")
    assert "was changed successfully" in page.locator(".messagelist").inner_text()

    page.goto(live_server.url + article.get_absolute_url())
    assert page.locator(".body p").all_inner_texts() == typed.split("\n\n")
    api = client.get(f"/api/articles/{article.slug}/").json()
    assert api["paragraphs"] == typed.split("\n\n")

    old = duplicate.slug
    curation.merge_people(sattar, [duplicate])
    page.goto(live_server.url + f"/people/{old}/")
    assert page.url == live_server.url + sattar.get_absolute_url()
    assert "Sattar speaks" in page.locator("main").inner_text()

    page.goto(live_server.url + reverse("admin:archive_article_changelist"))
    page.check(f"input[name=_selected_action][value='{article.pk}']")
    page.select_option("select[name=action]", "withdraw")
    page.click("button[name=index]")
    assert "1 article now withdrawn" in page.locator(".messagelist").inner_text()
    gone = page.goto(live_server.url + article.get_absolute_url())
    assert gone.status == 410
    assert "withdrew this article" in page.locator("main").inner_text()
    page.goto(live_server.url + reverse("public:article-list"))
    assert "Lyari water" not in page.locator("main").inner_text()
