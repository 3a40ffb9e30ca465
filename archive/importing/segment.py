"""Step two: tag every line of a scraped text with what it is.

A scraped news page reads top to bottom as: site furniture (navigation, labels),
the headline, a top block (dek, byline, date, photo caption, key points), the
story (paragraphs and subheadings, with ads and "read more" links mixed in),
and a tail (print-edition line, tags, footers, unrelated headlines, reader
comments). The segmenter walks the lines once in that order; every line it
does not keep gets a reason, so an editor can see what was removed and why.
"""

from dataclasses import dataclass, field

from . import patterns as P

TITLE = "title"
SUBTITLE = "subtitle"
BYLINE = "byline"
DATE = "date"
CAPTION = "caption"
HIGHLIGHT = "highlight"
BODY = "body"
HEADING = "heading"
COMMENT = "comment"
BOILERPLATE = "boilerplate"

# Furniture is short; a line longer than this is story text unless it is a
# hashtag or e-mail footer.
SHORT = 220
TOP_BLOCK_LINES = 14


@dataclass
class Line:
    index: int
    text: str
    gap_before: bool = False  # a blank line came before it
    kind: str = ""
    reason: str = ""


@dataclass
class Segmented:
    lines: list[Line]
    comments: list[dict] = field(default_factory=list)
    publication: str | None = None  # from a print-edition line or masthead
    print_date: object = None  # the print-edition date, a fallback for published_on
    byline_date: object = None
    tags: list[str] = field(default_factory=list)
    dateline: str | None = None


def _remove(line, reason):
    line.kind, line.reason = BOILERPLATE, reason


def furniture_reason(text):
    """Why a line is site furniture wherever it stands, or None."""
    if P.SEPARATOR.match(text):
        return "separator"
    if len(text) > SHORT:
        if P.hashtag_line(text):
            return "hashtags"
        return None
    if P.ADS.match(text):
        return "advertisement"
    if P.share_bar(text) or P.FOLLOW.match(text):
        return "share or follow bar"
    if P.LISTEN.match(text):
        return "listen / reading time"
    if P.NEWSLETTER.search(text) and P.word_count(text) <= 30:
        return "newsletter, app or cookie notice"
    if P.RELATED_HEADER.match(text):
        return "related links"
    m = P.RELATED_LINK.match(text) or P.RELATED_LINK_CAPS.match(text)
    if m and P.word_count(m.group("rest")) <= 30:
        return "read-more link"
    if P.WATCH.match(text) and P.word_count(text) <= 40:
        return "call to watch a video"
    if P.hashtag_line(text):
        return "hashtags"
    if P.email_line(text):
        return "e-mail address"
    if P.AGGREGATOR.match(text):
        return "aggregator footer"
    if P.footer_link_line(text) or P.COPYRIGHT.search(text):
        return "copyright or footer links"
    if P.NAV_WORDS.match(text):
        return "navigation"
    return None


def tail_reason(text):
    """Why a line marks the end of the story (everything after it is tail), or None."""
    if len(text) > SHORT:
        return None
    if P.COMMENTS_HEADER.match(text):
        return "comments"
    if P.PRINT_EDITION.match(text) or P.PRINT_EDITION_NODATE.match(text):
        return "print-edition footer"
    if P.TAGS.match(text):
        return "tags footer"
    if P.COPYRIGHT.search(text) or P.footer_link_line(text):
        return "copyright or footer links"
    if P.AGGREGATOR.match(text):
        return "aggregator footer"
    return None


def _is_nav(text):
    return bool(
        P.BREADCRUMB.match(text)
        and P.word_count(text) <= 16
        or P.menu_line(text)
        or P.NAV_WORDS.match(text)
    )


def _is_label(text):
    """A section label above a headline: a few words, no sentence."""
    words = text.split()
    return (
        len(words) <= 3 and not P.SENTENCE_END.search(text) and (text.isupper() or len(words) == 1)
    )


def parse_byline(text):
    """(byline, date) when the line is a byline, else None. Either part may be None."""
    if len(text) > 160:
        return None
    date = P.find_date(text)
    m = P.BYLINE_BY.match(text)
    name = m.group("name") if m else text
    if date or P.RELATIVE_TIME_RE.search(name):
        name = P.strip_dates(name)
    name = P.BYLINE_NOISE.sub(" ", name)
    name = " ".join(name.split()).strip(" ,;:|-–—•·")
    if not name:
        return (None, date) if date and P.is_date_line(text) else None
    if P.DESK_RE.match(name):
        return name, date
    words = name.split()
    if len(words) > 8:
        return None
    looks_like_names = all(P.AUTHOR_WORD.match(w.strip(",")) for w in words)
    if m and looks_like_names:
        return name, date
    if date and looks_like_names and len(words) <= 6:
        return name, date
    return None


def has_credit(text):
    """A photo credit at the end of the line ("PHOTO: FILE", "— Reuters")."""
    return P.CAPTION_CREDIT.search(text[-90:]) is not None


def is_caption(text):
    return has_credit(text) or P.CAPTION_PHRASE.search(text) is not None


def _is_paragraph_start(text):
    """Story text, not furniture: a sentence, or a line opening with a dateline."""
    return bool(P.DATELINE.match(text)) or (
        P.word_count(text) >= 8 and P.SENTENCE_END.search(text) is not None
    )


def segment(text, known_publications=()):
    """Tag the lines of decoded text. known_publications: outlet names for mastheads."""
    lines = []
    gap = False
    for index, raw in enumerate(text.split("\n")):
        if not raw:
            gap = True
            continue
        lines.append(Line(index, raw, gap_before=gap))
        gap = False
    seg = Segmented(lines)
    if not lines:
        return seg
    outlets = {name.casefold(): name for name in known_publications}

    # 1. Furniture above the headline, then the headline itself.
    pos = 0
    while pos < len(lines) - 1:
        line = lines[pos]
        reason = furniture_reason(line.text)
        if reason is None and _is_nav(line.text):
            reason = "navigation"
        if reason is None and line.text.casefold() in outlets:
            seg.publication = seg.publication or outlets[line.text.casefold()]
            reason = "site name"
        if reason is None and P.is_date_line(line.text):
            seg.byline_date = seg.byline_date or P.find_date(line.text)
            line.kind = DATE
            pos += 1
            continue
        if reason is None and _is_label(line.text) and pos + 1 < len(lines):
            reason = "section label"
        if reason is None:
            break
        _remove(line, reason)
        pos += 1
    lines[pos].kind = TITLE
    pos += 1

    # 2. The top block: dek, byline, date, caption, key points.
    pos = _top_block(seg, pos)

    # 3. The story, until a line that only ends a page.
    pos = _story(seg, pos)

    # 4. The tail: footers, unrelated headlines, reader comments.
    _tail(seg, pos)
    _trim_trailing_headlines(seg)
    _find_dateline(seg)
    return seg


def _top_block(seg, pos):
    lines = seg.lines
    first = pos
    limit = min(len(lines), pos + TOP_BLOCK_LINES)
    while pos < limit:
        line = lines[pos]
        text = line.text
        if tail_reason(text):
            return pos
        reason = furniture_reason(text) or (
            "navigation" if P.BREADCRUMB.match(text) and P.word_count(text) <= 12 else None
        )
        if reason:
            _remove(line, reason)
        elif P.HIGHLIGHTS_HEADER.match(text):
            _remove(line, "highlights label")
        elif (m := P.BULLET.match(text)) and P.word_count(text) <= 60:
            line.kind, line.text = HIGHLIGHT, m.group("text")
        elif P.DATELINE.match(text):
            return pos
        elif (byline := parse_byline(text)) is not None:
            name, date = byline
            line.kind = BYLINE if name else DATE
            line.reason = name or ""
            if date and not seg.byline_date:
                seg.byline_date = date
        elif is_caption(text) and P.word_count(text) <= 80:
            line.kind = CAPTION
        elif pos == first and _dek_follows(lines, pos):
            line.kind = SUBTITLE
        else:
            return pos
        pos += 1
    return pos


def _dek_follows(lines, pos):
    """The line after the headline is a dek when top-block lines or a dateline follow it."""
    text = lines[pos].text
    if P.word_count(text) > 60 or P.BULLET.match(text):
        return False
    for line in lines[pos + 1 : pos + 6]:
        nxt = line.text
        if furniture_reason(nxt):
            continue
        return bool(
            parse_byline(nxt) is not None
            or P.is_date_line(nxt)
            or is_caption(nxt)
            or P.BULLET.match(nxt)
            or P.HIGHLIGHTS_HEADER.match(nxt)
            or P.DATELINE.match(nxt)
        )
    return False


def _story(seg, pos):
    lines = seg.lines
    in_related = False
    while pos < len(lines):
        line = lines[pos]
        text = line.text
        if tail_reason(text):
            return pos
        reason = furniture_reason(text)
        if reason == "related links":
            in_related = True
        elif reason is None and in_related:
            # Headlines under a "Related" label run until the story resumes.
            if _is_paragraph_start(text) and P.word_count(text) > 14:
                in_related = False
            else:
                reason = "related links"
        if reason:
            _remove(line, reason)
        elif P.word_count(text) <= 60 and has_credit(text):
            line.kind = CAPTION
        elif (m := P.BULLET.match(text)) and not text.endswith((" -", " |")):
            line.kind, line.text = BODY, m.group("text")
        else:
            line.kind = BODY
        pos += 1
    return pos


def _tail(seg, pos):
    lines = seg.lines
    in_comments = False
    comment = None
    i = pos
    while i < len(lines):
        line = lines[i]
        text = line.text
        nxt = lines[i + 1].text if i + 1 < len(lines) else ""
        if not in_comments and (
            m := P.PRINT_EDITION.match(text) or P.PRINT_EDITION_NODATE.match(text)
        ):
            seg.publication = seg.publication or m.group("pub").strip()
            if "date" in m.groupdict() and m.group("date"):
                seg.print_date = seg.print_date or P.find_date(m.group("date"))
            _remove(line, "print-edition footer")
        elif not in_comments and (m := P.TAGS.match(text)):
            seg.tags.extend(t.strip(" .#") for t in P.re.split(r"[,;|•·]", m.group("rest")))
            _remove(line, "tags footer")
        elif P.COMMENTS_HEADER.match(text) and len(text) <= SHORT:
            in_comments = True
            comment = None
            _remove(line, "comments header")
        elif in_comments or _comment_start(text, nxt):
            in_comments = True
            start = _comment_start(text, nxt)
            if start:
                author, posted, used_next = start
                comment = {"author": author, "posted": posted, "body": [], "lines": [line]}
                seg.comments.append(comment)
                line.kind, line.reason = COMMENT, "comment author"
                if used_next:
                    i += 1
                    lines[i].kind, lines[i].reason = COMMENT, "comment time"
            elif P.COMMENT_CHROME.match(text) or furniture_reason(text):
                _remove(line, "comment chrome")
                if comment and comment["body"]:
                    comment = None  # "Reply", "Report" close a comment
            elif comment is not None:
                comment["body"].append(text)
                line.kind, line.reason = COMMENT, "comment text"
            else:
                _remove(line, "comment section")
        else:
            _remove(line, furniture_reason(text) or tail_reason(text) or "after the story")
        i += 1
    seg.tags = [t for t in seg.tags if t]
    seg.comments = [c for c in seg.comments if c["body"]]


def _comment_start(text, nxt):
    """(author, posted, uses_next_line) when text opens a reader comment, else None."""
    if len(text) > 160:
        return None
    parts = [p.strip() for p in text.split("|")]
    if len(parts) >= 2 and 0 < len(parts[0]) <= 60 and P.is_time_like(parts[1]):
        return parts[0], parts[1], False
    low = text.lower()
    if low.endswith((" says:", " says", " wrote:", " commented:")) and P.word_count(text) <= 8:
        author = text.rsplit(" ", 1)[0].strip()
        if P.is_time_like(nxt):
            return author, nxt, True
        return author, "", False
    m = P.re.match(r"^(?P<a>[^\d|]{2,60}?)\s+(?:on|[-–—•·])\s+(?P<t>.{3,50})$", text)
    if m and P.is_time_like(m.group("t")) and P.word_count(m.group("a")) <= 5:
        return m.group("a"), m.group("t"), False
    if (
        P.word_count(text) <= 5
        and not P.SENTENCE_END.search(text)
        and not P.COMMENT_CHROME.match(text)
        and P.is_time_like(nxt)
    ):
        return text, nxt, True
    return None


def _trim_trailing_headlines(seg):
    """Unrelated headlines listed after the story: a run of short unpunctuated lines."""
    body = [line for line in seg.lines if line.kind in (BODY, HEADING)]
    run = []
    for line in reversed(body):
        text = line.text
        headline_like = (
            P.word_count(text) <= 20 and not P.SENTENCE_END.search(text)
        ) or text.endswith((" -", " |", " »"))
        if not headline_like:
            break
        run.append(line)
    if len(run) >= 2 or (run and run[0].text.endswith((" -", " |", " »"))):
        for line in run:
            _remove(line, "list of unrelated headlines")


def _find_dateline(seg):
    for line in seg.lines:
        if line.kind != BODY:
            continue
        m = P.DATELINE.match(line.text)
        if m:
            place = (m.group("place") or m.group("tplace") or "").strip()
            rest = m.group("rest") or m.group("trest")
            if place and len(place) >= 3:
                seg.dateline = place
                line.text = rest
        return
