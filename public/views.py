"""The public pages. Every list of articles goes through ArticleFilter, so the
same GET parameters filter the list, a person's or party's articles, the API
and the CSV export; every page runs a fixed number of queries."""

import csv
from urllib.parse import urlencode

from django.db.models import OuterRef, Prefetch, Subquery
from django.http import Http404, HttpResponse, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.functional import cached_property
from django.views.generic import ListView, TemplateView

from archive import versions
from archive.models import (
    Affiliation,
    Article,
    ArticleParty,
    ArticlePerson,
    FacetCount,
    Party,
    Person,
    public_people,
    public_publications,
    public_tags,
)
from archive.paging import COUNT_CAP, CappedPaginator
from archive.search import describe, parse, snippets

from . import facets
from .charts import coverage_chart
from .filters import RANKED_CANDIDATES, ArticleFilter
from .moved import moved_filters

EXPORT_CAP = 5_000


def home(request):
    return redirect("public:article-list")


# The facet links of one page are many; each helper copies the query's values as
# plain lists (QueryDict.copy() deep-copies, which cost a millisecond a page).


def _without_page(query):
    return {k: list(v) for k, v in query.lists() if k != "page"}


def _encoded(params):
    encoded = urlencode([(k, v) for k, values in params.items() for v in values])
    return f"?{encoded}" if encoded else "?"


def url_adding(query, key, value):
    """The query string with ``value`` added to ``key``'s values, back on page one."""
    params = _without_page(query)
    values = params.setdefault(key, [])
    if value not in values:
        values.append(value)
    return _encoded(params)


def url_setting(query, key, value):
    params = _without_page(query)
    params[key] = [value]
    return _encoded(params)


def url_removing(query, key, value=None):
    """The query string without ``key`` (or without just one of its values)."""
    params = _without_page(query)
    if value is None:
        params.pop(key, None)
    else:
        params[key] = [v for v in params.get(key, []) if v != value]
    return _encoded(params)


class FilteredArticles(ListView):
    """A page of published articles filtered by ArticleFilter, with counts for
    narrowing further, the active filters as removable chips, and snippets when
    searching. Subclasses narrow ``base_articles`` (a person's articles …)."""

    template_name = "public/article_list.html"
    context_object_name = "articles"
    paginate_by = 20
    paginator_class = CappedPaginator
    # The filter that the page itself stands for, left out of chips and counts.
    fixed: str | None = None
    # Lists every published article before the reader's filters, so its counts are
    # the ones the database keeps (archive.counts).
    whole_archive = False

    def get(self, request, *args, **kwargs):
        # A filter naming a merged person, party or tag by its old slug: the same
        # list under the current one (asked only when the filters are not valid).
        if not self.filterset.is_valid() and (moved := moved_filters(request.GET)):
            return HttpResponsePermanentRedirect(f"{request.path}?{moved.urlencode()}")
        return super().get(request, *args, **kwargs)

    def base_articles(self):
        return Article.objects.published()

    @cached_property
    def base(self):
        """base_articles, built once (building may take a query; see _linked)."""
        return self.base_articles()

    def facet_key(self):
        return ()

    @cached_property
    def version(self):
        """The archive's version, read once for everything this page caches."""
        return versions.request_version(self.request)

    def base_counts(self):
        """Counts over the page's articles before the reader's filters (the
        newest COUNT_CAP of them, and ``more`` true, when they are more)."""
        return versions.cached(
            "facets",
            (self.facet_key(), []),
            lambda: self.sample_counts(self.base),
            self.version,
        )

    def sample_counts(self, articles, newest=True, more=False):
        found, beyond = facets.sampled(articles, COUNT_CAP, newest)
        return {**facets.facet_counts(found), "more": more or beyond}

    @cached_property
    def filterset(self):
        return ArticleFilter(
            self.request.GET, queryset=self.base.for_listing(tags=False), request=self.request
        )

    def get_queryset(self):
        if not self.filterset.is_valid():
            return Article.objects.none()
        return self.filterset.qs

    def chart(self, articles):
        """The coverage chart of all the page's articles, kept like their counts."""
        return versions.cached(
            "chart",
            self.facet_key(),
            lambda: coverage_chart(facets.monthly_counts(articles)),
            self.version,
        )

    def narrowed(self):
        """Whether the reader's query holds a filter with a value."""
        data = self.filterset.data
        return any(v for k in data if k not in versions.NOT_FILTERS for v in data.getlist(k))

    def filter_key(self):
        return versions.filter_key(self.facet_key(), self.filterset.data)

    def get_paginator(self, queryset, per_page, **kwargs):
        """Counts, like the counts beside the list, are kept until the archive changes."""
        paginator = super().get_paginator(
            queryset, per_page, rows=Article.objects.for_listing(tags=False), **kwargs
        )
        if self.filterset.is_valid():
            counting = self.paginator_class(self.filterset.count_queryset(), per_page)
            paginator.preset(
                versions.cached("count", self.filter_key(), counting.counted, self.version)
            )
        return paginator

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        filterset = self.filterset
        articles = list(context["page_obj"].object_list) if context["page_obj"] else []
        query = filterset.data
        suffix = f"?{query.urlencode()}" if query else ""
        if filterset.searching:
            found = snippets(articles, filterset.form.cleaned_data["q"])
            for article in articles:
                article.snippet = found.get(article.pk, "")
        groups, among = self.facets(context["paginator"]) if filterset.is_valid() else ({}, None)
        context.update(
            articles=articles,
            fixed=self.fixed,
            filterset=filterset,
            form=filterset.form,
            query=query,
            searching=filterset.searching,
            understood=describe(parse(filterset.form.cleaned_data.get("q")))
            if filterset.searching
            else "",
            sort=filterset.sort_order if filterset.is_valid() else "newest",
            sorts=[
                (value, label, url_setting(query, "sort", value))
                for value, label in filterset.filters["sort"].extra["choices"]
                if value != "relevance" or filterset.searching
            ],
            chips=self.chips() if filterset.is_valid() else [],
            facets=groups,
            facets_among=among,
            hidden=self.hidden_inputs(),
            export_url=reverse("public:article-export") + suffix,
            api_url=reverse("api:article-list") + suffix,
            export_cap=EXPORT_CAP,
            ranked_among=RANKED_CANDIDATES,
            **versions.cached("filter-options", (), facets.filter_options, self.version),
        )
        return context

    def hidden_inputs(self):
        """Filters the form does not show as fields, kept when it is submitted."""
        if not self.filterset.is_valid():
            return []
        data = self.filterset.form.cleaned_data
        hidden = [("person", p.slug) for p in data.get("person") or []]
        hidden += [("party", p.slug) for p in (data.get("party") or [])[1:]]
        hidden += [("tag", t.slug) for t in data.get("tag") or []]
        return hidden

    def chips(self):
        data, query = self.filterset.form.cleaned_data, self.filterset.data
        chips = []

        def add(kind, label, key, value=None):
            chips.append({"kind": kind, "label": label, "url": url_removing(query, key, value)})

        if data.get("q"):
            add("Words", data["q"], "q")
        for person in data.get("person") or []:
            add("Person", person.name, "person", person.slug)
        for party in data.get("party") or []:
            add("Party", party.abbreviation, "party", party.slug)
        if data.get("factions"):
            add("Parties", "with their factions", "factions")
        if data.get("publication"):
            add("Publication", data["publication"].name, "publication")
        for tag in data.get("tag") or []:
            add("Tag", tag.name, "tag", tag.slug)
        if data.get("year"):
            add("Year", str(data["year"]), "year")
        if data.get("from"):
            add("From", data["from"].strftime("%-d %b %Y"), "from")
        if data.get("to"):
            add("To", data["to"].strftime("%-d %b %Y"), "to")
        if data.get("has_comments") is not None:
            add("Comments", "with comments" if data["has_comments"] else "without", "has_comments")
        return chips

    def facets(self, paginator):
        """``(groups of counts to narrow by, what they were counted among)``; the
        second is None when they are counted among all the page's articles."""
        filterset = self.filterset
        normalized = sorted(
            (k, tuple(filterset.data.getlist(k)))
            for k in filterset.data
            if k not in ("page", "sort")
        )
        among = None
        if self.whole_archive and not self.narrowed():
            counts = facets.whole_archive_counts(self.version)
        else:
            searched = filterset.candidates is not None
            counts = versions.cached(
                "facets",
                (self.facet_key(), normalized),
                # A search counts among the candidates Best match ranks, found from
                # the text index; sorting its matches by date would probe that index
                # once for every article.
                lambda: (
                    self.sample_counts(
                        filterset.candidates,
                        newest=False,
                        more=paginator.count > RANKED_CANDIDATES,
                    )
                    if searched
                    else self.sample_counts(filterset.qs)
                ),
                self.version,
            )
            if counts["more"]:
                among = (
                    f"Counted among the {RANKED_CANDIDATES:,} matches added to the archive "
                    "most recently."
                    if searched
                    else f"Counted among the newest {COUNT_CAP:,} of these articles."
                )
        query = filterset.data
        multi = {"party", "person", "tag"}
        groups = []
        titles = {
            "party": "Parties",
            "person": "People",
            "publication": "Publications",
            "year": "Years",
            "tag": "Tags",
        }
        for key, title in titles.items():
            if key == self.fixed:
                continue
            chosen = set(query.getlist(key))
            items = []
            for item in counts[key]:
                selected = item["value"] in chosen
                if selected:
                    url = url_removing(query, key, item["value"] if key in multi else None)
                elif key in multi:
                    url = url_adding(query, key, item["value"])
                else:
                    url = url_setting(query, key, item["value"])
                items.append({**item, "selected": selected, "url": url})
            if items:
                groups.append({"key": key, "title": title, "items": items})
        return groups, among


class ArticleListView(FilteredArticles):
    whole_archive = True


class ArticleDetailView(TemplateView):
    template_name = "public/article_detail.html"

    def get(self, request, *args, **kwargs):
        try:
            return super().get(request, *args, **kwargs)
        except Http404:
            # Asked only when no published article has the slug.
            gone = (
                Article.objects.filter(slug=kwargs["slug"], status=Article.Status.WITHDRAWN)
                .values("title", "updated")
                .first()
            )
            if gone is None:
                raise
            return TemplateResponse(request, "public/article_gone.html", {"gone": gone}, status=410)

    def get_context_data(self, **kwargs):
        article = get_object_or_404(
            Article.objects.published()
            .select_related("publication")
            .defer("source_text", "removed_lines")
            .prefetch_related(
                Prefetch("person_links", ArticlePerson.objects.select_related("person")),
                Prefetch("party_links", ArticleParty.objects.select_related("party")),
                "tags",
            ),
            slug=kwargs["slug"],
        )
        people = [link.person for link in article.person_links.all()]
        parties = [link.party for link in article.party_links.all()]
        related = versions.cached(
            "related",
            article.pk,
            lambda: facets.related_articles(
                article, [p.pk for p in people], [p.pk for p in parties]
            ),
            versions.request_version(self.request),
        )
        return {
            **super().get_context_data(**kwargs),
            "article": article,
            "people": people,
            "parties": parties,
            "tags": list(article.tags.all()),
            "comments": list(article.comments.visible()),
            "related": related,
        }


class PersonListView(ListView):
    template_name = "public/person_list.html"
    context_object_name = "people"
    paginate_by = 50

    def get_queryset(self):
        people = public_people(Person.objects.only("slug", "name", "description"))
        self.q = self.request.GET.get("q", "").strip()[:100]
        if self.q:
            people = people.filter(name__icontains=self.q) | people.filter(
                aliases__icontains=self.q
            )
        return people.order_by("name")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        people = list(context["people"])
        counts = dict(
            FacetCount.objects.filter(
                dimension=FacetCount.Dimension.PERSON, item__in=[p.pk for p in people]
            ).values_list("item", "n")
        )
        for person in people:
            person.article_count = counts.get(person.pk, 0)
        most = facets.whole_archive_counts(versions.request_version(self.request))
        context.update(people=people, q=self.q, most_covered=most["person"])
        return context


class PersonDetailView(FilteredArticles):
    template_name = "public/person_detail.html"
    fixed = "person"

    @cached_property
    def person(self):
        return get_object_or_404(public_people(), slug=self.kwargs["slug"])

    def base_articles(self):
        return Article.objects.published().naming_person(self.person)

    def facet_key(self):
        return ("person", self.person.pk)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        person = self.person
        everything = self.base
        base = self.base_counts()
        context.update(
            person=person,
            affiliations=list(Affiliation.objects.filter(person=person).select_related("party")),
            chart=self.chart(everything),
            alongside=[
                {"slug": p["value"], "name": p["label"], "n": p["n"]}
                for p in base["person"]
                if p["value"] != person.slug
            ][:10],
            alongside_among=COUNT_CAP if base["more"] else None,
            feed_rss=reverse("public:person-feed-rss", args=[person.slug]),
            feed_atom=reverse("public:person-feed-atom", args=[person.slug]),
        )
        return context


class PartyListView(TemplateView):
    template_name = "public/party_list.html"

    def get_context_data(self, **kwargs):
        parties = list(Party.objects.select_related("faction_of", "merged_into"))
        counts = facets.whole_archive_counts(versions.request_version(self.request))
        by_slug = {item["value"]: item["n"] for item in counts["party"]}
        for party in parties:
            party.article_count = by_slug.get(party.slug, 0)
        return {**super().get_context_data(**kwargs), "tree": party_forest(parties)}


def party_forest(parties, root=None):
    """Parties as nested ``(party, [children])`` by faction, roots first."""
    children = {}
    for party in parties:
        children.setdefault(party.faction_of_id, []).append(party)

    def grow(parent_id, seen):
        return [
            (p, grow(p.pk, seen | {p.pk})) for p in children.get(parent_id, []) if p.pk not in seen
        ]

    return grow(root, set())


class PartyDetailView(FilteredArticles):
    template_name = "public/party_detail.html"
    fixed = "party"

    @cached_property
    def all_parties(self):
        return {p.pk: p for p in Party.objects.all()}

    @cached_property
    def party(self):
        for party in self.all_parties.values():
            if party.slug == self.kwargs["slug"]:
                return party
        raise Http404("No such party.")

    @cached_property
    def with_factions(self):
        return self.request.GET.get("factions") in ("1", "true", "True", "on")

    @cached_property
    def family(self):
        return Party.objects.families([self.party])[self.party.pk]

    def base_articles(self):
        ids = self.family if self.with_factions else {self.party.pk}
        return Article.objects.published().about_any_party(ids)

    def facet_key(self):
        return ("party", self.party.pk, self.with_factions)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        party = self.party
        parties = self.all_parties
        lineage, parent = [], parties.get(party.faction_of_id)
        while parent and parent not in lineage:
            lineage.insert(0, parent)
            parent = parties.get(parent.faction_of_id)
        everything = self.base
        context.update(
            party=party,
            lineage=lineage,
            factions=party_forest(parties.values(), root=party.pk),
            merged_into=parties.get(party.merged_into_id),
            merged_in=[p for p in parties.values() if p.merged_into_id == party.pk],
            members=list(
                Affiliation.objects.filter(party=party)
                .select_related("person")
                .order_by("person__name", "started_on")
            ),
            has_factions=len(self.family) > 1,
            chart=self.chart(everything),
            feed_rss=reverse("public:party-feed-rss", args=[party.slug]),
            feed_atom=reverse("public:party-feed-atom", args=[party.slug]),
        )
        return context


class PublicationDetailView(FilteredArticles):
    template_name = "public/publication_detail.html"
    fixed = "publication"

    @cached_property
    def publication(self):
        return get_object_or_404(public_publications(), slug=self.kwargs["slug"])

    def base_articles(self):
        return Article.objects.published().filter(publication=self.publication)

    def facet_key(self):
        return ("publication", self.publication.pk)

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "publication": self.publication}


class TagListView(ListView):
    """Every tag of a published article, most used first, with its count (the
    counts the database keeps: one query for the page, one for the total)."""

    template_name = "public/tag_list.html"
    context_object_name = "tags"
    paginate_by = 100

    def get_queryset(self):
        used = FacetCount.objects.filter(dimension=FacetCount.Dimension.TAG, item=OuterRef("pk"))
        return (
            public_tags()
            .annotate(article_count=Subquery(used.values("n")[:1]))
            .order_by("-article_count", "name")
            .values("slug", "name", "article_count")
        )


class TagDetailView(FilteredArticles):
    template_name = "public/tag_detail.html"
    fixed = "tag"

    @cached_property
    def tag(self):
        return get_object_or_404(public_tags(), slug=self.kwargs["slug"])

    def base_articles(self):
        return Article.objects.published().tagged(self.tag)

    def facet_key(self):
        return ("tag", self.tag.pk)

    def get_context_data(self, **kwargs):
        return {
            **super().get_context_data(**kwargs),
            "tag": self.tag,
            "feed_rss": reverse("public:tag-feed-rss", args=[self.tag.slug]),
            "feed_atom": reverse("public:tag-feed-atom", args=[self.tag.slug]),
        }


def _cell(value):
    """A CSV cell that a spreadsheet will not run as a formula."""
    text = "" if value is None else str(value)
    return f"'{text}" if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def article_export(request):
    """The filtered list as CSV, up to EXPORT_CAP rows; past that the last row
    says so. Five queries whatever the number of rows."""
    filterset = ArticleFilter(
        request.GET, queryset=Article.objects.published().for_listing(), request=request
    )
    if not filterset.is_valid():
        errors = "; ".join(
            f"{name}: {' '.join(messages)}" for name, messages in filterset.errors.items()
        )
        return HttpResponse(
            f"The filters are not valid: {errors}\n", status=400, content_type="text/plain"
        )
    rows = list(filterset.qs[: EXPORT_CAP + 1])
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="articles.csv"'
    writer = csv.writer(response)
    writer.writerow(
        [
            "url",
            "title",
            "subtitle",
            "published_on",
            "publication",
            "byline",
            "dateline",
            "people",
            "parties",
            "tags",
        ]
    )
    for article in rows[:EXPORT_CAP]:
        writer.writerow(
            _cell(v)
            for v in [
                request.build_absolute_uri(article.get_absolute_url()),
                article.title,
                article.subtitle,
                article.published_on.isoformat() if article.published_on else "",
                article.publication.name if article.publication else "",
                article.byline,
                article.dateline,
                "; ".join(person.name for person in article.people_listed),
                "; ".join(party.name for party in article.parties_listed),
                "; ".join(tag.name for tag in article.tags_listed),
            ]
        )
    if len(rows) > EXPORT_CAP:
        writer.writerow(
            [
                f"Export stopped at {EXPORT_CAP:,} articles: more match these filters. "
                "Narrow them (by year, say) or page through the API at "
                f"{request.build_absolute_uri(reverse('api:article-list'))}."
            ]
        )
    return response


def robots_txt(request):
    sitemap = request.build_absolute_uri(reverse("sitemap-index"))
    lines = [
        "User-agent: *",
        "Disallow: /admin/",
        "Disallow: /articles/export.csv",
        "Disallow: /api/",
        f"Sitemap: {sitemap}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain")
