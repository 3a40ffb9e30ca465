"""Step one: bytes in, clean text out, or a one-line reason the file is refused."""

import os
import re
import stat
import unicodedata
from collections.abc import Iterable, Iterator

from charset_normalizer import from_bytes

DEFAULT_MAX_BYTES = 5 * 1024 * 1024
TEXT_SUFFIXES = (".txt", ".text")
HTML_SUFFIXES = (".html", ".htm", ".xhtml")
SUFFIXES = TEXT_SUFFIXES + HTML_SUFFIXES

# Invisible characters scrapers leave behind (zero-width spaces, soft hyphens, BOMs),
# and the bidirectional embeddings, overrides and isolates, which can make a
# headline read backwards ("\u202e"); right-to-left text needs none of them.
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u2060\ufeff\u00ad\u202a-\u202e\u2066-\u2069]")
# A UTF-8 text with at most this share of bytes that are not UTF-8 stays UTF-8,
# with those bytes replaced; more, and another encoding is looked for.
_STRAY_BYTES = 1 / 1000
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
            text = _mostly_utf8(data) or _western(data)
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


def _mostly_utf8(data):
    """The text as UTF-8 when only a few stray bytes are not (one bad byte must not
    turn a whole article into mojibake), each of those replaced; else None."""
    text = data.decode("utf-8-sig", errors="replace")
    stray = text.count("\ufffd") - data.count("\ufffd".encode())
    if stray > max(3, len(data) * _STRAY_BYTES):
        return None
    # A Latin-1 text has no valid UTF-8 sequences, only stray bytes: it is not this.
    decoded = sum(1 for c in text if ord(c) > 127 and c != "\ufffd")
    return text if decoded > stray else None


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


def printable(path: str | os.PathLike[str]) -> str:
    """A file's name as it can be shown: bytes that are not UTF-8 and control
    characters (a terminal's escape sequences) written as escapes."""
    name = os.fsencode(path).decode("utf-8", errors="backslashreplace")
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in name)


def read_file(path: str | os.PathLike[str], max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A regular file's bytes, at most ``max_bytes``: the size is known before
    anything is read, and a FIFO, a device or a link to one is refused, not
    waited on or read without end."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
    except OSError as err:
        raise Refused(f"cannot read the file: {err.strerror}") from None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(fd)
        if not stat.S_ISREG(info.st_mode):
            raise Refused("not a regular file")
        if info.st_size > max_bytes:
            raise Refused(f"the file is {info.st_size:,} bytes, over the {max_bytes:,}-byte limit")
        data = file.read(max_bytes + 1)
    if len(data) > max_bytes:  # it grew since
        raise Refused(f"the file is over the {max_bytes:,}-byte limit")
    return data


def walk(paths: Iterable[str]) -> Iterator[tuple[str, str | None]]:
    """``(path, reason it is refused or None)`` for the files named and the
    .txt/.html files under the folders named, in a stable order.

    Folders are walked with a stack, not recursion, however deep. Inside a
    folder only regular files count, and a link counts only where it leads to a
    file inside the folder that was named: a link out of it (to a private file,
    to /dev/zero) is refused, and links to folders are not followed, so a link
    loop cannot make the walk endless."""
    for raw in paths:
        if os.path.isdir(raw):
            yield from _walk_folder(raw)
        elif os.path.isfile(raw):
            yield raw, None if raw.lower().endswith(SUFFIXES) else "not a .txt or .html file"
        elif os.path.islink(raw):
            yield raw, "a link to nothing"
        elif os.path.exists(raw):
            yield raw, "not a regular file"
        else:
            yield raw, "no such file or folder"


def _walk_folder(root: str) -> Iterator[tuple[str, str | None]]:
    inside = os.path.realpath(root)
    folders = [root]
    while folders:
        folder = folders.pop()
        try:
            entries = sorted(os.scandir(folder), key=lambda e: e.name)
        except OSError as err:
            yield folder, f"cannot read the folder: {err.strerror}"
            continue
        files, subfolders = [], []
        for entry in entries:
            if entry.name.startswith("."):
                continue
            if entry.is_dir(follow_symlinks=False):
                subfolders.append(entry.path)
            elif entry.name.lower().endswith(SUFFIXES):
                files.append(entry)
        for entry in files:
            yield entry.path, _refusal(entry, inside)
        # Depth first and in name order, as the stack pops them.
        folders.extend(reversed(subfolders))


def _refusal(entry: os.DirEntry[str], inside: str) -> str | None:
    if entry.is_symlink():
        target = os.path.realpath(entry.path)
        if os.path.commonpath([inside, target]) != inside:
            return "a link to a file outside the folder being imported"
        if not os.path.isfile(target):
            return "a link to something that is not a regular file"
        return None
    return None if entry.is_file(follow_symlinks=False) else "not a regular file"
