"""Arbitrary query strings never make the public list, the API or the export fail."""

import pytest
from django.utils.http import urlencode
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.factories import make_article, make_party, make_person

KEYS = [
    "q",
    "person",
    "party",
    "factions",
    "publication",
    "tag",
    "from",
    "to",
    "year",
    "has_comments",
    "sort",
    "page",
    "page_size",
    "format",
]
VALUES = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        [
            "mqm",
            "mustafa-kamal",
            "1",
            "0",
            "true",
            "-1",
            "99999999999999999999",
            "2016-02-30",
            "relevance",
            '"',
            "*",
            "NEAR",
            "\x00",
            "%00",
            "last",
        ]
    ),
)
QUERIES = st.lists(st.tuples(st.sampled_from(KEYS) | st.text(max_size=8), VALUES), max_size=6)


@pytest.fixture(autouse=True)
def some_articles(db):
    make_article("Audio leak", parties=[make_party("MQM")], people=[make_person("Mustafa Kamal")])


@pytest.mark.django_db
@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=QUERIES)
def test_no_query_string_makes_a_page_fail(client, query):
    qs = urlencode(query)
    for path in ["/articles/", "/api/articles/", "/articles/export.csv", "/people/"]:
        response = client.get(f"{path}?{qs}")
        assert response.status_code < 500, (path, qs)


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/articles/", "/people/", "/api/articles/"])
def test_it_refuses_a_nul_character_in_the_query_with_a_clear_400(client, path):
    response = client.get(path, {"q": "kamal\x00"})
    assert response.status_code == 400
    assert b"NUL character" in response.content
