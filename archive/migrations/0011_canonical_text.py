"""Store every article's text in canonical form (archive.models.canonical_text).

Bodies saved from the admin before it kept them with Windows line ends, which
split into one paragraph on the public page and in the API. Only the rows with
a carriage return or a space before a line end are rewritten, a batch at a time.
"""

from django.db import migrations
from django.db.models import Q

FIELDS = ("title", "subtitle", "byline", "dateline", "caption", "highlights", "body")


def repair(apps, schema_editor):
    from archive.models import canonical_text

    Article = apps.get_model("archive", "Article")
    damaged = Q()
    for name in FIELDS:
        damaged |= (
            Q(**{f"{name}__contains": "\r"})
            | Q(**{f"{name}__contains": " \n"})
            | Q(**{f"{name}__endswith": " "})
        )
    ids = list(Article.objects.filter(damaged).values_list("pk", flat=True))
    for start in range(0, len(ids), 500):
        for article in Article.objects.filter(pk__in=ids[start : start + 500]).only(*FIELDS):
            fixed = {name: canonical_text(getattr(article, name)) for name in FIELDS}
            changed = {k: v for k, v in fixed.items() if v != getattr(article, k)}
            if changed:
                Article.objects.filter(pk=article.pk).update(**changed)


class Migration(migrations.Migration):
    dependencies = [("archive", "0010_article_vector_inline")]

    operations = [migrations.RunPython(repair, migrations.RunPython.noop, elidable=True)]
