"""PostgreSQL: the search vectors move out of the article rows into a narrow
table of their own, archive_article_vector, with its GIN index.

A search's newest 2,000 matches are found from the GIN index and the matching
rows' ids; with the vector a column of archive_article those ids lay in wide
rows, a heap page for every few matches (the bitmap heap scan took 57 of the
query's 67 ms at 100,000 articles); here a page holds a hundred. Triggers keep
the table in step: a row for every article inserted, updated when its title,
subtitle or body changes, gone when it is deleted, emptied with the articles
(TRUNCATE, as the tests' flush does). There is no foreign key, so that
TRUNCATE of the articles alone stays possible. SQLite keeps its FTS5 table.
"""

import django.db.models.deletion
from django.contrib.postgres.search import SearchVectorField
from django.db import migrations, models

from ._sql import on

VECTOR = """
    setweight(to_tsvector('english'::regconfig, coalesce({row}.title, '')), 'A')
    || setweight(to_tsvector('english'::regconfig, coalesce({row}.subtitle, '')), 'B')
    || setweight(to_tsvector('english'::regconfig, coalesce({row}.body, '')), 'C')
"""

POSTGRES_FORWARD = [
    """
    CREATE TABLE archive_article_vector (
        article_id bigint PRIMARY KEY,
        vector tsvector NOT NULL
    )
    """,
    "INSERT INTO archive_article_vector SELECT id, search_vector FROM archive_article",
    """
    CREATE INDEX article_vector_search ON archive_article_vector USING gin (vector)
    """,
    f"""
    CREATE FUNCTION archive_article_vector_write() RETURNS trigger AS $$
    BEGIN
        INSERT INTO archive_article_vector (article_id, vector)
        VALUES (NEW.id, {VECTOR.format(row="NEW")})
        ON CONFLICT (article_id) DO UPDATE SET vector = excluded.vector;
        RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE FUNCTION archive_article_vector_delete() RETURNS trigger AS $$
    BEGIN
        DELETE FROM archive_article_vector WHERE article_id = OLD.id;
        RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE FUNCTION archive_article_vector_truncate() RETURNS trigger AS $$
    BEGIN
        TRUNCATE archive_article_vector;
        RETURN NULL;
    END $$ LANGUAGE plpgsql
    """,
    """
    CREATE TRIGGER archive_article_vector_insert AFTER INSERT ON archive_article
    FOR EACH ROW EXECUTE FUNCTION archive_article_vector_write()
    """,
    """
    CREATE TRIGGER archive_article_vector_update
    AFTER UPDATE OF title, subtitle, body ON archive_article
    FOR EACH ROW EXECUTE FUNCTION archive_article_vector_write()
    """,
    """
    CREATE TRIGGER archive_article_vector_delete AFTER DELETE ON archive_article
    FOR EACH ROW EXECUTE FUNCTION archive_article_vector_delete()
    """,
    """
    CREATE TRIGGER archive_article_vector_truncate AFTER TRUNCATE ON archive_article
    FOR EACH STATEMENT EXECUTE FUNCTION archive_article_vector_truncate()
    """,
    # Its GIN index goes with it.
    "ALTER TABLE archive_article DROP COLUMN search_vector",
]

POSTGRES_BACKWARD = [
    f"""
    ALTER TABLE archive_article ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
        {VECTOR.format(row="archive_article")}
    ) STORED
    """,
    "CREATE INDEX article_search_vector ON archive_article USING gin (search_vector)",
    "DROP TRIGGER IF EXISTS archive_article_vector_truncate ON archive_article",
    "DROP TRIGGER IF EXISTS archive_article_vector_delete ON archive_article",
    "DROP TRIGGER IF EXISTS archive_article_vector_update ON archive_article",
    "DROP TRIGGER IF EXISTS archive_article_vector_insert ON archive_article",
    "DROP FUNCTION IF EXISTS archive_article_vector_truncate()",
    "DROP FUNCTION IF EXISTS archive_article_vector_delete()",
    "DROP FUNCTION IF EXISTS archive_article_vector_write()",
    "DROP TABLE IF EXISTS archive_article_vector",
]


class Migration(migrations.Migration):
    dependencies = [("archive", "0008_fewer_indexes")]

    operations = [
        migrations.CreateModel(
            name="ArticleVector",
            fields=[
                (
                    "article",
                    models.OneToOneField(
                        db_constraint=False,
                        on_delete=django.db.models.deletion.DO_NOTHING,
                        primary_key=True,
                        related_name="vector",
                        serialize=False,
                        to="archive.article",
                    ),
                ),
                ("vector", SearchVectorField()),
            ],
            options={"db_table": "archive_article_vector", "managed": False},
        ),
        migrations.RunPython(
            on("postgresql", POSTGRES_FORWARD), on("postgresql", POSTGRES_BACKWARD)
        ),
    ]
