"""RSS and Atom feeds: the latest articles, and per person, party and tag."""

import datetime
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse

from tests.factories import make_article, make_party, make_person

pytestmark = pytest.mark.django_db
ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def data():
    kamal, mqm = make_person("Mustafa Kamal"), make_party("MQM")
    mqmp = make_party("MQM-P", faction_of=mqm)
    make_article("Old", people=[kamal], published_on=datetime.date(2016, 1, 1), tags=["Karachi"])
    make_article(
        "New", parties=[mqmp], published_on=datetime.date(2024, 1, 1), subtitle="A short summary"
    )
    make_article("Other", published_on=datetime.date(2020, 1, 1))


def parse(response):
    return ET.fromstring(response.content)  # noqa: S314 (the feed is our own)


def rss_titles(response):
    return [item.findtext("title") for item in parse(response).iter("item")]


def atom_titles(response):
    return [entry.findtext(f"{ATOM}title") for entry in parse(response).iter(f"{ATOM}entry")]


def test_the_latest_feed_lists_articles_newest_first(client, data):
    rss = client.get(reverse("public:article-feed-rss"))
    atom = client.get(reverse("public:article-feed-atom"))

    assert rss["Content-Type"].startswith("application/rss+xml")
    assert rss_titles(rss) == ["New", "Other", "Old"]
    assert atom_titles(atom) == ["New", "Other", "Old"]
    assert "A short summary" in rss.content.decode()


def test_person_party_and_tag_feeds_follow_their_subject(client, data):
    person = client.get(reverse("public:person-feed-rss", args=["mustafa-kamal"]))
    party = client.get(reverse("public:party-feed-atom", args=["mqm"]))
    tag = client.get(reverse("public:tag-feed-rss", args=["karachi"]))

    assert rss_titles(person) == ["Old"]
    assert atom_titles(party) == ["New"]  # the party's feed includes its factions
    assert rss_titles(tag) == ["Old"]


def test_feeds_of_unknown_subjects_are_404(client, data):
    assert client.get(reverse("public:person-feed-rss", args=["nobody"])).status_code == 404
    assert client.get(reverse("public:tag-feed-atom", args=["nothing"])).status_code == 404


def test_an_undated_story_gets_no_publication_date_in_the_feeds(client):

    make_article("Undated story", published_on=None)
    make_article("Dated story", published_on=datetime.date(2019, 5, 1))

    rss = parse(client.get(reverse("public:article-feed-rss")))
    items = {item.findtext("title"): item for item in rss.iter("item")}
    assert items["Undated story"].find("pubDate") is None
    assert items["Dated story"].findtext("pubDate").startswith("Wed, 01 May 2019")

    atom = parse(client.get(reverse("public:article-feed-atom")))
    ns = {"a": "http://www.w3.org/2005/Atom"}
    entries = {e.findtext("a:title", namespaces=ns): e for e in atom.findall("a:entry", ns)}
    assert entries["Undated story"].find("a:published", ns) is None


def test_a_headline_reads_the_same_in_rss_and_atom_readers(client):
    make_article("Tariffs & <b>taxes</b> rise")

    rss = parse(client.get(reverse("public:article-feed-rss")))
    atom = parse(client.get(reverse("public:article-feed-atom")))

    # An RSS reader takes the title for HTML: escaped once more, it shows as typed.
    assert rss.find("channel/item/title").text == "Tariffs &amp; &lt;b&gt;taxes&lt;/b&gt; rise"
    # Atom's title is text.
    assert atom.find(f"{ATOM}entry/{ATOM}title").text == "Tariffs & <b>taxes</b> rise"
