"""Nothing unpublished reaches a reader anywhere, and scraped text carrying
markup is shown as text on every public surface."""

import csv
import io
import json

import pytest
from django.urls import reverse

from archive.models import Article, Comment
from tests.factories import make_article, make_party, make_person

pytestmark = pytest.mark.django_db

SECRET = "Zanzibarquill"  # a word only the unpublished articles contain


@pytest.fixture
def archive():
    person, party = make_person("Mustafa Kamal"), make_party("MQM")
    shown = make_article(
        "Published story",
        people=[person],
        parties=[party],
        tags=["Karachi"],
        comments=[("Visible Reader", "Fine piece"), ("Hidden Reader", "Abusive words")],
    )
    Comment.objects.filter(author="Hidden Reader").update(state=Comment.State.HIDDEN)
    hidden = [
        make_article(
            f"{status.label} {SECRET} story",
            body=f"{SECRET} text.",
            status=status,
            people=[person],
            parties=[party],
            tags=["Karachi", "Embargoed"],
        )
        for status in (Article.Status.DRAFT, Article.Status.WITHDRAWN)
    ]
    return {"person": person, "party": party, "shown": shown, "hidden": hidden}


def test_the_list_and_its_counts_leave_out_unpublished_articles(client, archive):
    response = client.get(reverse("public:article-list"))

    assert SECRET not in response.content.decode()
    assert "1 article" in response.content.decode()
    counts = {
        g["key"]: {i["label"]: i["n"] for i in g["items"]} for g in response.context_data["facets"]
    }
    assert counts["party"] == {"MQM": 1}
    assert counts["tag"] == {"Karachi": 1}
    assert "Embargoed" not in response.content.decode()


def test_search_leaves_out_unpublished_articles(client, archive):
    response = client.get(reverse("public:article-list"), {"q": SECRET})

    assert response.context_data["articles"] == []
    assert f"{SECRET} story" not in response.content.decode()


def test_an_unpublished_article_is_not_found_by_slug(client, archive):
    for article in archive["hidden"]:
        page = client.get(article.get_absolute_url())
        # A withdrawn article says it was withdrawn (its title, not its text).
        withdrawn = article.status == Article.Status.WITHDRAWN
        assert page.status_code == (410 if withdrawn else 404)
        assert f"{SECRET} text." not in page.content.decode()
        assert client.get(f"/api/articles/{article.slug}/").status_code == 404


def test_person_party_and_tag_pages_leave_out_unpublished_articles(client, archive):
    for url in [
        archive["person"].get_absolute_url(),
        archive["party"].get_absolute_url(),
        reverse("public:tag-detail", args=["karachi"]),
        reverse("public:person-list"),
        reverse("public:party-list"),
    ]:
        response = client.get(url)
        assert response.status_code == 200
        assert SECRET not in response.content.decode(), url


def test_feeds_leave_out_unpublished_articles(client, archive):
    for name, args in [
        ("article-feed-rss", []),
        ("article-feed-atom", []),
        ("person-feed-rss", [archive["person"].slug]),
        ("party-feed-atom", [archive["party"].slug]),
        ("tag-feed-rss", ["karachi"]),
    ]:
        body = client.get(reverse(f"public:{name}", args=args)).content.decode()
        assert "Published story" in body
        assert SECRET not in body, name


def test_the_sitemap_leaves_out_unpublished_articles(client, archive):
    body = client.get("/sitemap-articles.xml").content.decode()

    assert archive["shown"].slug in body
    assert all(a.slug not in body for a in archive["hidden"])


def test_the_api_leaves_out_unpublished_articles(client, archive):
    listing = client.get("/api/articles/").json()
    searched = client.get("/api/articles/", {"q": SECRET}).json()
    people = client.get("/api/people/").json()

    assert [a["title"] for a in listing["results"]] == ["Published story"]
    assert searched["count"] == 0
    assert people["results"][0]["published_articles"] == 1


def test_the_csv_export_leaves_out_unpublished_articles(client, archive):
    body = client.get(reverse("public:article-export")).content.decode()

    rows = list(csv.reader(io.StringIO(body)))
    assert [row[1] for row in rows[1:]] == ["Published story"]
    assert SECRET not in body


def test_hidden_comments_are_never_shown(client, archive):
    body = client.get(archive["shown"].get_absolute_url()).content.decode()

    assert "Fine piece" in body
    assert "Abusive words" not in body and "Hidden Reader" not in body


HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)>'


@pytest.fixture
def hostile():
    person = make_person(f"Evil {HOSTILE} Person", slug="evil-person")
    article = make_article(
        f"Headline {HOSTILE}",
        subtitle=f"Sub {HOSTILE}",
        byline=f"By {HOSTILE}",
        body=f'Body {HOSTILE} and <a href="javascript:alert(1)">link</a> {{{{ 7|add:1 }}}}',
        highlights=f"Point {HOSTILE}",
        people=[person],
        tags=[f"tag {HOSTILE}"[:90]],
        comments=[(f"Author {HOSTILE}", f"Comment {HOSTILE}")],
    )
    return {"article": article, "person": person}


def assert_inert(html):
    assert "<script>" not in html
    assert "<img src=x" not in html
    assert 'href="javascript:' not in html


def test_scraped_markup_is_shown_as_text_on_every_page(client, hostile):
    article, person = hostile["article"], hostile["person"]
    tag = article.tags.get()
    pages = [
        reverse("public:article-list"),
        reverse("public:article-list") + "?q=headline",
        article.get_absolute_url(),
        person.get_absolute_url(),
        reverse("public:person-list"),
        reverse("public:tag-detail", args=[tag.slug]),
    ]
    for url in pages:
        html = client.get(url).content.decode()
        assert_inert(html)
    detail = client.get(article.get_absolute_url()).content.decode()
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in detail
    assert "{{ 7|add:1 }}" in detail


def test_scraped_markup_is_text_in_feeds(client, hostile):
    rss = client.get(reverse("public:article-feed-rss")).content.decode()

    # The description is HTML to a feed reader, so the markup arrives escaped twice.
    assert "&amp;lt;script&amp;gt;" in rss
    assert "<script>" not in rss


def test_scraped_markup_is_plain_data_in_the_api(client, hostile):
    response = client.get("/api/articles/")

    assert response["Content-Type"] == "application/json"
    assert json.loads(response.content)["results"][0]["title"] == f"Headline {HOSTILE}"


def test_the_csv_export_defuses_spreadsheet_formulas(client):
    make_article('=HYPERLINK("http://evil.example","click")', byline="@SUM(A1)")

    rows = list(
        csv.reader(io.StringIO(client.get(reverse("public:article-export")).content.decode()))
    )

    assert rows[1][1].startswith("'=HYPERLINK")
    assert rows[1][5] == "'@SUM(A1)"


def test_a_withdrawn_article_is_gone_with_a_notice_and_a_draft_stays_unknown(client):
    withdrawn = make_article("Retracted claim about the water board")
    draft = make_article("Not yet public", status=Article.Status.DRAFT)
    client.get(withdrawn.get_absolute_url())  # cached while it was published
    withdrawn.status = Article.Status.WITHDRAWN
    withdrawn.save()

    gone = client.get(withdrawn.get_absolute_url())
    unknown = client.get(draft.get_absolute_url())

    assert gone.status_code == 410
    assert "Retracted claim about the water board" in gone.text
    assert "withdrew this article on" in gone.text
    assert withdrawn.body.split("\n")[0] not in gone.text
    assert unknown.status_code == 404
    assert "Not yet public" not in unknown.text


def test_people_tags_and_outlets_named_only_by_drafts_leave_no_trace(client):
    from archive.models import Publication

    secret_person = make_person("Nadir Hidden")
    outlet = Publication.objects.create(name="Draft Daily Zq", slug="draft-daily-zq")
    make_article(
        "Unpublished scoop",
        status=Article.Status.DRAFT,
        people=[secret_person],
        tags=["zqsecrettag"],
        publication=outlet,
    )
    make_article("Withdrawn scoop", status=Article.Status.WITHDRAWN, people=[secret_person])
    registry_only = make_person("Registry Only Person")
    make_article("Public story", people=[make_person("Seen Person")])

    assert client.get(secret_person.get_absolute_url()).status_code == 404
    assert client.get(reverse("public:tag-detail", args=["zqsecrettag"])).status_code == 404
    assert client.get(outlet.get_absolute_url()).status_code == 404
    assert (
        client.get(reverse("public:person-feed-rss", args=[secret_person.slug])).status_code == 404
    )
    assert client.get(registry_only.get_absolute_url()).status_code == 200
    surfaces = [
        reverse("public:person-list"),
        reverse("public:article-list"),
        "/api/people/",
        "/sitemap-people.xml",
        "/sitemap-tags.xml",
        "/sitemap-publications.xml",
    ]
    for url in surfaces:
        body = client.get(url).content.decode()
        for secret in ("Nadir Hidden", "nadir-hidden", "zqsecrettag", "Draft Daily Zq"):
            assert secret not in body, (url, secret)
    assert "Seen Person" in client.get(reverse("public:person-list")).text


def test_the_tag_index_lists_the_tags_of_published_articles_with_their_counts(client):
    make_article("One", tags=["Water", "Karachi"])
    make_article("Two", tags=["Water"])
    make_article("Draft", status=Article.Status.DRAFT, tags=["zqsecrettag", "Water"])

    page = client.get(reverse("public:tag-list"))

    assert page.status_code == 200
    text = page.text
    assert "zqsecrettag" not in text
    assert text.index(">Water<") < text.index(">Karachi<")  # most used first
    water = page.context_data["tags"][0]
    assert (water["name"], water["article_count"]) == ("Water", 2)
    assert reverse("public:tag-list") in client.get("/sitemap-pages.xml").text
