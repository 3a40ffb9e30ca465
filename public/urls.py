from django.contrib.sitemaps import views as sitemap_views
from django.urls import path, register_converter

from . import feeds, views
from .moved import follow_moved
from .pagecache import public_page
from .sitemaps import SITEMAPS
from .throttle import bounded_search

app_name = "public"


class UnicodeSlug:
    """Slugs in any script ("کھیل", "روزنامہ-جنگ"); Django's slug converter takes ASCII only."""

    regex = r"[-\w]+"

    def to_python(self, value):
        return value

    def to_url(self, value):
        return value


register_converter(UnicodeSlug, "uslug")

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "articles/",
        public_page(bounded_search(views.ArticleListView.as_view())),
        name="article-list",
    ),
    path("articles/export.csv", bounded_search(views.article_export), name="article-export"),
    path("articles/feed.rss", feeds.LatestArticles(), name="article-feed-rss"),
    path("articles/feed.atom", feeds.LatestArticlesAtom(), name="article-feed-atom"),
    path(
        "articles/<uslug:slug>/",
        public_page(views.ArticleDetailView.as_view()),
        name="article-detail",
    ),
    path("people/", public_page(views.PersonListView.as_view()), name="person-list"),
    path(
        "people/<uslug:slug>/",
        follow_moved("person", public_page(bounded_search(views.PersonDetailView.as_view()))),
        name="person-detail",
    ),
    path(
        "people/<uslug:slug>/feed.rss",
        follow_moved("person", feeds.PersonArticles()),
        name="person-feed-rss",
    ),
    path(
        "people/<uslug:slug>/feed.atom",
        follow_moved("person", feeds.PersonArticlesAtom()),
        name="person-feed-atom",
    ),
    path("parties/", public_page(views.PartyListView.as_view()), name="party-list"),
    path(
        "parties/<uslug:slug>/",
        follow_moved("party", public_page(bounded_search(views.PartyDetailView.as_view()))),
        name="party-detail",
    ),
    path(
        "parties/<uslug:slug>/feed.rss",
        follow_moved("party", feeds.PartyArticles()),
        name="party-feed-rss",
    ),
    path(
        "parties/<uslug:slug>/feed.atom",
        follow_moved("party", feeds.PartyArticlesAtom()),
        name="party-feed-atom",
    ),
    path(
        "publications/<uslug:slug>/",
        follow_moved(
            "publication", public_page(bounded_search(views.PublicationDetailView.as_view()))
        ),
        name="publication-detail",
    ),
    path("tags/", public_page(views.TagListView.as_view()), name="tag-list"),
    path(
        "tags/<uslug:slug>/",
        follow_moved("tag", public_page(bounded_search(views.TagDetailView.as_view()))),
        name="tag-detail",
    ),
    path(
        "tags/<uslug:slug>/feed.rss", follow_moved("tag", feeds.TagArticles()), name="tag-feed-rss"
    ),
    path(
        "tags/<uslug:slug>/feed.atom",
        follow_moved("tag", feeds.TagArticlesAtom()),
        name="tag-feed-atom",
    ),
    path("robots.txt", views.robots_txt, name="robots-txt"),
]

# The sitemap index and its sections keep Django's own view names, which
# the index uses to link its sections.
sitemap_urls = [
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap-index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]
