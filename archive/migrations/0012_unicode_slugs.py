"""Slugs in any script (allow_unicode): a change to validation only.

The columns stay as they are, so the database is not touched: SQLite would
rebuild archive_article for an AlterField, under the triggers that keep its
text index and counts.
"""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0011_canonical_text"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.AlterField(
                    model_name="article",
                    name="slug",
                    field=models.SlugField(allow_unicode=True, max_length=220, unique=True),
                ),
                migrations.AlterField(
                    model_name="historicalarticle",
                    name="slug",
                    field=models.SlugField(allow_unicode=True, db_index=False, max_length=220),
                ),
                migrations.AlterField(
                    model_name="historicalparty",
                    name="slug",
                    field=models.SlugField(allow_unicode=True, max_length=200),
                ),
                migrations.AlterField(
                    model_name="historicalperson",
                    name="slug",
                    field=models.SlugField(allow_unicode=True, max_length=200),
                ),
                migrations.AlterField(
                    model_name="party",
                    name="slug",
                    field=models.SlugField(allow_unicode=True, max_length=200, unique=True),
                ),
                migrations.AlterField(
                    model_name="person",
                    name="slug",
                    field=models.SlugField(allow_unicode=True, max_length=200, unique=True),
                ),
                migrations.AlterField(
                    model_name="publication",
                    name="slug",
                    field=models.SlugField(allow_unicode=True, max_length=200, unique=True),
                ),
            ]
        )
    ]
