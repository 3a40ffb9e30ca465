"""SQLite: let the text index merge its segments less often while importing.

FTS5 writes a new segment for every transaction, and by default merges four
of a level into one as soon as they are there; one transaction per imported
file made that merging half of the store's time (2 of 4.5 ms a file at 4,000
files). Sixteen to a level keeps searches fast (0.5 ms against 0.3 for the
same query at 4,000 files), and import_articles merges what a batch left
(archive.dbstats.tidy).
"""

from django.db import migrations


def automerge(level):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            schema_editor.execute(
                "INSERT INTO archive_article_fts(archive_article_fts, rank) "
                f"VALUES ('automerge', {level})"
            )

    return apply


class Migration(migrations.Migration):
    dependencies = [("archive", "0006_facet_counts")]

    operations = [migrations.RunPython(automerge(16), automerge(4))]
