"""Full-text search, the same behaviour on SQLite (FTS5) and PostgreSQL."""

import random
import string

import pytest
from django.test import Client
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from archive import search
from archive.models import Article
from public.templating import highlight
from tests.factories import make_article

LIST = reverse("public:article-list")

HOSTILE = [
    '"audio leak',
    'audio" leak"',
    '"',
    '""',
    "*",
    "* *",
    "NEAR",
    "NEAR(audio leak, 2)",
    "audio NEAR leak",
    "AND",
    "OR",
    "OR audio",
    "audio OR",
    "kamal OR sattar mqm",
    "mqm kamal OR sattar",
    "a OR b c OR d",
    '"audio leak" OR kama* budget',
    "NOT leak",
    "audio AND NOT",
    "-leak",
    "title:audio",
    "{title body}: leak",
    "^audio",
    "audio:*",
    "'; DROP TABLE archive_article; --",
    "a & b | !c <-> d",
    "(((",
    ")",
    "\\",
    "%_%",
    "ünïcödé*",
    "x" * 2000,
    "word " * 100,
    "\x00",
]


def found(text, **kw):
    return sorted(search.search(Article.objects.published(), text).values_list("title", flat=True))


@pytest.fixture
def articles(db):
    make_article(
        "Kamal confirms audio leak",
        body="Mustafa Kamal said the audio leak was genuine.\n\nHe blamed rivals.",
    )
    make_article(
        "Budget debate",
        subtitle="Opposition walks out",
        body="The audio of the session was not released. A leak was feared.",
    )
    make_article("Cricket", body="Karachi Kings leaked runs in the final over.")
    make_article(
        "Draft about the audio leak",
        body="An audio leak story not yet published.",
        status=Article.Status.DRAFT,
    )


def test_it_needs_every_word(articles):
    assert found("audio leak") == ["Budget debate", "Kamal confirms audio leak"]


def test_it_matches_a_quoted_phrase_only_as_a_phrase(articles):
    assert found('"audio leak"') == ["Kamal confirms audio leak"]


def test_it_matches_a_prefix(articles):
    assert found("kama*") == ["Kamal confirms audio leak"]
    assert found("Karach*") == ["Cricket"]


def test_it_matches_either_side_of_or(articles):
    assert found("cricket OR kamal") == ["Cricket", "Kamal confirms audio leak"]


def test_it_needs_the_other_words_beside_an_or(articles):
    assert found("kamal OR cricket genuine") == ["Kamal confirms audio leak"]
    assert found("rivals kamal OR cricket") == ["Kamal confirms audio leak"]
    assert found("leak OR leaked kings OR rivals") == ["Cricket", "Kamal confirms audio leak"]


@pytest.mark.parametrize("url", [LIST, "/api/articles/", "/articles/export.csv"])
def test_an_or_beside_another_word_answers_on_every_surface(articles, client, url):
    response = client.get(url, {"q": "kamal OR cricket genuine"})
    assert response.status_code == 200
    body = response.content.decode()
    assert "Kamal confirms audio leak" in body
    assert "Budget debate" not in body


def test_it_stems_english_words(articles):
    assert "Cricket" in found("leak")
    assert found("confirmed") == ["Kamal confirms audio leak"]


def test_it_ranks_a_title_match_above_a_body_match(db):
    make_article("Floods in the city", body="Water everywhere. " * 30)
    make_article("Council meeting", body="Members discussed floods briefly. " + "Roads. " * 30)

    ranked = search.search(Article.objects.published(), "floods").order_by("rank")

    assert [a.title for a in ranked] == ["Floods in the city", "Council meeting"]


def test_it_never_finds_unpublished_articles(articles):
    assert "Draft about the audio leak" not in found("audio leak")


def test_it_follows_edits_and_deletions(db):
    article = make_article("Old headline", body="Nothing here.")
    assert found("headline") == ["Old headline"]

    article.title = "Fresh wording"
    article.save()
    assert found("headline") == []
    assert found("fresh") == ["Fresh wording"]

    article.delete()
    assert found("fresh") == []


def test_postgresql_keeps_a_long_articles_vector_in_its_row(db):
    """Migration 0010: a vector past PostgreSQL's 2 KB default stays in the row,
    so ranking and phrase checks read no TOAST chunks."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite searches with FTS5")

    def toast_chunks():
        # The chunks this transaction sees: other tests' rolled-back rows leave
        # pages in the TOAST file, but no visible chunks.
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT reltoastrelid::regclass::text FROM pg_class"
                " WHERE relname = 'archive_article_vector'"
            )
            (toast,) = cursor.fetchone()
            cursor.execute(f"SELECT count(*) FROM {toast}")  # noqa: S608 (a catalog name)
            return cursor.fetchone()[0]

    before = toast_chunks()
    words = random.Random(6).choices(string.ascii_lowercase, k=2_400)
    body = " ".join("".join(words[i : i + 8]) for i in range(0, len(words), 8))
    article = make_article("A long report", body=body)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_column_size(vector) FROM archive_article_vector WHERE article_id = %s",
            [article.pk],
        )
        (stored,) = cursor.fetchone()
    assert 2100 < stored < 8000
    assert toast_chunks() == before


def test_postgresql_finds_the_newest_matches_in_a_window_of_the_newest_ids_first(db):
    """Wherever the matches lie (all recent, all old, sparse, a few, on the
    window's edge), the candidates are the newest ``limit`` of them, as if every
    match had been sorted, with or without a first window."""
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite finds its newest matches in FTS5's own index")
    rng = random.Random(11)
    articles = [make_article(f"Story {i}", body="Nothing of note.") for i in range(40)]
    ids = [a.pk for a in articles]
    spreads = {
        "none": set(),
        "one old": {ids[0]},
        "all recent": set(ids[-5:]),
        "only before the window": set(ids[-20:-7]),
        "a few in the window": {ids[-1], ids[-10], ids[-12], ids[2]},
        "on the window's edge": {ids[-7], ids[-8], ids[0]},
        "sparse": set(rng.sample(ids, 7)),
        "dense": set(rng.sample(ids, 30)),
    }
    query = search.to_tsquery(search.parse("monsoon"))
    for spread, matching in spreads.items():
        Article.objects.filter(pk__in=ids).update(body="Nothing of note.")
        Article.objects.filter(pk__in=matching).update(body="The monsoon came early.")
        for window in (False, 6, 1000, True):
            subquery = search.NewestVectors(query, 3, window=window)
            found = list(Article.objects.filter(pk__in=subquery).values_list("pk", flat=True))
            assert sorted(found) == sorted(matching)[-3:], (spread, window)


def test_postgresql_sizes_the_first_window_by_the_planners_estimate(db):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("SQLite finds its newest matches in FTS5's own index")
    for i in range(400):
        body = "The monsoon came early." if i % 4 == 0 else "A dry week."
        make_article(f"Weather {i}", body=body)
    word = search.to_tsquery(search.parse("monsoon"))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE archive_article_vector")
    # A quarter of the archive matches: 20 matches are expected among about 80 ids.
    assert 60 <= search.first_window(word, 10, connection) <= 100
    # Wanting more than the newest half would hold: every match is sorted.
    assert search.first_window(word, 60, connection) is None


@pytest.mark.parametrize("text", HOSTILE)
def test_it_never_fails_on_search_syntax(articles, client, text):
    assert isinstance(found(text), list)
    response = client.get(LIST, {"q": text})
    # NUL characters are refused for every page before any search (a clear 400).
    assert response.status_code == (400 if "\x00" in text else 200)


def test_it_matches_nothing_for_text_without_words(articles):
    assert found("* ? !") == []


def test_it_parses_words_phrases_prefixes_and_alternatives():
    groups = search.parse('"Audio  leak" kamal OR sattar mqm* * NEAR')

    assert search.describe(groups) == '"audio leak" kamal OR sattar mqm* near'
    assert search.to_fts5(groups) == '"audio leak" AND ("kamal" OR "sattar") AND "mqm" * AND "near"'
    assert search.to_tsquery(groups) == (
        "(('audio' <-> 'leak')) & (('kamal') | ('sattar')) & (('mqm':*)) & (('near'))"
    )


def test_it_splits_hyphenated_names_into_a_phrase(db):
    make_article("MQM-P convention", body="Workers gathered.")
    make_article("MQM and the P word", body="Nothing about the faction. P is a letter.")

    assert found("MQM-P") == ["MQM-P convention"]


def test_its_snippets_mark_the_words_and_escape_the_text(db):
    article = make_article(
        "Leak", body='He said <script>alert("x")</script> the audio leak was real.'
    )

    snippet = search.snippets([article], "audio leak")[article.pk]
    html = highlight(snippet)

    assert "<mark>audio</mark> <mark>leak</mark>" in html
    assert "alert(&quot;x&quot;)" in html
    # SQLite keeps the tag as escaped text; PostgreSQL's parser drops tags.
    assert "<script>" not in html


def test_its_snippets_take_one_query_for_a_whole_page(db, django_assert_num_queries):
    page = [make_article(f"Leak {i}", body=f"The leak number {i}.") for i in range(10)]

    with django_assert_num_queries(1):
        found_snippets = search.snippets(page, "leak")

    assert len(found_snippets) == 10


def test_best_match_ranks_the_newest_matches_and_says_so_when_there_are_more(
    db, client, monkeypatch
):
    import public.filters
    import public.views
    from archive.paging import CappedPaginator

    monkeypatch.setattr(public.filters, "RANKED_CANDIDATES", 3)
    monkeypatch.setattr(public.views, "RANKED_CANDIDATES", 3)
    monkeypatch.setattr(CappedPaginator, "cap", 4)
    stories = [make_article(f"Monsoon story {i}", body="Rain again.") for i in range(5)]

    ranked = client.get(reverse("public:article-list"), {"q": "monsoon"})
    newest = client.get(reverse("public:article-list"), {"q": "monsoon", "sort": "newest"})

    assert {a.pk for a in ranked.context_data["articles"]} == {a.pk for a in stories[2:]}
    assert "4+ articles" in ranked.text  # every match is counted, up to the cap
    assert "ranks the 3 of them added to the archive most recently" in ranked.text
    assert "Counted among the 3 matches added to the archive most recently." in ranked.text
    assert len(newest.context_data["articles"]) == 4  # the capped pages end there
    assert "ranks the 3" not in newest.text
    few = client.get(reverse("public:article-list"), {"q": "monsoon story 4"})
    assert "ranks the 3" not in few.text
    assert "Counted among" not in few.text


def test_best_match_ranks_published_matches_however_many_drafts_are_newer(db, client, monkeypatch):
    import public.filters
    import public.views

    monkeypatch.setattr(public.filters, "RANKED_CANDIDATES", 3)
    monkeypatch.setattr(public.views, "RANKED_CANDIDATES", 3)
    older = [make_article(f"Monsoon story {i}", body="Rain again.") for i in range(2)]
    for i in range(6):
        make_article(f"Monsoon draft {i}", body="Rain again.", status=Article.Status.DRAFT)

    ranked = client.get(reverse("public:article-list"), {"q": "monsoon"})
    api = client.get("/api/articles/", {"q": "monsoon", "sort": "relevance"}).json()

    assert {a.pk for a in ranked.context_data["articles"]} == {a.pk for a in older}
    assert "2 articles" in ranked.text
    assert "No published articles match" not in ranked.text
    assert api["count"] == 2
    assert sorted(r["title"] for r in api["results"]) == ["Monsoon story 0", "Monsoon story 1"]


TOKENS = ["kamal", "audio", "leak*", "OR", "AND", "NOT", "NEAR", '"', "(", ")", "*", "-x", "a:b"]


@settings(
    max_examples=60,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(st.lists(st.sampled_from(TOKENS), max_size=8), st.text(max_size=12))
def test_any_search_text_runs_on_the_database(articles, words, typed):
    """Whatever a reader types, the query the database gets is valid: the search
    runs (matching or not) instead of raising a syntax error."""
    text = " ".join([*words, typed]).replace("\x00", "")
    assert isinstance(found(text), list)


def test_a_snippet_shows_the_passage_with_the_most_matches(db):
    body = (
        "Opening words of the story. " * 20
        + "Karachi water: Karachi queues, Karachi heat. "
        + "End. " * 50
    )
    article = make_article("Dense", body=body)

    snippet = search.snippets([article], "karachi")[article.pk]

    assert snippet.count(search.MARK_START) == 3
    assert len(snippet) < len(body) / 4


def test_a_snippet_reads_only_the_beginning_of_a_huge_body(db):
    """Five megabytes with a match in every sentence: the passage comes from the
    first SNIPPET_CHARS, and the page answers, instead of a worker timing out."""
    body = "The Karachi water board met again. " * 150_000
    article = make_article("Huge", body=body)

    response = Client().get(LIST, {"q": "karachi water"})

    assert response.status_code == 200
    snippet = search.snippets([article], "karachi water")[article.pk]
    assert f"{search.MARK_START}Karachi{search.MARK_END}" in snippet
    assert len(snippet) < 400


def test_prefixes_are_few_and_long_enough_to_stay_cheap():
    groups = search.parse("m* m* m* m* kam* sat* far* mus* alt*")

    prefixes = [term for group in groups for term in group if term.prefix]
    assert len(prefixes) == search.MAX_PREFIXES
    assert all(len(term.words[-1]) >= search.MIN_PREFIX for term in prefixes)
    assert search.describe(groups) == "m m m m kam* sat* far*"


@pytest.mark.parametrize("url", [LIST, "/api/articles/", "/articles/export.csv"])
def test_a_client_searching_too_often_is_asked_to_wait(articles, settings, url):
    settings.NEWSROOM_SEARCHES_PER_MINUTE = 3
    reader, other = Client(REMOTE_ADDR="203.0.113.5"), Client(REMOTE_ADDR="203.0.113.6")
    answers = [reader.get(url, {"q": f"audio {n}"}).status_code for n in range(4)]

    assert answers == [200, 200, 200, 429]
    assert reader.get(url, {"q": "audio"}).status_code == 429
    assert reader.get(url).status_code == 200  # no search, no count
    assert other.get(url, {"q": "audio"}).status_code == 200


def test_a_search_the_database_cannot_finish_in_time_answers_503(articles, settings, monkeypatch):
    from django.db import connection

    from public import throttle

    if connection.vendor == "sqlite":
        monkeypatch.setattr(throttle, "PROGRESS_STEPS", 1)
    settings.NEWSROOM_SEARCH_SECONDS = 0.000001 if connection.vendor == "sqlite" else 0.001
    if connection.vendor == "postgresql":
        # A query that takes long whatever the data: the budget must stop it.
        monkeypatch.setattr(
            "public.views.snippets",
            lambda *a: connection.cursor().execute("SELECT pg_sleep(1)") or {},
        )

    response = Client().get(LIST, {"q": "audio leak"})

    assert response.status_code == 503
    assert "took too long" in response.text
    assert Client().get(LIST).status_code == 200  # the budget holds for that search only
