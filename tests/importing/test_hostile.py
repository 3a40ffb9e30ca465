"""What scrapers really hand the importer: empty and binary files, odd encodings,
pages that are all furniture, megabytes of junk, HTML with scripts, link loops,
unreadable files, two imports at once. Every file gets a clean import or a
one-line reason; nothing crashes, nothing is half-stored, the batch goes on.

Large and binary inputs are made here at test time, not kept in the repository.
"""

import base64
import json
import os
import random
import re
import sqlite3
import string
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from archive.models import Article, Comment
from importing.extract import process
from importing.reading import Refused, decode, read_file, walk

HOSTILE = Path(__file__).parent / "hostile"
TEXTS = Path(__file__).parent / "texts"
ROOT = Path(__file__).resolve().parents[2]
MB = 1024 * 1024
LEAK_MARKERS = ("SCRIPT-LEAK-MARKER", "STYLE-LEAK-MARKER", "window.", "function(", "{ font")

ARTICLE = (TEXTS / "top_block_full.txt").read_text(encoding="utf-8")
ARTICLE_TITLE = "Sindh unveils plan to restore Keenjhar lake wetlands"

CAFE_STORY = (
    "Clifton café owners object to “outdoor seating” rules\n\n"
    "KARACHI: Owners of cafés along the Clifton seafront said on Monday that the new rules on "
    "outdoor seating — announced without any consultation — would cost them half their "
    "customers.\n\n"
    "“We were never asked,” said the owner of a café near the old pier, who has served tea "
    "there for twelve years.\n\n"
    "The cantonment board said the rules would be reviewed after a month.\n"
)
FERRY_STORY = (
    "Ferry café reopens at Manora jetty\n\n"
    "KARACHI: The small café at the Manora jetty reopened on Sunday after repairs to its roof, "
    "which was damaged in last month's storm.\n\n"
    "Its owner said the café would stay open until the last ferry of the evening.\n"
)


def junk(n_bytes, seed=3):
    """Lines of the rubbish scrapers append: base64 blobs, stray script, word salad."""
    rng = random.Random(seed)
    lines, size = [], 0
    while size < n_bytes:
        kind = rng.randrange(4)
        if kind == 0:
            line = base64.b64encode(rng.randbytes(57)).decode()
        elif kind == 1:
            line = " ".join(
                "".join(rng.choices(string.ascii_letters, k=rng.randrange(2, 10)))
                for _ in range(rng.randrange(1, 30))
            )
        elif kind == 2:
            line = rng.choice(
                [
                    "Home | News | Sport | Weather",
                    "Advertisement",
                    "var slot = function(){return window.ads || [];};",
                    "<div class='ad-slot'></div>",
                    "Read more: Another headline here",
                ]
            )
        else:
            line = "".join(rng.choices(string.punctuation + string.digits, k=rng.randrange(1, 80)))
        lines.append(line)
        size += len(line) + 1
    return "\n".join(lines).encode()


def hostile_files():
    """name -> bytes of every hostile text input (folders and permissions come separately)."""
    rng = random.Random(11)
    return {
        "empty.txt": b"",
        "whitespace_only.txt": b" \n\n\t  \r\n   \n",
        "binary_png.txt": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + rng.randbytes(3000),
        "binary_no_nul.txt": bytes(rng.randrange(1, 256) for _ in range(4000)),
        "nul_bytes.txt": ARTICLE.encode().replace(b"\n\n", b"\n\x00\n", 3),
        "windows_1252.txt": CAFE_STORY.encode("cp1252"),
        "latin_1.txt": FERRY_STORY.encode("latin-1"),
        "utf8_bom_crlf.txt": b"\xef\xbb\xbf" + CAFE_STORY.replace("\n", "\r\n").encode(),
        "old_mac_cr.txt": FERRY_STORY.replace("\n", "\r").encode(),
        "utf16_bom.txt": CAFE_STORY.encode("utf-16"),
        "control_chars.txt": ARTICLE.replace("Thursday", "Thurs\x1b[31mday\x07").encode(),
        "only_boilerplate.txt": (HOSTILE / "only_boilerplate.txt").read_bytes(),
        "headline_only.txt": b"Harbour dredging to start before the monsoon\n",
        "page_with_scripts.html": (HOSTILE / "page_with_scripts.html").read_bytes(),
        "html_saved_as_text.txt": (HOSTILE / "html_saved_as_text.txt").read_bytes(),
        "empty_page.html": b"<html><head><script>var a=1;</script></head><body></body></html>",
        "deep_nesting.html": b"<html><body>%s</body></html>"
        % (b"<div>" * 5000 + b"text" + b"</div>" * 5000),
        "huge_single_line.txt": ARTICLE.encode() + b"\n" + b"x" * (2 * MB),
        "junk_over_the_limit.txt": ARTICLE.encode() + b"\n" + junk(6 * MB),
        "junk_under_the_limit.txt": ARTICLE.encode() + b"\n" + junk(1 * MB),
    }


MUST_BE_REFUSED = {
    "empty.txt": "empty",
    "whitespace_only.txt": "empty",
    "binary_png.txt": "binary",
    "binary_no_nul.txt": "binary",
    "only_boilerplate.txt": "",
    "headline_only.txt": "",
    "empty_page.html": "",
    "junk_over_the_limit.txt": "limit",
}
MUST_IMPORT = {
    "windows_1252.txt": "Clifton café owners object to “outdoor seating” rules",
    "latin_1.txt": "Ferry café reopens at Manora jetty",
    "utf8_bom_crlf.txt": "Clifton café owners object to “outdoor seating” rules",
    "old_mac_cr.txt": "Ferry café reopens at Manora jetty",
    "utf16_bom.txt": "Clifton café owners object to “outdoor seating” rules",
    "control_chars.txt": ARTICLE_TITLE,
    "page_with_scripts.html": "Tram line to return to Karachi's Saddar after forty years",
    "html_saved_as_text.txt": "Sea wall repairs begin at Clifton beach",
    "huge_single_line.txt": ARTICLE_TITLE,
    "junk_under_the_limit.txt": ARTICLE_TITLE,
}
# either a clean import or a one-line reason is right for these
EITHER = {"nul_bytes.txt", "deep_nesting.html"}


@pytest.fixture(scope="module")
def files():
    return hostile_files()


@pytest.fixture
def hostile_folder(tmp_path, files):
    folder = tmp_path / "scraped"
    folder.mkdir()
    for name, data in files.items():
        (folder / name).write_bytes(data)
    # a folder that links back to itself, and a link to nothing
    os.symlink(folder, folder / "loop")
    os.symlink(folder / "gone.txt", folder / "dangling.txt")
    return folder


def test_every_hostile_case_is_covered(files):
    assert set(files) == set(MUST_BE_REFUSED) | set(MUST_IMPORT) | EITHER


def text_fields(draft):
    fields = [draft.title, draft.subtitle, draft.byline, draft.caption, *draft.highlights]
    fields += draft.body + [c.body for c in draft.comments] + [c.author for c in draft.comments]
    return "\n".join(f for f in fields if f)


# ------------------------------------------------------------------ the pure pipeline


@pytest.mark.parametrize("name", sorted(MUST_BE_REFUSED))
def test_it_refuses_with_a_one_line_reason(files, name):
    with pytest.raises(Refused) as refused:
        process(name, files[name])
    reason = str(refused.value)
    assert reason.strip() and "\n" not in reason
    assert MUST_BE_REFUSED[name] in reason
    assert "Traceback" not in reason


@pytest.mark.parametrize("name", sorted(MUST_IMPORT))
def test_it_imports_cleanly(files, name):
    draft = process(name, files[name])
    assert draft.title == MUST_IMPORT[name]
    assert draft.body
    everything = text_fields(draft)
    for bad in ("\ufeff", "\r", "\x00", "\x1b", "\x07", "\ufffd"):
        assert bad not in everything, f"{bad!r} left in the text"


@pytest.mark.parametrize("name", sorted(EITHER))
def test_it_imports_or_refuses_but_never_crashes(files, name):
    try:
        draft = process(name, files[name])
    except Refused as refused:
        assert str(refused).strip() and "\n" not in str(refused)
    else:
        assert draft.title and draft.body
        assert "\x00" not in text_fields(draft)


def test_windows_1252_and_latin_1_characters_come_through(files):
    cafe = process("windows_1252.txt", files["windows_1252.txt"])
    assert cafe.body[0].startswith("Owners of cafés along the Clifton seafront")
    assert "outdoor seating — announced" in cafe.body[0]
    assert cafe.body[1].startswith("“We were never asked,”")
    ferry = process("latin_1.txt", files["latin_1.txt"])
    assert ferry.body == [
        "The small café at the Manora jetty reopened on Sunday after repairs to its roof, which "
        "was damaged in last month's storm.",
        "Its owner said the café would stay open until the last ferry of the evening.",
    ]


def test_a_bom_and_crlf_change_nothing_in_the_article(files):
    plain = process("plain.txt", CAFE_STORY.encode())
    for name in ("utf8_bom_crlf.txt", "utf16_bom.txt"):
        draft = process(name, files[name])
        assert (draft.title, draft.dateline, draft.body) == (
            plain.title,
            plain.dateline,
            plain.body,
        )


@pytest.mark.parametrize("name", ["page_with_scripts.html", "html_saved_as_text.txt"])
def test_script_and_style_never_reach_the_article(files, name):
    draft = process(name, files[name])
    everything = text_fields(draft)
    for marker in LEAK_MARKERS:
        assert marker not in everything
    assert len(draft.body) >= 3


def test_a_web_page_gets_its_metadata(files):
    draft = process("page_with_scripts.html", files["page_with_scripts.html"])
    assert draft.byline == "Nadia Hussain"
    assert draft.publication == "The Harbour Ledger"
    assert str(draft.published_on) == "2023-08-14"


def test_a_web_page_does_not_repeat_its_headline_as_the_first_paragraph(files):
    draft = process("page_with_scripts.html", files["page_with_scripts.html"])
    assert draft.body[0].startswith("The city government said on Monday")
    assert draft.title not in draft.body


def test_junk_after_the_article_does_not_hide_the_article(files):
    draft = process("junk_under_the_limit.txt", files["junk_under_the_limit.txt"])
    assert draft.title == ARTICLE_TITLE
    assert draft.body[0].startswith("The Sindh government on Thursday launched")
    assert draft.highlights[0] == "Reed beds to be replanted along the eastern shore"


# ------------------------------------------------------------------ through the command


def run_import(*args):
    """(stdout, stderr, failed) of import_articles; failed when it ended with status 1."""
    out, err = StringIO(), StringIO()
    try:
        call_command("import_articles", *map(str, args), stdout=out, stderr=err, no_color=True)
    except CommandError as error:
        assert error.returncode == 1
        return out.getvalue(), err.getvalue(), True
    return out.getvalue(), err.getvalue(), False


@pytest.mark.django_db
def test_a_hostile_folder_dry_run_gives_every_file_a_line_and_never_a_traceback(
    registry, hostile_folder, files
):
    out, err, failed = run_import(hostile_folder, "--dry-run", "--json")
    assert failed
    assert "Traceback" not in out + err
    results = {Path(r["file"]).name: r for r in map(json.loads, out.splitlines())}
    assert set(results) == set(files) | {"dangling.txt"}
    for name, result in results.items():
        if result["status"] == "error":
            assert result["error"] and "\n" not in result["error"], name
    for name in MUST_BE_REFUSED:
        assert results[name]["status"] == "error", name
    for name, title in MUST_IMPORT.items():
        assert results[name]["status"] == "ok", (name, results[name]["error"])
        assert results[name]["title"] == title
    assert results["dangling.txt"]["status"] == "error"
    assert Article.objects.count() == 0


@pytest.mark.django_db
def test_a_hostile_folder_imports_the_good_files_and_nothing_of_the_bad(registry, hostile_folder):
    out, err, failed = run_import(hostile_folder)
    assert failed
    report = out + err
    assert "Traceback" not in report
    stored = {Path(a.source_name).name: a for a in Article.objects.all()}
    for name in MUST_BE_REFUSED:
        assert name not in stored
        prefix = f"{hostile_folder / name}: "
        assert any(line.strip().startswith(prefix) for line in report.splitlines()), name
    for name in MUST_IMPORT:
        # the same story in several encodings is one article: the rest are duplicates
        assert name in stored or "duplicate" in report
    titles = {a.title for a in stored.values()}
    assert set(MUST_IMPORT.values()) <= titles
    for article in stored.values():
        assert article.paragraphs, article.source_name
    for marker in ("SCRIPT-LEAK-MARKER", "STYLE-LEAK-MARKER"):
        assert not Article.objects.filter(body__contains=marker).exists()
        assert not Article.objects.filter(title__contains=marker).exists()
        assert not Comment.objects.filter(body__contains=marker).exists()


@pytest.mark.django_db
def test_an_unreadable_file_gets_a_reason_and_the_batch_goes_on(registry, tmp_path):
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        pytest.skip("root reads files whatever their mode")
    locked = tmp_path / "a_locked.txt"
    locked.write_text(CAFE_STORY, encoding="utf-8")
    (tmp_path / "b_ferry.txt").write_text(FERRY_STORY, encoding="utf-8")
    locked.chmod(0)
    try:
        out, err, failed = run_import(tmp_path)
    finally:
        locked.chmod(0o644)
    assert failed
    assert any(line.strip().startswith(f"{locked}: ") for line in (out + err).splitlines())
    assert list(Article.objects.values_list("title", flat=True)) == [
        "Ferry café reopens at Manora jetty"
    ]


# ------------------------------------------------------------------ two imports at once


def numbered_story(n):
    return (
        f"Ward {n} gets new water connection\n\n"
        f"KARACHI: Residents of ward {n} received piped water on Tuesday for the first time in "
        f"{n + 2} months, after the utility replaced {n * 3 + 7} metres of pipe.\n\n"
        f"The councillor for ward {n} said the next stretch would be laid within {n % 5 + 2} "
        f"weeks.\n"
    )


def test_two_imports_of_overlapping_folders_at_once_store_each_story_once(tmp_path):
    """Two processes on one SQLite file: no duplicates, no 'database is locked'."""
    db = tmp_path / "archive.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "DJANGO_DEBUG": "0"}
    manage = [sys.executable, str(ROOT / "manage.py")]
    subprocess.run([*manage, "migrate", "-v0"], env=env, check=True, cwd=ROOT, timeout=300)

    first, second = tmp_path / "first", tmp_path / "second"
    first.mkdir()
    second.mkdir()
    stories = 40
    for n in range(stories):
        # the first folder has stories 0–29, the second 10–39, under other file names
        if n < 30:
            (first / f"ward_{n:02}.txt").write_text(numbered_story(n), encoding="utf-8")
        if n >= 10:
            (second / f"copy_{n:02}.txt").write_text(numbered_story(n), encoding="utf-8")

    command = [*manage, "import_articles", "--skip-checks", "--no-color"]
    runs = [
        subprocess.Popen(
            [*command, str(folder)],
            env=env,
            cwd=ROOT,
            text=True,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for folder in (first, second)
    ]
    outputs = [run.communicate(timeout=300) for run in runs]
    for run, (out, err) in zip(runs, outputs, strict=True):
        assert run.returncode == 0, out + err
        assert "locked" not in out + err
        assert "Traceback" not in err

    with sqlite3.connect(db) as connection:
        (count,) = connection.execute("SELECT COUNT(*) FROM archive_article").fetchone()
        (hashes,) = connection.execute(
            "SELECT COUNT(DISTINCT content_hash) FROM archive_article"
        ).fetchone()
    assert count == hashes == stories
    report = "".join(out + err for out, err in outputs)
    imported = sum(int(n) for n in re.findall(r"imported (\d+)", report))
    duplicates = sum(int(n) for n in re.findall(r"duplicates (\d+)", report))
    assert imported == stories
    assert duplicates == 20


# ------------------------------------------------------------------ files that are not files


def titles():
    return sorted(Article.objects.values_list("title", flat=True))


def test_a_fifo_in_the_folder_is_refused_instead_of_waited_on(registry, tmp_path):
    os.mkfifo(tmp_path / "a_pipe.txt")
    (tmp_path / "b_ferry.txt").write_text(FERRY_STORY, encoding="utf-8")
    out, err, failed = run_import(tmp_path)
    assert failed
    assert f"{tmp_path / 'a_pipe.txt'}: not a regular file" in out + err
    assert titles() == ["Ferry café reopens at Manora jetty"]


def test_a_link_out_of_the_folder_is_not_followed(registry, tmp_path):
    private = tmp_path / "private"
    private.mkdir()
    (private / "secret.txt").write_text(CAFE_STORY, encoding="utf-8")
    batch = tmp_path / "batch"
    batch.mkdir()
    (batch / "a_secret.txt").symlink_to(private / "secret.txt")
    (batch / "b_zero.txt").symlink_to("/dev/zero")
    (batch / "c_ferry.txt").write_text(FERRY_STORY, encoding="utf-8")
    (batch / "d_inside.txt").symlink_to(batch / "c_ferry.txt")
    out, err, failed = run_import(batch)
    report = out + err
    assert failed
    assert f"{batch / 'a_secret.txt'}: a link to a file outside the folder" in report
    assert f"{batch / 'b_zero.txt'}: a link to a file outside the folder" in report
    assert titles() == ["Ferry café reopens at Manora jetty"]  # the link inside is the same story


def test_a_file_named_on_the_command_line_is_read_at_most_to_the_limit(settings, tmp_path):
    settings.NEWSROOM_MAX_IMPORT_BYTES = MB
    (tmp_path / "zero.txt").symlink_to("/dev/zero")
    big = tmp_path / "big.txt"
    with open(big, "wb") as file:  # a sparse gigabyte: reading it would take that much memory
        file.truncate(1024 * MB)
    import tracemalloc

    tracemalloc.start()
    with pytest.raises(Refused, match="not a regular file"):
        read_file(tmp_path / "zero.txt", MB)
    with pytest.raises(Refused, match="1,073,741,824 bytes, over the 1,048,576-byte limit"):
        read_file(big, MB)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    assert peak < MB


def test_a_name_that_is_not_utf8_is_one_failed_line_and_the_batch_goes_on(registry, tmp_path):
    folder = os.fsencode(tmp_path)
    for name, story in [(b"a_caf\xe9.txt", CAFE_STORY), (b"b_ferry.txt", FERRY_STORY)]:
        with open(os.path.join(folder, name), "w", encoding="utf-8") as file:
            file.write(story)
    out, err, failed = run_import(tmp_path)
    assert not failed
    assert titles() == [
        "Clifton café owners object to “outdoor seating” rules",
        "Ferry café reopens at Manora jetty",
    ]
    assert Article.objects.filter(source_name__endswith="a_caf\\xe9.txt").exists()


def test_control_characters_in_a_name_are_printed_as_escapes(registry, tmp_path):
    (tmp_path / "x\x1b[2Jy.txt").write_text("", encoding="utf-8")
    out, err, failed = run_import(tmp_path)
    assert failed
    assert "\x1b" not in out + err
    assert "x\\x1b[2Jy.txt: the file is empty" in out + err


def test_a_folder_deeper_than_the_recursion_limit_is_walked(registry, tmp_path):
    # Made one level at a time from inside, as the path soon outgrows what one call takes.
    here = os.getcwd()
    try:
        os.chdir(tmp_path)
        for _ in range(sys.getrecursionlimit() + 100):
            os.mkdir("d")
            os.chdir("d")
        Path("ferry.txt").write_text(FERRY_STORY, encoding="utf-8")
    finally:
        os.chdir(here)
    try:
        found = list(walk([str(tmp_path)]))
    finally:
        # Removed from the inside too: a recursive removal would fail as os.walk did.
        os.chdir(tmp_path)
        depth = 0
        while os.path.isdir("d"):
            os.chdir("d")
            depth += 1
        Path("ferry.txt").unlink()
        for _ in range(depth):
            os.chdir("..")
            os.rmdir("d")
        os.chdir(here)
    assert len(found) == 1 and found[0][0].endswith("/d/ferry.txt") and found[0][1] is None


def test_a_few_bytes_that_are_not_utf8_leave_the_rest_utf8():
    text = decode(CAFE_STORY.encode() + b"\nA stray \xff byte.\n")
    assert "Clifton café owners" in text
    assert "“outdoor seating”" in text


def test_bidirectional_overrides_never_reach_the_headline():
    draft = process("rtl.txt", ("\u202eClifton café owners object\u202c\n\n" + CAFE_STORY).encode())
    assert "\u202e" not in draft.title and "\u202c" not in draft.title
    urdu = (
        "کراچی میں پانی کی فراہمی بحال\n\n"
        "کراچی: شہر کے کئی علاقوں میں پانی کی فراہمی منگل کو تین ہفتوں کے بعد بحال ہو گئی، "
        "واٹر بورڈ کے ترجمان نے بتایا کہ مرکزی پائپ لائن کی مرمت مکمل کر لی گئی ہے۔\n\n"
        "شہریوں نے کہا کہ انہیں اس دوران ٹینکروں سے مہنگا پانی خریدنا پڑا اور حکام نے "
        "کوئی متبادل انتظام نہیں کیا۔\n\n"
        "ترجمان کے مطابق اگلے ہفتے سے تمام علاقوں کو معمول کے مطابق پانی ملے گا۔\n"
    )
    title = process("urdu.txt", ("\u202b" + urdu).encode()).title
    assert title == "کراچی میں پانی کی فراہمی بحال"
