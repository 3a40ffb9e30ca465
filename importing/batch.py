"""A batch of imports: the pipeline for each file, its store, in order.

The command, the admin upload and the benchmark all go through ``Importer``,
which holds what a batch needs (the linker and the store's lookups, loaded
once). The pure pipeline (``extract.process``) may run in worker processes
(``draft_paths``); only this process writes to the database.
"""

import itertools
import logging
import multiprocessing
import os
from collections import deque

from django.conf import settings
from django.db import DatabaseError, connection

from archive import dbstats
from archive.models import Article

from .draft import ArticleDraft
from .extract import process
from .reading import DEFAULT_MAX_BYTES, Refused, printable, read_file
from .store import (
    BatchLookups,
    FileOutcome,
    _store_links,
    content_hash,
    known_result,
    linker_from_database,
    store_draft,
)

logger = logging.getLogger(__name__)


class Importer:
    """One batch of imports: the registry is read once, then every file reuses it."""

    def __init__(self, *, status="draft", publication=None, update=False, dry_run=False):
        self.status = status
        self.publication = publication
        self.update = update
        self.dry_run = dry_run
        self.linker = linker_from_database()
        self.registry = BatchLookups()
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
        try:
            draft = self.draft(name, data)
        except Refused as err:
            return FileOutcome(name, "failed", error=str(err))
        return self.import_draft(name, draft)

    def import_draft(self, name, draft):
        """Store a draft the pipeline made (in this process or a worker)."""
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
    if jobs <= 1:
        for path in paths:
            yield from _draft_files([path], drafter)
        return
    context = multiprocessing.get_context("fork")
    with context.Pool(jobs, initializer=_start_worker, initargs=(drafter,)) as pool:
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


CHUNK = 16  # files a worker drafts at a time
# The one process that stores is the slower side; drafting workers that keep up
# with it need less than the CPU they would take at equal priority (two of three
# runnable processes on two cores). Niced, they use what it leaves: 5% more files
# stored a second over 20,000 files in two workers.
WORKER_NICENESS = 10
AHEAD = 3  # chunks per worker drafted ahead of the store, at most


# A worker process's drafter: set once as it starts (forked, so never pickled).
_worker_drafter = None


def _start_worker(drafter):
    global _worker_drafter
    _worker_drafter = drafter
    os.nice(WORKER_NICENESS)


def _chunks(items, size):
    items = iter(items)
    while chunk := list(itertools.islice(items, size)):
        yield chunk


def _draft_files(paths, drafter=None):
    """[(name, draft or None, error or None)] for a chunk of files."""
    drafter = drafter or _worker_drafter
    max_bytes = getattr(drafter, "max_bytes", None) or DEFAULT_MAX_BYTES
    results = []
    for path in paths:
        name = printable(path)
        try:
            data = read_file(path, max_bytes)
            results.append((name, drafter.draft(name, data), None))
        except Refused as err:
            results.append((name, None, str(err)))
    return results


def import_source(name, data, *, status="draft", publication=None, update=False):
    """Import one file's bytes (the admin upload uses this)."""
    return Importer(status=status, publication=publication, update=update).import_source(name, data)


def relink_article(article, linker=None, registry=None):
    """Link an article again with the registry as it is now; editors' links stay."""
    linker = linker or linker_from_database()
    registry = registry or BatchLookups()
    result = linker.link(
        [article.subtitle, *article.highlight_list, *article.paragraphs], title=article.title
    )
    draft = ArticleDraft(
        source_name=article.source_name, people=result.people, parties=result.parties
    )
    _store_links(article, draft, registry)
    return result
