"""Full-text search behind one function, on SQLite (FTS5) and PostgreSQL.

Readers type what they would type anywhere: several words (all must occur),
"a phrase in quotes", a prefix with a star (``kama*``) and ``OR`` between two
alternatives. Nothing they type reaches either database's query syntax: the
text is parsed here into words, phrases and prefixes, and each is written out
as a quoted term, so unbalanced quotes, ``NEAR``, a lone ``*`` or stray
operators give results (or none), never an error.

Both databases stem English words ("leaks" finds "leak") and rank title over
subtitle over body. The indexes: an FTS5 table on SQLite (migration 0003), a
table of tsvectors with a GIN index on PostgreSQL (ArticleVector, migration 0009).
"""

import math
import re
from dataclasses import dataclass

from django.contrib.postgres.search import (
    SearchHeadline,
    SearchQuery,
    SearchRank,
)
from django.db import connections
from django.db.models import BigIntegerField, BooleanField, F, FloatField, Value
from django.db.models.expressions import Col, Expression
from django.db.models.functions import Substr

from .models import Article, ArticleText, ArticleVector

# Highlight marks in snippets: private-use characters that no escaping touches,
# turned into <mark> after the snippet has been escaped (see highlight_snippet).
MARK_START = "\ue000"
MARK_END = "\ue001"

MAX_TERMS = 12
MAX_QUERY_LENGTH = 300
# A prefix matches many words, each read from the index: at most this many, of
# at least MIN_PREFIX letters ("m*" is searched as the word "m"). Twelve "m*"
# took 3.2 s at 52,000 articles.
MAX_PREFIXES = 3
MIN_PREFIX = 3

WORD = re.compile(r"[^\W_]+")
TOKEN = re.compile(r'"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Term:
    """One word, or several that must follow each other; prefix matches the last
    word's beginning."""

    words: tuple[str, ...]
    prefix: bool = False

    def __str__(self):
        text = " ".join(self.words)
        return (f'"{text}"' if len(self.words) > 1 else text) + ("*" if self.prefix else "")


def parse(text):
    """The reader's text as a list of alternatives groups: every group must
    match, and a group matches when any of its terms does.

    >>> parse('"audio leak" kamal OR sattar mqm*')
    [[Term(('audio', 'leak'))], [Term(('kamal',)), Term(('sattar',))], [Term(('mqm',), True)]]
    """
    groups, join_next, prefixes = [], False, 0
    for quoted, bare in TOKEN.findall((text or "")[:MAX_QUERY_LENGTH]):
        if bare == "OR":
            join_next = bool(groups)
            continue
        source = quoted if quoted or not bare else bare
        words = tuple(w.casefold() for w in WORD.findall(source))
        if not words:
            continue
        prefix = bool(bare) and bare.endswith("*") and len(words[-1]) >= MIN_PREFIX
        if prefix:
            prefixes += 1
            if prefixes > MAX_PREFIXES:
                continue
        term = Term(words, prefix=prefix)
        if join_next:
            groups[-1].append(term)
        else:
            groups.append([term])
        join_next = False
        if sum(len(g) for g in groups) >= MAX_TERMS:
            break
    return groups


def describe(groups):
    """The query as understood, for the page to echo back."""
    return " ".join(" OR ".join(str(t) for t in group) for group in groups)


def to_fts5(groups):
    def term(t):
        words = " ".join(t.words)
        return f'"{words}" *' if t.prefix else f'"{words}"'

    parts = []
    for group in groups:
        alternatives = " OR ".join(term(t) for t in group)
        parts.append(f"({alternatives})" if len(group) > 1 else alternatives)
    # An explicit AND: FTS5 takes two phrases side by side as both, but not a
    # parenthesised OR beside a phrase ("syntax error near OR").
    return " AND ".join(parts)


def to_tsquery(groups):
    def term(t):
        lexemes = [f"'{w}'" for w in t.words]
        if t.prefix:
            lexemes[-1] += ":*"
        return " <-> ".join(lexemes) if len(lexemes) > 1 else lexemes[0]

    parts = []
    for group in groups:
        alternatives = " | ".join(f"({term(t)})" for t in group)
        parts.append(f"({alternatives})")
    return " & ".join(parts)


def search(queryset, text, candidates=None):
    """Filter an Article queryset to the articles matching ``text`` and annotate
    each with ``rank`` (lower is better, so ``order_by("rank")`` puts the best
    first). Text with nothing searchable in it matches nothing.

    Ranking weighs every match, which grows with the archive: a common word in
    a million articles matches a hundred thousand. With ``candidates`` only the
    most recently added that many matches are kept, and ranked; finding them
    reads FTS5's index alone on SQLite, and on PostgreSQL the rows of the
    matches among the newest ids (NewestVectors). The list says so when a
    search matches more."""
    groups = parse(text)
    if not groups:
        return queryset.annotate(rank=Value(0.0, output_field=FloatField())).none()

    connection = connections[queryset.db]
    if connection.vendor == "postgresql":
        tsquery = to_tsquery(groups)
        query = SearchQuery(tsquery, search_type="raw", config="english")
        if candidates:
            # A phrase's estimate is neither of its matches nor of the rows checked
            # for it (those with all its words), so a phrase's matches are all sorted.
            phrase = any(len(term.words) > 1 for group in groups for term in group)
            # The candidates match, so the articles are not tested again.
            found = queryset.filter(pk__in=NewestVectors(tsquery, candidates, window=not phrase))
        else:
            found = queryset.filter(vector__vector=query)
        return found.annotate(
            # ts_rank weighs the title over the subtitle over the body, as bm25 does
            # on SQLite; negated to sort like it. (The cover density of ts_rank_cd
            # took half as long again for 2,000 candidates.)
            rank=-SearchRank(F("vector__vector"), query)
        )
    expression = to_fts5(groups)
    found = queryset.filter(fts__document__match=expression)
    if candidates:
        table = ArticleText._meta.db_table
        alias = next(a for a, join in found.query.alias_map.items() if join.table_name == table)
        rowid = Col(alias, ArticleText._meta.pk)
        found = found.filter(NewestMatches(rowid, expression, candidates))
    return found.annotate(rank=F("fts__rank"))


# PostgreSQL looks for a search's newest matches among the newest ids first, in
# a window expected to hold this many times as many matches as it wants.
WINDOW_MARGIN = 2


class NewestVectors(Expression):
    """PostgreSQL: the ids of the ``limit`` most recently added published
    articles whose vector matches ``tsquery``, as a subquery.

    The result is always that of sorting every match's id and keeping the
    newest ``limit``. GIN gives neither order nor ids, so each match costs a
    visit to its row; with ``window``, when the planner expects many matches
    (see first_window), they are looked for first among the newest ids (the
    GIN index's matches ANDed with the primary key's range before any row is
    visited) and among the older ids only when that window held fewer than
    ``limit``, so a common word visits about twice ``limit`` rows, not all its
    matches. A window that proves too small costs its few matches once more.

    The window is chosen when the statement is first written (one more query,
    once), so a search whose candidates are not asked for costs nothing. ``window`` may
    also be a number of ids, chosen by the caller.

    Ordered by "id + 0", which no index has: ordered by id, PostgreSQL walks
    the primary key backwards testing every article's vector on its way."""

    output_field = BigIntegerField()

    def __init__(self, tsquery, limit, window=True):
        super().__init__()
        self.tsquery, self.limit, self.window = tsquery, int(limit), window

    def as_sql(self, compiler, connection):
        # Only names and numbers are written into the statement; the text goes as a parameter.
        qn = connection.ops.quote_name
        # Only published articles count, each checked by its primary key: drafts
        # never crowd the published out of the candidates.
        vectors = qn(ArticleVector._meta.db_table)
        table = (
            f"{vectors} JOIN {qn(Article._meta.db_table)} "
            f"ON id = article_id AND status = '{Article.Status.PUBLISHED}'"
        )
        if self.window is True:
            # Chosen once: a page writes its candidates for the list and for its counts.
            self.window = first_window(self.tsquery, self.limit, connection) or False
        window = self.window
        limit, match = self.limit, "vector @@ to_tsquery('english'::regconfig, %s)"
        newest = "ORDER BY article_id + 0 DESC LIMIT"
        if not window:
            sql = f"SELECT article_id FROM {table} WHERE {match} {newest} {limit}"  # noqa: S608
            return f"({sql})", [self.tsquery]
        low = f"(SELECT coalesce(max(article_id), 0) FROM {vectors}) - {int(window)}"  # noqa: S608
        found = "(SELECT count(*) FROM recent)"
        sql = (
            f"WITH recent AS MATERIALIZED (SELECT article_id FROM {table} "  # noqa: S608
            f"WHERE {match} AND article_id > {low} {newest} {limit}) "
            "SELECT article_id FROM recent UNION ALL "
            f"(SELECT article_id FROM {table} WHERE {found} < {limit} "
            f"AND {match} AND article_id <= {low} {newest} {limit} - {found})"
        )
        return f"({sql})", [self.tsquery, self.tsquery]


def first_window(tsquery, limit, connection):
    """How many of the newest ids should hold WINDOW_MARGIN times ``limit``
    matches of ``tsquery``, by the planner's estimate of its matches (from the
    vector column's statistics; one EXPLAIN), or None when that is most
    of the archive, or nothing can be estimated: then every match is sorted.
    The planner knows the common words well and guesses low for rare words and
    phrases, which then go the safe way (every match sorted)."""

    table = connection.ops.quote_name(ArticleVector._meta.db_table)
    with connection.cursor() as cursor:
        # One statement: the planner's rows for the matches, and for the whole table.
        cursor.execute(
            f"EXPLAIN (FORMAT JSON) SELECT 1 FROM {table} "  # noqa: S608
            "WHERE vector @@ to_tsquery('english'::regconfig, %s) "
            f"UNION ALL SELECT 1 FROM {table}",
            [tsquery],
        )
        (plan,) = cursor.fetchone()  # psycopg reads the JSON
    expected, articles = (node["Plan Rows"] for node in plan[0]["Plan"]["Plans"])
    if expected <= 0 or articles <= expected:
        return None
    window = math.ceil(WINDOW_MARGIN * limit * articles / expected)
    return window if window < articles / 2 else None


class NewestMatches(Expression):
    """SQLite: the FTS row is among the ``limit`` newest matches of ``expression``.

    The newest matches are those from the ``limit``-th newest published one's
    rowid on, so this is written as that range, which FTS5 reads straight from
    its index newest first, checking each match's article by its primary key:
    the matches before it are never visited, and an article's row is read only
    for a candidate. (Written as "rowid IN (the newest)" instead, the same
    search read every match.)
    """

    output_field = BooleanField()

    def __init__(self, rowid, expression, limit):
        super().__init__()
        self.rowid, self.expression, self.limit = rowid, expression, limit

    def get_source_expressions(self):
        return [self.rowid]

    def set_source_expressions(self, expressions):
        (self.rowid,) = expressions

    def as_sql(self, compiler, connection):
        rowid, params = compiler.compile(self.rowid)
        qn = connection.ops.quote_name
        table, articles = qn(ArticleText._meta.db_table), qn(Article._meta.db_table)
        # Compiled columns and constant names; the reader's text goes as a parameter.
        # Fewer matches than the limit: every one (rowids start at 1). Only
        # published articles count, each checked by its primary key as FTS5 hands
        # the matches over newest first: drafts never crowd the published out.
        return (
            f'{rowid} >= coalesce((SELECT f."rowid" FROM {table}(%s) f '  # noqa: S608
            f'JOIN {articles} a ON a."id" = f."rowid" WHERE a."status" = %s '
            'ORDER BY f."rowid" DESC LIMIT 1 OFFSET %s), 0)',
            (*params, self.expression, Article.Status.PUBLISHED, self.limit - 1),
        )


# A snippet is looked for in the first this many characters of a body: the cost
# of finding the best passage grows with the text (FTS5's snippet() with the
# square of a word's hits: a 175 KB page with thousands of them took 9.5 s).
SNIPPET_CHARS = 50_000

# Endings taken off a searched word to find the body's forms of it ("leaks",
# "leaked" for "leak"), as the stemmers of both databases would match them.
_ENDINGS = re.compile(r"(?:ing|ed|es|s)$")


def snippets(articles, text, words=28):
    """``{article id: snippet}`` for a page of search results: the best passage of
    the beginning of each article's body (SNIPPET_CHARS) with the matched words
    between MARK_START and MARK_END. The snippet is plain text to be escaped
    (see templating.highlight); on PostgreSQL, ts_headline also leaves out
    anything its parser takes for a tag. One query whatever the page size, its
    time linear in the text; computed only for the page, not for every match."""
    ids = [a.pk for a in articles]
    groups = parse(text)
    if not ids or not groups:
        return {}
    db = articles[0]._state.db or "default"
    head = Substr("body", 1, SNIPPET_CHARS)
    if connections[db].vendor == "postgresql":
        snippet = SearchHeadline(
            head,
            SearchQuery(to_tsquery(groups), search_type="raw", config="english"),
            config="english",
            start_sel=MARK_START,
            stop_sel=MARK_END,
            max_words=words,
            min_words=words // 2,
            max_fragments=2,
            fragment_delimiter=" … ",
        )
        rows = Article.objects.using(db).filter(pk__in=ids).annotate(snippet=snippet)
        return dict(rows.values_list("pk", "snippet"))
    rows = Article.objects.using(db).filter(pk__in=ids).annotate(head=head)
    matches = _word_pattern(groups)
    # A phrase is marked whole, as FTS5 marks it; separate words each on their own.
    phrases = any(len(term.words) > 1 for group in groups for term in group)
    return {
        pk: passage(body, matches, words, phrases) for pk, body in rows.values_list("pk", "head")
    }


def _word_pattern(groups):
    """A pattern matching the words of the query in a body, in any of their forms."""
    stems = {
        _ENDINGS.sub("", word) if len(word) > 4 else word
        for group in groups
        for term in group
        for word in term.words
    }
    alternatives = "|".join(re.escape(stem) for stem in sorted(stems, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{alternatives})\w*", re.IGNORECASE)


def passage(body, matches, words, runs=False):
    """The ``words`` words of ``body`` holding the most matches of ``matches``,
    each matched word (with ``runs``, each run of them) between MARK_START and
    MARK_END, with "…" where the body goes on. One pass over the words, and one
    over the matches."""
    tokens = body.split()
    hits = [i for i, token in enumerate(tokens) if matches.match(token.strip("\"'“”‘’([{"))]
    start, best, low = 0, 0, 0
    for high, position in enumerate(hits):  # the window ending at each hit
        while position - hits[low] >= words:
            low += 1
        if high - low + 1 > best:
            best, start = high - low + 1, max(0, hits[low] - 2)
    window = tokens[start : start + words]
    hit = set(hits)
    end = start + len(window)
    marked = []
    for i, token in enumerate(window, start):
        if i in hit and (not runs or i - 1 not in hit or i == start):
            token = MARK_START + token
        if i in hit and (not runs or i + 1 not in hit or i + 1 == end):
            token += MARK_END
        marked.append(token)
    text = " ".join(marked)
    return ("…" if start else "") + text + ("…" if start + words < len(tokens) else "")
