from django.apps import AppConfig


class ApiConfig(AppConfig):
    """The read-only JSON API (Django REST framework)."""

    name = "api"
    verbose_name = "JSON API"
