"""How editors type tags: separated by commas, so a tag may hold spaces.

Taggit's own parser splits on spaces when there is no comma: "karachi water"
made two tags. Settings point TAGGIT_TAGS_FROM_STRING and
TAGGIT_STRING_FROM_TAGS here.
"""

from collections.abc import Iterable
from typing import Any


def tags_from_string(text: str) -> list[str]:
    """The tags in a comma-separated string, each once, in the order typed."""
    names = (" ".join(part.split()) for part in (text or "").split(","))
    return list(dict.fromkeys(name for name in names if name))


def string_from_tags(tags: Iterable[Any]) -> str:
    """The tags as an editor types them back: their names, comma-separated."""
    return ", ".join(sorted(tag.name for tag in tags))
