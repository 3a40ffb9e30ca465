"""PostgreSQL: keep each search vector in its row, not in the TOAST table.

An article's vector is about 4 KB, past the 2 KB at which PostgreSQL moves a
value out of line, so every vector read (a phrase checked against a match's
positions, a candidate ranked) went through the TOAST index and two chunks. A
phrase at 100,000 articles checks every article holding its words (10,500 for
"water budget"): 102-112 ms of SQL, 48-70 ms with the vectors in their rows.
Rows up to the 8 KB page stay whole; longer vectors still go out of line. The
existing vectors are written again so that they move too. SQLite keeps FTS5.
"""

from django.db import migrations

from ._sql import on


class Migration(migrations.Migration):
    dependencies = [("archive", "0009_article_vector")]

    operations = [
        migrations.RunPython(
            on(
                "postgresql",
                [
                    "ALTER TABLE archive_article_vector SET (toast_tuple_target = 8160)",
                    # A new value, so the toaster places it by the new target.
                    "UPDATE archive_article_vector SET vector = vector || ''::tsvector",
                ],
            ),
            on(
                "postgresql",
                [
                    "ALTER TABLE archive_article_vector RESET (toast_tuple_target)",
                    "UPDATE archive_article_vector SET vector = vector || ''::tsvector",
                ],
            ),
        ),
    ]
