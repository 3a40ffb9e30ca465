"""What editors do to the registry and to articles beyond editing a field.

Merging duplicate people, parties and tags; deciding on the names the importer
suggested; putting a line the importer removed back into an article's body.
Plain functions, each one transaction, called by the admin and usable from a
shell. Rows that keep a history (people, parties, affiliations, articles) are
saved one by one so the history records who changed them; link rows have no
history and move in bulk.
"""

from django.db import transaction
from django.db.models import Count, Exists, Min, OuterRef
from django.utils import timezone
from taggit.models import Tag, TaggedItem

from archive.models import (
    Affiliation,
    ArticleParty,
    ArticlePerson,
    LinkSource,
    MovedSlug,
    Party,
    Person,
    SuggestedName,
    unique_slug,
)


class MergeError(Exception):
    """The records cannot be merged; the message says why, for an editor."""


# ---------------------------------------------------------------- merging


def _move_links(link_model, field, survivor, merged_ids):
    """Point the merged records' article links at the survivor.

    Where the survivor and a merged record (or two merged records) are linked to
    the same article, the links become one: the mentions add up and the link
    counts as an editor's if any of them was. The rest move in one UPDATE.
    """
    everyone = [survivor.pk, *merged_ids]
    shared = (
        link_model.objects.filter(**{f"{field}__in": everyone})
        .values("article")
        .annotate(n=Count("pk"))
        .filter(n__gt=1)
        .values_list("article", flat=True)
    )
    for article_id in list(shared):
        links = list(link_model.objects.filter(article_id=article_id, **{f"{field}__in": everyone}))
        keep = next((link for link in links if getattr(link, f"{field}_id") == survivor.pk), None)
        keep = keep or links[0]
        setattr(keep, field, survivor)
        keep.mentions = sum(link.mentions for link in links)
        if any(link.source == LinkSource.EDITOR for link in links):
            keep.source = LinkSource.EDITOR
        link_model.objects.filter(pk__in=[link.pk for link in links if link is not keep]).delete()
        keep.save()
    link_model.objects.filter(**{f"{field}__in": merged_ids}).update(**{field: survivor})


def _move_affiliations(field, survivor, merged_ids):
    """Give the survivor the merged records' affiliations; an exact repeat is dropped."""

    def facts(a):
        return (a.person_id, a.party_id, a.role, a.started_on, a.ended_on)

    known = {facts(a) for a in Affiliation.objects.filter(**{field: survivor})}
    for affiliation in Affiliation.objects.filter(**{f"{field}__in": merged_ids}):
        setattr(affiliation, field, survivor)
        if facts(affiliation) in known:
            affiliation.delete()
        else:
            known.add(facts(affiliation))
            affiliation.save()


def _single_wikidata_id(records):
    ids = {r.wikidata_id for r in records if r.wikidata_id}
    if len(ids) > 1:
        raise MergeError(
            f"They have different Wikidata IDs ({', '.join(sorted(ids))}), "
            "so they look like different entries; nothing was merged."
        )
    return ids.pop() if ids else ""


def _fill_blanks(survivor, others, fields):
    for name in fields:
        if not getattr(survivor, name):
            value = next((getattr(o, name) for o in others if getattr(o, name)), None)
            if value:
                setattr(survivor, name, value)


@transaction.atomic
def merge_people(survivor, others):
    """Fold duplicate people into survivor and delete them, losing nothing.

    Their names and aliases become the survivor's aliases; their article links,
    affiliations and accepted suggested names move to the survivor. Returns the
    names added as aliases.
    """
    others = [p for p in others if p.pk != survivor.pk]
    if not others:
        return []
    merged_ids = [p.pk for p in others]
    wikidata_id = _single_wikidata_id([survivor, *others])

    _move_links(ArticlePerson, "person", survivor, merged_ids)
    _move_affiliations("person", survivor, merged_ids)
    SuggestedName.objects.filter(person__in=merged_ids).update(person=survivor)

    added = survivor.add_aliases([name for p in others for name in (p.name, *p.alias_list)])
    _fill_blanks(survivor, others, ["description"])
    MovedSlug.record(MovedSlug.Kind.PERSON, others, survivor.pk)
    for person in others:
        person.delete()
    # Set after the deletes: the QID is unique among people.
    survivor.wikidata_id = wikidata_id
    survivor.save()
    return added


@transaction.atomic
def merge_parties(survivor, others):
    """Fold duplicate parties into survivor and delete them, losing nothing.

    Their abbreviations, names and aliases become the survivor's aliases; their
    article links, members, factions and the parties that merged into them move
    to the survivor. Returns the names added as aliases.
    """
    others = [p for p in others if p.pk != survivor.pk]
    if not others:
        return []
    merged_ids = [p.pk for p in others]
    wikidata_id = _single_wikidata_id([survivor, *others])
    by_id = {p.pk: p for p in others}

    _move_links(ArticleParty, "party", survivor, merged_ids)
    _move_affiliations("party", survivor, merged_ids)
    for relation in ("faction_of", "merged_into"):
        for party in Party.objects.filter(**{f"{relation}__in": merged_ids}).exclude(
            pk__in=[survivor.pk, *merged_ids]
        ):
            setattr(party, relation, survivor)
            party.save()
        # The survivor was itself a faction of (or merged into) a duplicate: it
        # takes over the duplicate's own place in the tree instead.
        target = getattr(survivor, f"{relation}_id")
        while target in by_id:
            target = getattr(by_id[target], f"{relation}_id")
        setattr(survivor, f"{relation}_id", None if target == survivor.pk else target)

    added = survivor.add_aliases(
        [name for p in others for name in (p.abbreviation, p.name, *p.alias_list)]
    )
    _fill_blanks(survivor, others, ["description"])
    MovedSlug.record(MovedSlug.Kind.PARTY, others, survivor.pk)
    for party in others:
        party.delete()
    survivor.wikidata_id = wikidata_id
    survivor.save()
    return added


@transaction.atomic
def merge_tags(survivor, others):
    """Fold duplicate tags into survivor: their articles get the survivor, they go.

    Returns how many tagged items were moved or folded.
    """
    merged_ids = [t.pk for t in others if t.pk != survivor.pk]
    items = TaggedItem.objects.filter(tag__in=merged_ids)
    moved = items.count()
    # Objects that already carry the survivor keep that one tagging.
    items.filter(
        Exists(
            TaggedItem.objects.filter(
                tag=survivor,
                content_type=OuterRef("content_type"),
                object_id=OuterRef("object_id"),
            )
        )
    ).delete()
    # Objects tagged with two of the duplicates keep one of them.
    first = items.values("content_type", "object_id").annotate(first=Min("pk")).values("first")
    items.exclude(pk__in=first).delete()
    items.update(tag=survivor)
    MovedSlug.record(MovedSlug.Kind.TAG, [t for t in others if t.pk != survivor.pk], survivor.pk)
    Tag.objects.filter(pk__in=merged_ids).delete()
    return moved


# ---------------------------------------------------------------- suggested names


def _mentions(name, article):
    text = f"{article.title}\n{article.subtitle}\n{article.body}".casefold()
    return max(1, text.count(name.casefold()))


@transaction.atomic
def accept_suggestion(suggestion, person=None):
    """Accept a suggested name and link the articles it came from.

    Without person, the name becomes a new Person (or the existing one of exactly
    that name); with person, the name is added to that person's aliases. The
    links are an editor's, so re-linking keeps them. Returns the person.
    """
    if person is None:
        person = Person.objects.filter(name__iexact=suggestion.name).first()
        if person is None:
            person = Person.objects.create(
                name=suggestion.name, slug=unique_slug(Person, suggestion.name)
            )
    elif person.add_aliases([suggestion.name]):
        person.save()

    articles = suggestion.articles.exclude(
        Exists(ArticlePerson.objects.filter(article=OuterRef("pk"), person=person))
    ).only("title", "subtitle", "body")
    ArticlePerson.objects.bulk_create(
        ArticlePerson(
            article=article,
            person=person,
            source=LinkSource.EDITOR,
            mentions=_mentions(suggestion.name, article),
        )
        for article in articles
    )
    suggestion.state = SuggestedName.State.ACCEPTED
    suggestion.person = person
    suggestion.reviewed = timezone.now()
    suggestion.save(update_fields=["state", "person", "reviewed"])
    return person


def reject_suggestions(suggestions):
    """Reject the names: the importer never suggests their keys again."""
    return suggestions.update(
        state=SuggestedName.State.REJECTED, person=None, reviewed=timezone.now()
    )


# ---------------------------------------------------------------- provenance


def removed_line(article, index):
    """The removed_lines entry for a source line number, or None."""
    return next((e for e in article.removed_lines if e.get("index") == index), None)


def put_back_removed_line(article, index):
    """Put a line the importer removed back into the body, where it stood in the source.

    The paragraph goes before the first body paragraph that came after it in the
    source text (paragraphs an editor rewrote are skipped when placing it), or at
    the end. The article is changed, not saved. Returns False when the line is
    already in the body.
    """
    entry = removed_line(article, index)
    if entry is None:
        raise ValueError(f"Line {index} was not removed from this article's source.")
    text = entry["text"].strip()
    paragraphs = article.paragraphs
    if not text or text in paragraphs:
        return False

    # A body paragraph may be several source lines joined (a hard-wrapped
    # paragraph): it is placed by the source line it begins with.
    later = [line.strip() for line in article.source_text.splitlines()[index + 1 :] if line.strip()]
    position = len(paragraphs)
    for i, paragraph in enumerate(paragraphs):
        if any(paragraph.startswith(line) for line in later):
            position = i
            break
    paragraphs.insert(position, text)
    article.body = "\n\n".join(paragraphs)
    return True
