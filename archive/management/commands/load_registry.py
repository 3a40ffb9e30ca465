"""Load the reference registry of people, parties and outlets.

Editors keep the registry in a TOML file (fixtures/registry.toml by default).
Loading is idempotent: entries are matched by slug and updated in place, and a
file with a mistake in it loads nothing at all.
"""

from django.core.management.base import BaseCommand, CommandError

from archive.registry import DEFAULT_REGISTRY, RegistryError, load_registry


class Command(BaseCommand):
    help = "Load people, parties, affiliations and publications from a registry TOML file."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_REGISTRY))

    def handle(self, *args, path, **options):
        try:
            report = load_registry(path)
        except RegistryError as err:
            raise CommandError(str(err)) from err
        verbosity = options["verbosity"]
        if not report.changed:
            self.stdout.write(
                f"Registry unchanged ({report.unchanged} entries already up to date)."
            )
            return
        if verbosity > 1:
            for line in report.created:
                self.stdout.write(f"  created {line}")
            for line in report.updated:
                self.stdout.write(f"  updated {line}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Registry loaded: {len(report.created)} created, {len(report.updated)} updated, "
                f"{report.unchanged} unchanged."
            )
        )
        if report.updated:
            self.stdout.write(
                "Run `manage.py relink_articles` to apply changed aliases to articles."
            )
