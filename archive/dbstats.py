"""The statistics the database plans its queries with, brought up to date.

Without them SQLite guesses that "status = 'published'" narrows the articles
down, and answers a search's count by probing the text index once for every
published article (minutes at a million) instead of reading the matches. PostgreSQL's
autovacuum keeps its own; SQLite keeps none until asked. import_articles asks
after a batch (tidy, which also merges SQLite's text index), the benchmark after
building its archive.
"""

from contextlib import contextmanager

ROWS_SAMPLED = 1000  # SQLite's analysis_limit: rows read per index, seconds at a million


def refresh(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={ROWS_SAMPLED}")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")


# Pages of merging a batch may ask of SQLite's text index per file it imported.
MERGE_PAGES_PER_FILE = 10


def tidy(connection, files):
    """After importing ``files`` files: merge the small segments of SQLite's text
    index that one transaction per file left (migration 0007), in work bounded by
    the batch (0.14 s after 4,000 files), then refresh the statistics."""
    if connection.vendor == "sqlite" and files:
        with connection.cursor() as cursor:
            cursor.execute(
                "INSERT INTO archive_article_fts(archive_article_fts, rank) VALUES ('merge', %s)",
                [files * MERGE_PAGES_PER_FILE],
            )
    refresh(connection)


# SQLite's default: copy the write-ahead log back into the database every 1,000
# pages (4 MB), and sync the file each time.
CHECKPOINT_PAGES = 1000
IMPORT_CHECKPOINT_PAGES = 10_000


@contextmanager
def importing(connection):
    """While a batch imports, SQLite checkpoints every 40 MB instead of every 4:
    a file writes dozens of pages, so the default checkpointed every 25 files,
    writing the same index pages again each time (13% of the store's time)."""
    if connection.vendor != "sqlite":
        yield
        return
    with connection.cursor() as cursor:
        cursor.execute(f"PRAGMA wal_autocheckpoint={IMPORT_CHECKPOINT_PAGES}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA wal_autocheckpoint={CHECKPOINT_PAGES}")
