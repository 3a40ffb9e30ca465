from django.apps import AppConfig


class ImportingConfig(AppConfig):
    """The import pipeline's commands and store; the pipeline itself needs no Django."""

    name = "importing"
    verbose_name = "Importing"
