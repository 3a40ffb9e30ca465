"""Putting the generated corpus into the database: the registry, the import
through the real pipeline (timed), and the bulk fill of the rest (not timed).

The bulk fill writes the rows the importer would write for the same articles
(the generator knows what each text says, and the timed import checks that the
pipeline reads the same from the texts), thousands to a transaction instead of
one file to a transaction, so a million-article database can be built in
minutes rather than hours. It skips what the public pages never read: the
history records and the suggested names.
"""

import multiprocessing
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path

from django.contrib.contenttypes.models import ContentType
from django.db import connection, transaction
from django.utils import timezone
from django.utils.text import slugify
from taggit.models import TaggedItem

from archive import dbstats
from archive.models import (
    Affiliation,
    Article,
    ArticleParty,
    ArticlePerson,
    Comment,
    LinkSource,
    Party,
    Person,
    Publication,
)
from importing.batch import Importer, draft_paths
from importing.extract import process
from importing.link import Entity, Linker
from importing.store import BatchLookups, content_hash

from .corpus import Corpus, Generator, corpus_path

FILL_BATCH = 2_000
AHEAD = 2  # generated batches waiting for the database, at most


def store_generated_registry(registry):
    """Store the generated registry (bulk inserts); nothing when it is there already.
    Returns True when it stored it."""
    if Party.objects.filter(slug=registry.broad_party.slug).exists():
        return False
    with transaction.atomic():
        Publication.objects.bulk_create(
            [Publication(name=name, slug=slug) for name, slug in registry.publications],
            ignore_conflicts=True,
        )
        Party.objects.bulk_create(
            [Party(abbreviation=p.abbreviation, name=p.name, slug=p.slug) for p in registry.parties]
        )
        parties = {p.abbreviation: p for p in Party.objects.all()}
        factions = []
        for entry in registry.parties:
            if entry.faction_of:
                party = parties[entry.abbreviation]
                party.faction_of = parties[entry.faction_of]
                factions.append(party)
        Party.objects.bulk_update(factions, ["faction_of"])
        Person.objects.bulk_create(
            [
                Person(name=p.name, slug=p.slug, aliases="\n".join(p.aliases))
                for p in registry.people
            ],
            batch_size=500,
        )
        people = dict(Person.objects.values_list("slug", "pk"))
        Affiliation.objects.bulk_create(
            [
                Affiliation(person_id=people[p.slug], party=parties[abbreviation], role=role)
                for p in registry.people
                for abbreviation, role in p.affiliations
            ],
            batch_size=500,
        )
    return True


def registry_linker(registry):
    """The linker the importer would build from the stored registry, without a database."""
    people = [Entity.person(p.name, p.aliases) for p in registry.people]
    parties = [Entity.party(p.abbreviation, p.name) for p in registry.parties]
    return Linker(people=people, parties=parties)


class Clock:
    """Wall and CPU time of what runs inside ``with clock:``, summed over uses."""

    def __init__(self):
        self.wall = self.cpu = 0.0

    def __enter__(self):
        self._wall, self._cpu = time.perf_counter(), time.process_time()
        return self

    def __exit__(self, *exc):
        self.wall += time.perf_counter() - self._wall
        self.cpu += time.process_time() - self._cpu


class Pipeline:
    """The pure pipeline with the generated registry: what an Importer drafts with,
    without a database."""

    def __init__(self, registry):
        self.linker = registry_linker(registry)
        self.outlets = [name for name, _ in registry.publications]

    def draft(self, name, data):
        return process(name, data, self.linker, self.outlets)


def time_pipeline(folder, count, registry, jobs):
    """The pure pipeline (read, segment, extract, link) over the first ``count``
    files without the database: in this process alone (reading the files not
    timed), and across ``jobs`` worker processes as the importer runs it
    (wall time, reading included)."""
    pipeline = Pipeline(registry)
    clock = Clock()
    for number in range(count):
        data = (folder / corpus_path(number)).read_bytes()
        with clock:
            pipeline.draft(str(corpus_path(number)), data)
    paths = (folder / corpus_path(number) for number in range(count))
    start = time.perf_counter()
    failed = sum(1 for _, draft, _ in draft_paths(pipeline, paths, jobs) if draft is None)
    wall = time.perf_counter() - start
    return {
        "files": count,
        "jobs": jobs,
        "wall_s": round(wall, 2),
        "files_per_s": round(count / wall, 1) if wall else None,
        "failed": failed,
        "one_process_wall_s": round(clock.wall, 2),
        "one_process_files_per_s": round(count / clock.wall, 1) if clock.wall else None,
        "cpu_files_per_s": round(count / clock.cpu, 1) if clock.cpu else None,
    }


def import_files(folder, count, jobs, progress=None):
    """Import the first ``count`` files through the Importer as import_articles
    does (the pipeline in ``jobs`` workers, one transaction per file), published.
    Returns the timing and the results by kind."""
    clock = Clock()
    results = {}
    failures = []
    with clock:
        importer = Importer(status=Article.Status.PUBLISHED)
        paths = (str(folder / corpus_path(number)) for number in range(count))
        for number, outcome in enumerate(importer.import_paths(paths, jobs=jobs)):
            results[outcome.result] = results.get(outcome.result, 0) + 1
            if outcome.result == "failed" and len(failures) < 5:
                failures.append(str(outcome))
            if progress and (number + 1) % 1_000 == 0:
                progress(number + 1, time.perf_counter() - clock._wall)
        dbstats.tidy(connection, count)  # what import_articles does after a batch
    return {
        "files": count,
        "jobs": jobs,
        "wall_s": round(clock.wall, 2),
        "cpu_s": round(clock.cpu, 2),
        "files_per_s": round(count / clock.wall, 1) if clock.wall else None,
        "results": results,
        "failures": failures,
    }


def withdraw(generator, count, folder):
    """Withdraw the imported articles the generator marks as withdrawn (about 2%)."""
    names = [str(folder / corpus_path(n)) for n in range(count) if generator.withdrawn(n)]
    for start in range(0, len(names), 500):
        Article.objects.filter(source_name__in=names[start : start + 500]).update(
            status=Article.Status.WITHDRAWN, updated=timezone.now()
        )
    return len(names)


def check_import(generator, count, folder, sample=200):
    """How many of a sample of imported articles the pipeline read as generated:
    the same title, date, publication, people and parties."""
    step = max(1, count // sample)
    numbers = list(range(0, count, step))[:sample]
    names = {str(folder / corpus_path(n)): n for n in numbers}
    stored = {
        a.source_name: a
        for a in Article.objects.filter(source_name__in=names)
        .select_related("publication")
        .prefetch_related("person_links__person", "party_links__party")
    }
    same = 0
    for name, number in names.items():
        spec, article = generator.article(number), stored.get(name)
        if (
            article is not None
            and article.title == spec.title
            and article.published_on == spec.published_on
            and article.publication
            and article.publication.name == spec.publication
            and {link.person.name for link in article.person_links.all()} == set(spec.people)
            and {link.party.abbreviation for link in article.party_links.all()} == set(spec.parties)
        ):
            same += 1
    return {"checked": len(names), "as_generated": same}


@dataclass
class Generated:
    """What the bulk fill needs of one article, made away from the database."""

    spec: object
    text: str
    removed: list
    digest: str
    slug: str


# One corpus generator per seed in each process of the bulk fill, made on first use.
_generators: dict[int, Generator] = {}


def generate_batch(seed, numbers, folder=None):
    """The generated articles ``numbers``, their texts written into the corpus
    folder when one is given. Runs in a helper process during the bulk fill."""
    generator = _generators.get(seed) or _generators.setdefault(seed, Generator(seed))
    corpus = Corpus(folder, 0, seed) if folder else None
    batch = []
    for number in numbers:
        spec = generator.article(number)
        text, furniture = generator.render(spec)
        if corpus:
            corpus.write(number, text)
        furniture = set(furniture)
        removed = [
            {"index": i, "text": line, "reason": "site furniture"}
            for i, line in enumerate(text.splitlines())
            if line in furniture
        ]
        slug = slugify(spec.title)[:200].strip("-") or "article"
        batch.append(Generated(spec, text, removed, content_hash(spec.paragraphs), slug))
    return batch


def _batches(seed, start, stop, folder):
    """generate_batch for each FILL_BATCH of ``start``..``stop``, made one process
    ahead of the caller (at most AHEAD batches wait, so memory stays bounded)."""
    tasks = [
        range(first, min(first + FILL_BATCH, stop)) for first in range(start, stop, FILL_BATCH)
    ]
    if len(tasks) < 2:
        yield from (generate_batch(seed, numbers, folder) for numbers in tasks)
        return
    with multiprocessing.get_context("fork").Pool(1) as pool:
        pending = deque()
        for numbers in tasks:
            pending.append(pool.apply_async(generate_batch, (seed, numbers, folder)))
            if len(pending) > AHEAD:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


def bulk_fill(seed, start, stop, corpus=None, progress=None):
    """Insert articles ``start``..``stop`` as rows, FILL_BATCH to a transaction;
    with a corpus, also write their texts into it (one generation for both).
    The articles are generated in a second process while this one inserts."""
    store = BatchLookups()
    people = dict(Person.objects.values_list("name", "pk"))
    parties = dict(Party.objects.values_list("abbreviation", "pk"))
    content_type = ContentType.objects.get_for_model(Article)
    slugs = set(Article.objects.values_list("slug", flat=True))
    began = time.perf_counter()
    done = start
    for batch in _batches(seed, start, stop, corpus.folder if corpus else None):
        with transaction.atomic():
            rows = [_article_row(item, store, slugs) for item in batch]
            Article.objects.bulk_create(rows, batch_size=500)
            person_links, party_links, tagged, comments = [], [], [], []
            for item, article in zip(batch, rows, strict=True):
                spec = item.spec
                person_links += [
                    ArticlePerson(
                        article_id=article.pk,
                        person_id=people[name],
                        source=LinkSource.IMPORTER,
                        mentions=n,
                    )
                    for name, n in spec.people.items()
                ]
                party_links += [
                    ArticleParty(
                        article_id=article.pk,
                        party_id=parties[abbreviation],
                        source=LinkSource.IMPORTER,
                        mentions=n,
                    )
                    for abbreviation, n in spec.parties.items()
                ]
                if spec.tags:
                    tagged += [
                        TaggedItem(tag_id=pk, content_type=content_type, object_id=article.pk)
                        for pk in store.tag_ids(spec.tags)
                    ]
                comments += [
                    Comment(
                        article_id=article.pk,
                        author=author,
                        posted=posted,
                        body=body,
                        position=i,
                    )
                    for i, (author, posted, body) in enumerate(spec.comments)
                ]
            ArticlePerson.objects.bulk_create(person_links, batch_size=1000)
            ArticleParty.objects.bulk_create(party_links, batch_size=1000)
            TaggedItem.objects.bulk_create(tagged, batch_size=1000)
            Comment.objects.bulk_create(comments, batch_size=500)
        done += len(batch)
        if progress:
            progress(done, time.perf_counter() - began)
    return {"articles": stop - start, "wall_s": round(time.perf_counter() - began, 1)}


def _article_row(item, store, slugs):
    spec = item.spec
    slug, n = item.slug, 1
    while slug in slugs:
        n += 1
        slug = f"{item.slug}-{n}"
    slugs.add(slug)
    return Article(
        title=spec.title,
        slug=slug,
        subtitle=spec.subtitle,
        byline=spec.byline,
        dateline=spec.city,
        published_on=spec.published_on,
        publication=store.publication(spec.publication),
        caption=spec.caption,
        highlights="\n".join(spec.highlights),
        body="\n\n".join(spec.paragraphs),
        status=Article.Status.WITHDRAWN if spec.withdrawn else Article.Status.PUBLISHED,
        source_name=str(corpus_path(spec.number)),
        source_text=item.text,
        removed_lines=item.removed,
        content_hash=item.digest,
        imported_at=timezone.now(),
    )


def corpus_folder(base, articles, seed):
    return Path(base) / f"{articles}-{seed}"
