"""Back up the archive's database to a file, or restore it from one.

    python manage.py backup_archive var/backups/archive-2024-03-03.sqlite3
    python manage.py backup_archive --restore var/backups/archive-2024-03-03.sqlite3

SQLite is copied with its online backup API, so the site keeps serving; on
PostgreSQL the file is a pg_dump custom-format archive restored by pg_restore.
"""

from django.core.management.base import BaseCommand, CommandError

from archive import backup as archive_backup


class Command(BaseCommand):
    help = "Back up the database to FILE, or with --restore replace its contents from FILE."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument(
            "--restore", action="store_true", help="Restore from FILE (replaces all data)."
        )

    def handle(self, *args, file, **options):
        try:
            if options["restore"]:
                done = archive_backup.restore(file)
                aside = (
                    f"; the database before it is kept in {done.kept_aside}"
                    if done.kept_aside
                    else ""
                )
                self.stdout.write(
                    self.style.SUCCESS(
                        f"Restored the archive from {file}: {done.articles:,} articles, "
                        f"sha256 {done.checksum[:16]}…{aside}."
                    )
                )
            else:
                archive_backup.backup(file)
                self.stdout.write(self.style.SUCCESS(f"Backed up the archive to {file}."))
        except archive_backup.BackupError as err:
            raise CommandError(str(err)) from err
