"""Counts of the published articles by party, person, outlet, year and tag, kept
by the database itself in ``archive_facetcount``.

The unfiltered list, the front page and the facet links beside them show how
many published articles each party, person, outlet, year and tag has. Counting
those means grouping the whole archive: seconds at a million articles, after
every change. Instead, triggers change the counts in the same transaction as the
change that moves them (an article published, withdrawn, deleted, moved to
another outlet or date; a link or tag added or removed), whether it comes from
the admin, the importer, a bulk UPDATE or a psql session. ``rebuild`` counts
everything again from scratch (the migration does, and ``recount_facets``).

The triggers are written once, as SQL both SQLite and PostgreSQL understand
(``INSERT … ON CONFLICT … DO UPDATE``), and wrapped per database: SQLite takes
the statements in the trigger body, PostgreSQL in a plpgsql function.
"""

# Every statement is built from this module's constants; nothing comes from outside.
# ruff: noqa: S608

TABLE = "archive_facetcount"
PUBLISHED = "'published'"
ARTICLE_TYPE = (
    "(SELECT id FROM django_content_type WHERE app_label = 'archive' AND model = 'article')"
)
LINKS = [
    # (dimension, table, the column naming the linked thing, the column naming the article)
    ("party", "archive_articleparty", "party_id", "article_id", None),
    ("person", "archive_articleperson", "person_id", "article_id", None),
    ("tag", "taggit_taggeditem", "tag_id", "object_id", f"content_type_id = {ARTICLE_TYPE}"),
]


def year_of(vendor, date):
    if vendor == "sqlite":
        return f"CAST(substr({date}, 1, 4) AS integer)"
    return f"CAST(EXTRACT(YEAR FROM {date}) AS integer)"


def bump(dimension, item, delta, where):
    """Add ``delta`` (1 or -1) to one count. A count goes up by creating its row when
    it has none; it goes down only where the row is there, so emptying the tables
    in any order (``flush``) leaves nothing behind."""
    if delta > 0:
        return (
            f"INSERT INTO {TABLE} (dimension, item, n) SELECT '{dimension}', {item}, {delta} "
            f"WHERE {item} IS NOT NULL AND {where} "
            f"ON CONFLICT (dimension, item) DO UPDATE SET n = {TABLE}.n + excluded.n"
        )
    return f"UPDATE {TABLE} SET n = n - 1 WHERE dimension = '{dimension}' AND item = {item} AND {where}"


def bump_links(article, delta, where):
    """Add ``delta`` (1 or -1) to the count of everything linked to one article."""
    statements = []
    for dimension, table, column, article_column, also in LINKS:
        condition = f"{article_column} = {article} AND {where}"
        if also:
            condition += f" AND {also}"
        if delta > 0:
            statements.append(
                f"INSERT INTO {TABLE} (dimension, item, n) "
                f"SELECT '{dimension}', {column}, {delta} FROM {table} WHERE {condition} "
                f"ON CONFLICT (dimension, item) DO UPDATE SET n = {TABLE}.n + excluded.n"
            )
        else:
            statements.append(
                f"UPDATE {TABLE} SET n = n - 1 WHERE dimension = '{dimension}' "
                f"AND item IN (SELECT {column} FROM {table} WHERE {condition})"
            )
    return statements


def article_counts(vendor, row, delta, where):
    return [
        bump("all", "0", delta, where),
        bump("publication", f"{row}.publication_id", delta, where),
        bump("year", year_of(vendor, f"{row}.published_on"), delta, where),
    ]


def is_published(article):
    return f"EXISTS (SELECT 1 FROM archive_article WHERE id = {article} AND status = {PUBLISHED})"


def triggers(vendor):
    """``[(name, event, table, [statements])]``: what keeps the counts."""
    old_published = f"OLD.status = {PUBLISHED}"
    new_published = f"NEW.status = {PUBLISHED}"
    found = [
        (
            "facetcount_article_insert",
            "INSERT",
            "archive_article",
            article_counts(vendor, "NEW", 1, new_published)
            # Links made before the article (raw SQL) count from now on.
            + bump_links("NEW.id", 1, new_published),
        ),
        (
            "facetcount_article_delete",
            "DELETE",
            "archive_article",
            article_counts(vendor, "OLD", -1, old_published)
            + bump_links("OLD.id", -1, old_published),
        ),
        (
            "facetcount_article_update",
            "UPDATE OF status, publication_id, published_on",
            "archive_article",
            article_counts(vendor, "OLD", -1, old_published)
            + article_counts(vendor, "NEW", 1, new_published)
            + bump_links("OLD.id", -1, f"{old_published} AND NOT {new_published}")
            + bump_links("NEW.id", 1, f"{new_published} AND NOT {old_published}"),
        ),
    ]
    for dimension, table, column, article_column, also in LINKS:

        def where(row, article_column=article_column, also=also):
            condition = is_published(f"{row}.{article_column}")
            return f"{row}.{also} AND {condition}" if also else condition

        found += [
            (
                f"facetcount_{dimension}_insert",
                "INSERT",
                table,
                [bump(dimension, f"NEW.{column}", 1, where("NEW"))],
            ),
            (
                f"facetcount_{dimension}_delete",
                "DELETE",
                table,
                [bump(dimension, f"OLD.{column}", -1, where("OLD"))],
            ),
            (
                f"facetcount_{dimension}_update",
                f"UPDATE OF {column}, {article_column}" + (", content_type_id" if also else ""),
                table,
                [
                    bump(dimension, f"OLD.{column}", -1, where("OLD")),
                    bump(dimension, f"NEW.{column}", 1, where("NEW")),
                ],
            ),
        ]
    return found


def create_statements(vendor):
    statements = []
    for name, event, table, body in triggers(vendor):
        if vendor == "sqlite":
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW BEGIN\n    "
                + ";\n    ".join(body)
                + ";\nEND"
            )
        elif vendor == "postgresql":
            statements.append(
                f"CREATE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $$\nBEGIN\n    "
                + ";\n    ".join(body)
                + ";\n    RETURN NULL;\nEND\n$$"
            )
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                f"FOR EACH ROW EXECUTE FUNCTION {name}()"
            )
    return statements


def drop_statements(vendor):
    statements = []
    for name, _event, table, _body in triggers(vendor):
        if vendor == "sqlite":
            statements.append(f"DROP TRIGGER IF EXISTS {name}")
        elif vendor == "postgresql":
            statements.append(f"DROP TRIGGER IF EXISTS {name} ON {table}")
            statements.append(f"DROP FUNCTION IF EXISTS {name}()")
    return statements


def rebuild_statements(vendor):
    published = f"a.status = {PUBLISHED}"
    statements = [
        f"DELETE FROM {TABLE}",
        f"INSERT INTO {TABLE} (dimension, item, n) "
        f"SELECT 'all', 0, COUNT(*) FROM archive_article a WHERE {published}",
        f"INSERT INTO {TABLE} (dimension, item, n) "
        f"SELECT 'publication', a.publication_id, COUNT(*) FROM archive_article a "
        f"WHERE {published} AND a.publication_id IS NOT NULL GROUP BY a.publication_id",
        f"INSERT INTO {TABLE} (dimension, item, n) "
        f"SELECT 'year', {year_of(vendor, 'a.published_on')}, COUNT(*) FROM archive_article a "
        f"WHERE {published} AND a.published_on IS NOT NULL "
        f"GROUP BY {year_of(vendor, 'a.published_on')}",
    ]
    for dimension, table, column, article_column, also in LINKS:
        statements.append(
            f"INSERT INTO {TABLE} (dimension, item, n) "
            f"SELECT '{dimension}', l.{column}, COUNT(*) FROM {table} l "
            f"JOIN archive_article a ON a.id = l.{article_column} "
            f"WHERE {published}" + (f" AND l.{also}" if also else "") + f" GROUP BY l.{column}"
        )
    return statements


def rebuild(connection):
    """Count everything again (one transaction); returns the number of counts."""
    from django.db import transaction

    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        for statement in rebuild_statements(connection.vendor):
            cursor.execute(statement)
        cursor.execute(f"SELECT COUNT(*) FROM {TABLE}")
        return cursor.fetchone()[0]
