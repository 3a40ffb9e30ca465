from django.apps import AppConfig


class EditorsConfig(AppConfig):
    """The editors' workplace: the Django admin over the archive's models."""

    name = "editors"
    verbose_name = "Editors' workplace"
