"""The editors' workplace (the admins are registered by the modules below)."""

from . import articles  # noqa: F401
from .articles import ArticleAdmin  # noqa: F401
