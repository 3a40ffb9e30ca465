"""The archive's data: outlets, people, parties and their memberships, articles,
their links to people and parties, reader comments and suggested names.

People, parties and memberships follow the Popolo shapes (Person, Organization
with a parent, Membership with a role and dates) that parliamentary monitoring
sites use, so the registry can be exchanged with them.
"""

import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from django.contrib.postgres.search import SearchVectorField
from django.core.signals import setting_changed
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.db.models.query import ModelIterable
from django.dispatch import receiver
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.text import slugify
from simple_history.models import HistoricalRecords
from taggit.managers import TaggableManager

wikidata_validator = RegexValidator(r"^Q[1-9][0-9]*$", "A Wikidata identifier looks like Q12345.")


def slug_url(viewname, slug):
    """reverse(viewname, args=[slug]), remembered: a list page links a hundred
    people, parties, outlets and articles, and reverse() takes 30-70 µs each."""
    return _slug_url(viewname, slug, get_script_prefix(), get_urlconf())


@lru_cache(maxsize=50_000)  # about 8 MB when full
def _slug_url(viewname, slug, prefix, urlconf):
    return reverse(viewname, args=[slug], urlconf=urlconf)


@receiver(setting_changed)
def _forget_urls(setting, **kwargs):
    if setting == "ROOT_URLCONF":
        _slug_url.cache_clear()


_TRAILING_SPACE = re.compile(r"[ \t\u00a0]+$", re.MULTILINE)
_BLANK_RUN = re.compile(r"\n{3,}")


def canonical_text(text: str) -> str:
    """Text as the archive stores it, however it came in (the admin's textareas
    send CRLF, a shell or the API whatever they are given): LF line ends, no
    spaces at the ends of lines, at most one blank line between paragraphs,
    none around the text, Unicode NFC. The one place that decides it."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _BLANK_RUN.sub("\n\n", _TRAILING_SPACE.sub("", text)).strip("\n")
    return unicodedata.normalize("NFC", text)


def slug_of(text: str, max_length: int = 200) -> str:
    """The slug of a name or title in any script: "کھیل" keeps its letters
    instead of becoming "" (and then every Urdu tag the same "tag")."""
    return slugify(text, allow_unicode=True)[:max_length].strip("-")


def unique_slug(
    model: type[models.Model], text: str, max_length: int = 200, exclude_pk: int | None = None
) -> str:
    """A slug from the text, suffixed with -2, -3 … until no other row of the
    model has it: unique by construction, never another row's."""
    base = slug_of(text, max_length - 10) or str(model._meta.model_name)
    # A range over the slug index ("base", "base-2" … "base-~"), not a LIKE scan.
    taken = set(
        model._default_manager.filter(Q(slug=base) | Q(slug__gt=f"{base}-", slug__lt=f"{base}-~"))
        .exclude(pk=exclude_pk)
        .values_list("slug", flat=True)
    )
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    return slug


def split_lines(text):
    """The non-empty, stripped lines of a one-per-line text field."""
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


class Publication(models.Model):
    name = models.CharField(max_length=200, unique=True)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    homepage = models.URLField(blank=True)
    aliases = models.TextField(
        blank=True, help_text="Other ways the outlet is written, one per line."
    )

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return slug_url("public:publication-detail", self.slug)

    @property
    def alias_list(self):
        return split_lines(self.aliases)


class NamedEntity(models.Model):
    """What a person and a party share: a name, a slug, aliases and a Wikidata id."""

    name = models.CharField(max_length=200)
    slug = models.SlugField(max_length=200, unique=True, allow_unicode=True)
    aliases = models.TextField(
        blank=True,
        help_text=(
            "Other ways the name is written, one per line. A single word (a surname) "
            "only links in articles that also give the full name."
        ),
    )
    description = models.TextField(blank=True)
    wikidata_id = models.CharField(
        "Wikidata ID", max_length=20, blank=True, validators=[wikidata_validator]
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)

    class Meta:
        abstract = True

    def __str__(self):
        return self.name

    @property
    def alias_list(self):
        return split_lines(self.aliases)

    def add_aliases(self, names):
        """Append names not already known (case-insensitively) to the aliases."""
        known = {a.casefold() for a in [self.name, *self.alias_list]}
        extra = [n for n in names if n.strip() and n.casefold() not in known]
        if extra:
            self.aliases = "\n".join([*self.alias_list, *extra])
        return extra


class Person(NamedEntity):
    history = HistoricalRecords()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "people"
        constraints = [
            # The registry loader and the merge action rely on one person per QID.
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="person_unique_wikidata_id",
            ),
        ]

    def get_absolute_url(self):
        return slug_url("public:person-detail", self.slug)


class PartyQuerySet(models.QuerySet):
    def families(self, parties):
        """``{party id: ids of the party and all its factions, their factions …}``
        for each of the parties, in one query over the (small) party table."""
        children = {}
        for pk, parent in self.values_list("pk", "faction_of_id"):
            children.setdefault(parent, []).append(pk)
        families = {}
        for party in parties:
            family, frontier = {party.pk}, [party.pk]
            while frontier:
                frontier = [c for p in frontier for c in children.get(p, []) if c not in family]
                family.update(frontier)
            families[party.pk] = family
        return families


class Party(NamedEntity):
    abbreviation = models.CharField(max_length=40, unique=True)
    faction_of = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="factions",
        help_text="The party this one split from and still claims to be a faction of.",
    )
    merged_into = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="merged_parties",
    )
    merged_on = models.DateField(null=True, blank=True)
    founded_on = models.DateField(null=True, blank=True)
    dissolved_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()
    objects = PartyQuerySet.as_manager()

    class Meta:
        ordering = ["abbreviation"]
        verbose_name_plural = "parties"
        constraints = [
            models.CheckConstraint(
                condition=Q(dissolved_on__isnull=True)
                | Q(founded_on__isnull=True)
                | Q(dissolved_on__gte=models.F("founded_on")),
                name="party_dissolved_after_founded",
            ),
            models.CheckConstraint(
                condition=~Q(faction_of=models.F("id")), name="party_not_own_faction"
            ),
            models.CheckConstraint(
                condition=~Q(merged_into=models.F("id")), name="party_not_merged_into_itself"
            ),
            models.UniqueConstraint(
                fields=["wikidata_id"],
                condition=~Q(wikidata_id=""),
                name="party_unique_wikidata_id",
            ),
        ]

    def __str__(self):
        if self.name and self.name != self.abbreviation:
            return f"{self.abbreviation} ({self.name})"
        return self.abbreviation

    def get_absolute_url(self):
        return slug_url("public:party-detail", self.slug)


class Affiliation(models.Model):
    """A person's membership of a party in a role, for a span of time."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="affiliations")
    party = models.ForeignKey(Party, on_delete=models.CASCADE, related_name="affiliations")
    role = models.CharField(max_length=200, blank=True)
    started_on = models.DateField(null=True, blank=True)
    ended_on = models.DateField(null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        ordering = [models.F("started_on").asc(nulls_first=True), "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ended_on__isnull=True)
                | Q(started_on__isnull=True)
                | Q(ended_on__gte=models.F("started_on")),
                name="affiliation_ends_after_start",
            ),
        ]
        indexes = [
            # Party pages list their members.
            models.Index(fields=["party", "person"], name="affiliation_party_person"),
        ]

    def __str__(self):
        span = f"{self.started_on or '?'}–{self.ended_on or ''}"
        role = f"{self.role}, " if self.role else ""
        return f"{self.person}: {role}{self.party.abbreviation} ({span})"


class ArticleQuerySet(models.QuerySet["Article"]):
    """The one way to ask which articles: the pages, the API, the admin's filters
    and the tests all call these."""

    def published(self) -> "ArticleQuerySet":
        return self.filter(status=Article.Status.PUBLISHED)

    # Below this many links a filter starts from the link table; above it, from
    # the date index. One bounded COUNT (at most this many index entries) decides.
    # As many as the lists count exactly: counting and grouping the matches of an
    # EXISTS reads the whole date index (seconds at a million articles), so every
    # filter whose matches are counted exactly starts from its links.
    FEW_LINKS = 10_000

    def _linked(self, links: models.QuerySet[Any]) -> "ArticleQuerySet":
        """Articles with one of ``links`` (an ArticlePerson or ArticleParty queryset).

        A rare name is fastest from its few links (``id IN (…)``, then sorted);
        a common one from the newest-first index, stopping at a page's worth of
        matches (``EXISTS``), which for a rare name would read the whole index.
        """
        links = links.order_by()
        if links[: self.FEW_LINKS].count() < self.FEW_LINKS:
            return self.filter(pk__in=links.values("article"))
        return self.filter(Exists(links.filter(article=OuterRef("pk"))))

    def naming_person(self, person: "Person | int") -> "ArticleQuerySet":
        """Articles linked to the person, in the query form that suits how often."""
        return self._linked(ArticlePerson.objects.filter(person=person))

    def about_any_party(self, ids: Iterable[int]) -> "ArticleQuerySet":
        """Articles linked to any of the parties (ids), for one party with its factions."""
        return self._linked(ArticleParty.objects.filter(party__in=ids))

    def with_comments(self) -> "ArticleQuerySet":
        return self.filter(
            Exists(Comment.objects.filter(article=OuterRef("pk"), state=Comment.State.VISIBLE))
        )

    def newest_first(self) -> "ArticleQuerySet":
        return self.order_by(models.F("published_on").desc(nulls_last=True), "-id")

    def oldest_first(self) -> "ArticleQuerySet":
        # The exact reverse of newest_first, so one index serves both directions;
        # undated articles therefore come first here.
        return self.order_by(models.F("published_on").asc(nulls_first=True), "id")

    def tagged(self, *tags: Any) -> "ArticleQuerySet":
        """Articles carrying any of the tags (Tag objects or ids)."""
        from taggit.models import TaggedItem

        return self.filter(
            Exists(
                TaggedItem.objects.filter(
                    content_type__app_label="archive",
                    content_type__model="article",
                    object_id=OuterRef("pk"),
                    tag__in=tags,
                )
            )
        )

    def without_comments(self) -> "ArticleQuerySet":
        return self.exclude(
            Exists(Comment.objects.filter(article=OuterRef("pk"), state=Comment.State.VISIBLE))
        )

    def for_listing(self, tags: bool = True) -> "ArticleQuerySet":
        """What a list row shows, without the bodies and scraped sources. Each
        article fetched also gets the people, parties (and with ``tags`` the
        tags) it names as plain lists of Named, most mentioned first:
        ``people_listed``, ``parties_listed``, ``tags_listed``; one query each
        for the whole page (see named_in)."""
        articles = self.select_related("publication").defer(
            "body", "source_text", "removed_lines", "caption", "highlights"
        )
        articles._listing = {"tags": tags}
        return articles

    # The rows of for_listing come with what they name (see _fetch_all).
    _listing: dict[str, bool] | None = None

    def _clone(self):
        clone = super()._clone()
        clone._listing = self._listing
        return clone

    def _fetch_all(self):
        fetching = self._result_cache is None
        super()._fetch_all()
        if fetching and self._listing is not None and self._iterable_class is ModelIterable:
            named_in(self._result_cache, **self._listing)


@dataclass(frozen=True, slots=True)
class Named:
    """A person, party or tag as a list row shows it."""

    slug: str
    name: str
    url: str
    mentions: int = 0


def named_in(articles, tags=True):
    """Give each article ``people_listed``, ``parties_listed`` and, with ``tags``,
    ``tags_listed``. One query each for all the articles, reading plain values:
    Django's prefetch_related made a model instance for every link and every
    person, and a related manager per article, which took longer than the rest
    of a list page's rows."""
    from django.contrib.contenttypes.models import ContentType
    from taggit.models import TaggedItem

    ids = [a.pk for a in articles]
    people, parties, tagged = defaultdict(list), defaultdict(list), defaultdict(list)
    if ids:
        for article, slug, name, n in (
            ArticlePerson.objects.filter(article__in=ids)
            .order_by("-mentions", "person__name")
            .values_list("article_id", "person__slug", "person__name", "mentions")
        ):
            people[article].append(Named(slug, name, slug_url("public:person-detail", slug), n))
        for article, slug, name, n in (
            ArticleParty.objects.filter(article__in=ids)
            .order_by("-mentions", "party__abbreviation")
            .values_list("article_id", "party__slug", "party__abbreviation", "mentions")
        ):
            parties[article].append(Named(slug, name, slug_url("public:party-detail", slug), n))
        if tags:
            for article, slug, name in (
                TaggedItem.objects.filter(
                    content_type=ContentType.objects.get_for_model(Article), object_id__in=ids
                )
                .order_by("pk")
                .values_list("object_id", "tag__slug", "tag__name")
            ):
                tagged[article].append(Named(slug, name, slug_url("public:tag-detail", slug)))
    for article in articles:
        article.people_listed = people[article.pk]
        article.parties_listed = parties[article.pk]
        if tags:
            article.tags_listed = tagged[article.pk]


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        PUBLISHED = "published", "Published"
        WITHDRAWN = "withdrawn", "Withdrawn"

    title = models.CharField(max_length=500)
    # Set once from the first headline; a corrected headline keeps the permalink.
    slug = models.SlugField(max_length=220, unique=True, allow_unicode=True)
    subtitle = models.TextField(blank=True)
    byline = models.CharField(max_length=300, blank=True)
    dateline = models.CharField(max_length=100, blank=True)
    published_on = models.DateField(null=True, blank=True)
    # No index of its own: article_publication_date starts with the outlet.
    publication = models.ForeignKey(
        Publication,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="articles",
        db_index=False,
    )
    caption = models.TextField(blank=True)
    highlights = models.TextField(blank=True, help_text="Key points, one per line.")
    body = models.TextField(help_text="Paragraphs separated by a blank line.")
    status = models.CharField(
        max_length=10, choices=Status.choices, default=Status.DRAFT, db_index=False
    )
    source_name = models.CharField(
        max_length=500, blank=True, help_text="The file the article was imported from."
    )
    source_text = models.TextField(blank=True, help_text="The scraped text as imported.")
    removed_lines = models.JSONField(
        default=list,
        blank=True,
        help_text="Lines the importer removed from the source, with the reason for each.",
    )
    content_hash = models.CharField(max_length=64, unique=True, editable=False)
    people = models.ManyToManyField(Person, through="ArticlePerson", related_name="articles")
    parties = models.ManyToManyField(Party, through="ArticleParty", related_name="articles")
    tags = TaggableManager(blank=True)
    imported_at = models.DateTimeField(null=True, blank=True, editable=False)
    edited_at = models.DateTimeField(
        null=True, blank=True, editable=False, help_text="When an editor last changed it."
    )
    created = models.DateTimeField(auto_now_add=True)
    updated = models.DateTimeField(auto_now=True)
    # The history is read by article (its id) and date; the slug, hash and outlet
    # indexes simple_history would copy from the article only cost every import.
    history = HistoricalRecords(
        excluded_fields=["source_text", "removed_lines"],
        no_db_index=["slug", "content_hash", "publication"],
    )

    objects = ArticleQuerySet.as_manager()

    class Meta:
        ordering = [models.F("published_on").desc(nulls_last=True), "-id"]
        get_latest_by = "published_on"
        indexes = [
            # The public list, newest first, and year filters: a range scan of this.
            models.Index(fields=["status", "-published_on", "-id"], name="article_status_date"),
            # The list filtered by outlet.
            models.Index(
                fields=["publication", "status", "-published_on", "-id"],
                name="article_publication_date",
            ),
            # The admin's date drill-down asks for the first and last date.
            models.Index(fields=["published_on"], name="article_published_on"),
            # The importer finds the article a file was imported from before.
            models.Index(fields=["source_name"], name="article_source_name"),
            # Cached facet counts are keyed on the latest change: MAX(updated).
            models.Index(fields=["-updated"], name="article_updated"),
        ]

    def __str__(self):
        return self.title

    # Fields whose text is stored in canonical form (see canonical_text).
    TEXT_FIELDS = ("title", "subtitle", "byline", "dateline", "caption", "highlights", "body")

    def save(self, *args, **kwargs):
        for name in self.TEXT_FIELDS:
            value = getattr(self, name)
            if value:
                setattr(self, name, canonical_text(value))
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return slug_url("public:article-detail", self.slug)

    @property
    def is_published(self):
        return self.status == self.Status.PUBLISHED

    @property
    def paragraphs(self):
        return [p.strip() for p in self.body.split("\n\n") if p.strip()]

    @property
    def highlight_list(self):
        return split_lines(self.highlights)

    @staticmethod
    def plain_slug(title):
        """The slug of a title, before any suffix makes it unique."""
        return slug_of(title) or "article"

    @classmethod
    def unique_slug(cls, title, exclude_pk=None):
        """A slug from the title, suffixed with -2, -3 … until no other article has it."""
        return unique_slug(cls, title, 210, exclude_pk)


class FullTextField(models.TextField):
    """The hidden column of an FTS5 table that carries its name: MATCH and the
    auxiliary functions (snippet, bm25) take it."""


@FullTextField.register_lookup
class FullTextMatch(models.Lookup):
    lookup_name = "match"

    def as_sql(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = self.process_rhs(compiler, connection)
        return f"{lhs} MATCH {rhs}", [*lhs_params, *rhs_params]


class ArticleText(models.Model):
    """SQLite's full-text index of the articles' titles, subtitles and bodies.

    An FTS5 table that migration 0003 creates on SQLite only and keeps in step with
    Article by triggers; Django only reads it, joined through ``Article.fts``.
    PostgreSQL's index is ArticleVector.
    """

    article = models.OneToOneField(
        Article,
        primary_key=True,
        db_column="rowid",
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="fts",
    )
    document = FullTextField(db_column="archive_article_fts")
    # bm25 with title weighted over subtitle over body (configured by the migration).
    rank = models.FloatField()

    class Meta:
        managed = False
        db_table = "archive_article_fts"

    def __str__(self):
        return f"Search index entry of article {self.pk}"


class ArticleVector(models.Model):
    """PostgreSQL's full-text index of the articles: each article's weighted
    search vector (title A, subtitle B, body C) in a narrow table of its own,
    with a GIN index, kept in step with Article by triggers (migration 0009) and
    stored inline in its row (migration 0010). A search reads only these narrow
    rows to find its matches, never the articles' wide ones. SQLite has no such
    table: ArticleText serves."""

    article = models.OneToOneField(
        Article,
        primary_key=True,
        db_constraint=False,
        on_delete=models.DO_NOTHING,
        related_name="vector",
    )
    vector = SearchVectorField()

    class Meta:
        managed = False
        db_table = "archive_article_vector"

    def __str__(self):
        return f"Search vector of article {self.pk}"


class LinkSource(models.TextChoices):
    IMPORTER = "importer", "Found by the importer"
    EDITOR = "editor", "Made by an editor"


class ArticlePerson(models.Model):
    # No index of their own: article_person_unique starts with the article and
    # articleperson_person_article with the person (each index is written for every
    # imported link).
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="person_links", db_index=False
    )
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="article_links", db_index=False
    )
    source = models.CharField(max_length=10, choices=LinkSource.choices, default=LinkSource.EDITOR)
    mentions = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-mentions", "person__name"]
        verbose_name = "person mentioned"
        verbose_name_plural = "people mentioned"
        constraints = [
            models.UniqueConstraint(fields=["article", "person"], name="article_person_unique"),
        ]
        indexes = [
            # Person pages and ?person= filters start from the person.
            models.Index(fields=["person", "article"], name="articleperson_person_article"),
        ]

    def __str__(self):
        return f"{self.person} in {self.article}"


class ArticleParty(models.Model):
    # No index of their own: article_party_unique and articleparty_party_article.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="party_links", db_index=False
    )
    party = models.ForeignKey(
        Party, on_delete=models.CASCADE, related_name="article_links", db_index=False
    )
    source = models.CharField(max_length=10, choices=LinkSource.choices, default=LinkSource.EDITOR)
    mentions = models.PositiveIntegerField(default=1)

    class Meta:
        ordering = ["-mentions", "party__abbreviation"]
        verbose_name = "party mentioned"
        verbose_name_plural = "parties mentioned"
        constraints = [
            models.UniqueConstraint(fields=["article", "party"], name="article_party_unique"),
        ]
        indexes = [
            # Party pages and ?party= filters start from the party.
            models.Index(fields=["party", "article"], name="articleparty_party_article"),
        ]

    def __str__(self):
        return f"{self.party} in {self.article}"


class CommentQuerySet(models.QuerySet):
    def visible(self):
        return self.filter(state=Comment.State.VISIBLE)


class Comment(models.Model):
    class State(models.TextChoices):
        VISIBLE = "visible", "Visible"
        HIDDEN = "hidden", "Hidden"

    # No index of its own: comment_article_state starts with the article.
    article = models.ForeignKey(
        Article, on_delete=models.CASCADE, related_name="comments", db_index=False
    )
    author = models.CharField(max_length=200)
    posted = models.CharField(
        max_length=100, blank=True, help_text="The time as the page printed it."
    )
    posted_on = models.DateField(null=True, blank=True)
    body = models.TextField()
    state = models.CharField(max_length=10, choices=State.choices, default=State.VISIBLE)
    position = models.PositiveIntegerField(default=0, help_text="Order on the scraped page.")
    created = models.DateTimeField(auto_now_add=True)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["article", "position", "id"]
        indexes = [
            # Article pages list their visible comments in order.
            models.Index(fields=["article", "state", "position"], name="comment_article_state"),
        ]

    def __str__(self):
        return f"{self.author} on {self.article}"


class SuggestedName(models.Model):
    """A name the importer saw that the registry does not know, for an editor to review."""

    class State(models.TextChoices):
        PENDING = "pending", "Pending"
        ACCEPTED = "accepted", "Accepted"
        REJECTED = "rejected", "Rejected"

    name = models.CharField(max_length=200)
    # casefolded name without honorifics: "Dr Rizwan Sattar" and "rizwan sattar" are one
    key = models.CharField(max_length=200, unique=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    articles = models.ManyToManyField(Article, related_name="suggested_names", blank=True)
    person = models.ForeignKey(
        Person,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="suggestions",
        help_text="The person this name was accepted as.",
    )
    created = models.DateTimeField(auto_now_add=True)
    reviewed = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["state", "name"]
        indexes = [
            # The review queue lists pending names.
            models.Index(fields=["state", "name"], name="suggestedname_state_name"),
        ]

    def __str__(self):
        return self.name


class FacetCount(models.Model):
    """How many published articles each party, person, outlet, year and tag has.

    Kept by database triggers in the same transaction as the change that moves a
    count (see archive.counts), so the unfiltered lists never group the archive.
    """

    class Dimension(models.TextChoices):
        ALL = "all", "All published articles"
        PARTY = "party", "Party"
        PERSON = "person", "Person"
        PUBLICATION = "publication", "Publication"
        YEAR = "year", "Year"
        TAG = "tag", "Tag"

    dimension = models.CharField(max_length=12, choices=Dimension.choices)
    item = models.BigIntegerField(help_text="The party's, person's, outlet's or tag's id; a year.")
    n = models.IntegerField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["dimension", "item"], name="facetcount_unique"),
        ]

    def __str__(self):
        return f"{self.dimension} {self.item}: {self.n}"


class MovedSlug(models.Model):
    """An address that moved: the slug of a person, party, tag or outlet merged
    into another, and the row it now belongs to. Links anyone shared to the old
    page, feed or filter keep working (a 301 to the survivor's)."""

    class Kind(models.TextChoices):
        PERSON = "person", "Person"
        PARTY = "party", "Party"
        TAG = "tag", "Tag"
        PUBLICATION = "publication", "Publication"

    kind = models.CharField(max_length=12, choices=Kind.choices)
    slug = models.CharField(max_length=255)
    target_id = models.BigIntegerField(help_text="The row the old slug now leads to.")
    moved_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["kind", "slug"]
        constraints = [
            # Pages look up an old slug of one kind when theirs is not found.
            models.UniqueConstraint(fields=["kind", "slug"], name="movedslug_unique"),
        ]

    def __str__(self):
        return f"{self.kind} {self.slug} → {self.target_id}"

    @classmethod
    def record(cls, kind, merged, survivor_id):
        """The merged rows' slugs lead to the survivor, and so do the slugs that led
        to them: a chain of merges never ends in a dead address."""
        cls.objects.filter(kind=kind, target_id__in=[row.pk for row in merged]).update(
            target_id=survivor_id
        )
        for row in merged:
            cls.objects.update_or_create(
                kind=kind, slug=row.slug, defaults={"target_id": survivor_id}
            )

    @classmethod
    def current_slug(cls, kind, slug, model):
        """The slug an old one moved to, or None."""
        moved = cls.objects.filter(kind=kind, slug=slug).values_list("target_id", flat=True)
        return model._default_manager.filter(pk__in=moved).values_list("slug", flat=True).first()


class RegistryRecord(models.Model):
    """What the registry file said of one entry when it was last loaded.

    Loading the file again compares three values of each field: the file's now,
    the file's then (here) and the archive's. A field the file changed and no
    editor did is updated; a field an editor changed and the file did not is
    left as the editor made it; a field both changed is a conflict, reported
    and left alone unless the load is forced (archive.registry)."""

    kind = models.CharField(max_length=12)
    slug = models.CharField(max_length=255)
    values = models.JSONField(default=dict)

    class Meta:
        ordering = ["kind", "slug"]
        constraints = [
            # load_registry finds each entry's record by its kind and slug.
            models.UniqueConstraint(fields=["kind", "slug"], name="registryrecord_unique"),
        ]

    def __str__(self):
        return f"{self.kind} {self.slug}"


def publicly_shown(queryset, dimension, links=None, field=""):
    """The rows of ``queryset`` (people, outlets, tags) that the public site may
    show: those with a published article, by the counts the database keeps, and,
    with ``links`` (the link rows naming them by ``field``), those with no article
    at all, which come from the registry. A row named only by drafts or withdrawn
    articles is left out: its page would tell readers who an unpublished story
    is about."""
    published = Exists(FacetCount.objects.filter(dimension=dimension, item=OuterRef("pk"), n__gt=0))
    if links is None:
        return queryset.filter(published)
    return queryset.filter(published | ~Exists(links.filter(**{field: OuterRef("pk")})))


def public_people(queryset=None):
    queryset = Person.objects.all() if queryset is None else queryset
    return publicly_shown(queryset, FacetCount.Dimension.PERSON, ArticlePerson.objects, "person")


def public_publications(queryset=None):
    queryset = Publication.objects.all() if queryset is None else queryset
    return publicly_shown(
        queryset, FacetCount.Dimension.PUBLICATION, Article.objects, "publication"
    )


def public_tags(queryset=None):
    from taggit.models import Tag

    return publicly_shown(
        Tag.objects.all() if queryset is None else queryset, FacetCount.Dimension.TAG
    )
