"""Full-text search on both databases, and the indexes the public list needs.

SQLite: an FTS5 table ``archive_article_fts`` over title, subtitle and body, with
the article table as its external content (the text is stored once), kept in
step by three triggers. Its ``rank`` is bm25 weighting title 10, subtitle 5, body 1.

PostgreSQL: a stored generated ``search_vector`` column on ``archive_article``
(title weight A, subtitle B, body C, English stemming) with a GIN index; the
column is not a model field, archive.search reads it. Also two list indexes in
the order the list sorts, ``published_on DESC NULLS LAST``, which PostgreSQL
cannot read from the plain DESC indexes (they keep NULLs first).
"""

import django.db.models.deletion
from django.db import migrations, models

import archive.models

SQLITE_FORWARD = [
    """
    CREATE VIRTUAL TABLE archive_article_fts USING fts5(
        title, subtitle, body,
        content='archive_article', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2'
    )
    """,
    """
    INSERT INTO archive_article_fts(archive_article_fts, rank)
    VALUES ('rank', 'bm25(10.0, 5.0, 1.0)')
    """,
    """
    CREATE TRIGGER archive_article_fts_insert AFTER INSERT ON archive_article BEGIN
        INSERT INTO archive_article_fts(rowid, title, subtitle, body)
        VALUES (new.id, new.title, new.subtitle, new.body);
    END
    """,
    """
    CREATE TRIGGER archive_article_fts_delete AFTER DELETE ON archive_article BEGIN
        INSERT INTO archive_article_fts(archive_article_fts, rowid, title, subtitle, body)
        VALUES ('delete', old.id, old.title, old.subtitle, old.body);
    END
    """,
    """
    CREATE TRIGGER archive_article_fts_update AFTER UPDATE OF title, subtitle, body
    ON archive_article BEGIN
        INSERT INTO archive_article_fts(archive_article_fts, rowid, title, subtitle, body)
        VALUES ('delete', old.id, old.title, old.subtitle, old.body);
        INSERT INTO archive_article_fts(rowid, title, subtitle, body)
        VALUES (new.id, new.title, new.subtitle, new.body);
    END
    """,
    # Articles already in the archive.
    "INSERT INTO archive_article_fts(archive_article_fts) VALUES ('rebuild')",
]
SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS archive_article_fts_update",
    "DROP TRIGGER IF EXISTS archive_article_fts_delete",
    "DROP TRIGGER IF EXISTS archive_article_fts_insert",
    "DROP TABLE IF EXISTS archive_article_fts",
]

POSTGRES_FORWARD = [
    """
    ALTER TABLE archive_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, coalesce(title, '')), 'A')
        || setweight(to_tsvector('english'::regconfig, coalesce(subtitle, '')), 'B')
        || setweight(to_tsvector('english'::regconfig, coalesce(body, '')), 'C')
    ) STORED
    """,
    "CREATE INDEX article_search_vector ON archive_article USING gin (search_vector)",
    # The public list, newest first and oldest first (read backwards).
    """
    CREATE INDEX article_status_date_nl
    ON archive_article (status, published_on DESC NULLS LAST, id DESC)
    """,
    # The list filtered by outlet.
    """
    CREATE INDEX article_publication_date_nl
    ON archive_article (publication_id, status, published_on DESC NULLS LAST, id DESC)
    """,
]
POSTGRES_BACKWARD = [
    "DROP INDEX IF EXISTS article_publication_date_nl",
    "DROP INDEX IF EXISTS article_status_date_nl",
    "DROP INDEX IF EXISTS article_search_vector",
    "ALTER TABLE archive_article DROP COLUMN IF EXISTS search_vector",
]


def run(statements_by_vendor):
    def apply(apps, schema_editor):
        for statement in statements_by_vendor.get(schema_editor.connection.vendor, []):
            schema_editor.execute(statement)

    return apply


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0002_editors_group"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [
        migrations.CreateModel(
            name="ArticleText",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        db_column="rowid",
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="fts",
                        serialize=False,
                        to="archive.article",
                    ),
                ),
                ("document", archive.models.FullTextField(db_column="archive_article_fts")),
                ("rank", models.FloatField()),
            ],
            options={"db_table": "archive_article_fts", "managed": False},
        ),
        migrations.AddIndex(
            model_name="article",
            index=models.Index(fields=["-updated"], name="article_updated"),
        ),
        migrations.RunPython(
            run({"sqlite": SQLITE_FORWARD, "postgresql": POSTGRES_FORWARD}),
            run({"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}),
        ),
    ]
