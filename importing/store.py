"""Step five: an ArticleDraft into the database, one transaction per file.

The same story twice is caught by the content hash of its normalised body: the
same file again is "unchanged", another file with the same story a "duplicate".
A file imported before with different text is left alone ("kept") unless the
caller asks to update, and even then an article an editor has changed is kept.
"""

from dataclasses import dataclass
from pathlib import PurePath

from django.contrib.contenttypes.models import ContentType
from django.db import DEFAULT_DB_ALIAS, IntegrityError, connection, connections, transaction
from django.db.models.constants import OnConflict
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from archive.models import (
    Article,
    ArticleParty,
    ArticlePerson,
    Comment,
    LinkSource,
    Party,
    Person,
    Publication,
    SuggestedName,
    unique_slug,
)

from .draft import ArticleDraft, content_hash
from .link import Entity, Linker, name_key

RESULTS = ("imported", "updated", "unchanged", "duplicate", "kept", "failed")


@dataclass
class FileOutcome:
    file: str
    result: str  # one of RESULTS
    article: Article | None = None
    error: str | None = None
    draft: ArticleDraft | None = None
    note: str = ""  # what was left out of a file stored (see MAX_COMMENTS)

    def __str__(self):
        if self.result == "failed":
            return f"{self.file}: {self.error}"
        if self.result == "duplicate" and self.article is not None:
            return f"{self.file}: duplicate of “{self.article.title}” ({self.article.source_name})"
        if self.result == "kept":
            return f"{self.file}: kept, {self.error}"
        title = f" “{self.article.title}”" if self.article is not None else ""
        note = f" ({self.note})" if self.note else ""
        return f"{self.file}: {self.result}{title}{note}"


def same_file(stored_name, name):
    """A file is the same file again when its name is, wherever its folder now is."""
    return PurePath(stored_name).name == PurePath(name).name


def known_result(article, name):
    """'unchanged' for the same file again, 'duplicate' for the story in another file."""
    return "unchanged" if same_file(article.source_name, name) else "duplicate"


class Rows:
    """The INSERT of one model's rows, written once a batch from the model's fields.

    bulk_create compiles its statement anew at every call, which took half a
    millisecond each here, and a file makes five or six of them (its history,
    people, parties, comments, tags, suggested names): more than the database's
    own work. The statement is the same for every file, so it is built once and
    run with executemany, each value prepared by its field as bulk_create does."""

    def __init__(self, model, ignore_conflicts=False):
        ops = connection.ops
        self.model, self.pk = model, model._meta.pk
        self.fields = [f for f in model._meta.concrete_fields if f is not self.pk]
        on_conflict = OnConflict.IGNORE if ignore_conflicts else None
        columns = ", ".join(ops.quote_name(f.column) for f in self.fields)
        marks = ", ".join(["%s"] * len(self.fields))
        suffix = ops.on_conflict_suffix_sql(self.fields, on_conflict, None, None)
        self.sql = (
            f"{ops.insert_statement(on_conflict=on_conflict)} "
            f"{ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({marks}) {suffix}"
        ).rstrip()
        self.returning = ops.return_insert_columns([self.pk])[0]

    def insert(self, objs):
        db = connections[DEFAULT_DB_ALIAS]  # not the proxy, read once per value
        values = [
            [f.get_db_prep_save(f.pre_save(obj, True), db) for f in self.fields] for obj in objs
        ]
        if values:
            with db.cursor() as cursor:
                cursor.executemany(self.sql, values)

    def insert_values(self, rows):
        """Insert rows given as ``{field attname: value}`` for every column, of
        values that need no preparation by their field (ids, plain text,
        numbers). A file's links, tags and suggestions are such rows; making a
        model instance of each and preparing every value took longer than the
        database's own work for them."""
        if rows:
            names = [f.attname for f in self.fields]
            with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
                cursor.executemany(self.sql, [[row[name] for name in names] for row in rows])

    def insert_one(self, obj):
        """Insert one row and give ``obj`` its new primary key, as save() would."""
        db = connections[DEFAULT_DB_ALIAS]
        with db.cursor() as cursor:
            cursor.execute(
                f"{self.sql} {self.returning}",
                [f.get_db_prep_save(f.pre_save(obj, True), db) for f in self.fields],
            )
            obj.pk = cursor.fetchone()[0]
        obj._state.adding, obj._state.db = False, db.alias


def linker_from_database():
    """The linker over the registry as the archive holds it now: every person and
    party with their aliases, and the names editors already reviewed."""
    people = [Entity.person(p.name, p.alias_list) for p in Person.objects.only("name", "aliases")]
    parties = [
        Entity.party(p.abbreviation, p.name, p.alias_list)
        for p in Party.objects.only("abbreviation", "name", "aliases")
    ]
    reviewed = SuggestedName.objects.exclude(state=SuggestedName.State.PENDING).values_list(
        "key", flat=True
    )
    return Linker(people, parties, reviewed)


class BatchLookups:
    """Lookups the store needs for a batch, loaded once (people, parties, outlets)."""

    def __init__(self):
        self.people = {p.name: p.pk for p in Person.objects.only("name")}
        self.parties = {p.abbreviation: p.pk for p in Party.objects.only("abbreviation")}
        self.tags = {}  # casefolded name -> Tag id, filled as tags are met
        self.suggestions = {}  # suggestion key -> (id, state), filled as names are met
        self.article_type = ContentType.objects.get_for_model(Article)
        qn, meta = connection.ops.quote_name, Article._meta
        self.find_known = (
            f"SELECT {qn(meta.pk.column)} FROM {qn(meta.db_table)} "  # noqa: S608 (names)
            f"WHERE {qn(meta.get_field('content_hash').column)} = %s "
            f"OR {qn(meta.get_field('source_name').column)} = %s LIMIT 2"
        )
        # Article.history makes a new manager class each time it is read.
        self.historical = Article.history.model
        self.rows = {
            model: Rows(model, ignore_conflicts=ignore)
            for model, ignore in [
                (Article, False),
                (self.historical, False),
                (ArticlePerson, False),
                (ArticleParty, False),
                (Comment, False),
                (TaggedItem, True),
                (SuggestedName.articles.through, True),
            ]
        }
        self.publications = {}
        for pub in Publication.objects.all():
            for name in [pub.name, *pub.alias_list]:
                self.publications[name.casefold()] = pub

    def tag_ids(self, names):
        """Ids of the tags, case-insensitively; missing tags are created (two queries)."""
        wanted = {}
        for name in names:
            name = name.strip()[:100]
            if name:
                wanted.setdefault(name.casefold(), name)
        missing = [key for key in wanted if key not in self.tags]
        if missing:
            for tag in Tag.objects.filter(name__in=[wanted[k] for k in missing]):
                self.tags[tag.name.casefold()] = tag.pk
            for key in [k for k in missing if k not in self.tags]:
                # Found by its name in any case, else made with a slug of its own:
                # never another tag's because their slugs would be the same.
                tag = Tag.objects.filter(name__iexact=wanted[key]).first()
                if tag is None:
                    tag = Tag.objects.create(
                        name=wanted[key], slug=unique_slug(Tag, wanted[key], 100)
                    )
                self.tags[key] = tag.pk
        return [self.tags[key] for key in wanted]

    def publication_names(self):
        names = []
        for pub in {p.pk: p for p in self.publications.values()}.values():
            names += [pub.name, *pub.alias_list]
        return names

    def publication(self, name):
        """The Publication for an outlet name, created when the archive has not seen it."""
        if not name:
            return None
        name = name.strip().strip(".")
        found = self.publications.get(name.casefold())
        if found is None:
            found = Publication.objects.filter(name__iexact=name).first()
            created = found is None
            if created:
                found = Publication.objects.create(name=name, slug=unique_slug(Publication, name))
            key = name.casefold()
            if created:  # made inside a transaction that may yet roll back
                transaction.on_commit(lambda: self.publications.setdefault(key, found))
            else:
                self.publications[key] = found
        return found


def _article_fields(draft, registry, publication_override=None):
    return {
        "title": draft.title[:500],
        "subtitle": draft.subtitle or "",
        "byline": (draft.byline or "")[:300],
        "dateline": (draft.dateline or "")[:100],
        "published_on": draft.published_on,
        "publication": registry.publication(publication_override or draft.publication),
        "caption": draft.caption or "",
        "highlights": "\n".join(draft.highlights),
        "body": "\n\n".join(draft.body),
        "source_text": draft.source_text,
        "removed_lines": [r.as_dict() for r in draft.removed],
    }


def _store_links(article, draft, registry, new=False):
    """Replace the importer's links with the draft's; an editor's links stay as they are.

    A new article has no links yet, which saves four queries a file.
    """
    editor_people, editor_parties = set(), set()
    if not new:
        editor_people = set(
            article.person_links.filter(source=LinkSource.EDITOR).values_list(
                "person_id", flat=True
            )
        )
        editor_parties = set(
            article.party_links.filter(source=LinkSource.EDITOR).values_list("party_id", flat=True)
        )
        article.person_links.filter(source=LinkSource.IMPORTER).delete()
        article.party_links.filter(source=LinkSource.IMPORTER).delete()
    source = LinkSource.IMPORTER.value
    people = [
        {"article_id": article.pk, "person_id": pk, "source": source, "mentions": n}
        for name, n in draft.people.items()
        if (pk := registry.people.get(name)) and pk not in editor_people
    ]
    parties = [
        {"article_id": article.pk, "party_id": pk, "source": source, "mentions": n}
        for abbr, n in draft.parties.items()
        if (pk := registry.parties.get(abbr)) and pk not in editor_parties
    ]
    registry.rows[ArticlePerson].insert_values(people)
    registry.rows[ArticleParty].insert_values(parties)


# What one file may add at most: a page of 43,600 comments made an article whose
# admin page timed out and whose public page weighed 10 MB, and one file added
# 32,635 suggested names. The rest is left out and the outcome says so.
MAX_COMMENTS = 500
MAX_SUGGESTIONS = 50


def left_out(draft):
    """What of the draft the store leaves out, as the outcome says it, or ""."""
    notes = []
    if len(draft.comments) > MAX_COMMENTS:
        notes.append(f"kept the first {MAX_COMMENTS:,} of {len(draft.comments):,} comments")
    if len(draft.suggested_people) > MAX_SUGGESTIONS:
        notes.append(
            f"suggested the first {MAX_SUGGESTIONS:,} of {len(draft.suggested_people):,} new names"
        )
    return "; ".join(notes)


def _store_suggestions(article, names, registry):
    """Record names the registry lacks and link them to the article; one query when
    every name has been met before in this batch."""
    if not names:
        return
    wanted = {}
    for name in names[:MAX_SUGGESTIONS]:
        wanted.setdefault(name_key(name)[:200], name[:200])
    new = [key for key in wanted if key not in registry.suggestions]
    if new:
        SuggestedName.objects.bulk_create(
            [SuggestedName(key=key, name=wanted[key]) for key in new], ignore_conflicts=True
        )
        for pk, key, state in SuggestedName.objects.filter(key__in=new).values_list(
            "pk", "key", "state"
        ):
            registry.suggestions[key] = (pk, state)
    registry.rows[SuggestedName.articles.through].insert_values(
        [
            {"suggestedname_id": pk, "article_id": article.pk}
            for key in wanted
            if (found := registry.suggestions.get(key))
            for pk, state in [found]
            if state == SuggestedName.State.PENDING
        ]
    )


def _store_comments(article, draft, registry, new=False):
    """Replace the article's comments, keeping an editor's moderation of any that stay."""
    hidden = set()
    if not new:
        hidden = set(
            article.comments.filter(state=Comment.State.HIDDEN).values_list("author", "body")
        )
        article.comments.all().delete()
    if not draft.comments:
        return
    registry.rows[Comment].insert(
        Comment(
            article=article,
            author=c.author[:200],
            posted=c.posted[:100],
            posted_on=c.posted_on,
            body=c.body,
            position=i,
            state=Comment.State.HIDDEN if (c.author, c.body) in hidden else Comment.State.VISIBLE,
        )
        for i, c in enumerate(draft.comments[:MAX_COMMENTS])
    )


def _store_tags(article, tag_ids, registry):
    registry.rows[TaggedItem].insert_values(
        [
            {"tag_id": pk, "content_type_id": registry.article_type.pk, "object_id": article.pk}
            for pk in tag_ids
        ]
    )


def _store_history(article, registry):
    """The article as imported, its first entry in the history (as simple_history's
    bulk_history_create writes one: by the editor uploading it, if any)."""
    historical = registry.historical
    row = historical(
        history_date=timezone.now(),
        history_user=historical.get_default_history_user(article),
        history_change_reason="",
        history_type="+",
        **{field.attname: getattr(article, field.attname) for field in historical.tracked_fields},
    )
    registry.rows[historical].insert([row])


def store_draft(draft, *, registry, status=Article.Status.DRAFT, publication=None, update=False):
    """Write one draft in one transaction; returns a FileOutcome (never half-written)."""
    digest = draft.content_hash or content_hash(draft.body)
    name = draft.source_name
    # One query for both questions: is this story stored, and was this file imported?
    # Mostly neither, so the ids come first, by a statement written once.
    with connection.cursor() as cursor:
        cursor.execute(registry.find_known, [digest, name])
        ids = [pk for (pk,) in cursor.fetchall()]
    known = list(Article.objects.filter(pk__in=ids)) if ids else []
    same = next((a for a in known if a.content_hash == digest), None)
    if same is not None:
        return FileOutcome(name, known_result(same, name), same, draft=draft)

    existing = next((a for a in known if a.source_name == name), None) if name else None
    if existing is not None:
        if not update:
            return FileOutcome(
                name,
                "kept",
                existing,
                "the file changed since it was imported; --update re-reads it",
                draft=draft,
            )
        if existing.edited_at is not None:
            return FileOutcome(
                name,
                "kept",
                existing,
                "an editor has changed the article; it was left alone",
                draft=draft,
            )

    for attempt in range(3):
        try:
            with transaction.atomic():
                fields = _article_fields(draft, registry, publication)
                if existing is not None:
                    for key, value in fields.items():
                        setattr(existing, key, value)
                    existing.content_hash = digest
                    existing.imported_at = timezone.now()
                    existing.save()
                    article, result = existing, "updated"
                else:
                    # Most headlines are new: try the plain slug without asking, and
                    # look for a free one only when the database refuses it.
                    if attempt == 0:
                        slug = Article.plain_slug(draft.title)
                    elif attempt == 1:
                        slug = Article.unique_slug(draft.title)
                    else:
                        slug = f"{Article.unique_slug(draft.title)[:200]}-{digest[:8]}"
                    article = Article(
                        slug=slug,
                        status=status,
                        content_hash=digest,
                        source_name=name[:500],
                        imported_at=timezone.now(),
                        **fields,
                    )
                    registry.rows[Article].insert_one(article)
                    _store_history(article, registry)
                    result = "imported"
                new = result == "imported"
                _store_links(article, draft, registry, new=new)
                _store_comments(article, draft, registry, new=new)
                _store_suggestions(article, draft.suggested_people, registry)
                if draft.tags:
                    _store_tags(article, registry.tag_ids(draft.tags), registry)
            return FileOutcome(name, result, article, draft=draft, note=left_out(draft))
        except IntegrityError:
            # Another import stored the same story, or took the slug, meanwhile.
            same = Article.objects.filter(content_hash=digest).first()
            if same is not None:
                return FileOutcome(name, "duplicate", same, draft=draft)
    return FileOutcome(name, "failed", error="could not find a free slug for the headline")
