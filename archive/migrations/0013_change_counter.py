"""A change counter kept by triggers (see archive.changes), so the cache's
version moves with every change, however it is made."""

from django.db import migrations

from archive import changes


def create(apps, schema_editor):
    for statement in changes.create_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


def drop(apps, schema_editor):
    for statement in changes.drop_statements(schema_editor.connection.vendor):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("archive", "0012_unicode_slugs"),
        ("taggit", "0006_rename_taggeditem_content_type_object_id_taggit_tagg_content_8fc721_idx"),
    ]

    operations = [migrations.RunPython(create, drop)]
