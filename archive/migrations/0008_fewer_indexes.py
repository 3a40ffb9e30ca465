"""Drop indexes that others already cover, which every imported file wrote to.

The link tables' own indexes on article and on person or party are the first
columns of article_person_unique / articleperson_person_article (and the party
twins); the article's outlet index of article_publication_date; a comment's
article of comment_article_state. The history needs no slug, hash or outlet
index. Only the indexes go: on SQLite, AlterField would rebuild each table, and
with it lose the triggers of the text index and the counts.
"""

import django.db.models.deletion
from django.db import migrations, models


DROPPED = [
    ("article", "publication"),
    ("articleparty", "article"),
    ("articleparty", "party"),
    ("articleperson", "article"),
    ("articleperson", "person"),
    ("comment", "article"),
    ("historicalarticle", "content_hash"),
    ("historicalarticle", "publication"),
    ("historicalarticle", "slug"),
]


def single_column_indexes(schema_editor, model, field):
    return schema_editor._constraint_names(model, [field.column], index=True, unique=False)


def drop(apps, schema_editor):
    for model_name, field_name in DROPPED:
        model = apps.get_model("archive", model_name)
        field = model._meta.get_field(field_name)
        for name in single_column_indexes(schema_editor, model, field):
            schema_editor.execute(schema_editor._delete_index_sql(model, name))


def create(apps, schema_editor):
    for model_name, field_name in DROPPED:
        model = apps.get_model("archive", model_name)
        field = model._meta.get_field(field_name)
        if not single_column_indexes(schema_editor, model, field):
            schema_editor.execute(schema_editor._create_index_sql(model, fields=[field]))


class Migration(migrations.Migration):

    dependencies = [
        ('archive', '0007_search_automerge'),
    ]

    state_operations = [
        migrations.AlterField(
            model_name='article',
            name='publication',
            field=models.ForeignKey(blank=True, db_index=False, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='articles', to='archive.publication'),
        ),
        migrations.AlterField(
            model_name='articleparty',
            name='article',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='party_links', to='archive.article'),
        ),
        migrations.AlterField(
            model_name='articleparty',
            name='party',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='article_links', to='archive.party'),
        ),
        migrations.AlterField(
            model_name='articleperson',
            name='article',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='person_links', to='archive.article'),
        ),
        migrations.AlterField(
            model_name='articleperson',
            name='person',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='article_links', to='archive.person'),
        ),
        migrations.AlterField(
            model_name='comment',
            name='article',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='comments', to='archive.article'),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='content_hash',
            field=models.CharField(editable=False, max_length=64),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='publication',
            field=models.ForeignKey(blank=True, db_constraint=False, db_index=False, null=True, on_delete=django.db.models.deletion.DO_NOTHING, related_name='+', to='archive.publication'),
        ),
        migrations.AlterField(
            model_name='historicalarticle',
            name='slug',
            field=models.SlugField(db_index=False, max_length=220),
        ),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=state_operations,
            database_operations=[migrations.RunPython(drop, create)],
        )
    ]
