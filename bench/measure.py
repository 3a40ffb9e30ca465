"""Timing the public pages through Django's test client, as a reader gets them.

Each page is requested once to warm up, then ``repeat`` times with the caches
as a steady stream of readers leaves them (warm: counts kept from the previous
request), then a few times with the cache emptied before each request (cold:
the first reader after an article is published or withdrawn, who pays for the
counts beside the list). Between requests the database connection is treated
as a WSGI server treats it at the end of a request (``close_old_connections``),
so SQLite, kept for no longer than a request, reconnects each time.

The SQL of one warm and one cold request is recorded: how many queries, and
each statement with its parameters and time. The warm statements are run again
straight through a cursor, which shows how much of a page's time is the
database and how much is Django; the cold ones are timed as they run, and the
slowest is kept for the report, since a cold request can take seconds.
"""

import math
import statistics
import time
from contextlib import contextmanager
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import close_old_connections, connection
from django.db.models import Count, Exists, OuterRef
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from archive.models import Article, ArticleParty, ArticlePerson, Comment, Party, Person
from archive.paging import COUNT_CAP

from .corpus import PHRASE, SEARCH_WORDS

PAGE_SIZE = 20  # the list's paginate_by
COLD_BUDGET_MS = 10_000
WARM_UP = {"list", "article", "person_page", "party_page", "api_list"}


@dataclass
class Page:
    name: str
    url: str
    what: str
    cold: bool = False  # empty the cache before every timed request


def choose_pages():
    """The pages to time, with filters picked from the data: a person of middling
    coverage, the party in the most articles, the party with factions in the
    most articles, the busiest year and outlet. A few grouped queries, untimed."""
    published = Article.objects.published()
    total = published.count()
    people = list(
        ArticlePerson.objects.filter(article__status=Article.Status.PUBLISHED)
        .values_list("person")
        .annotate(n=Count("pk"))
        .order_by("-n", "person")[:200]
    )
    parties = dict(
        ArticleParty.objects.filter(article__status=Article.Status.PUBLISHED)
        .values_list("party")
        .annotate(n=Count("pk"))
    )
    if not people or not parties:
        raise ValueError("the archive has no published articles linked to people and parties")
    top_person = Person.objects.get(pk=people[0][0])
    # In about 0.4% of the articles (rank 100 or so of 2,000), and in at least ten,
    # so that a small archive's page shows the same kinds of counts as a large one's.
    target = max(10, total * 0.004)
    middling = Person.objects.get(pk=min(people, key=lambda row: abs(row[1] - target))[0])
    broad = Party.objects.get(pk=max(parties, key=parties.get))
    with_factions = list(Party.objects.filter(factions__isnull=False).distinct())
    factional = max(with_factions, key=lambda p: parties.get(p.pk, 0), default=broad)
    years = (
        published.filter(published_on__isnull=False)
        .values_list("published_on__year")
        .annotate(n=Count("pk"))
        .order_by("-n")
    )
    year = years[0][0]
    outlet = (
        published.filter(publication__isnull=False)
        .values_list("publication__slug")
        .annotate(n=Count("pk"))
        .order_by("-n")[0][0]
    )
    article = (
        published.filter(
            Exists(Comment.objects.filter(article=OuterRef("pk"))),
            Exists(ArticlePerson.objects.filter(article=OuterRef("pk"))),
            Exists(ArticleParty.objects.filter(article=OuterRef("pk"))),
        )
        .newest_first()
        .values_list("slug", flat=True)
        .first()
    ) or published.newest_first().values_list("slug", flat=True).first()
    deep = max(1, math.ceil(min(total, COUNT_CAP) / PAGE_SIZE))

    articles = reverse("public:article-list")
    pages = [
        Page("list", articles, "all published, page 1"),
        Page("list_deep", f"{articles}?page={deep}", f"all published, page {deep} (the last)"),
        Page(
            "person_filter",
            f"{articles}?person={middling.slug}",
            f"a middling person ({middling.name})",
        ),
        Page(
            "party_filter",
            f"{articles}?party={broad.slug}",
            f"the broadest party ({broad.abbreviation})",
        ),
        Page(
            "party_factions",
            f"{articles}?party={factional.slug}&factions=1",
            f"a party with its factions ({factional.abbreviation})",
        ),
        Page("year", f"{articles}?year={year}", f"the busiest year ({year})"),
        Page(
            "publication_party",
            f"{articles}?publication={outlet}&party={broad.slug}",
            "the busiest outlet and the broadest party",
        ),
        Page(
            "search_words",
            f"{articles}?q={SEARCH_WORDS.replace(' ', '+')}",
            f"two words: {SEARCH_WORDS}",
        ),
        Page(
            "search_phrase",
            f"{articles}?q=%22{PHRASE.replace(' ', '+')}%22",
            f'a phrase: "{PHRASE}"',
        ),
        Page("facets", articles, "the list with its counts computed (cache emptied)", cold=True),
        Page(
            "article", reverse("public:article-detail", args=[article]), "an article with comments"
        ),
        Page(
            "person_page",
            reverse("public:person-detail", args=[top_person.slug]),
            f"the most mentioned person ({top_person.name})",
        ),
        Page(
            "party_page",
            reverse("public:party-detail", args=[broad.slug]),
            f"the broadest party ({broad.abbreviation})",
        ),
        Page("api_list", reverse("api:article-list"), "the API's first page"),
    ]
    return pages, {"published": total}


@contextmanager
def production_like():
    """DEBUG off and the test client's host allowed; unhashed static file names
    when collectstatic has not been run (hashed names need its manifest)."""
    from django.contrib.staticfiles.storage import staticfiles_storage

    overrides = {
        "DEBUG": False,
        "ALLOWED_HOSTS": [*settings.ALLOWED_HOSTS, "testserver"],
        # The pages are timed as they are rendered; served_p50_ms times them
        # from the page cache (public.pagecache).
        "NEWSROOM_PAGE_CACHE": False,
    }
    manifest = getattr(staticfiles_storage, "manifest_name", None)
    if manifest and not staticfiles_storage.exists(manifest):
        storages = dict(settings.STORAGES)
        storages["staticfiles"] = {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        }
        overrides["STORAGES"] = storages
    with override_settings(**overrides):
        yield


def end_request():
    """What a WSGI server does after each response (request_finished)."""
    if not connection.in_atomic_block:
        close_old_connections()


class Recorder:
    """Every statement run while it is installed, with its parameters and the
    milliseconds it took (the database's work plus the driver's)."""

    def __init__(self):
        self.statements = []
        self.times = []

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            if not many:
                self.statements.append((sql, params))
                self.times.append((time.perf_counter() - started) * 1000)


def _request(client, url):
    started = time.perf_counter()
    response = client.get(url, secure=True)
    len(response.content)
    elapsed = (time.perf_counter() - started) * 1000
    end_request()
    return response.status_code, elapsed


def _recorded(client, url, cold):
    """One request with its statements recorded: (status, ms, queries, recorder)."""
    if cold:
        cache.clear()
    recorder = Recorder()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as captured, connection.execute_wrapper(recorder):
        response = client.get(url, secure=True)
        len(response.content)
    elapsed = (time.perf_counter() - started) * 1000
    end_request()
    return response.status_code, elapsed, len(captured), recorder


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, math.ceil(share * len(ordered)) - 1))]


def time_raw(statements, repeat):
    """Median milliseconds of running the statements one after another through a
    cursor, fetching every row."""
    times = []
    for _ in range(repeat):
        started = time.perf_counter()
        with connection.cursor() as cursor:
            for sql, params in statements:
                cursor.execute(sql, params)
                if cursor.description is not None:
                    cursor.fetchall()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main_select(statements):
    """The statement that fetches the page's articles: the first limited SELECT
    from the article table that is not a COUNT."""
    for sql, params in statements:
        head = sql.lstrip()[:40].upper()
        if (
            head.startswith("SELECT")
            and 'FROM "archive_article"' in sql
            and "LIMIT" in sql
            and not head.startswith("SELECT COUNT")
        ):
            return sql, params
    return None


def time_page(page, repeat, cold_repeat, client=None):
    """Timings, statuses and query counts of one page, and the recorded SQL of a
    warm and a cold request. Cold requests stop early once they have taken
    COLD_BUDGET_MS together (at least one is always made)."""
    client = client or Client(raise_request_exception=False)
    statuses = set()
    # The first request: cold, recorded, and the warm-up of what follows.
    status, elapsed, cold_queries, cold = _recorded(client, page.url, cold=True)
    statuses.add(status)
    cold_times = [elapsed]
    warm_times = []
    for _ in range(repeat):
        if page.cold:
            cache.clear()
        status, elapsed = _request(client, page.url)
        statuses.add(status)
        warm_times.append(elapsed)
    status, _, warm_queries, warm = _recorded(client, page.url, cold=page.cold)
    statuses.add(status)
    while len(cold_times) < cold_repeat and sum(cold_times) < COLD_BUDGET_MS:
        cache.clear()
        status, elapsed = _request(client, page.url)
        statuses.add(status)
        cold_times.append(elapsed)
    with override_settings(NEWSROOM_PAGE_CACHE=True):
        _request(client, page.url)
        served_times = [_request(client, page.url)[1] for _ in range(repeat)]
    result = {
        "url": page.url,
        "what": page.what,
        "status": sorted(statuses),
        "p50_ms": round(statistics.median(warm_times), 2),
        "p95_ms": round(percentile(warm_times, 0.95), 2),
        "cold_p50_ms": round(statistics.median(cold_times), 2),
        "served_p50_ms": round(statistics.median(served_times), 2),
        "cold_samples": len(cold_times),
        "queries": warm_queries,
        "cold_queries": cold_queries,
    }
    return result, warm, cold


def time_pages(pages, repeat, progress=None):
    """``(pages, raw_sql)`` for the JSON report."""
    cold_repeat = min(repeat, 5)
    results, raw = {}, {}
    with production_like():
        client = Client(raise_request_exception=False)
        # The first request of a process also loads templates, URL patterns and
        # the content types, which no reader after it pays for; one of each view.
        for page in pages:
            if page.name in WARM_UP:
                client.get(page.url, secure=True)
                end_request()
        for page in pages:
            result, warm, cold = time_page(page, repeat, cold_repeat, client)
            results[page.name] = result
            slowest = max(range(len(cold.times)), key=cold.times.__getitem__, default=None)
            entry = {
                "all_p50_ms": round(time_raw(warm.statements, cold_repeat), 2),
                "cold_all_ms": round(sum(cold.times), 2),
            }
            if slowest is not None:
                entry["cold_slowest_ms"] = round(cold.times[slowest], 2)
                entry["cold_slowest_sql"] = cold.statements[slowest][0]
            main = main_select(warm.statements)
            if main:
                entry["p50_ms"] = round(time_raw([main], repeat), 2)
                entry["sql"] = main[0]
            sql_ms = entry["all_p50_ms"]
            entry["page_to_sql"] = round(result["p50_ms"] / sql_ms, 1) if sql_ms else None
            raw[page.name] = entry
            if progress:
                progress(page.name, result, entry)
    return results, raw


def compare_query_counts(reference, result):
    """Pages whose query count differs between two runs of different sizes: a
    count that grows with the archive is a query per row somewhere."""
    problems = []
    for name, page in result["pages"].items():
        before = reference.get("pages", {}).get(name)
        if before is None:
            continue
        for key, label in (("queries", "warm"), ("cold_queries", "cold")):
            if key in before and key in page and before[key] != page[key]:
                problems.append(
                    f"{name}: {page[key]} queries ({label}) with {result['articles']:,} "
                    f"articles but {before[key]} with {reference['articles']:,}"
                )
    return problems
