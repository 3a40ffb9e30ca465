from django.apps import AppConfig


class PublicConfig(AppConfig):
    """The readers' site: lists, entity pages, feeds and sitemaps, in Jinja2."""

    name = "public"
    verbose_name = "Public site"
