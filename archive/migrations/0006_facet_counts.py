"""Counts of the published articles by party, person, outlet, year and tag, kept
by triggers (see archive.counts), and counted once here for the articles already
in the archive."""

from django.db import migrations, models

from archive import counts


def create(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    for statement in counts.create_statements(vendor):
        schema_editor.execute(statement)
    for statement in counts.rebuild_statements(vendor):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in counts.drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0005_article_published_on"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.CreateModel(
            name="FacetCount",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                (
                    "dimension",
                    models.CharField(
                        choices=[
                            ("all", "All published articles"),
                            ("party", "Party"),
                            ("person", "Person"),
                            ("publication", "Publication"),
                            ("year", "Year"),
                            ("tag", "Tag"),
                        ],
                        max_length=12,
                    ),
                ),
                (
                    "item",
                    models.BigIntegerField(
                        help_text="The party's, person's, outlet's or tag's id; a year."
                    ),
                ),
                ("n", models.IntegerField(default=0)),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("dimension", "item"), name="facetcount_unique")
                ],
            },
        ),
        migrations.RunPython(create, drop),
    ]
