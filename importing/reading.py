"""Step one: bytes in, clean text out, or a one-line reason the file is refused."""

import re
import unicodedata

from charset_normalizer import from_bytes

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES

# Invisible characters scrapers leave behind (zero-width spaces, soft hyphens, BOMs).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad]")
# Other C0/C1 control characters, tabs and newlines excepted.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_COLUMNS = re.compile(r"(?<=[^\s•●▪■◆►▶✓✔·◦‣⁃*-])(?:[ \u00a0]{3,}|[ ]*\t[ \t]*)(?=\S)")
# Runs of two spaces or more, or any other kind of space: a single plain space is left
# alone, which makes the substitution cheap on ordinary text.
_SPACES = re.compile(
    r"(?:[\t\u00a0\u2000-\u200a\u202f\u205f\u3000]| (?=[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]))"
    r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]*"
)


class Refused(ValueError):
    """The file cannot be imported; str() is the one-line reason."""


def decode(data: bytes, max_bytes: int = DEFAULT_MAX_BYTES) -> str:
    """Decide the encoding, normalise line ends and Unicode; refuse what is not text."""
    if not data or not data.strip():
        raise Refused("the file is empty")
    if len(data) > max_bytes:
        raise Refused(f"the file is {len(data):,} bytes, over the {max_bytes:,}-byte limit")
    text = None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = data.decode("utf-16")
        except UnicodeDecodeError as err:
            raise Refused("the file claims UTF-16 but does not decode") from err
    elif b"\x00" in data[:8192]:
        raise Refused("the file is binary (it contains NUL bytes), not text")
    else:
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            text = _western(data)
        if text is None:
            best = from_bytes(data[:65536]).best()
            if best is None:
                raise Refused("the file is binary or in an unknown encoding") from None
            try:
                text = data.decode(best.encoding)
            except (UnicodeDecodeError, LookupError):
                raise Refused(f"the file does not decode as {best.encoding}") from None
    # A few stray control characters are scraping noise; many mean binary data.
    if _CONTROL.search(text):
        controls = len(_CONTROL.findall(text[:65536]))
        if controls > max(8, len(text[:65536]) // 100):
            raise Refused("the file is binary (too many control characters), not text")
        text = _CONTROL.sub("", text.replace("\r\n", "\n").replace("\r", "\n"))
    elif "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    if _INVISIBLE.search(text):
        text = _INVISIBLE.sub("", text)
    text = unicodedata.normalize("NFC", text)
    # Three spaces or a tab inside a line separate columns of a flattened menu.
    if "   " in text or "\t" in text:
        text = _COLUMNS.sub(" | ", text)
    text = _SPACES.sub(" ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


def _western(data):
    """The text as Windows-1252 (a superset of Latin-1's letters) when that reads as
    English or another Latin-script language: accented letters here and there among
    plain ones. Detectors guess a Baltic or Central European code page for such short
    texts; a text that is mostly non-ASCII (Cyrillic, Arabic) is left to them."""
    try:
        text = data.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = sum(1 for c in text if c.isalpha())
    high = [c for c in text if ord(c) > 127]
    if not letters or len(high) * 5 > letters:
        return None
    latin = sum(1 for c in high if not c.isalpha() or "LATIN" in unicodedata.name(c, ""))
    return text if latin == len(high) else None


def looks_like_html(name: str, text: str) -> bool:
    if name.lower().endswith(HTML_SUFFIXES):
        return True
    head = text[:1024].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or (
        head.startswith("<") and "<body" in text[:65536].lower()
    )
