"""Count the published articles by party, person, outlet, year and tag again.

The database keeps these counts itself (archive.counts); a recount is only
needed after the counts table was changed by hand or restored on its own.
"""

from django.core.management.base import BaseCommand
from django.db import connection

from archive import counts
from archive.models import FacetCount


def kept():
    rows = FacetCount.objects.values_list("dimension", "item", "n")
    return {(dimension, item): n for dimension, item, n in rows}


class Command(BaseCommand):
    help = "Count the published articles by party, person, outlet, year and tag again."

    def handle(self, *args, **options):
        before = kept()
        counts.rebuild(connection)
        after = kept()
        changed = sum(
            1 for key in before.keys() | after.keys() if before.get(key) != after.get(key)
        )
        total = after.get(("all", 0), 0)
        self.stdout.write(
            f"Counted {total:,} published articles into {len(after):,} counts; "
            f"{changed:,} differed from the kept ones."
        )
