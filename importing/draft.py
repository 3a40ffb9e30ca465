"""The plain data that flows through the import pipeline."""

import datetime
import hashlib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

_WORD = re.compile(r"[^\W_]+")


def content_hash(body_paragraphs: Iterable[str]) -> str:
    """Hash of the body with case, punctuation styles and spacing folded away: its
    runs of letters and digits, joined by single spaces."""
    text = unicodedata.normalize("NFKC", "\n".join(body_paragraphs)).casefold()
    # Most words stand between spaces with nothing attached (str.isalnum is the
    # regex's [^\W_]); only the others go through the regex. Twice as fast as
    # substituting over the whole body.
    words = []
    for token in text.split():
        if token.isalnum():
            words.append(token)
        else:
            words.extend(_WORD.findall(token))
    return hashlib.sha256(" ".join(words).encode("utf-8")).hexdigest()


@dataclass
class RemovedLine:
    """A line of the source the cleaner did not keep, and why."""

    index: int  # 0-based line number in the decoded source text
    text: str
    reason: str

    def as_dict(self) -> dict[str, Any]:
        return {"index": self.index, "text": self.text, "reason": self.reason}


@dataclass
class CommentDraft:
    author: str
    posted: str = ""
    body: str = ""
    posted_on: datetime.date | None = None


@dataclass
class ArticleDraft:
    """Everything the importer learnt from one file, before it touches the database."""

    source_name: str
    source_text: str = ""
    title: str | None = None
    subtitle: str | None = None
    byline: str | None = None
    dateline: str | None = None
    published_on: datetime.date | None = None
    publication: str | None = None
    caption: str | None = None
    highlights: list[str] = field(default_factory=list)
    body: list[str] = field(default_factory=list)
    comments: list[CommentDraft] = field(default_factory=list)
    removed: list[RemovedLine] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    # canonical person name / party abbreviation -> number of mentions
    people: dict[str, int] = field(default_factory=dict)
    parties: dict[str, int] = field(default_factory=dict)
    suggested_people: list[str] = field(default_factory=list)
    # content_hash(body), made where the draft is made (a worker process, when the
    # importer has several) rather than by the one process that stores.
    content_hash: str = ""

    def as_json(self, file: str, status: str = "ok", error: str | None = None) -> dict[str, Any]:
        """The dry-run contract of shared/acceptance/README.md."""
        return {
            "file": file,
            "status": status,
            "error": error,
            "title": self.title,
            "subtitle": self.subtitle,
            "byline": self.byline,
            "dateline": self.dateline,
            "published_on": self.published_on.isoformat() if self.published_on else None,
            "publication": self.publication,
            "caption": self.caption,
            "highlights": self.highlights,
            "body": self.body,
            "comments": [
                {"author": c.author, "posted": c.posted, "body": c.body} for c in self.comments
            ],
            "people": sorted(self.people),
            "parties": sorted(self.parties),
            "suggested_people": self.suggested_people,
        }
