"""A number the database moves on every change to what the public sees.

Pages and counts are cached under the archive's version (archive.versions).
That version must change with every change to an article, a link, a tag, a
comment, a person, a party or an outlet, whoever makes it: the admin, the
importer, a bulk UPDATE, a psql session or another program. So triggers add
one to ``archive_change.n`` in the same transaction as the change: readers see
the new number exactly when they can see the change, and a withdrawal is gone
from every cached page on the next request, whatever route it took.

As in archive.counts, one statement serves both databases; SQLite takes it in a
trigger body, PostgreSQL in a plpgsql function run once per statement.
"""

# Every statement is built from this module's constants; nothing comes from outside.
# ruff: noqa: S608

TABLE = "archive_change"
BUMP = f"UPDATE {TABLE} SET n = n + 1 WHERE id = 1"
WATCHED = [
    "archive_article",
    "archive_articleperson",
    "archive_articleparty",
    "archive_comment",
    "archive_person",
    "archive_party",
    "archive_affiliation",
    "archive_publication",
    "taggit_tag",
    "taggit_taggeditem",
]
EVENTS = ["INSERT", "UPDATE", "DELETE"]


def _triggers():
    for table in WATCHED:
        for event in EVENTS:
            yield f"{table}_changed_{event.lower()}", table, event


def create_statements(vendor):
    statements = [
        f"CREATE TABLE {TABLE} (id integer PRIMARY KEY, n bigint NOT NULL)",
        f"INSERT INTO {TABLE} (id, n) VALUES (1, 0)",
    ]
    if vendor == "postgresql":
        statements.append(
            "CREATE FUNCTION archive_changed() RETURNS trigger LANGUAGE plpgsql AS $$\n"
            f"BEGIN\n    {BUMP};\n    RETURN NULL;\nEND\n$$"
        )
    for name, table, event in _triggers():
        if vendor == "sqlite":
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} FOR EACH ROW BEGIN {BUMP}; END"
            )
        else:
            statements.append(
                f"CREATE TRIGGER {name} AFTER {event} ON {table} "
                "FOR EACH STATEMENT EXECUTE FUNCTION archive_changed()"
            )
    return statements


def drop_statements(vendor):
    statements = []
    for name, table, _ in _triggers():
        on = f" ON {table}" if vendor == "postgresql" else ""
        statements.append(f"DROP TRIGGER IF EXISTS {name}{on}")
    if vendor == "postgresql":
        statements.append("DROP FUNCTION IF EXISTS archive_changed()")
    statements.append(f"DROP TABLE IF EXISTS {TABLE}")
    return statements


def current(cursor):
    """The number of changes so far (one small query)."""
    cursor.execute(f"SELECT n FROM {TABLE} WHERE id = 1")
    row = cursor.fetchone()
    return row[0] if row else 0
