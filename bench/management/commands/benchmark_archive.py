"""Benchmark the archive at newsroom scale on whatever DATABASE_URL names.

Builds (or reuses) a generated corpus of scraped texts with a registry of 2,000
people and 50 parties, imports it through the real pipeline, and times the
public pages as a reader gets them, with the SQL each needs. It refuses to put
the corpus into a database that already holds articles: point DATABASE_URL at
an empty one (``migrate`` first), or pass --skip-import to time a database as
it is. See the README's "Performance" for the commands and the figures.

    python manage.py benchmark_archive --articles 100000 --json bench/results/sqlite-100k.json
    python manage.py benchmark_archive --plot bench/results/latency.svg bench/results/*.json
"""

import gc
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import django
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from archive import dbstats
from archive.models import Article
from bench import corpus, load, measure, report
from importing.management.commands.import_articles import default_jobs

REFERENCE_ARTICLES = 300


def python_speed_ms():
    """Milliseconds a plain Python loop of a million additions takes: how fast this
    machine runs Python right now. A shared machine's speed varies (seen here:
    the same loop twice as slow an hour later), so every result carries it."""
    best = None
    for _ in range(5):
        started = time.perf_counter()
        total = 0
        for i in range(1_000_000):
            total += i
        elapsed = (time.perf_counter() - started) * 1000
        best = elapsed if best is None else min(best, elapsed)
    return round(best, 1)


def peak_memory_mb():
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


class Command(BaseCommand):
    help = (
        "Generate a corpus of N scraped articles, import it, and time the public pages "
        "(median, p95, SQL queries); or, with --plot, draw earlier results."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, help="How many articles (N).")
        parser.add_argument("--json", help="Write the results to this file.")
        parser.add_argument("--seed", type=int, default=1, help="Corpus seed (default 1).")
        parser.add_argument(
            "--corpus", help="Corpus folder (default bench/corpus/N-SEED/, reused when complete)."
        )
        parser.add_argument(
            "--skip-import", action="store_true", help="Time the database as it is."
        )
        parser.add_argument(
            "--repeat", type=int, default=20, help="Timed requests per page (default 20)."
        )
        parser.add_argument(
            "--import-limit",
            type=int,
            default=20_000,
            help="Files imported (and timed) through the importer; the rest are "
            "bulk-loaded, not timed (default 20,000).",
        )
        parser.add_argument(
            "--jobs",
            type=int,
            default=default_jobs(),
            help=f"Pipeline worker processes, as import_articles (default {default_jobs()}).",
        )
        parser.add_argument(
            "--load-only",
            action="store_true",
            help="Build the database and stop; time it later with --skip-import.",
        )
        parser.add_argument(
            "--analyze",
            action="store_true",
            help="Run ANALYZE before timing (SQLite keeps no statistics unless asked).",
        )
        parser.add_argument(
            "--compare",
            help="A result file of another size: fail when a page's query count differs.",
        )
        parser.add_argument(
            "--no-check-constant",
            dest="check_constant",
            action="store_false",
            help=f"Skip comparing query counts with a {REFERENCE_ARTICLES}-article run.",
        )
        parser.add_argument(
            "--plot", metavar="FILE.svg", help="Draw the result files given as arguments."
        )
        parser.add_argument("results", nargs="*", help="Result files, with --plot.")

    def handle(self, *args, **options):
        self.verbosity = options["verbosity"]
        # The timed requests all come from one client: no per-client search limit.
        settings.NEWSROOM_SEARCHES_PER_MINUTE = 10**9
        if options["plot"]:
            return self.plot(options["plot"], options["results"])
        if options["results"]:
            raise CommandError("Result files are only read with --plot.")
        articles = options["articles"]
        if not articles or articles < 1:
            raise CommandError("Give the corpus size with --articles N.")
        if options["repeat"] < 1:
            raise CommandError("--repeat must be at least 1.")

        load_before = os.getloadavg()
        result = {
            "database": self.database_name(),
            "articles": articles,
            "seed": options["seed"],
            "machine": {
                "cpus": os.cpu_count(),
                "python": platform.python_version(),
                "django": django.get_version(),
                "load_before": [round(x, 2) for x in load_before],
                "python_loop_ms_before": python_speed_ms(),
            },
        }
        if options["skip_import"]:
            result["import"] = self.earlier_import(options["json"], result["database"])
        else:
            result["import"] = self.build(articles, options)
        result["articles"] = Article.objects.count()
        if options["load_only"]:
            if options["json"]:
                self.write_json(options["json"], result)
            return
        result["analyzed"] = not options["skip_import"] or self.has_statistics()
        if options["analyze"]:
            self.say("ANALYZE…")
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE")
            result["analyzed"] = True

        self.say("Timing the pages…")
        # What the import left in this process is no server worker's: kept out of
        # the garbage collector's walks, which made every page up to twice as slow.
        gc.collect()
        gc.freeze()
        pages, facts = measure.choose_pages()
        result["published"] = facts["published"]
        result["pages"], result["raw_sql"] = measure.time_pages(
            pages, options["repeat"], progress=self.page_done
        )
        result["machine"]["load_after"] = [round(x, 2) for x in os.getloadavg()]
        result["machine"]["python_loop_ms_after"] = python_speed_ms()
        result["peak_memory_mb"] = peak_memory_mb()
        result["database_mb"] = self.database_size_mb()

        if self.verbosity:
            self.stdout.write(report.table(result))
            self.stdout.write(
                f"{result['database']}, {result['articles']:,} articles "
                f"({result['published']:,} published), database {result['database_mb']:,} MB; "
                f"{'ANALYZE run' if result['analyzed'] else 'no ANALYZE'}; "
                f"peak memory {result['peak_memory_mb']} MB; load {load_before[0]:.2f} before, "
                f"{result['machine']['load_after'][0]:.2f} after; a Python loop of a million "
                f"additions {result['machine']['python_loop_ms_before']} ms before, "
                f"{result['machine']['python_loop_ms_after']} ms after "
                "(p50/p95 warm, rendered; cold = cache emptied before each request; "
                "served = p50 from the page cache; "
                "queries warm/cold; page/SQL = page p50 over all its SQL run raw)."
            )

        problems = []
        if options["compare"]:
            reference = json.loads(Path(options["compare"]).read_text())
            problems += measure.compare_query_counts(reference, result)
        if options["check_constant"] and result["articles"] > REFERENCE_ARTICLES:
            reference = self.reference_run(options["seed"])
            result["reference_queries"] = {
                name: [page["queries"], page["cold_queries"]]
                for name, page in reference["pages"].items()
            }
            problems += measure.compare_query_counts(reference, result)
        result["query_count_problems"] = problems
        if options["json"]:
            self.write_json(options["json"], result)

        failed = [name for name, page in result["pages"].items() if page["status"] != [200]]
        if failed:
            raise CommandError(
                "Pages that did not answer 200: "
                + ", ".join(
                    f"{n} ({result['pages'][n]['url']}: {result['pages'][n]['status']})"
                    for n in failed
                )
            )
        if problems:
            raise CommandError("Query counts depend on the archive's size:\n" + "\n".join(problems))
        if self.verbosity:
            self.stdout.write(
                self.style.SUCCESS("Every page answered 200; query counts are constant.")
            )

    # -- building the database -------------------------------------------

    def build(self, articles, options):
        if Article.objects.exists():
            raise CommandError(
                f"The database already holds {Article.objects.count():,} articles. Point "
                "DATABASE_URL at an empty database (and migrate it), or pass --skip-import "
                "to time this one as it is."
            )
        seed = options["seed"]
        folder = Path(
            options["corpus"]
            or load.corpus_folder(Path(settings.BASE_DIR) / "bench" / "corpus", articles, seed)
        )
        generator = corpus.Generator(seed)
        texts = corpus.Corpus(folder, articles, seed)
        timed = min(articles, options["import_limit"])
        reused = texts.complete
        if reused:
            self.say(f"Corpus in {folder} (reused).")
        else:
            # The texts past the timed import are written as they are bulk-loaded.
            self.say(f"Corpus in {folder}: writing {timed:,} texts…")
            texts.write_texts(
                generator, range(timed), progress=lambda n: self.say(f"  {n:,} written", 2)
            )
        if load.store_generated_registry(generator.registry):
            self.say("Registry stored: 2,000 people, 50 parties, 8 publications.")

        self.say(f"Pipeline alone over {timed:,} files…")
        jobs = options["jobs"]
        pipeline = load.time_pipeline(folder, timed, generator.registry, jobs)
        self.say(
            f"  {pipeline['files_per_s']:,} files/s in {jobs} worker processes; "
            f"{pipeline['one_process_files_per_s']:,} files/s in one"
        )
        self.say(f"Importing {timed:,} files, one transaction each…")
        stored = load.import_files(
            folder,
            timed,
            jobs,
            progress=lambda n, s: self.say(f"  {n:,} files, {n / s:,.0f} files/s", 2),
        )
        self.say(f"  {stored['files_per_s']:,} files/s; {stored['results']}")
        for failure in stored["failures"]:
            self.stderr.write(f"  {failure}")
        withdrawn = load.withdraw(generator, timed, folder)
        agreement = load.check_import(generator, timed, folder)
        self.say(
            f"  {agreement['as_generated']} of {agreement['checked']} sampled articles read "
            "as generated (title, date, outlet, people, parties)"
        )
        filled = None
        if articles > timed:
            self.say(f"Bulk-loading articles {timed:,} to {articles:,} (not timed)…")
            filled = load.bulk_fill(
                seed,
                timed,
                articles,
                corpus=None if reused else texts,
                progress=lambda n, s: self.say(f"  {n:,} articles, {s:,.0f} s", 2),
            )
            self.say(f"  {filled['wall_s']:,} s")
        if not reused:
            texts.mark_complete()
        # What import_articles does after a batch (the bulk load is a batch too), and
        # on PostgreSQL what autovacuum does within minutes of a bulk load: without
        # the visibility map no index-only scan, and the first reads of every page
        # write its hint bits (a deep page took 59 ms against 32 after VACUUM).
        self.say("Merging the text index and refreshing the planner's statistics…")
        dbstats.tidy(connection, articles)
        if connection.vendor == "postgresql" and not connection.in_atomic_block:
            # VACUUM cannot run in a transaction (a test's), where ANALYZE must do.
            with connection.cursor() as cursor:
                cursor.execute("VACUUM (ANALYZE)")
        return {
            "files_per_s": stored["files_per_s"],
            "pipeline_files_per_s": pipeline["files_per_s"],
            "pipeline_one_process_files_per_s": pipeline["one_process_files_per_s"],
            "pipeline_cpu_files_per_s": pipeline["cpu_files_per_s"],
            "pipeline": pipeline,
            "store": stored,
            "withdrawn": withdrawn,
            "read_as_generated": agreement,
            "bulk_loaded_not_timed": filled,
            "corpus": str(folder),
            "peak_memory_mb": peak_memory_mb(),
        }

    # -- the reference run -----------------------------------------------

    def reference_run(self, seed):
        """The same benchmark on a small archive in a throwaway database of the same
        kind, in another process; returns its results."""
        self.say(f"Query counts of a {REFERENCE_ARTICLES}-article archive, for comparison…")
        manage = str(Path(settings.BASE_DIR) / "manage.py")
        with tempfile.TemporaryDirectory(prefix="benchmark-reference-") as tmp:
            env = dict(os.environ)
            dropped = None
            if connection.vendor == "sqlite":
                env["DATABASE_URL"] = f"sqlite:///{tmp}/reference.sqlite3"
            elif connection.vendor == "postgresql" and env.get("DATABASE_URL"):
                name = f"{connection.settings_dict['NAME']}_benchmark_reference"
                with connection.cursor() as cursor:
                    cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
                    cursor.execute(f'CREATE DATABASE "{name}"')
                dropped = name
                parts = urlsplit(env["DATABASE_URL"])
                env["DATABASE_URL"] = urlunsplit(parts._replace(path=f"/{name}"))
            else:
                raise CommandError(
                    "A reference run needs SQLite or DATABASE_URL; pass --no-check-constant."
                )
            try:
                for command in (
                    ["migrate", "-v0"],
                    [
                        "benchmark_archive",
                        f"--articles={REFERENCE_ARTICLES}",
                        f"--seed={seed}",
                        "--repeat=2",
                        f"--corpus={tmp}/corpus",
                        f"--json={tmp}/reference.json",
                        "--no-check-constant",
                        "-v0",
                    ],
                ):
                    done = subprocess.run(
                        [sys.executable, manage, *command],
                        env=env,
                        capture_output=True,
                        text=True,
                    )
                    if done.returncode and not Path(f"{tmp}/reference.json").exists():
                        raise CommandError(
                            f"The reference run failed ({' '.join(command[:1])}):\n{done.stderr[-2000:]}"
                        )
                return json.loads(Path(f"{tmp}/reference.json").read_text())
            finally:
                if dropped:
                    with connection.cursor() as cursor:
                        cursor.execute(f'DROP DATABASE IF EXISTS "{dropped}"')

    # -- reporting -------------------------------------------------------

    def write_json(self, path, result):
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        Path(path).write_text(json.dumps(result, indent=2, default=str) + "\n")
        self.say(f"Wrote {path}.")

    def earlier_import(self, path, database):
        """The import figures in the result file of the run that built this
        database (--load-only), kept when the pages are timed with --skip-import."""
        try:
            earlier = json.loads(Path(path).read_text()) if path else {}
        except (OSError, ValueError):
            return None
        if earlier.get("database") == database and earlier.get("import"):
            self.say(f"Import figures kept from {path}.")
            return earlier["import"]
        return None

    def page_done(self, name, page, raw):
        if self.verbosity >= 2:
            self.stdout.write(
                f"  {name}: p50 {page['p50_ms']} ms, cold {page['cold_p50_ms']} ms, "
                f"{page['queries']}/{page['cold_queries']} queries, status {page['status']}"
            )

    def say(self, text, level=1):
        if self.verbosity >= level:
            self.stdout.write(text)

    def database_name(self):
        if connection.vendor == "sqlite":
            return f"sqlite {connection.Database.sqlite_version}"
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SHOW server_version")
                return f"postgresql {cursor.fetchone()[0].split()[0]}"
        return connection.vendor

    def has_statistics(self):
        """Whether the planner has statistics (SQLite keeps none unless asked)."""
        if connection.vendor != "sqlite":
            return connection.vendor == "postgresql"
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1 FROM sqlite_master WHERE name = 'sqlite_stat1'")
            if cursor.fetchone() is None:
                return False
            cursor.execute("SELECT 1 FROM sqlite_stat1 WHERE tbl = 'archive_article'")
            return cursor.fetchone() is not None

    def database_size_mb(self):
        if connection.vendor == "sqlite":
            name = Path(str(connection.settings_dict["NAME"]))
            files = [name, name.with_name(name.name + "-wal")]
            return round(sum(f.stat().st_size for f in files if f.exists()) / 2**20, 1)
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_database_size(current_database())")
                return round(cursor.fetchone()[0] / 2**20, 1)
        return None

    def plot(self, target, files):
        if not files:
            raise CommandError("Give the result files to draw after --plot FILE.svg.")
        try:
            results = [json.loads(Path(f).read_text()) for f in files]
        except (OSError, ValueError) as err:
            raise CommandError(f"Cannot read a result file: {err}") from err
        Path(target).write_text(report.plot(results))
        self.say(report.comparison(results))
        self.say(f"Wrote {target} from {len(results)} results.")
