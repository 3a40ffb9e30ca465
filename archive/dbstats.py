"""The statistics the database plans its queries with, brought up to date.

Without them SQLite guesses that "status = 'published'" narrows the articles
down, and answers a search's count by probing the text index once for every
published article (minutes at a million) instead of reading the matches. PostgreSQL's
autovacuum keeps its own; SQLite keeps none until asked. import_articles asks
after a batch, the benchmark after building its archive.
"""

ROWS_SAMPLED = 1000  # SQLite's analysis_limit: rows read per index, seconds at a million


def refresh(connection):
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute(f"PRAGMA analysis_limit={ROWS_SAMPLED}")
            cursor.execute("ANALYZE")
        elif connection.vendor == "postgresql":
            cursor.execute("ANALYZE")
