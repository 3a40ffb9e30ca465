"""Step three: from tagged lines to an ArticleDraft, and the whole pure pipeline."""

import datetime
import re
from collections.abc import Iterable
from typing import Any

from . import patterns as P
from . import segment as S
from .draft import ArticleDraft, CommentDraft, RemovedLine, content_hash
from .link import Linker
from .reading import decode, looks_like_html

# How far past today a publication date may lie (time zones, an edition dated
# tomorrow); anything later is not taken as the date.
LATEST_DATE_AHEAD = datetime.timedelta(days=1)

_TERMINAL = tuple(".!?…:;\"”’')]")


def _blocks(lines):
    """Runs of body lines with no blank line between them."""
    block = []
    for line in lines:
        if line.gap_before and block:
            yield block
            block = []
        block.append(line)
    if block:
        yield block


def _wrapped(block):
    """A block hard-wrapped at a fixed width: most lines stop mid-sentence."""
    inner = [line.text for line in block[:-1]]
    if len(inner) < 2:
        return False
    open_ended = sum(1 for text in inner if not text.endswith(_TERMINAL))
    return open_ended * 2 > len(inner) and max(len(text) for text in inner) <= 100


def _paragraphs(lines):
    """Body lines to paragraphs. Each line is a paragraph, except in text wrapped at a
    fixed width, where a blank line ends a paragraph and the lines between are joined,
    and where a line stops mid-sentence and the next goes on in lower case."""
    paragraphs = []
    for block in _blocks(lines):
        if _wrapped(block):
            paragraphs.append(" ".join(line.text for line in block))
            continue
        for i, line in enumerate(block):
            if i and line.text[:1].islower() and not paragraphs[-1].endswith(_TERMINAL):
                paragraphs[-1] = f"{paragraphs[-1]} {line.text}"
            else:
                paragraphs.append(line.text)
    return paragraphs


def draft_from_text(
    text: str,
    name: str,
    linker: Linker | None = None,
    known_publications: Iterable[str] = (),
    metadata: dict[str, Any] | None = None,
) -> ArticleDraft:
    """Segment decoded text and fill an ArticleDraft; link it when a linker is given."""
    seg = S.segment(text, known_publications)
    draft = ArticleDraft(source_name=name, source_text=text)
    by_kind: dict[str, list[S.Line]] = {}
    for line in seg.lines:
        by_kind.setdefault(line.kind, []).append(line)
        if line.kind == S.BOILERPLATE:
            draft.removed.append(RemovedLine(line.index, line.text, line.reason))
    first = lambda kind: by_kind[kind][0].text if kind in by_kind else None  # noqa: E731
    draft.title = first(S.TITLE)
    draft.subtitle = first(S.SUBTITLE)
    bylines = [line.reason for line in by_kind.get(S.BYLINE, []) if line.reason]
    draft.byline = bylines[0] if bylines else seg.footer_byline
    draft.caption = first(S.CAPTION)
    if draft.caption:
        draft.caption = P.CAPTION_LABEL.sub("", draft.caption)
    draft.highlights = [line.text for line in by_kind.get(S.HIGHLIGHT, [])]
    draft.body = _paragraphs(by_kind.get(S.BODY, []))
    draft.dateline = seg.dateline
    draft.published_on = seg.published_on
    draft.publication = seg.publication
    draft.comments = [
        CommentDraft(
            author=c["author"],
            posted=c["posted"],
            body="\n\n".join(c["body"]),
            posted_on=P.find_date(c["posted"]) if c["posted"] else None,
        )
        for c in seg.comments
    ]
    draft.tags = list(dict.fromkeys(seg.tags))
    if metadata:
        _apply_metadata(draft, metadata)
    if draft.published_on and draft.published_on > datetime.date.today() + LATEST_DATE_AHEAD:
        # A story is not published in the future: a date past tomorrow (a typo,
        # "2099") would pin the article to the top of every list and feed.
        draft.published_on = None
    if linker is not None:
        result = linker.link([draft.subtitle, *draft.highlights, *draft.body], title=draft.title)
        draft.people, draft.parties = result.people, result.parties
        draft.suggested_people = result.suggested
    return draft


def _apply_metadata(draft, meta):
    """Fill gaps from an HTML page's own metadata (title, author, date, site name)."""
    if meta.get("title") and not draft.title:
        draft.title = meta["title"]
    if meta.get("author") and not draft.byline:
        draft.byline = meta["author"]
    if meta.get("date") and not draft.published_on:
        draft.published_on = P.find_date(meta["date"])
    if meta.get("sitename") and not draft.publication:
        draft.publication = meta["sitename"]


def _page_title(title, sitename):
    """The headline from a page <title>: "Headline | The Harbour Ledger" -> "Headline"."""
    title = " ".join(title.split())
    m = re.search(r"\s+([|–—-])\s+([^|–—]+)$", title)
    if m:
        site = m.group(2).strip()
        named = sitename and site.casefold() == sitename.strip().casefold()
        if named or (m.group(1) == "|" and len(site.split()) <= 5):
            title = title[: m.start()].strip()
    return title


def html_to_text(html):
    """The main text and metadata of a web page, through trafilatura."""
    import trafilatura

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=True, include_tables=False, as_dict=True
    )
    if not doc or not (doc.get("text") or "").strip():
        raise ValueError("no article text found in the page")
    text = doc["text"].strip()
    title = _page_title(doc.get("title") or "", doc.get("sitename") or "")
    first_line = text.split("\n", 1)[0].strip()
    # Pages often repeat the headline as the first line of their text.
    parts = [text] if first_line == title else [title, "", text]
    if (doc.get("comments") or "").strip():
        parts += ["", "Comments", "", doc["comments"].strip()]
    meta = {k: doc.get(k) for k in ("title", "author", "date", "sitename")}
    return "\n".join(parts), meta


def process(
    name: str,
    data: bytes,
    linker: Linker | None = None,
    known_publications: Iterable[str] = (),
    max_bytes: int | None = None,
) -> ArticleDraft:
    """The pure pipeline for one file: bytes to a linked ArticleDraft.

    Raises reading.Refused (or ValueError) with a one-line reason for a file that
    cannot become an article.
    """
    from .reading import DEFAULT_MAX_BYTES, Refused

    text = decode(data, max_bytes or DEFAULT_MAX_BYTES)
    metadata = None
    if looks_like_html(name, text):
        try:
            text, metadata = html_to_text(text)
        except ValueError as err:
            raise Refused(str(err)) from err
        text = decode(text.encode("utf-8"), max_bytes or DEFAULT_MAX_BYTES)
    draft = draft_from_text(text, name, linker, known_publications, metadata)
    if not draft.title:
        raise Refused("no headline found")
    if not draft.body:
        raise Refused("no article text found: every line looks like site furniture")
    draft.content_hash = content_hash(draft.body)
    return draft
