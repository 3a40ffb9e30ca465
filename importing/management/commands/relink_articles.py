"""Link every article to people and parties again after the registry changed.

Links an editor made by hand are kept; the importer's own links are replaced
by what the registry finds now. Articles are read in batches by primary key,
so memory stays flat however large the archive.
"""

from django.core.management.base import BaseCommand
from django.db import transaction

from archive.models import Article
from importing.batch import relink_article
from importing.store import BatchLookups, linker_from_database

BATCH = 500


class Command(BaseCommand):
    help = "Re-run people and party linking on every article, keeping editors' own links."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count, write nothing.")

    def handle(self, *args, dry_run, **options):
        linker, registry = linker_from_database(), BatchLookups()
        done, last = 0, 0
        while True:
            batch = list(
                Article.objects.filter(pk__gt=last)
                .order_by("pk")
                .only("pk", "title", "subtitle", "highlights", "body", "source_name")[:BATCH]
            )
            if not batch:
                break
            for article in batch:
                if dry_run:
                    linker.link([article.subtitle, *article.highlight_list, *article.paragraphs])
                else:
                    with transaction.atomic():
                        relink_article(article, linker, registry)
                done += 1
            last = batch[-1].pk
        verb = "Would relink" if dry_run else "Relinked"
        self.stdout.write(self.style.SUCCESS(f"{verb} {done} articles."))
