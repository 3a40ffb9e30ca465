"""Load the reference registry of people, parties and outlets.

Editors keep the registry in a TOML file (fixtures/registry.toml by default).
Loading is idempotent: entries are matched by slug; what the file changed since
its last load is updated, what editors changed in the admin is kept, and a field
both changed is reported as a conflict and left as the archive has it (--force
takes the file's side). A file with a mistake in it loads nothing at all.
"""

from django.core.management.base import BaseCommand, CommandError

from archive.registry import DEFAULT_REGISTRY, RegistryError, load_registry


class Command(BaseCommand):
    help = "Load people, parties, affiliations and publications from a registry TOML file."

    def add_arguments(self, parser):
        parser.add_argument("path", nargs="?", default=str(DEFAULT_REGISTRY))
        parser.add_argument(
            "--force",
            action="store_true",
            help="Where the file and an editor both changed a field, take the file's value.",
        )

    def handle(self, *args, path, **options):
        try:
            report = load_registry(path, force=options["force"])
        except RegistryError as err:
            raise CommandError(str(err)) from err
        verbosity = options["verbosity"]
        for line in report.merged:
            self.stdout.write(f"  kept merged: {line}")
        if report.conflicts:
            self.stdout.write(
                self.style.WARNING(
                    f"{len(report.conflicts)} field(s) changed both in the file and by editors, "
                    "left as the archive has them (--force takes the file's):"
                )
            )
            for line in report.conflicts:
                self.stdout.write(self.style.WARNING(f"  {line}"))
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
