"""Step two: tag every line of a scraped text with what it is.

A scraped news page reads top to bottom as: site furniture (navigation, labels),
the headline, a top block (dek, byline, date, photo caption, key points), the
story (paragraphs and subheadings, with ads and "read more" links mixed in),
and a tail (print-edition line, tags, footers, unrelated headlines, reader
comments). The segmenter walks the lines once in that order; every line it
does not keep gets a reason, so an editor can see what was removed and why.
"""

from dataclasses import dataclass, field
from itertools import pairwise

from . import patterns as P
from .patterns import short_line_cache

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

# How sure a date is to be the article's own date, surest first.
DATE_LABELLED = 1  # "Published: 3 March 2024", "First published on …"
DATE_TOP = 2  # a byline or date line under the headline
DATE_ABOVE = 3  # a date above the headline (often the day the page was saved)
DATE_PRINT = 4  # "Published in Dawn, March 4th, 2024": the next day's paper
DATE_UPDATED = 5  # "Updated …", "Last modified …"

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
    dates: list = field(default_factory=list)  # (priority, date): lower is surer

    def add_date(self, date, line_text, priority):
        """A candidate for published_on; a line saying "updated" is the weakest."""
        if date is None:
            return
        low = line_text.lower()
        if P.UPDATED_LABEL.search(low) and not P.PUBLISHED_LABEL.search(low):
            priority = DATE_UPDATED
        elif P.PUBLISHED_LABEL.search(low):
            priority = DATE_LABELLED
        self.dates.append((priority, len(self.dates), date))

    @property
    def published_on(self):
        return min(self.dates)[2] if self.dates else None

    tags: list[str] = field(default_factory=list)
    dateline: str | None = None
    footer_byline: str | None = None  # "Posted by X at 10:32 PM" under a blog post


def _remove(line, reason):
    line.kind, line.reason = BOILERPLATE, reason


@short_line_cache
def furniture_reason(text):
    """Why a line is site furniture wherever it stands, or None."""
    if P.SEPARATOR.match(text):
        return "separator"
    if len(text) > SHORT:
        if "#" in text and P.hashtag_line(text):
            return "hashtags"
        return None
    if P.plain_sentence(text):
        # A sentence of story text: only notices written as sentences can apply.
        low = text.lower()
        if any(k in low for k in P.NEWSLETTER_KEYS) and P.NEWSLETTER.search(text):
            return "newsletter, app or cookie notice"
        if P.copyright_line(text):
            return "copyright or footer links"
        if (
            "syndicated" in low or "auto-" in low or "not been edited" in low
        ) and P.AGGREGATOR.match(text):
            return "aggregator footer"
        return None
    if text.isdigit() and len(text) <= 7:
        return "counter"
    core = text.strip(" -–—*•·|[](){}<>=_~^")
    if P.ADS.match(core):
        return "advertisement"
    if P.TICKER.match(text):
        return "news ticker"
    if P.share_bar(text) or P.FOLLOW.match(text):
        return "share or follow bar"
    if P.LISTEN.match(text):
        return "listen / reading time"
    low = text.lower()
    if (
        any(k in low for k in P.NEWSLETTER_KEYS)
        and P.NEWSLETTER.search(text)
        and P.word_count(text) <= 30
    ):
        return "newsletter, app or cookie notice"
    if P.RELATED_HEADER.match(text):
        return "related links"
    m = P.RELATED_LINK.match(text) or P.RELATED_LINK_CAPS.match(text)
    if m and P.word_count(m.group("rest")) <= 30:
        return "read-more link"
    m = P.RELATED_ANY.match(text)
    if m and (
        m.group("urest") is not None
        or (
            P.word_count(m.group("rest")) <= 25
            and not m.group("rest").endswith(".")
            and "|" not in m.group("rest")
        )
    ):
        return "read-more link"
    if P.WATCH.match(text) and P.word_count(text) <= 40:
        return "call to watch a video"
    if "#" in text and P.hashtag_line(text):
        return "hashtags"
    if "@" in text and P.email_line(text):
        return "e-mail address"
    if P.AGGREGATOR.match(text):
        return "aggregator footer"
    if P.footer_link_line(text) or P.copyright_line(text):
        return "copyright or footer links"
    if P.NAV_WORDS.match(text) or P.section_line(text):
        return "navigation"
    if P.BLOG_WIDGETS.match(text):
        return "blog widgets"
    if text.endswith((" -", " |", " »")) and P.word_count(text) <= 20:
        return "headline link"
    if P.SIGN_OFF.match(text) and P.word_count(text) <= 4:
        return "agency sign-off"
    parts = [p for p in P.menu_split(text) if p.strip(" -–—*•·|[](){}<>=_~^")]
    if len(parts) >= 2 and all(furniture_reason(p) for p in parts):
        return "row of site links"
    return None


@short_line_cache
def tail_reason(text):
    """Why a line marks the end of the story (everything after it is tail), or None."""
    if len(text) > SHORT:
        return None
    if P.comments_header(text):
        return "comments"
    if print_edition(text):
        return "print-edition footer"
    if P.TAGS.match(text):
        return "tags footer"
    if P.copyright_line(text) or P.footer_link_line(text):
        return "copyright or footer links"
    if P.AGGREGATOR.match(text):
        return "aggregator footer"
    return None


def print_edition(text):
    """A print-edition footer: "Published in Dawn, March 4th, 2024" (a real date)."""
    m = P.PRINT_EDITION.match(text)
    if m and P.find_date(m.group("date")):
        return m
    return P.PRINT_EDITION_NODATE.match(text)


def _is_nav(text):
    return bool(
        P.BREADCRUMB.match(text)
        and P.word_count(text) <= 16
        or P.menu_line(text)
        or P.NAV_WORDS.match(text)
    )


@short_line_cache
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
    if not m and (again := P.BYLINE_BY.match(name)):
        m, name = again, again.group("name")
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
    tail = text[-90:]
    return P.may_have_credit(tail) and P.CAPTION_CREDIT.search(tail) is not None


@short_line_cache
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
    if _hard_wrapped(lines):
        lines = _unwrap(lines)
    seg = Segmented(lines)
    if not lines:
        return seg
    outlets = {name.casefold(): name for name in known_publications}

    # 1. Furniture above the headline, then the headline itself.
    pos = _headline(seg, outlets)

    # 2. The top block: dek, byline, date, caption, key points.
    pos = _top_block(seg, pos)

    # 3. The story, until a line that only ends a page.
    pos = _story(seg, pos)

    # 4. The tail: footers, unrelated headlines, reader comments.
    _tail(seg, pos)
    _trim_trailing_headlines(seg)
    _find_dateline(seg)
    return seg


HEAD_WINDOW = 40
WRAP_MIN = 40  # a line at least this long that runs on into the next is wrapped text


def _hard_wrapped(lines):
    """Text wrapped at a fixed width: many lines stop mid-sentence, run on into the
    next, and fill the line nearly to the same width."""
    running = [
        len(line.text)
        for line, nxt in pairwise(lines)
        if not nxt.gap_before
        and WRAP_MIN <= len(line.text) <= 100
        and not line.text.endswith((".", "!", "?", "”", '"'))
        and not P.BULLET.match(line.text)
    ]
    if len(running) < 5 or len(running) * 4 < len(lines):
        return False
    width = max(running)
    near_width = sum(1 for n in running if n >= width - 20)
    # Wrapped text has no line much longer than its width.
    long_lines = [line for line in lines if len(line.text) >= WRAP_MIN]
    overlong = sum(1 for line in long_lines if len(line.text) > width + 10)
    return near_width * 4 >= len(running) * 3 and overlong * 20 <= len(long_lines)


def _unwrap(lines):
    """Join the lines of each wrapped paragraph (no blank line between, long lines)."""
    out = []
    for line in lines:
        prev = out[-1] if out else None
        if (
            prev is not None
            and not line.gap_before
            and len(prev.text) >= WRAP_MIN
            and not _masthead_like(prev.text)
            and not P.SEPARATOR.match(prev.text)
            and not P.SEPARATOR.match(line.text)
            and not P.comments_header(line.text)
            and not _comment_start(line.text, "")
            and not _is_nav(line.text)
            and not furniture_reason(line.text)
            and not P.comment_chrome(line.text)
        ):
            prev.text = f"{prev.text} {line.text}"
        else:
            out.append(Line(line.index, line.text, line.gap_before))
    return out


@short_line_cache
def _story_like(text):
    """A line that reads as story text: a dateline opening, or a long sentence."""
    words = P.word_count(text)
    dateline = dateline_parts(text)
    return bool(
        dateline
        and P.word_count(dateline[1]) >= 6
        or words >= 30
        or (words >= 12 and P.STORY_END.search(text) and not is_caption(text))
    )


def _headline_like(text):
    """A headline: four words or more, mostly words (not a ticker), not a menu."""
    tokens = len(text.split())
    if tokens < 4 or tokens > 40:
        return False
    return len(P.ALPHA_WORD.findall(text)) >= 0.6 * tokens and not P.section_line(text)


def _head_kind(text, outlets):
    """What a line above the story is: (kind, detail)."""
    reason = furniture_reason(text)
    if reason:
        return "furniture", reason
    if _is_nav(text) or P.section_line(text):
        return "furniture", "navigation"
    if text.casefold() in outlets:
        return "outlet", outlets[text.casefold()]
    if P.is_date_line(text):
        return DATE, P.find_date(text)
    if _story_like(text):
        return "story", None
    return "unknown", None


def _headline(seg, outlets):
    """Tag the furniture above the headline and the headline; return the next position."""
    lines = seg.lines
    kinds = []
    story = None
    for line in lines[:HEAD_WINDOW]:
        kinds.append(_head_kind(line.text, outlets))
        if kinds[-1][0] == "story":
            story = len(kinds) - 1
            break
    limit = len(kinds) if story is None else story
    candidates = [
        i
        for i in range(limit)
        if kinds[i][0] == "unknown" and _headline_like(lines[i].text) and not _top_line(lines, i)
    ]
    # A masthead ("THE SINDH OBSERVER -- PRINT EDITION") can look like a headline.
    plain = [i for i in candidates if not _masthead_like(lines[i].text)] or candidates
    title = None
    if plain and story is not None:
        # The headline stands nearest the story, above the byline, date and caption;
        # it seldom ends with a full stop: lines that do are a dek or the story's
        # first short paragraphs, unless nothing else is there.
        headlines = [i for i in plain if not P.STORY_END.search(lines[i].text)] or plain
        run = [headlines[-1]]
        while len(run) < len(headlines) and headlines[-len(run) - 1] == run[0] - 1:
            run.insert(0, headlines[-len(run) - 1])
        if run[-1] + 1 in plain and run[-1] + 1 not in headlines:
            title = run[-1]  # a sentence dek stands right under the headline
        else:
            # A headline, perhaps a dek under it; a third line above is site furniture.
            title = run[0] if len(run) <= 2 else run[-2]
        if (
            plain[0] == 0
            and title > 0
            and any(
                kinds[i][0] == "unknown" and P.STORY_END.search(lines[i].text)
                for i in range(1, title)
            )
        ):
            # The page opens with a headline and a sentence of story follows it: a
            # later headline-like line is a short paragraph, not the headline.
            title = 0
    elif plain:
        title = plain[0]
    if title is None:
        # No headline-like line above the story: the nearest other line above it,
        # or the first story line itself when nothing stands above it.
        first_story = story if story is not None else len(kinds)
        above = [i for i in range(first_story) if kinds[i][0] == "unknown"]
        title = above[-1] if above else min(first_story, len(lines) - 1)
    first_unknown = next((i for i in range(title) if kinds[i][0] == "unknown"), None)
    for i in range(title):
        line, (kind, detail) = lines[i], kinds[i]
        if kind == DATE:
            line.kind = DATE
            seg.add_date(detail, line.text, DATE_ABOVE)
        elif kind == "outlet":
            seg.publication = seg.publication or detail
            _remove(line, "site name")
        elif i == first_unknown and not seg.publication and (name := _masthead(line.text)):
            seg.publication = name
            _remove(line, "site name")
        elif kind in ("furniture",):
            _remove(line, detail)
        elif kind == "unknown" and (byline := parse_byline(line.text)) and byline[0]:
            line.kind, line.reason = BYLINE, byline[0]
        else:
            _remove(line, "section label" if P.word_count(line.text) <= 4 else "above the headline")
    lines[title].kind = TITLE
    return title + 1


def _top_line(lines, i):
    """A byline, caption or key point: top-block furniture, never the headline."""
    text = lines[i].text
    return bool(
        P.BULLET.match(text)
        or is_caption(text)
        or (parse_byline(text) or (None,))[0]
        or _name_line(lines, i)
    )


def _name_line(lines, i):
    """A byline without "By": only names (and "in", "and"), with a date line after it."""
    text = lines[i].text
    words = text.split()
    if not 2 <= len(words) <= 14 or P.SENTENCE_END.search(text):
        return False
    if not all(P.AUTHOR_WORD.match(w.strip(",")) for w in words):
        return False
    if sum(1 for w in words if w[:1].isupper()) < 2:
        return False
    nxt = lines[i + 1].text if i + 1 < len(lines) else ""
    return P.is_date_line(nxt) or P.ROLE_LINE.match(nxt) is not None


def _masthead_like(text):
    return text.isupper() or P.re.search(r"\s(?:--|\||•|·)\s", text) is not None


def _masthead(text):
    """The outlet's name from a masthead line ("THE SINDH OBSERVER -- PRINT EDITION")."""
    name = P.re.split(r"\s+(?:--|[-–—|•·])\s+", text)[0].strip()
    words = name.split()
    if not 2 <= len(words) <= 6 or P.SENTENCE_END.search(name) or P.DATE_RE.search(name):
        return None
    if not all(w[:1].isupper() or w.islower() and len(w) <= 3 for w in words):
        return None
    return name.title() if name.isupper() else name


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
            "navigation"
            if (P.BREADCRUMB.match(text) and P.word_count(text) <= 12) or P.menu_line(text)
            else None
        )
        if reason:
            _remove(line, reason)
        elif P.HIGHLIGHTS_HEADER.match(text):
            _remove(line, "highlights label")
        elif (m := P.BULLET.match(text)) and P.word_count(text) <= 60:
            line.kind, line.text = HIGHLIGHT, m.group("text")
        elif P.DATELINE.match(text):
            return pos
        elif P.is_date_line(text):
            line.kind = DATE
            seg.add_date(P.find_date(text), text, DATE_TOP)
        elif (byline := parse_byline(text)) is not None:
            name, date = byline
            line.kind = BYLINE if name else DATE
            line.reason = name or ""
            seg.add_date(date, text, DATE_TOP)
        elif _name_line(lines, pos):
            line.kind, line.reason = BYLINE, text
        elif (is_caption(text) or P.CAPTION_VERB.search(text)) and P.word_count(text) <= 80:
            line.kind = CAPTION
        elif pos == first and _dek_follows(lines, pos):
            line.kind = SUBTITLE
        elif _is_top_label(text) and _story_ahead(lines, pos):
            _remove(line, "section label")
        else:
            return pos
        pos += 1
    return pos


def _is_top_label(text):
    """A short label between headline and story ("From the Newspaper", "Explainer")."""
    return P.word_count(text) <= 5 and not P.SENTENCE_END.search(text)


def _story_ahead(lines, pos):
    """True when the story (or more of the top block) starts within the next few lines."""
    for line in lines[pos + 1 : pos + 6]:
        text = line.text
        if furniture_reason(text):
            continue
        return bool(
            _story_like(text)
            or parse_byline(text) is not None
            or P.is_date_line(text)
            or is_caption(text)
        )
    return False


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
            or _name_line(lines, lines.index(line))
            or P.is_date_line(nxt)
            or is_caption(nxt)
            or P.BULLET.match(nxt)
            or P.HIGHLIGHTS_HEADER.match(nxt)
            or P.DATELINE.match(nxt)
        )
    return False


def _story_resumes(lines, pos):
    """True when story text follows a footer-like line before any comment section."""
    for line in lines[pos + 1 :]:
        text = line.text
        if P.comments_header(text) or _comment_start(text, ""):
            return False
        if furniture_reason(text) or tail_reason(text):
            continue
        if P.word_count(text) >= 25 and P.SENTENCE_END.search(text):
            return True
    return False


def _story(seg, pos):
    lines = seg.lines
    in_related = False
    while pos < len(lines):
        line = lines[pos]
        text = line.text
        reason = tail_reason(text)
        if reason == "comments" or (reason and not _story_resumes(lines, pos)):
            return pos
        reason = reason or furniture_reason(text)
        if reason == "related links":
            in_related = True
        elif reason is None and in_related:
            # Headlines under a "Related" label run until the story resumes.
            if _is_paragraph_start(text) and P.word_count(text) > 14:
                in_related = False
            else:
                reason = "related links"
        if reason and (m := P.POSTED_BY.match(text)):
            seg.footer_byline = seg.footer_byline or m.group("name")
        if reason:
            _remove(line, reason)
        elif P.is_date_line(text):
            line.kind = DATE  # "First published on 17/03/2024" under the story
            seg.add_date(P.find_date(text), text, DATE_TOP)
        elif P.word_count(text) <= 60 and has_credit(text):
            line.kind = CAPTION
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
        if not in_comments and (m := print_edition(text)):
            pub = m.group("pub").strip()
            if not P.re.fullmatch(r"[\w.-]+\.[a-z]{2,}", pub):  # a web address is a source
                seg.publication = seg.publication or pub
            if "date" in m.groupdict() and m.group("date"):
                seg.add_date(P.find_date(m.group("date")), "", DATE_PRINT)
            _remove(line, "print-edition footer")
        elif not in_comments and (m := P.TAGS.match(text)):
            seg.tags.extend(t.strip(" .#") for t in P.re.split(r"[,;|•·]", m.group("rest")))
            _remove(line, "tags footer")
        elif P.comments_header(text) and len(text) <= SHORT:
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
            elif comment and comment["body"] and not comment["posted"] and P.is_time_like(text):
                comment["posted"] = text  # the time printed under the comment
                line.kind, line.reason = COMMENT, "comment time"
                comment = None
            elif P.comment_chrome(text) or furniture_reason(text):
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


SAYS = (" says:", " says", " said:", " said...", " said…", " wrote:", " commented:", " writes:")


@short_line_cache
def _comment_start(text, nxt):
    """(author, posted, uses_next_line) when text opens a reader comment, else None.

    The formats of comment widgets: "Name | 3 years ago | Reply", "Name · 5h",
    "Name says:" or "Name wrote on 18 March 2024:" (a time may follow on the next
    line), "Posted by Name on March 24, 2024", "#1 Name -- 16 years ago", and a
    name line with a time line under it.
    """
    if len(text) > 160:
        return None
    text = COMMENT_NUMBER.sub("", text)
    parts = [p.strip() for p in P.re.split(r"\s[|·•]\s|\||\s--\s", text)]
    if (
        len(parts) >= 2
        and 0 < len(parts[0]) <= 60
        and P.word_count(parts[0]) <= 6
        and P.is_time_like(parts[1])
    ):
        return _author(parts[0]), parts[1], False
    m = COMMENT_SAYS.match(text)
    if m and P.word_count(author := m.group("a") or m.group("pa")) <= 6:
        when = (m.group("t") or m.group("pt") or "").strip()
        if when:
            return (_author(author), when, False) if P.is_time_like(when) else None
        if P.is_time_like(nxt):
            return _author(author), nxt, True
        return _author(author), "", False
    m = P.re.match(r"^(?P<a>[^\d|]{2,60}?)\s+(?:on|[-–—•·]{1,2})\s+(?P<t>.{3,50})$", text)
    if m and P.is_time_like(m.group("t")) and P.word_count(m.group("a")) <= 5:
        return _author(m.group("a")), m.group("t"), False
    if (
        P.word_count(text) <= 5
        and not P.SENTENCE_END.search(text)
        and not P.comment_chrome(text)
        and P.is_time_like(nxt)
    ):
        return _author(text), nxt, True
    return None


COMMENT_NUMBER = P.re.compile(r"^#?\d{1,4}[.)]?\s+(?=\S)")
COMMENT_SAYS = P.re.compile(
    r"^@?(?P<a>[^:]{1,60}?)\s+(?:says|said|wrote|writes|commented|replied|posted)"
    r"(?:\s+(?:on|at)\s+(?P<t>[^:]{3,50}?))?\s*(?::|\.\.\.|…)?$"
    r"|^posted by\s+(?P<pa>[^:]{1,60}?)\s+(?:on|at)\s+(?P<pt>.{4,50})$",
    P.re.IGNORECASE,
)


def _author(name):
    """A commenter's name without "@", a city in brackets or a trailing colon."""
    name = P.re.sub(r"\s*\([^)]{1,40}\)$", "", name.strip().lstrip("@").rstrip(":"))
    return name.strip()


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
    after_links = False
    if run:
        before = [line for line in seg.lines if line.index < run[-1].index]
        after_links = bool(before) and before[-1].reason == "headline link"
    if len(run) >= 2 or (run and (run[0].text.endswith((" -", " |", " »")) or after_links)):
        for line in run:
            _remove(line, "list of unrelated headlines")


def _find_dateline(seg):
    for line in seg.lines:
        if line.kind != BODY:
            continue
        parts = dateline_parts(line.text)
        if parts and len(parts[0]) >= 3 and P.word_count(parts[1]) >= 4:
            seg.dateline, line.text = parts
        return


def dateline_parts(text):
    """(place, rest) when text opens with a dateline, else None."""
    m = P.DATELINE.match(text)
    if not m:
        return None
    for place, rest in (
        ("place", "rest"),
        ("tplace", "trest"),
        ("aplace", "arest"),
        ("wplace", "wrest"),
        ("cplace", "crest"),
    ):
        if m.group(place):
            return m.group(place).strip(), m.group(rest)
    return None
