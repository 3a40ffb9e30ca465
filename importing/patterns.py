"""What scraped site furniture looks like, in general, and how dates are written.

Each pattern describes a family of boilerplate that news sites share (ads,
share bars, newsletters, related links, footers, comment chrome …), not the
wording of any one site. All are compiled once at import time; a line is tested
against them only when it is short enough to be furniture.
"""

import datetime
import re
from functools import lru_cache, wraps

I = re.IGNORECASE


def short_line_cache(func):
    """Remember a classification of short lines: site furniture repeats across a
    site's pages, story sentences do not. Bounded, so memory stays flat."""
    cached = lru_cache(maxsize=8192)(func)

    @wraps(func)
    def wrapper(text, *args):
        if len(text) <= 300:
            return cached(text, *args)
        return func(text, *args)

    wrapper.cache_clear = cached.cache_clear
    return wrapper


# ------------------------------------------------------------------ dates

MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}  # fmt: skip
_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_ORD = r"(?:st|nd|rd|th)?"
DATE_RE = re.compile(
    rf"\b(?:(?P<m1>{_MONTH})\.?\s+(?P<d1>\d{{1,2}}){_ORD},?\s+(?P<y1>(?:19|20)\d\d)"
    rf"|(?P<d2>\d{{1,2}}){_ORD}\s+(?:of\s+)?(?P<m2>{_MONTH})\.?,?\s+(?P<y2>(?:19|20)\d\d)"
    rf"|(?P<y3>(?:19|20)\d\d)-(?P<m3>\d\d)-(?P<d3>\d\d)"
    rf"|(?P<d4>\d{{1,2}})(?P<sep>[/.\-])(?P<m4>\d{{1,2}})(?P=sep)(?P<y4>(?:19|20)\d\d)"
    rf"|(?P<d5>\d{{1,2}})-(?P<m5>{_MONTH})-(?P<y5>(?:19|20)\d\d))\b",
    I,
)
RELATIVE_TIME_RE = re.compile(
    r"\b(?:\d+|an?|one|two|few)\s+(?:sec(?:ond)?s?|min(?:ute)?s?|h(?:ou)?rs?|days?|weeks?|"
    r"months?|years?|mo|yrs?|d|h|m|w|y)\.?\s+ago\b|\byesterday\b|\bjust now\b|\btoday\b",
    I,
)
# "5h", "2d", "3 hrs": the short times comment widgets print
PUBLISHED_LABEL = re.compile(r"\b(?:published|posted|first published|first posted|date)\b")
UPDATED_LABEL = re.compile(r"\b(?:updated|modified|edited|last updated)\b")
CAPTION_LABEL = re.compile(
    r"^(?:photo|image|picture|caption|pic|\[(?:photo|image|picture)\])\s*[:\-–]?\s*", I
)
SHORT_DATE_RE = re.compile(
    rf"^(?:{_MONTH}\.?\s+\d{{1,2}}|\d{{1,2}}\s+{_MONTH}\.?)(?:,?\s+\d{{4}})?$", I
)
SHORT_TIME_RE = re.compile(r"^\d{1,3}\s*(?:s|m|min|mins|h|hr|hrs|d|w|wk|mo|y|yr)s?$", I)
TIME_RE = re.compile(r"\b\d{1,2}[:.]\d\d(?:\s*[ap]\.?m\.?)?\b|\b\d{1,2}\s*[ap]\.?m\.?\b", I)
WEEKDAY_RE = re.compile(
    r"\b(?:mon|tues?|wed(?:nes)?|thu(?:rs)?|fri|sat(?:ur)?|sun)(?:day)?\b\.?", I
)
_DATE_WORDS_RE = re.compile(
    r"\b(?:est\.?\s*)?read\b|\d+\s*min(?:ute)?s?\b|\bedited\b|"
    r"\b(?:published|updated|last updated|posted|modified|created|date|on|at|time|first|last|"
    r"pkt|pst|gmt|utc|ist|bst|est|edt|cet|am|pm|hrs|hours)\b(?:[+-]\d{1,2})?|[|,•·:/()\-–—]",
    I,
)


@short_line_cache
def find_date(text):
    """The first full calendar date in text, as a date, or None."""
    for match in DATE_RE.finditer(text):
        g = match.groupdict()
        try:
            if g["y1"]:
                y, m, d = int(g["y1"]), MONTHS[g["m1"][:3].lower()], int(g["d1"])
            elif g["y2"]:
                y, m, d = int(g["y2"]), MONTHS[g["m2"][:3].lower()], int(g["d2"])
            elif g["y3"]:
                y, m, d = int(g["y3"]), int(g["m3"]), int(g["d3"])
            elif g["y5"]:
                y, m, d = int(g["y5"]), MONTHS[g["m5"][:3].lower()], int(g["d5"])
            else:
                # Numeric dates are read day first, as in Pakistan and Britain,
                # unless the first number cannot be a day of the month.
                a, b, y = int(g["d4"]), int(g["m4"]), int(g["y4"])
                d, m = (a, b) if b <= 12 else (b, a)
            return datetime.date(y, m, d)
        except (ValueError, KeyError):
            continue
    return None


def strip_dates(text):
    """text without dates, times, weekdays, relative times and date labels."""
    text = DATE_RE.sub(" ", text)
    text = RELATIVE_TIME_RE.sub(" ", text)
    text = TIME_RE.sub(" ", text)
    text = WEEKDAY_RE.sub(" ", text)
    return text


_DIGIT_OR_WORD = re.compile(r"\d|ago|yesterday|today|just now", I)


@short_line_cache
def is_date_line(text):
    """True for a line that is only a date or time, with its labels."""
    if len(text) > 80 or not _DIGIT_OR_WORD.search(text):
        return False
    if not (DATE_RE.search(text) or RELATIVE_TIME_RE.search(text)):
        return False
    rest = _DATE_WORDS_RE.sub(" ", strip_dates(text))
    return not rest.strip()


def is_time_like(text):
    """A comment's time stamp: a date, a relative time, or a clock time with a date word."""
    text = text.strip()
    text = text.strip(" •·|-–—")
    return len(text) <= 60 and bool(
        is_date_line(text) or SHORT_TIME_RE.match(text) or SHORT_DATE_RE.match(text)
    )


# ------------------------------------------------------------------ boilerplate families


def _line(pattern):
    return re.compile(rf"^(?:{pattern})$", I)


class _Line:
    """A whole-line pattern, some of whose alternatives may begin anywhere in the
    line (".*\\bsyndicated feed\\b.*"). Those are tried only when their key word is
    in the line: a leading ".*" makes the engine try every split of every line it
    is given, and such alternatives took most of the time these patterns cost."""

    def __init__(self, pattern, anywhere=()):
        self.start = _line(pattern)
        self.anywhere = [(key, _line(alternative)) for key, alternative in anywhere]

    def match(self, text):
        found = self.start.match(text)
        if found is None and self.anywhere:
            low = text.lower()
            for key, alternative in self.anywhere:
                if key in low and (found := alternative.match(text)):
                    break
        return found


ADS = _Line(
    r"advertisements?|advertising|advert|ads?|ad choices|sponsored(?: content| links?| post)?"
    r"|promoted(?: content| stories)?|paid (?:content|partnership|post)|partner content"
    r"|story continues (?:below|after)(?: (?:this|the) )?(?: ?advertisement| ?ad)?"
    r"|(?:the )?(?:story|article|text) continues (?:below|after).*"
    r"|continue reading(?: below| the (?:main )?(?:story|article))?|scroll (?:down )?to continue.*"
    r"|likes?|\d+ likes?|skip (?:this )?ad|remove ads|ad[- ]free.*|(?:video )?ad feedback|shop now|buy now|learn more"
    r"|advertisements?\s*[-–—|:]\s*(?:scroll|continue|story continues|article continues).{0,40}"
    r"|this article is more than \d+ (?:days?|weeks?|months?|years?) old"
    r"|(?:premium|subscriber[- ]only|members? only)\b.{0,120}|subscribe to (?:unlock|read|continue).*"
    r"|(?:thanks|thank you) for reading\b.*|type your e-?mail.*"
    r"|(?:shared|sent) (?:via|from) (?:the |my )?[\w ]{1,40}|https?://\S+|www\.\S+"
    r"|level \d+|\d+ more (?:comments?|replies)\.*|write a comment\.*|restacks?|awards?"
    # photo galleries, live blogs, print jumps, forums, transcripts
    r"|load (?:more|earlier|older|newer) (?:updates|posts|stories|articles|entries)|photo \d+ of \d+|(?:view|open|see) (?:the )?(?:full )?gallery.{0,30}|swipe (?:for|to see) more"
    r"|\d{1,2}[:.]\d\d\s*(?:[ap]\.?m\.?)?(?:\s*(?:pkt|gmt|ist|bst|et))?|\(?continued (?:on|from) page \d+\)?"
    r"|continue(?:d)? below|page \d+ of \d+|welcome,? guest\b.*|\[\s*[\w ]{2,30}\s*\]"
    r"|\*?forwarded (?:as received|many times)\*?"
    r"|this content is for (?:subscribers|members).*|(?:this|the) transcript (?:was|is|has been) .*"
    r"|\d{1,2}:\d\d(?::\d\d)?\s+\S.{0,60}"
    r"|\d{1,2}:\d\d\s*[-–—]\s*source:.{1,40}|media contacts?:.*"
    r"|printer[- ]friendly(?: version)?|back to [\w ]{2,30}|best viewed in .*|text size.*"
    r"|save(?: for later| article)?|gift (?:this )?article|open in app",
    anywhere=[
        ("reader-supported", r".{0,80}\breader-supported\b.*"),
        ("|", r".{0,150}\|\s*(?:sponsored|ad|advertisement|promoted)"),
        ("company", r".{0,60}\b(?:want your|is your) company'?s news.*"),
    ],
)
_SOCIAL = """
    share shares sharing this article story post page on via with facebook fb twitter x
    whatsapp linkedin email e mail print printer copy link copied url telegram reddit
    pinterest messenger tweet pin tumblr viber sms save bookmark comment comments google
    news follow us and or flipboard threads instagram youtube tiktok gmail to clipboard
    the a your friends friend send click opens open new window tab in app link more update embed
    """.split()
SOCIAL_WORDS = frozenset(_SOCIAL)
SOCIAL_CORE = frozenset(
    """
    share facebook twitter whatsapp linkedin email telegram reddit pinterest messenger
    tweet print copy flipboard threads instagram youtube tiktok
    """.split()
)
FOLLOW = re.compile(
    r"^(?:follow|like|join|subscribe to|find) (?:us|our [\w ]{1,30}|@\w+|[\w .]{1,40}?) "
    r"(?:on|at|via) (?:facebook|twitter|x|instagram|youtube|google news|whatsapp|telegram|"
    r"linkedin|tiktok|threads|social media)\b.{0,80}$"
    r"|^(?:join|subscribe to|follow) (?:our|the) [\w .]{0,40}(?:whatsapp|telegram|youtube)"
    r" (?:channel|group).{0,60}$",
    I,
)
RELATED_LABEL = (
    r"read more|read also|also read|see also|related|related articles?|related stories"
    r"|related news|related coverage|related posts?|related content|related reading"
    r"|more on (?:this|that)(?: story| topic)?|more from [\w ]{2,30}|recommended(?: for you"
    r"| stories| articles| reading)?|you (?:may|might) (?:also )?(?:like|enjoy|be interested in)"
    r"|don'?t miss|must read|further reading|trending(?: now| stories| news| today)?"
    r"|most (?:read|popular|viewed|shared|commented)|popular (?:now|stories|posts|today)"
    r"|latest (?:news|stories|posts|updates)|top stories|editor'?s picks?"
    r"|in case you missed it|more stories|next article|previous article|more news"
    r"|watch also|suggested(?: for you| reading| articles)?|what to read next|read next"
    r"|keep reading|also see|read the full story|more in [\w ]{2,30}|other stories"
    r"|also on [\w .]{2,30}|from the archives?|related videos?|more videos?|latest videos?"
    r"|from our partners|from around the web|people also read|more episodes|related releases"
)
RELATED_HEADER = re.compile(
    rf"^(?:{RELATED_LABEL}|watch(?: the)?(?: full)?(?: video| interview| clip)?|video"
    r"|sponsored(?: content| stories| links)?|advertisement|paid (?:partner )?content|promoted"
    r"|recommended stories|web stories|(?:also )?from this source"
    r"|یہ بھی پڑھیں|مزید پڑھیں|متعلقہ خبریں)\s*[:\-–—|»>›]*\s*$",
    I,
)
# "Read more: <headline>", "ALSO READ | <headline>": a label, a separator, a headline.
RELATED_LINK = re.compile(rf"^(?:{RELATED_LABEL})\s*[:\-–—|»>›]+\s*(?P<rest>\S.*)$", I)
# Any short label about reading or seeing more, then a separator, then a headline.
RELATED_ANY = re.compile(
    r"^(?:read|see|watch|related|also|more|recommended|popular|trending|latest|don'?t miss)\b"
    r"(?:\s[\w’']+){0,3}?\s*(?:»|›|>>|:|\|)\s*(?P<rest>\S.*?)$"
    r"|^(?:مزید پڑھیں|یہ بھی پڑھیں|یہ بھی دیکھیں|متعلقہ خبریں)\s*[:»|]?\s*(?P<urest>.*)$",
    I,
)
RELATED_LINK_CAPS = re.compile(
    r"^(?:READ MORE|ALSO READ|READ ALSO|SEE ALSO|RELATED|MUST READ|DON'T MISS)\b\s*(?P<rest>\S.*)$"
)
NEWSLETTER = re.compile(
    r"\b(?:sign up|subscribe|register)\b.{0,80}\b(?:newsletters?|alerts|updates|briefing|"
    r"inbox|digest)\b|\bnewsletters?\b.{0,60}\b(?:sign up|subscribe|delivered|inbox|free)\b"
    r"|^(?:get|receive) (?:the|our) .{0,60}(?:newsletter|in your inbox|delivered)"
    r"|\b(?:download|get|install) (?:our|the) (?:free )?(?:[\w]+ ){0,3}app\b"
    r"|\bavailable on (?:the )?(?:app store|google play)\b|\bapp store\b.{0,30}\bgoogle play\b"
    r"|\b(?:turn on|enable|allow) (?:push )?notifications\b"
    r"|\bjoin (?:our|the) [\w ]{0,20}(?:channel|community|group)\b"
    r"|\bturn on (?:\w+ )?(?:alerts|notifications)\b|\bweekly letter\b"
    r"|\breader-supported\b|\bbecom(?:e|ing) a (?:free or )?(?:paid )?(?:subscriber|member)\b"
    r"|\bsupport (?:my|our) (?:work|journalism)\b|\bsubscribe for free\b"
    r"|\bwe use cookies\b|\b(?:uses?|using) cookies\b|\bcookies? (?:policy|settings|preferences|consent)\b"
    r"|\b(?:accept|reject|manage) (?:all )?cookies\b|\bby (?:continuing to )?(?:use|using|"
    r"browse|browsing) (?:this|our) (?:site|website)\b|\bthis (?:site|website) uses cookies\b",
    I,
)
NEWSLETTER_KEYS = (
    "newsletter",
    "subscri",
    "sign up",
    "register",
    "cookie",
    " app",
    "notification",
    "inbox",
    "briefing",
    "digest",
    "google play",
    "this site",
    "this website",
    "our site",
    "our website",
    "reader-supported",
    "subscriber",
    "support my",
    "support our",
    "join our",
    "join the",
)
LISTEN = _line(
    r"listen to (?:this|the) (?:article|story|news|report|audio)(?: now)?(?: \d+:\d+)?|listen(?: now)?"
    r"|(?:tap|click|press) (?:here )?to listen.*|listen \(\d+ ?min\w*\)|audio:? \d+:\d\d"
    r"|listen\s*[:(]?\s*\d+:\d\d\)?|est\.? read(?:ing time)?:? \d+ ?min\w*"
    r"|play audio|audio version.*|\d+\s*(?:min|mins|minutes?)(?:\s*(?:read|listen))?"
    r"|(?:estimated )?reading time\s*[:\-]?\s*.{0,20}|\d+:\d\d(?::\d\d)?|read in app"
    r"|(?:font size|text size|a\s*a\s*a|a- a a\+|zoom in|zoom out).*"
)
TAGS = re.compile(
    r"^(?:tags?|tagged(?: with)?|topics?|filed under|filed in|in this article|categor(?:y|ies)|keywords|related topics"
    r"|posted in|labels)\s*[:|\-–—]\s*(?P<rest>.{1,300})$",
    I,
)
COPYRIGHT = re.compile(
    r"^(?:©|\(c\)\s|copyright\s*(?:©|\(c\)|\d{4}|by\b|of\b|:|$))|\ball rights reserved\b|\bunauthori[sz]ed (?:use|reproduction)\b",
    I,
)
# Matched against the lowercased line: an unanchored search with IGNORECASE tries
# every alternative at every position, three times slower than on lowercase text.
_FOOTER_LINKS = re.compile(
    r"privacy policy|terms (?:of|and|&) (?:use|service|conditions)|terms & conditions"
    r"|contact us|about us|advertise(?: with us)?|careers|sitemap|cookie policy|disclaimer"
    r"|code of (?:ethics|conduct)|editorial (?:policy|standards)|\bfaqs?\b|\brss\b|e-?paper"
    r"|work with us|jobs|help centre|help center|corrections policy|submit a tip"
)
PRINT_EDITION = re.compile(
    r"^(?:(?:a version of )?(?:this|the) (?:article|story|piece|report) )?(?:was |is )?(?:first |originally )?"
    r"(?:published|appeared|printed|ran)\s+in\s+(?:the\s+(?:print|e-?paper|online)\s+edition\s+of\s+)?"
    r"(?P<pub>(?-i:[A-Z0-9])[^,;]{1,60}?)(?:\s*,\s*|\s+on\s+|\s+dated\s+|\s+under\s+.{1,60}"
    r"\s+on\s+)(?P<date>.{4,40}?)(?:\.?$|\.\s.{0,300}$)",
    I,
)
PRINT_EDITION_NODATE = re.compile(
    r"^(?:a version of )?(?:this (?:article|story|piece|report) )?(?:was |is )?(?:first |originally )"
    r"(?:published|appeared|posted) (?:in|on|by|at) (?:the )?(?P<pub>(?-i:[A-Z0-9])[\w .&’'-]{1,50}?)\.?$",
    I,
)
AGGREGATOR = _Line(
    r"source\s*(?:link|url)?|source\s*[:\-]?\s*(?-i:[A-Z])[\w.,& ]{1,60}|source\s*[:\-]\s*.{2,60}|via\s*[:\-]?\s*\S.{0,50}|courtesy\s*[:\-]\s*.{2,60}"
    r"|(?:\(?this (?:story|article|report) (?:has not been edited|was auto[- ]?(?:generated|published)"
    r"|is auto[- ]?(?:generated|published)).*)"
    r"|disclaimer\s*[:\-].*|(?:original|originally) (?:posted|published|appeared) (?:at|on|in) .{2,60}"
    # wire services' furniture: licensing, standards, the reporting credit line
    r"|(?:purchase|buy) licensing rights.*|reprints?(?: and| &) permissions.*|our standards\b.*"
    r"|issued by\s*:?.{2,80}|printed and published by .*|\(?(?:additional )?(?:reporting|writing|editing) by\b.{2,200}"
    # blog platforms' share and like widgets
    r"|like this:?|like loading\.*|loading\.\.\.|share this:?|share this (?:story|post|article):?"
    r"|click to (?:share|email|print)\b.*|\(opens in new window\)",
    anywhere=[
        ("syndicated feed", r".*\bauto[- ]?generated from a syndicated feed.*"),
        ("syndicated", r".*\bsyndicated (?:feed|news feed)\b.*"),
        ("trust principles", r".*\btrust principles\.?"),
    ],
)
EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.]+")
HASHTAG = re.compile(r"(?:^|\s)#\w")
WATCH = re.compile(
    r"^(?:watch|video|watch video|watch now|watch live)\s*[:\-–—|]\s*\S.*"
    r"|^(?:click here to |tap here to )?watch\b.{0,120}\b(?:video|interview|conversation|"
    r"episode|programme|program|show|clip|talk|discussion|report|here|below|live|full|"
    r"complete)\b.{0,80}$"
    r"|^(?:click|tap) (?:here|below|the link)\b.{0,100}$",
    I,
)
TICKER = re.compile(
    r"^(?:BREAKING(?: NEWS)?|JUST IN|LIVE|DEVELOPING|FLASH|ALERT|NEWS ALERT|UPDATE|LATEST)\b\s*[:|\-–—]?\s+\S"
    r"|^(?:breaking(?: news)?|just in|developing|news alert)\s*[:|\-–—]\s*\S",
)
SIGN_OFF = re.compile(r"^(?:[—–]|-{1,2})\s*[\w.&]+(?:\s[\w.&]+){0,2}\s*(?:[—–]|-{1,2})?$")
BLOG_WIDGETS = _line(
    r"email this|blogthis!?|share to (?:x|twitter|facebook|pinterest|whatsapp|linkedin)"
    r"|newer posts?(?: older posts?)?(?: home)?|older posts?|subscribe to:.*|powered by [\w.]+\.?"
    r"|posted by .{2,60}|labels?:.*|post a comment|no comments:?|\d+ comments?:"
)
POSTED_BY = re.compile(
    r"^(?:posted|written|published) by (?P<name>[A-Z][\w’'.-]*(?:\s[A-Z][\w’'.-]*){0,3})"
    r"(?:\s+(?:at|on)\s+.{2,60})?$",
    I,
)
NAV_WORDS = _line(
    r"home|menu|main menu|search|search for|log ?in|sign ?in|sign ?up|register|subscribe"
    r"|subscribe now|e-?paper|live tv|watch live|live|latest|breaking|breaking news|more|close"
    r"|back|back to top|next|previous|prev|top|skip to (?:main )?content|jump to|toggle navigation"
    r"|open menu|navigation|go to|x|×|loading\.*|please wait\.*|newsletter|newsletters|"
    r"opinion|editorial|videos?|photos?|gallery|podcasts?|explore|sections?|more news|"
    r"today'?s paper|print edition|all sections|english|urdu|en|ur|get app|app"
)
BREADCRUMB = re.compile(
    r"^(?:[\w’'&.,() -]{1,40}\s*(?:>|»|›|/|→|\\|::)\s*){1,8}[\w’'&.,() -]{1,60}$"
)
MENU_SPLIT = re.compile(r"\s*(?:[|•·]|\]\s*\[)\s*")


def menu_split(text):
    """MENU_SPLIT.split(text), without running it over the many lines that have none
    of its separators (its leading \\s* is tried at every position)."""
    if "|" in text or "•" in text or "·" in text or "]" in text:
        return MENU_SPLIT.split(text)
    return [text]


COMMENTS_HEADER = re.compile(
    r"^(?:(?:\d+\s+)?(?:reader\s+|user\s+)?(?:comments?|responses?|replies|reactions)"
    r"(?:\s*\(\d+\))?:?|(?:\d+|one|two|three)\s+(?:thoughts?|responses?|comments?|replies)"
    r"\s+(?:on|to)\s+.{1,200}|(?:join|start) the (?:conversation|discussion)|discussion"
    r"|(?:show|view|read|see) (?:all )?(?:\d+ )?comments|what (?:readers|people) (?:say|are saying)"
    r"|have your say|comments? \(\d+\)|(?:leave|post|add|write) a (?:reply|comment)"
    r"|\d+ thoughts?|your comments|readers'? comments|discussion about this (?:post|article|story))$",
    I,
)
_COUNT_SUFFIX = re.compile(r"\s*[(\[]\d+[)\]]\s*:?$|\s*:$")


def comments_header(text):
    """A comments section's heading, with or without a count: "Your Comments (2)"."""
    if len(text) > 220:
        return False
    if text.rstrip()[-1:] in (")", "]", ":"):  # the only endings _COUNT_SUFFIX can take off
        text = _COUNT_SUFFIX.sub("", text)
    return COMMENTS_HEADER.match(text) is not None


COMMENT_CHROME = _Line(
    r"reply|replies|report|report abuse|report comment|flag|like|likes|dislike|upvote|downvote"
    r"|share|edit|delete|permalink|quote|cancel reply|load more(?: comments)?|show more(?: comments)?"
    r"|view (?:all|more) comments|sort by.*|newest|oldest|top comments|most liked|best"
    r"|\d+\s*(?:likes?|replies|reply|votes?|points?)|[▲▼↑↓+\-]?\s*\d+|reply\s*\|\s*report"
    r"|replying to .{1,60}|in reply to .{1,60}|comments are (?:closed|moderated|reviewed).*"
    r"|your email address will not be published.*"
    r"|required fields are marked.*|(?:leave|post|add|write|submit) (?:a |your )?(?:reply|comment)"
    r"|name\s*\*?|e-?mail\s*\*?|website|comment\s*\*?|save my name.*|notify me of .*"
    r"|(?:log ?in|sign ?in|register) to (?:comment|reply|post).*|you must be logged in.*"
    r"|be the first to comment.*|no comments(?: yet)?\.?|show replies|hide replies|view replies"
    r"|\d+ (?:hours?|minutes?|days?) ago|recommend|recommended|collapse|expand|more replies"
    r"|(?:for more information, )?please see our.*|we (?:welcome|encourage) (?:your )?comments.*"
    r"|comments (?:that|which) are .{0,80}will (?:not )?be (?:published|removed|posted).*",
    anywhere=[
        ("faq", r".*comments? faq.*"),
        ("comment", r".*comment(?:ing)? (?:policy|guidelines|rules).*"),
    ],
)
CHROME_WORDS = frozenset(
    "reply replies report flag like likes dislike share edit delete permalink quote upvote "
    "downvote recommend recommends abuse vote votes author op mod moderator verified edited "
    "post award ▲ ▼ ↑ ↓ + -".split()
)
COMMENT_DISCLAIMER = re.compile(
    r"^comments are (?:the )?(?:views|opinions) of\b|\bdo(?:es)? not (?:necessarily )?reflect "
    r"the views of\b|\bviews expressed (?:in|by) (?:the )?comments\b",
    I,
)


def comment_chrome(text):
    """Comment widgets: "Reply", "Like · Reply · Report", "Reply | Report", disclaimers."""
    if COMMENT_CHROME.match(text):
        return True
    words = [w for w in re.split(r"[\s|·•/]+", text.lower()) if w]
    if (
        words
        and len(words) <= 6
        and all(w.strip("()0123456789") in CHROME_WORDS or w.isdigit() for w in words)
    ):
        return True
    return len(text) <= 300 and COMMENT_DISCLAIMER.search(text) is not None


SEPARATOR = re.compile(r"^[\W_]+$")
BULLET = re.compile(r"^(?:[•●▪■◆►▶✓✔·◦‣⁃]|[*–—-](?=\s))\s*(?P<text>\S.*)$")
HIGHLIGHTS_HEADER = _line(
    r"(?:story |key |the )?highlights?|key points?|key takeaways?|key moments|key events|what we know|in brief|at a glance"
    r"|quick read|summary|tl;?dr|what you need to know|the big picture"
)

# ------------------------------------------------------------------ article parts

DESKS = (
    r"web desk|news desk|online desk|digital desk|monitoring desk|sports desk|business desk"
    r"|foreign desk|city desk|staff reporter|our staff reporter|our correspondent"
    r"|our special correspondent|special correspondent|correspondent|staff report|agencies"
    r"|news agencies|reuters|afp|ap|app|associated press|agence france-presse|bbc news|dpa"
    r"|anadolu(?: agency)?|xinhua|online|nni|inp|ppi|tribune desk|dawn report|dawn\.com"
    r"|news report|editorial board|the editorial board|tns|sports reporter|bureau report"
    r"|pti|ians|ani|upi|efe|kyodo|bernama|wam|spa|irna|apf|nnn"
    r"|the newspaper'?s staff reporter|our reporter|newsroom|[\w ]{2,20} news desk"
)
ROLE_LINE = re.compile(
    r"^(?:senior |chief |special |staff |political |foreign |business |sports )?"
    r"(?:reporter|correspondent|editor|writer|columnist|contributor|journalist|analyst"
    r"|bureau chief|news editor)(?:,? [\w ]{1,30})?$",
    I,
)
DESK_RE = re.compile(rf"^(?:{DESKS})$", I)
BYLINE_BY = re.compile(
    r"^(?:by|written by|words by|reporting by|story by|reported by|text by|reporter|author"
    r"|authors|correspondent|writer|(?:news )?provided by|hosted by|presented by"
    r"|(?:photographs|photos|pictures|text)(?: and (?:text|words|photographs|photos))? by)\s*[:\-]?\s+(?P<name>\S.*)$",
    I,
)
BYLINE_NOISE = re.compile(
    r"\b(?:published|updated|last updated|posted|modified)\b\s*(?:on|at)?\s*:?|\|"
    r"|\b(?:pkt|pst|gmt|utc|ist|bst|est|edt|cet|et|pt|ct|am|pm)\b"
    r"|\s[-–—•·]\s|\bin\s+(?:karachi|lahore|islamabad)\b$",
    I,
)
AUTHOR_WORD = re.compile(r"^(?:[A-Z][\w’'.-]*|[a-z]{1,3}|&|and|de|la|van|von|bin|ul|ud|al)$")
DATELINE = re.compile(
    r"^(?P<place>[A-Z][A-Z’'.\-]+(?:\s+[A-Z][A-Z’'.\-]+){0,3}(?:\s*/\s*[A-Z][A-Z ]+)?)"
    r"(?:\s*,\s*(?P<when>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)"
    r"(?:\s*,?\s*\d{4})?))?"
    r"(?:\s*\((?P<agency>[A-Za-z .]{2,30})\))?(?:\s*:\s+|\s+[-–—]{1,2}\s+|\s*—\s*)(?P<rest>\S.*)$"
    # "Karachi, Jan 3:", "Karachi (AFP) -", "Karachi, Pakistan –": a place in title case
    # needs a date, an agency or a country after it, so a sentence is not mistaken for one.
    r"|^(?P<tplace>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})"
    r"(?:\s*,\s*(?P<twhen>(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)"
    r"(?:\s*,?\s*\d{4})?)|\s*\((?P<tagency>[A-Za-z .]{2,30})\)|\s*,\s*(?P<tcountry>[A-Z][a-z]+"
    r"(?:\s+[A-Z][a-z]+)?)(?=\s+[–—]))"
    r"(?:\s*:\s+|\s+[-–—]{1,2}\s+|\s*—\s*)(?P<trest>\S.*)$"
    # "Islamabad, Mar 11 (PTI) Pakistan's …": an agency in brackets closes the dateline
    r"|^(?P<aplace>[A-Z][A-Za-z]+(?:\s+[A-Z][A-Za-z]+){0,2})\s*,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d{1,2}"
    r"|\d{1,2}\s+[A-Z][a-z]{2,8}\.?)(?:,?\s*\d{4})?\s*\([A-Za-z .]{2,30}\)\s+(?P<arest>[A-Z“\"‘'].*)$"
    # "BOSTON, March 12, 2024 /PRNewswire/ -- …": press-release wires
    r"|^(?P<wplace>[A-Z][A-Za-z.]+(?:\s+[A-Z][A-Za-z.]+){0,2}(?:,\s*[A-Z][a-z]+)?)\s*,\s*[A-Z][a-z]{2,8}\.?\s+\d{1,2}"
    r"(?:,?\s*\d{4})?\s*/[^/]{2,40}/\s*(?:--|[-–—])\s*(?P<wrest>\S.*)$"
    # "Dubai: Sindh Governor …": a one- or two-word place in title case and a colon
    r"|^(?!(?:Posted|Published|Updated|Source|Photo|Image|Picture|Caption|Note|Editor|Update|Read"
    r"|Watch|Also|Related|Video|Listen|Tags|Topics|Reporter|Author|Correspondent|Text|Words"
    r"|Credit|Credits|Disclaimer|Correction|Clarification|Q|A|Question|Answer|Thread|Post|Reply"
    r"|Quote|Chapter|Chapters|Episode|Transcript|Key|Rating|Claim|Verdict|Summary|Update)\b)"
    r"(?P<cplace>[A-Z][a-z]+(?:\s[A-Z][a-z]+)?):\s+(?P<crest>[A-Z“\"‘'].*)$"
)
CAPTION_CREDIT = re.compile(
    r"(?:\b(?:photos?|photograph|images?|pictures?|pic|file photo|design|graphic|illustration|"
    r"video grab|screengrab|screen grab|screenshot|credit)s?\s*(?::|by|courtesy(?: of)?|/)\s*"
    r"[\w .,/&'’@-]{1,50}\.?"
    r"|(?:^|\s)(?:[—–]|-{1,2})\s*(?:reuters|afp|ap|app|online|inp|nni|ppi|file|getty images|epa|anadolu"
    r"|dawn|express|x|twitter|facebook|instagram|screengrab|handout|courtesy[\w ./@-]{0,40}"
    r"|(?:[\w]+/)+[\w]+)(?:\s*(?:photo|file|/\s*\w+))?\.?"
    r"|[(\[](?:photo|image|file|picture|credit)[^)\]]{0,60}[)\]]\.?|\bphoto:\s*\S.{0,40}"
    r"|\b(?:REUTERS|Reuters|AFP|AP|EPA|Getty Images|APP|PPI)/[\w .]{1,40}(?:/File(?: Photo)?)?"
    r"|(?:^|\s)(?:[—–]|-{1,2})\s*[\w .]{1,40}/(?:file|files|photo|archive)\.?"
    r"|(?<=[.!?])\s*\([A-Z][\w .&/-]{1,40}\)"
    r"|(?<=[.!?])\s+[A-Z][\w.]+(?:\s[A-Z][\w.]+){0,3}\s*/\s*[A-Z][\w .&]{1,30}"
    r"|(?:^|[.)]\s)(?:courtesy(?: of)?|image credit|photo credit|credit)\s*:?\s+[\w .,/&'’@-]{2,60})\s*$",
    I,
)
CREDIT_WORDS = frozenset(
    "photo photos photograph image images picture pictures pic file design graphic "
    "illustration grab screengrab screenshot credit reuters afp ap app online inp nni ppi "
    "getty epa anadolu dawn express x twitter facebook instagram handout courtesy files "
    "archive".split()
)
_LOWER_WORDS = re.compile(r"[a-z]+")


def may_have_credit(tail):
    """Cheap test before CAPTION_CREDIT: a credit word or a slash near the end."""
    return (
        "/" in tail
        or tail.endswith(")")
        or not CREDIT_WORDS.isdisjoint(_LOWER_WORDS.findall(tail.lower()))
    )


# A photo described in the present tense: "Kamal addresses a press conference",
# capitalised words, then what the picture shows them doing. A sentence opening with
# an article and a common noun ("The talks were held on Monday") has no name before
# its verb.
CAPTION_VERB = re.compile(
    r"^(?!(?:The|A|An|This|That|These|Those)\s[a-z])(?:[A-Z][\w’'.-]*\s){1,6}(?:\([^)]{1,20}\)\s)?(?:addresses|speaks|gestures|waves|arrives|"
    r"looks on|poses|chairs|attends|listens|talks|walks|greets|holds|raises|sits|stands|leads|"
    r"casts|inspects|meets|shakes hands|addresses|prays|offers|cuts|gathers|gather|wave|hold|"
    r"chant|march|protest|stand|sit|walk|look on|attend|pose|raise)\b.{0,200}$"
)
CAPTION_PHRASE = re.compile(
    r"\bin this (?:file |handout |undated |combination |composite )?(?:photo|picture|image|"
    r"still|photograph|screengrab|screen grab|video grab|frame grab|combo)\b"
    r"|\b(?:this|the|a) (?:file )?(?:photo|picture|image|handout photo) (?:shows|taken|released)\b"
    r"|\bstill taken from\b|\bfile (?:photo|image|picture)\b|\bpictured\b|\bphotographed\b"
    r"|^(?:photo|image|picture|caption|pic)\s*[:\-–]\s*|\(l(?:eft)? to r(?:ight)?\)|\(l-r\)"
    r"|^\[(?:photo|image|picture|pic)\]",
    I,
)
STORY_END = re.compile(r"[.!?…][\"”’')\]]*$")
SENTENCE_END = re.compile(r"[.!?…:;\"”’')\]]$")
WORD_RE = re.compile(r"[\w’'-]+")


ALPHA_WORD = re.compile(r"(?<![\w/.%])[^\W\d_][\w’'-]*(?![\w/%])")
# First words of furniture lines that are written as sentences or labels.
FURNITURE_STARTS = frozenset(
    """
    read see watch related also more recommended popular trending latest don't dont click
    tap follow like join subscribe sign get download listen this these a the by posted
    written originally first published source via courtesy disclaimer reporting editing
    additional our comments comment be please you your we for reprints purchase buy
    advertisement sponsored story article continue scroll skip copyright all thanks thank
    """.split()
)


def plain_sentence(text):
    """A line of at least twelve words ending like a sentence, with no label or widget marks."""
    if not STORY_END.search(text) or len(text.split()) < 12:
        return False
    if any(mark in text for mark in ("|", "»", "›", "#", "@", "©")):
        return False
    first = text.split(None, 1)[0].lower().strip("“\"'‘(").rstrip(":")
    return first not in FURNITURE_STARTS


def word_count(text):
    return len(text.split())


SECTION_WORDS = frozenset(
    """
    latest news pakistan world business sports sport entertainment opinion videos video
    programs programmes programme shows show live tv health tech technology science
    lifestyle culture politics national international asia asia-pacific europe americas
    africa middle east karachi lahore islamabad sindh punjab balochistan kp home epaper
    e-paper trending magazine blogs blog weather education economy markets banking energy
    travel food fashion showbiz cricket football editorial editorials columns letters
    features explainer analysis multimedia photos gallery podcast podcasts more top stories
    breaking region regional city metro local crime courts sci-tech tv-shows dramas
    entertainment films movies music books art arts life style auto autos property jobs
    obituaries in-depth investigations interviews reviews english urdu menu search pacific
    south north east west americas us uk china india gulf global nation province provinces
    """.split()
)


NAV_TOKENS = SECTION_WORDS | frozenset(
    "support us sign in log out register account donate contribute subscribe edition skip to "
    "content main navigation my profile settings help close open".split()
)


def section_line(text):
    """A row of section or account links without separators ("Latest Pakistan Videos")."""
    words = text.replace("&", " ").replace("›", " ").split()
    return 2 <= len(words) <= 12 and all(w.lower().strip(",.|·•") in NAV_TOKENS for w in words)


def copyright_line(text):
    low = text.lower()
    return (
        "©" in text
        or "copyright" in low
        or "(c)" in low
        or "rights reserved" in low
        or "unauthori" in low
    ) and COPYRIGHT.search(text) is not None


def footer_link_line(text):
    """A line of footer links: two or more known link labels and little else."""
    if len(text) > 200 or len(text.split()) > 24:
        return False
    low = text.lower()
    if len(_FOOTER_LINKS.findall(low)) < 2:
        return False
    rest = _FOOTER_LINKS.sub(" ", low)
    return len(WORD_RE.findall(rest)) <= 3


def share_bar(text):
    """A share or follow bar: only social-network and sharing words (and counts)."""
    if len(text) > 160:
        return False
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", text)]
    if not words or len(words) > 16:
        return False
    return all(w in SOCIAL_WORDS for w in words) and any(w in SOCIAL_CORE for w in words)


def menu_line(text):
    """A row of short menu items separated by bars or bullets."""
    parts = [p for p in menu_split(text) if p]
    return len(parts) >= 3 and all(len(p.split()) <= 4 for p in parts)


def hashtag_line(text):
    tags = len(HASHTAG.findall(text))
    return tags >= 2 and tags * 3 >= len(text.split())


def email_line(text):
    return bool(EMAIL.search(text)) and len(EMAIL.sub("", text).split()) <= 4
