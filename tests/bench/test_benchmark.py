"""The benchmark command on a small archive: every page answers with a timing and
a query count, and a page whose query count grows with the archive fails it."""

import copy
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from archive.models import Article
from bench.corpus import Generator, write_corpus
from bench.measure import compare_query_counts

pytestmark = pytest.mark.django_db

PAGES = {
    "list",
    "list_deep",
    "person_filter",
    "party_filter",
    "party_factions",
    "year",
    "publication_party",
    "search_words",
    "search_phrase",
    "facets",
    "article",
    "person_page",
    "party_page",
    "api_list",
}


def run(*args):
    out = StringIO()
    call_command("benchmark_archive", *args, "--no-check-constant", stdout=out, stderr=StringIO())
    return out.getvalue()


@pytest.fixture
def result(tmp_path):
    path = tmp_path / "result.json"
    run(
        "--articles=60",
        "--import-limit=30",
        "--repeat=2",
        f"--corpus={tmp_path / 'corpus'}",
        f"--json={path}",
    )
    return json.loads(path.read_text())


def test_it_times_every_page_and_counts_its_queries(result):
    assert set(result["pages"]) == PAGES
    for name, page in result["pages"].items():
        assert page["status"] == [200], name
        assert 0 < page["p50_ms"] <= page["p95_ms"], name
        assert page["cold_p50_ms"] > 0, name
        assert page["served_p50_ms"] > 0, name
        assert page["queries"] > 0 and page["cold_queries"] >= page["queries"], name
        assert result["raw_sql"][name]["all_p50_ms"] > 0, name
    # The lists' own SELECT is found and timed on its own.
    assert result["raw_sql"]["list"]["p50_ms"] > 0
    assert 'FROM "archive_article"' in result["raw_sql"]["party_filter"]["sql"]


def test_it_imports_part_of_the_corpus_and_bulk_loads_the_rest(result, tmp_path):
    assert result["articles"] == 60 == Article.objects.count()
    imported = result["import"]
    assert imported["store"]["results"] == {"imported": 30}
    assert imported["files_per_s"] > 0 and imported["pipeline_files_per_s"] > 0
    assert imported["read_as_generated"]["as_generated"] == imported["read_as_generated"]["checked"]
    assert imported["bulk_loaded_not_timed"]["articles"] == 30
    # The bulk-loaded rows are the articles of the texts, written as they were loaded.
    assert len(list((tmp_path / "corpus").glob("*/*.txt"))) == 60
    loaded = Article.objects.get(source_name="000/0000045.txt")
    assert loaded.person_links.exists() or loaded.party_links.exists()
    assert result["published"] == Article.objects.published().count()
    assert result["peak_memory_mb"] > 0


def test_it_reports_a_page_whose_query_count_grows(result):
    assert compare_query_counts(result, result) == []
    grown = copy.deepcopy(result)
    grown["articles"] = 6000
    grown["pages"]["list"]["queries"] += 1

    problems = compare_query_counts(result, grown)

    warm = result["pages"]["list"]["queries"]
    assert problems == [f"list: {warm + 1} queries (warm) with 6,000 articles but {warm} with 60"]


def test_the_command_fails_when_the_counts_differ_from_another_run(result, tmp_path):
    reference = copy.deepcopy(result)
    reference["pages"]["api_list"]["cold_queries"] -= 1
    path = tmp_path / "reference.json"
    path.write_text(json.dumps(reference))

    with pytest.raises(CommandError, match="api_list: .* queries \\(cold\\)"):
        run("--articles=60", "--skip-import", "--repeat=1", f"--compare={path}")


def test_it_refuses_to_import_into_an_archive_that_has_articles(result, tmp_path):
    with pytest.raises(CommandError, match="already holds 60 articles"):
        run("--articles=60", f"--corpus={tmp_path / 'corpus'}")


def test_it_draws_one_line_per_page(result, tmp_path):
    bigger = copy.deepcopy(result)
    bigger["articles"] = 6000
    files = []
    for i, data in enumerate([result, bigger]):
        files.append(tmp_path / f"{i}.json")
        files[-1].write_text(json.dumps(data))
    svg = tmp_path / "latency.svg"

    run("--plot", str(svg), *map(str, files))

    drawing = svg.read_text()
    assert drawing.startswith("<svg") and drawing.rstrip().endswith("</svg>")
    assert drawing.count("<polyline") == len(PAGES)


def test_the_corpus_is_the_same_for_the_same_seed(tmp_path):
    assert write_corpus(tmp_path, 5, seed=7)
    first = (tmp_path / "000" / "0000003.txt").read_text()
    assert not write_corpus(tmp_path, 5, seed=7)  # reused
    again = Generator(7)
    assert again.render(again.article(3))[0] == first
    assert Generator(8).render(Generator(8).article(3))[0] != first
