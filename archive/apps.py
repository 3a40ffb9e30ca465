from django.apps import AppConfig


class ArchiveConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "archive"
    verbose_name = "Newsroom archive"

    def ready(self):
        # Saving or deleting what the public counts depend on invalidates them.
        from . import versions  # noqa: F401
