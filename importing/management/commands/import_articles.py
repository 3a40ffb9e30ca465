"""Import scraped news texts (.txt) and web pages (.html) as articles.

Editors point this at files and folders of scraped pages. Each file goes
through the pipeline in importing/ in a transaction of its own, so a
bad file leaves nothing behind and the rest of the batch carries on; the
report lists every failure as `FILE: reason` and the exit status is 1 when any
file failed. `--dry-run --json` prints what each file would give, one JSON
object per line, and writes nothing.
"""

import itertools
import json
import os
from collections import Counter

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from archive import dbstats
from archive.models import Article
from importing.batch import Importer
from importing.draft import ArticleDraft
from importing.reading import printable, walk
from importing.store import FileOutcome

# Fewer files than this are read in this process: starting workers costs more.
SERIAL_BELOW = 50


def default_jobs():
    return min(os.cpu_count() or 1, 8)


class Command(BaseCommand):
    help = "Import scraped news texts (.txt) and web pages (.html) from files and folders."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--dry-run", action="store_true", help="Write nothing.")
        parser.add_argument(
            "--json", action="store_true", help="One JSON object per file on standard output."
        )
        parser.add_argument(
            "--status",
            choices=[s.value for s in Article.Status if s != Article.Status.WITHDRAWN],
            default=Article.Status.DRAFT,
            help="Status of newly imported articles (default: draft).",
        )
        parser.add_argument("--publication", help="The outlet, whatever the texts say.")
        parser.add_argument(
            "--update",
            action="store_true",
            help="Re-read files imported before, unless an editor has changed the article.",
        )
        parser.add_argument("--fail-fast", action="store_true", help="Stop at the first failure.")
        parser.add_argument(
            "--jobs",
            type=int,
            help="Processes reading the texts while this one stores them "
            f"(default: one per CPU, {default_jobs()} here; 1 reads them in this process).",
        )

    def handle(self, *args, **options):
        paths, dry_run, fail_fast = options["paths"], options["dry_run"], options["fail_fast"]
        verbosity = options["verbosity"]
        as_json = options["json"]
        report = self.stderr if as_json else self.stdout
        importer = Importer(
            status=options["status"],
            publication=options["publication"],
            update=options["update"],
            dry_run=dry_run,
        )
        if options["jobs"] is not None and options["jobs"] < 1:
            raise CommandError("--jobs must be 1 or more.")
        # A first walk counts the files and finds the paths that cannot be read at all;
        # the second streams the rest to the importer, so memory stays flat.
        total, refused = 0, []
        for path, error in walk(paths):
            total += 1
            if error:
                refused.append(FileOutcome(printable(path), "failed", error=error))
        jobs = options["jobs"] or (default_jobs() if total >= SERIAL_BELOW else 1)
        progress = None
        if verbosity > 0 and total > 20:
            from tqdm import tqdm

            progress = tqdm(total=total, unit="file", file=self.stderr._out, disable=None)

        counts = Counter()
        failures, kept = [], []
        readable = (path for path, error in walk(paths) if not error)
        for outcome in itertools.chain(refused, importer.import_paths(readable, jobs=jobs)):
            counts[outcome.result] += 1
            if outcome.result == "failed":
                failures.append(str(outcome))
            elif outcome.result == "kept":
                kept.append(str(outcome))
            if as_json:
                self.stdout.write(_json_line(outcome))
            elif verbosity > 1 and outcome.result != "failed":
                report.write(f"  {outcome}")
            if progress is not None:
                progress.update()
            if fail_fast and outcome.result == "failed":
                break
        if progress is not None:
            progress.close()
        stored = counts["imported"] + counts["updated"]
        if not dry_run and stored >= SERIAL_BELOW:
            dbstats.tidy(connection, stored)

        if verbosity > 0 or failures:
            for line in kept:
                report.write(self.style.WARNING(f"  {line}"))
            for line in failures:
                report.write(self.style.ERROR(f"  {line}"))
            verb = "would import" if dry_run else "imported"
            summary = (
                f"{verb} {counts['imported']}, updated {counts['updated']}, "
                f"unchanged {counts['unchanged']}, duplicates {counts['duplicate']}, "
                f"kept {counts['kept']}, failed {counts['failed']}"
            )
            style = self.style.ERROR if failures else self.style.SUCCESS
            report.write(style(summary + (" (dry run: nothing written)" if dry_run else "")))
        if failures:
            raise CommandError(f"{len(failures)} file(s) failed", returncode=1)


_JSON_STATUS = {"failed": "error", "duplicate": "skipped"}


def _json_line(outcome):
    status = _JSON_STATUS.get(outcome.result, "ok")
    # Every line carries every key of the contract, an error line with empty fields.
    draft = outcome.draft or ArticleDraft(source_name=outcome.file)
    data = draft.as_json(outcome.file, status=status, error=outcome.error)
    data["result"] = outcome.result
    if outcome.article is not None and outcome.article.pk:
        data["article"] = outcome.article.slug
    return json.dumps(data, ensure_ascii=False)
