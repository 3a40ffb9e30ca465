"""The import pipeline: read → segment → extract → link → store.

Everything up to `store` is plain Python without a database (see `process`);
the management command, the admin upload and the benchmark all go through
`Importer`, which holds what a batch needs (the linker, the registry lookups).
"""

import itertools
import logging
import multiprocessing
import os
from collections import deque
from pathlib import Path

from django.db import DatabaseError

from .draft import ArticleDraft, CommentDraft, RemovedLine
from .extract import process
from .link import Linker
from .reading import SUFFIXES, Refused

logger = logging.getLogger(__name__)

# The store needs Django's models; import it only when a batch touches the database,
# so the pure steps can be used (and tested) without a configured project.

__all__ = [
    "ArticleDraft",
    "CommentDraft",
    "Importer",
    "Linker",
    "Refused",
    "RemovedLine",
    "SUFFIXES",
    "import_source",
    "process",
    "relink_article",
]


class Importer:
    """One batch of imports: the registry is read once, then every file reuses it."""

    def __init__(self, *, status="draft", publication=None, update=False, dry_run=False):
        from django.conf import settings

        from .store import Registry

        self.status = status
        self.publication = publication
        self.update = update
        self.dry_run = dry_run
        self.linker = Linker.from_database()
        self.registry = Registry()
        self.outlets = self.registry.publication_names()
        self.max_bytes = getattr(settings, "NEWSROOM_MAX_IMPORT_BYTES", None)

    def draft(self, name, data):
        """The pure pipeline for one file (raises Refused with a one-line reason)."""
        try:
            return process(name, data, self.linker, self.outlets, self.max_bytes)
        except Refused:
            raise
        except (ValueError, UnicodeError, RecursionError) as err:
            raise Refused(f"cannot read the text: {err}") from err
        except Exception as err:  # a fault in the pipeline must not stop the batch
            logger.exception("the import pipeline failed on %s", name)
            raise Refused(
                f"the importer failed on this file ({type(err).__name__}: {err})"
            ) from err

    def import_source(self, name, data):
        """Import one file's bytes; never raises for bad input, returns a FileOutcome."""
        from .store import FileOutcome

        try:
            draft = self.draft(name, data)
        except Refused as err:
            return FileOutcome(name, "failed", error=str(err))
        return self.import_draft(name, draft)

    def import_draft(self, name, draft):
        """Store a draft the pipeline made (in this process or a worker)."""
        from archive.models import Article

        from .store import FileOutcome, content_hash, known_result, store_draft

        if self.publication:
            draft.publication = self.publication
        if self.dry_run:
            same = (
                Article.objects.filter(content_hash=content_hash(draft.body))
                .only("pk", "title", "source_name")
                .first()
            )
            if same is None:
                return FileOutcome(name, "imported", draft=draft)
            return FileOutcome(name, known_result(same, name), same, draft=draft)
        try:
            return store_draft(
                draft,
                registry=self.registry,
                status=self.status,
                publication=self.publication,
                update=self.update,
            )
        except DatabaseError as err:
            # The file's transaction has rolled back; the batch goes on.
            logger.exception("storing %s failed", name)
            return FileOutcome(name, "failed", error=f"could not be stored: {err}")

    def import_paths(self, paths, jobs=1):
        """Import files in their order, yielding a FileOutcome for each.

        With jobs > 1 the pure pipeline runs in worker processes (see draft_paths)
        while this process stores the drafts, each file still in a transaction of
        its own.
        """
        from django.db import connection

        from archive import dbstats

        from .store import FileOutcome

        with dbstats.importing(connection):
            for name, draft, error in draft_paths(self, paths, jobs):
                if draft is None:
                    yield FileOutcome(name, "failed", error=error)
                else:
                    yield self.import_draft(name, draft)


def draft_paths(drafter, paths, jobs=1):
    """``(name, draft or None, error or None)`` for each path, in order.

    ``drafter.draft(name, data)`` is the pure pipeline (an Importer's, or the
    benchmark's). With jobs > 1 it runs in that many forked worker processes,
    which find the drafter where the fork left it and never touch the database;
    at most a few chunks of drafts wait in memory however many files come.
    """
    global _FORKED
    if jobs <= 1:
        for path in paths:
            yield from _draft_files([path], drafter)
        return
    _FORKED = drafter
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(jobs, initializer=os.nice, initargs=(WORKER_NICENESS,)) as pool:
            chunks = _chunks(paths, CHUNK)
            ahead = deque(
                pool.apply_async(_draft_files, (chunk,))
                for chunk in itertools.islice(chunks, jobs * AHEAD)
            )
            while ahead:
                done = ahead.popleft().get()
                for chunk in itertools.islice(chunks, 1):
                    ahead.append(pool.apply_async(_draft_files, (chunk,)))
                yield from done
    finally:
        _FORKED = None


_FORKED = None  # the drafter of the worker processes, inherited through the fork
CHUNK = 16  # files a worker drafts at a time
# The one process that stores is the slower side; drafting workers that keep up
# with it need less than the CPU they would take at equal priority (two of three
# runnable processes on two cores). Niced, they use what it leaves: 5% more files
# stored a second over 20,000 files in two workers.
WORKER_NICENESS = 10
AHEAD = 3  # chunks per worker drafted ahead of the store, at most


def _chunks(items, size):
    items = iter(items)
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def _draft_files(paths, drafter=None):
    """[(name, draft or None, error or None)] for a chunk of files."""
    drafter = drafter or _FORKED
    results = []
    for path in paths:
        name = str(path)
        try:
            data = Path(path).read_bytes()
            results.append((name, drafter.draft(name, data), None))
        except OSError as err:
            results.append((name, None, f"cannot read the file: {err.strerror}"))
        except Refused as err:
            results.append((name, None, str(err)))
    return results


def import_source(name, data, *, status="draft", publication=None, update=False):
    """Import one file's bytes (the admin upload uses this)."""
    return Importer(status=status, publication=publication, update=update).import_source(name, data)


def relink_article(article, linker=None, registry=None):
    """Link an article again with the registry as it is now; editors' links stay."""
    from .store import Registry, _store_links

    linker = linker or Linker.from_database()
    registry = registry or Registry()
    result = linker.link(
        [article.subtitle, *article.highlight_list, *article.paragraphs], title=article.title
    )
    draft = ArticleDraft(
        source_name=article.source_name, people=result.people, parties=result.parties
    )
    _store_links(article, draft, registry)
    return result


def __getattr__(name):
    if name == "FileOutcome":
        from .store import FileOutcome

        return FileOutcome
    raise AttributeError(name)
