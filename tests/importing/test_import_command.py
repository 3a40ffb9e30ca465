"""`manage.py import_articles` and `relink_articles` against the real database:
what an editor sees in the report and what ends up stored."""

import contextlib
import datetime
import json
import os
import re
import shutil
import signal
from contextlib import contextmanager
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError
from django.urls import reverse
from django.utils import timezone

import importing.batch
from archive.models import (
    Article,
    ArticleParty,
    ArticlePerson,
    Comment,
    LinkSource,
    Person,
    Publication,
    SuggestedName,
)
from importing.store import Rows
from tests.factories import make_person

TEXTS = Path(__file__).parent / "texts"

CONTRACT_KEYS = {
    "file": (str,),
    "status": (str,),
    "error": (str, type(None)),
    "title": (str, type(None)),
    "subtitle": (str, type(None)),
    "byline": (str, type(None)),
    "dateline": (str, type(None)),
    "publication": (str, type(None)),
    "caption": (str, type(None)),
    "published_on": (str, type(None)),
    "highlights": (list,),
    "body": (list,),
    "comments": (list,),
    "people": (list,),
    "parties": (list,),
    "suggested_people": (list,),
}

pytestmark = pytest.mark.django_db


def run(command, *args):
    """Run a command; (stdout, stderr) as text. Fails the test if the command fails."""
    out, err = StringIO(), StringIO()
    call_command(command, *map(str, args), stdout=out, stderr=err, no_color=True)
    return out.getvalue(), err.getvalue()


def run_failing(command, *args):
    """Run a command that must end with exit status 1; (stdout, stderr) as text."""
    out, err = StringIO(), StringIO()
    with pytest.raises(CommandError) as failed:
        call_command(command, *map(str, args), stdout=out, stderr=err, no_color=True)
    assert failed.value.returncode == 1
    return out.getvalue(), err.getvalue()


def counts(report):
    """The summary's counts: {'imported': 1, 'unchanged': 0, …}."""
    found = {}
    for word, n in re.findall(
        r"\b(would import|imported|updated|unchanged|duplicates|kept|failed) (\d+)", report
    ):
        found["imported" if word == "would import" else word] = int(n)
    return found


def put(folder, name, source=None, text=None):
    """Write one of our texts (or the given text) to folder/name; returns the path."""
    path = Path(folder) / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if text is None:
        text = (TEXTS / (source or Path(name).name)).read_text(encoding="utf-8")
    path.write_text(text, encoding="utf-8")
    return path


def json_lines(stdout):
    return [json.loads(line) for line in stdout.splitlines() if line.strip()]


def row_counts():
    return {
        "articles": Article.objects.count(),
        "comments": Comment.objects.count(),
        "person links": ArticlePerson.objects.count(),
        "party links": ArticleParty.objects.count(),
        "suggestions": SuggestedName.objects.count(),
        "publications": Publication.objects.count(),
        "history": Article.history.count(),
    }


@contextmanager
def time_limit(seconds):
    """Fail instead of hanging when the code inside does not finish in time."""

    def stop(signum, frame):
        raise TimeoutError(f"still running after {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


# ------------------------------------------------------------------ importing


def test_it_imports_an_article_with_its_comments_links_and_provenance(registry, tmp_path):
    path = put(tmp_path, "linking_factions.txt")
    out, _ = run("import_articles", path)
    assert counts(out) == {
        "imported": 1,
        "updated": 0,
        "unchanged": 0,
        "duplicates": 0,
        "kept": 0,
        "failed": 0,
    }

    article = Article.objects.get()
    assert article.title == "MQM-P and MQM-London trade blame over Karachi office fire"
    assert article.byline == "Staff Reporter"
    assert article.dateline == "KARACHI"
    assert article.published_on == datetime.date(2023, 8, 30)
    assert article.status == Article.Status.DRAFT
    assert article.source_name == str(path)
    assert article.paragraphs[0].startswith("The Muttahida Qaumi Movement-Pakistan (MQM-P)")
    assert len(article.paragraphs) == 5
    assert "Read more" not in article.body and "COMMENTS" not in article.body

    removed = {line["text"]: line["reason"] for line in article.removed_lines}
    assert "Read more: Altaf Hussain’s speech ban extended by high court" in removed
    assert "Home > Politics" in removed
    assert article.source_text.startswith("Home > Politics")

    comment = article.comments.get()
    assert (comment.author, comment.posted) == ("Bilal", "1 year ago")
    assert comment.body.startswith("Imran Khan warned about this years ago.")

    people = {link.person.name: link.source for link in article.person_links.all()}
    assert people == {"Mustafa Kamal": LinkSource.IMPORTER, "Farooq Sattar": LinkSource.IMPORTER}
    parties = set(article.parties.values_list("abbreviation", flat=True))
    assert parties == {"MQM-P", "MQM-London"}
    assert set(article.tags.names()) == {"PTI", "Imran Khan", "Karachi"}


def test_importing_the_same_file_again_changes_nothing(registry, tmp_path):
    path = put(tmp_path, "comments_pipe_format.txt")
    run("import_articles", path)
    article = Article.objects.get()
    out, _ = run("import_articles", path)
    assert counts(out)["unchanged"] == 1
    assert counts(out)["imported"] == 0
    assert Article.objects.count() == 1
    again = Article.objects.get()
    assert again.updated == article.updated
    assert again.comments.count() == 3


def test_the_same_story_under_another_file_name_is_a_duplicate(registry, tmp_path):
    run("import_articles", put(tmp_path, "first.txt", "comments_pipe_format.txt"))
    out, _ = run(
        "import_articles", put(tmp_path / "elsewhere", "copy.txt", "comments_pipe_format.txt")
    )
    assert counts(out)["duplicates"] == 1
    assert Article.objects.count() == 1
    assert Article.objects.get().source_name.endswith("first.txt")


def test_two_stories_under_one_headline_get_two_addresses(registry, tmp_path):
    text = (TEXTS / "comments_pipe_format.txt").read_text(encoding="utf-8")
    other = text.replace("not expected before next summer", "expected by the spring")
    assert other != text
    run("import_articles", put(tmp_path, "first.txt", text=text))
    out, _ = run("import_articles", put(tmp_path, "second.txt", text=other))
    assert counts(out)["imported"] == 1
    first, second = Article.objects.order_by("pk")
    assert first.title == second.title
    assert second.slug == f"{first.slug}-2"


def test_a_changed_file_is_kept_until_update_reads_it_again(registry, tmp_path):
    path = put(tmp_path, "related_links.txt")
    run("import_articles", path)
    article = Article.objects.get()
    extra = "The education minister said the arrears would be paid from next year's budget."
    source = path.read_text(encoding="utf-8")
    source = source.replace("You may also like:", extra + "\n\nYou may also like:")
    path.write_text(source, encoding="utf-8")

    out, _ = run("import_articles", path)
    assert counts(out)["kept"] == 1
    assert extra not in Article.objects.get().body

    out, _ = run("import_articles", path, "--update")
    assert counts(out)["updated"] == 1
    updated = Article.objects.get()
    assert updated.pk == article.pk
    assert updated.slug == article.slug
    assert updated.paragraphs[-1] == extra


def test_update_leaves_an_article_an_editor_changed_alone(registry, tmp_path):
    path = put(tmp_path, "related_links.txt")
    run("import_articles", path)
    Article.objects.update(title="Teachers call off sit-in (corrected)", edited_at=timezone.now())
    path.write_text(
        path.read_text(encoding="utf-8").replace("four-day sit-in", "five-day sit-in"),
        encoding="utf-8",
    )
    out, _ = run("import_articles", path, "--update")
    assert counts(out)["kept"] == 1
    assert counts(out)["updated"] == 0
    # the report names the article it left alone, and why
    assert any(str(path) in line and "editor" in line for line in out.splitlines())
    article = Article.objects.get()
    assert article.title == "Teachers call off sit-in (corrected)"
    assert "four-day sit-in" in article.body


def test_status_published_publishes_the_new_articles(registry, tmp_path):
    run("import_articles", put(tmp_path, "top_block_full.txt"), "--status", "published")
    assert Article.objects.get().status == Article.Status.PUBLISHED


def test_the_outlet_comes_from_the_print_edition_line_and_matches_the_registry(registry, tmp_path):
    run("import_articles", put(tmp_path, "footers_tags_copyright.txt"))  # "Published in Dawn, …"
    article = Article.objects.get()
    assert article.publication == Publication.objects.get(name="Dawn")
    assert Publication.objects.filter(name__iexact="dawn").count() == 1


def test_publication_overrides_what_the_text_says(registry, tmp_path):
    run(
        "import_articles",
        put(tmp_path, "footers_tags_copyright.txt"),
        "--publication",
        "The Express Tribune",
    )
    article = Article.objects.get()
    assert article.publication == Publication.objects.get(name="The Express Tribune")


def test_dry_run_writes_nothing(registry, tmp_path):
    put(tmp_path, "linking_factions.txt")
    put(tmp_path, "comments_says_format.txt")
    put(tmp_path, "footers_tags_copyright.txt")
    put(tmp_path, "empty.txt", text="")
    before = row_counts()
    out, _ = run_failing("import_articles", tmp_path, "--dry-run")
    assert counts(out)["imported"] == 3
    assert counts(out)["failed"] == 1
    assert "would import" in out
    assert row_counts() == before


def test_dry_run_json_prints_one_contract_object_per_file_and_nothing_else(registry, tmp_path):
    good = put(tmp_path, "a_linking_factions.txt", "linking_factions.txt")
    put(tmp_path, "b_comments.txt", "comments_says_format.txt")
    put(tmp_path, "c_empty.txt", text="   \n")
    before = row_counts()
    out, err = run_failing("import_articles", tmp_path, "--dry-run", "--json")
    assert row_counts() == before

    lines = json_lines(out)  # every line of standard output is JSON
    assert [Path(line["file"]).name for line in lines] == [
        "a_linking_factions.txt",
        "b_comments.txt",
        "c_empty.txt",
    ]
    ok, comments, empty = lines
    for line in (ok, comments):
        for key, types in CONTRACT_KEYS.items():
            assert key in line, key
            assert isinstance(line[key], types), (key, line[key])
        assert line["status"] == "ok" and line["error"] is None
    assert ok["file"] == str(good)
    assert ok["title"] == "MQM-P and MQM-London trade blame over Karachi office fire"
    assert ok["byline"] == "Staff Reporter"
    assert ok["dateline"] == "KARACHI"
    assert ok["published_on"] == "2023-08-30"
    assert sorted(ok["people"]) == ["Farooq Sattar", "Mustafa Kamal"]
    assert sorted(ok["parties"]) == ["MQM-London", "MQM-P"]
    assert "Kashif Lodhi" in ok["suggested_people"]
    assert ok["comments"] == [
        {
            "author": "Bilal",
            "posted": "1 year ago",
            "body": "Imran Khan warned about this years ago. The PPP should stay out of it.",
        }
    ]
    assert all(isinstance(p, str) for p in ok["body"]) and len(ok["body"]) == 5
    assert [c["author"] for c in comments["comments"]] == ["Rashida Begum", "Omar F.", "Hina"]

    assert empty["status"] == "error"
    assert empty["error"] and "\n" not in empty["error"]
    # the summary goes to standard error
    assert counts(err)["failed"] == 1
    assert "c_empty.txt" in err


def test_dry_run_json_error_lines_carry_every_contract_key(registry, tmp_path):
    put(tmp_path, "empty.txt", text="")
    out, _ = run_failing("import_articles", tmp_path, "--dry-run", "--json")
    (line,) = json_lines(out)
    assert line["status"] == "error"
    for key, types in CONTRACT_KEYS.items():
        assert key in line, key
        assert isinstance(line[key], types), (key, line[key])
    assert line["body"] == [] and line["title"] is None


def test_dry_run_json_reports_a_story_already_stored_as_skipped(registry, tmp_path):
    run("import_articles", put(tmp_path / "stored", "one.txt", "top_block_full.txt"))
    out, _ = run(
        "import_articles",
        put(tmp_path / "new", "two.txt", "top_block_full.txt"),
        "--dry-run",
        "--json",
    )
    (line,) = json_lines(out)
    assert line["status"] == "skipped"
    assert Article.objects.count() == 1


# ------------------------------------------------------------------ failures


def test_failures_are_listed_as_file_and_reason_and_the_rest_imports(registry, tmp_path):
    put(tmp_path, "a_story.txt", "top_block_full.txt")
    empty = put(tmp_path, "b_empty.txt", text="")
    binary = tmp_path / "c_binary.txt"
    binary.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 8)
    put(tmp_path, "d_story.txt", "comments_pipe_format.txt")

    out, err = run_failing("import_articles", tmp_path)
    report = out + err
    assert counts(report)["imported"] == 2
    assert counts(report)["failed"] == 2
    assert Article.objects.count() == 2
    failure_lines = [line.strip() for line in report.splitlines() if ": " in line]
    assert any(line.startswith(f"{empty}: ") and "empty" in line for line in failure_lines)
    assert any(line.startswith(f"{binary}: ") and "binary" in line for line in failure_lines)
    assert "Traceback" not in report


def test_a_missing_path_is_a_failure_not_a_crash(registry, tmp_path):
    missing = tmp_path / "nowhere.txt"
    out, err = run_failing("import_articles", missing, put(tmp_path, "top_block_full.txt"))
    assert f"{missing}: " in out + err
    assert Article.objects.count() == 1


def test_fail_fast_stops_at_the_first_failure(registry, tmp_path):
    put(tmp_path, "a_empty.txt", text="")
    put(tmp_path, "b_story.txt", "top_block_full.txt")
    run_failing("import_articles", tmp_path, "--fail-fast")
    assert Article.objects.count() == 0
    run_failing("import_articles", tmp_path)
    assert Article.objects.count() == 1


def fail_on_comments(monkeypatch, error):
    """Make storing comments fail, after the article row is written."""
    calls = []

    insert = Rows.insert

    def boom(rows, objs):
        if rows.model is not Comment:
            return insert(rows, objs)
        calls.append(objs)
        assert Article.objects.exists()  # the article row is in: this is mid-file
        raise error

    monkeypatch.setattr(Rows, "insert", boom)
    return calls


def test_a_file_that_fails_in_the_store_leaves_nothing_behind(registry, tmp_path, monkeypatch):
    put(tmp_path, "comments_pipe_format.txt")
    before = row_counts()
    calls = fail_on_comments(monkeypatch, DatabaseError("disk I/O error"))
    # how the failure is reported is the next test's business
    with contextlib.suppress(DatabaseError):
        run_failing("import_articles", tmp_path)
    assert calls
    assert row_counts() == before


def test_a_file_that_fails_in_the_store_does_not_stop_the_others(registry, tmp_path, monkeypatch):
    put(tmp_path, "a_with_comments.txt", "comments_says_format.txt")
    put(tmp_path, "b_story.txt", "top_block_full.txt")
    calls = fail_on_comments(monkeypatch, DatabaseError("disk I/O error"))
    out, err = run_failing("import_articles", tmp_path)
    assert calls
    assert list(Article.objects.values_list("title", flat=True)) == [
        "Sindh unveils plan to restore Keenjhar lake wetlands"
    ]
    assert counts(out + err)["failed"] == 1
    assert any("a_with_comments.txt: " in line for line in (out + err).splitlines())


def test_an_integrity_error_in_the_store_rolls_the_whole_file_back(registry, tmp_path, monkeypatch):
    from django.db import IntegrityError

    # a new outlet and a new suggested name would be created for this file
    story = (TEXTS / "linking_factions.txt").read_text(encoding="utf-8")
    put(
        tmp_path, "story.txt", text=story + "\nPublished in The Harbour Ledger, August 31st, 2023\n"
    )
    before = row_counts()
    calls = fail_on_comments(monkeypatch, IntegrityError("constraint failed"))
    out, err = run_failing("import_articles", tmp_path)
    assert calls
    assert row_counts() == before
    assert not Publication.objects.filter(name="The Harbour Ledger").exists()
    assert "story.txt: " in out + err


# ------------------------------------------------------------------ folders


def test_folders_are_walked_recursively_for_txt_and_html_files(registry, tmp_path):
    put(tmp_path, "2023/08/linking_factions.txt")
    put(tmp_path, "2021/teachers.TXT", "related_links.txt")
    shutil.copy(Path(__file__).parent / "hostile" / "page_with_scripts.html", tmp_path / "2023")
    put(tmp_path, "2023/notes.md", "top_block_full.txt")
    put(tmp_path, "2023/08/story.txt.bak", "comments_pipe_format.txt")
    (tmp_path / "2023" / "photo.jpg").write_bytes(b"\xff\xd8\xff\xe0" + bytes(500))

    out, err = run("import_articles", tmp_path)
    assert counts(out + err)["imported"] == 3
    assert counts(out + err)["failed"] == 0
    titles = set(Article.objects.values_list("title", flat=True))
    assert titles == {
        "MQM-P and MQM-London trade blame over Karachi office fire",
        "Teachers end sit-in after pay talks in Hyderabad",
        "Tram line to return to Karachi's Saddar after forty years",
    }


def test_a_symlink_loop_in_a_folder_does_not_make_the_walk_endless(registry, tmp_path):
    folder = tmp_path / "scraped"
    put(folder, "inner/story.txt", "top_block_full.txt")
    os.symlink(folder, folder / "inner" / "loop")
    os.symlink(folder / "inner", folder / "inner" / "back")
    with time_limit(60):
        out, err = run("import_articles", folder)
    assert Article.objects.count() == 1
    assert counts(out + err)["imported"] == 1


@pytest.mark.skipif(
    hasattr(os, "geteuid") and os.geteuid() == 0, reason="root reads files whatever their mode"
)
def test_an_unreadable_file_is_reported_and_the_rest_imports(registry, tmp_path):
    locked = put(tmp_path, "a_locked.txt", "comments_pipe_format.txt")
    put(tmp_path, "b_story.txt", "top_block_full.txt")
    locked.chmod(0)
    try:
        out, err = run_failing("import_articles", tmp_path)
    finally:
        locked.chmod(0o644)
    assert f"{locked}: " in out + err
    assert "permission" in (out + err).lower()
    assert Article.objects.count() == 1


# ------------------------------------------------------------------ suggestions


def test_suggested_names_are_stored_with_their_articles(registry, tmp_path):
    run("import_articles", put(tmp_path, "linking_factions.txt"))
    article = Article.objects.get()
    suggestion = SuggestedName.objects.get(key="kashif lodhi")
    assert suggestion.name == "Kashif Lodhi"
    assert suggestion.state == SuggestedName.State.PENDING
    assert list(suggestion.articles.all()) == [article]
    # names only in a comment or in the furniture are not suggested
    assert not SuggestedName.objects.filter(key__in=["imran khan", "altaf hussain"]).exists()


def test_a_rejected_name_is_not_suggested_again(registry, tmp_path):
    run("import_articles", put(tmp_path, "linking_factions.txt"))
    SuggestedName.objects.filter(key="kashif lodhi").update(state=SuggestedName.State.REJECTED)
    second = (
        "Analysts divided over Karachi by-election\n\n"
        "KARACHI: Political analyst Kashif Lodhi said on Sunday that turnout in the by-election "
        "would be low because of the heat.\n\n"
        "Another commentator, Sadia Rehmat, said the result would depend on the weather.\n"
    )
    run("import_articles", put(tmp_path, "second.txt", text=second))
    article = Article.objects.get(title="Analysts divided over Karachi by-election")
    rejected = SuggestedName.objects.get(key="kashif lodhi")
    assert rejected.state == SuggestedName.State.REJECTED
    assert article not in rejected.articles.all()
    assert list(article.suggested_names.values_list("name", flat=True)) == ["Sadia Rehmat"]


# ------------------------------------------------------------------ relink


RELINK_STORY = (
    "MQM leaders meet traders over extortion complaints\n\n"
    "KARACHI: MQM spokesman Wasay Jaleel met traders in Saddar on Friday to hear complaints "
    "about extortion, and promised to raise the issue in the assembly.\n\n"
    "Mustafa Kamal, who joined the meeting later, said the police had been told to act.\n"
)


def test_relink_keeps_editor_links_and_picks_up_a_new_alias(registry, tmp_path):
    run("import_articles", put(tmp_path, "traders.txt", text=RELINK_STORY))
    article = Article.objects.get()
    assert set(article.people.values_list("name", flat=True)) == {"Mustafa Kamal"}
    # an editor links a person the text does not name
    altaf = Person.objects.get(name="Altaf Hussain")
    ArticlePerson.objects.create(article=article, person=altaf, source=LinkSource.EDITOR)
    # the registry learns another spelling of Wasay Jalil
    jalil = Person.objects.get(name="Wasay Jalil")
    jalil.add_aliases(["Wasay Jaleel"])
    jalil.save()

    # and links Mustafa Kamal by hand too, though the importer found him already
    ArticlePerson.objects.filter(article=article, person__name="Mustafa Kamal").update(
        source=LinkSource.EDITOR
    )

    out, _ = run("relink_articles")
    assert re.search(r"\b1\b", out)
    links = {link.person.name: link.source for link in article.person_links.all()}
    assert links == {
        "Mustafa Kamal": LinkSource.EDITOR,
        "Wasay Jalil": LinkSource.IMPORTER,
        "Altaf Hussain": LinkSource.EDITOR,
    }


def test_relink_picks_up_a_person_added_to_the_registry(registry, tmp_path):
    run("import_articles", put(tmp_path, "linking_factions.txt"))
    article = Article.objects.get()
    assert not article.people.filter(name="Kashif Lodhi").exists()
    make_person("Kashif Lodhi")
    run("relink_articles")
    assert article.people.filter(name="Kashif Lodhi").exists()
    assert article.person_links.get(person__name="Kashif Lodhi").source == LinkSource.IMPORTER


def test_relink_drops_importer_links_the_registry_no_longer_finds(registry, tmp_path):
    run("import_articles", put(tmp_path, "traders.txt", text=RELINK_STORY))
    article = Article.objects.get()
    kamal = Person.objects.get(name="Mustafa Kamal")
    altaf = Person.objects.get(name="Altaf Hussain")
    ArticlePerson.objects.create(article=article, person=altaf, source=LinkSource.EDITOR)
    # the registry now knows him only by a longer name the text does not use
    Person.objects.filter(pk=kamal.pk).update(name="Syed Mustafa Kamal Ahmed", aliases="")
    run("relink_articles")
    assert {link.person_id: link.source for link in article.person_links.all()} == {
        altaf.pk: LinkSource.EDITOR
    }


def imported_articles():
    """What the import made of each file, by file name."""
    return {
        Path(a.source_name).name: (
            a.title,
            a.published_on,
            a.publication.name if a.publication else None,
            a.body,
            sorted(link.person.name for link in a.person_links.all()),
            sorted(link.party.abbreviation for link in a.party_links.all()),
            sorted(t.name for t in a.tags.all()),
            a.comments.count(),
        )
        for a in Article.objects.select_related("publication").prefetch_related(
            "person_links__person", "party_links__party", "tags"
        )
    }


DRAFT_FILES = importing.batch._draft_files


def noting_the_process(paths, drafter=None):
    """importing.batch._draft_files, writing down which process ran it."""
    with open(os.environ["NOTE_PIDS_IN"], "a") as f:
        f.write(f"{os.getpid()}\n")
    return DRAFT_FILES(paths, drafter)


def test_worker_processes_import_what_one_process_does(registry, tmp_path, monkeypatch):
    texts, pids = tmp_path / "texts", tmp_path / "pids"
    sources = sorted(TEXTS.glob("*.txt"))
    assert len(sources) > 10
    for source in sources:
        put(texts, source.name, source.name)
    (texts / "zz_binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00" + bytes(range(256)) * 8)
    monkeypatch.setattr(importing.batch, "_draft_files", noting_the_process)
    monkeypatch.setenv("NOTE_PIDS_IN", str(pids))

    out, err = run_failing("import_articles", texts, "--jobs", "2", "-v", "2")
    in_workers, report = imported_articles(), out + err
    assert str(os.getpid()) not in pids.read_text().split()
    assert f"{texts / 'zz_binary.txt'}: " in report
    assert counts(report)["failed"] >= 1
    Article.objects.all().delete()

    out, err = run_failing("import_articles", texts, "--jobs", "1", "-v", "2")
    assert counts(out + err) == counts(report)
    assert imported_articles() == in_workers
    assert len(in_workers) == counts(report)["imported"] > 10


def test_jobs_must_be_a_positive_number(registry, tmp_path):
    with pytest.raises(CommandError, match="--jobs"):
        run("import_articles", put(tmp_path, "top_block_full.txt"), "--jobs", "0")


def test_a_large_batch_leaves_the_planner_statistics(registry, tmp_path):
    from django.db import connection

    text = (TEXTS / "comments_pipe_format.txt").read_text(encoding="utf-8")
    for i in range(55):
        put(tmp_path, f"story_{i:02d}.txt", text=text.replace("two phases", f"{i + 2} phases"))
    out, _ = run("import_articles", tmp_path, "--jobs", "1")
    assert counts(out)["imported"] == 55
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT count(*) FROM sqlite_stat1 WHERE tbl = 'archive_article'")
        else:
            cursor.execute(
                "SELECT count(*) FROM pg_stat_user_tables "
                "WHERE relname = 'archive_article' AND last_analyze IS NOT NULL"
            )
        assert cursor.fetchone()[0] > 0


URDU_TAGGED = (TEXTS / "footers_tags_copyright.txt").read_text(encoding="utf-8")


def test_tags_and_outlets_in_urdu_stay_apart_and_have_pages(registry, tmp_path, client):
    politics = URDU_TAGGED.replace("Tags: cotton, agriculture, Multan", "Tags: سیاست")
    sport = (
        URDU_TAGGED.replace("Tags: cotton, agriculture, Multan", "Tags: کھیل")
        .replace("cotton", "wheat")
        .replace("Cotton", "Wheat")
    )
    (tmp_path / "one").mkdir()
    (tmp_path / "two").mkdir()
    (tmp_path / "one" / "politics.txt").write_text(politics, encoding="utf-8")
    (tmp_path / "two" / "sport.txt").write_text(sport, encoding="utf-8")
    run(
        "import_articles", tmp_path / "one", "--publication", "روزنامہ جنگ", "--status", "published"
    )
    run("import_articles", tmp_path / "two", "--publication", "ایکسپریس", "--status", "published")

    by_file = {a.source_name.rsplit("/", 1)[-1]: a for a in Article.objects.all()}
    politics_tags, sport_tags = (
        set(by_file[f].tags.names()) for f in ("politics.txt", "sport.txt")
    )
    assert "سیاست" in politics_tags and "کھیل" not in politics_tags
    assert "کھیل" in sport_tags and "سیاست" not in sport_tags
    assert by_file["politics.txt"].publication.name == "روزنامہ جنگ"
    assert by_file["sport.txt"].publication.name == "ایکسپریس"
    assert Publication.objects.get(name="ایکسپریس").slug == "ایکسپریس"
    for article, name in [(by_file["politics.txt"], "سیاست"), (by_file["sport.txt"], "کھیل")]:
        tag = article.tags.get(name=name)
        page = client.get(reverse("public:tag-detail", args=[tag.slug]))
        assert page.status_code == 200 and article.title in page.text
        outlet = client.get(article.publication.get_absolute_url())
        assert outlet.status_code == 200 and article.title in outlet.text


def test_one_file_adds_a_bounded_number_of_comments_and_suggested_names(registry, tmp_path):
    from importing import store

    story = (TEXTS / "comments_name_time_lines.txt").read_text(encoding="utf-8")
    head, _, _ = story.partition("Comments\n")
    people = "".join(
        f"Officials named Qadir Baksh{chr(65 + i % 26)}{chr(65 + i // 26)} Soomro{i} attended.\n\n"
        for i in range(store.MAX_SUGGESTIONS + 30)
    )
    comments = "".join(
        f"Reader {i}\n{i % 20 + 1} days ago\nComment number {i} on the zoo.\n\n"
        for i in range(store.MAX_COMMENTS + 200)
    )
    put(
        tmp_path,
        "crowded.txt",
        text=head.replace("The zoo has asked", people + "The zoo has asked")
        + "Comments\n\n"
        + comments,
    )

    out, _ = run("import_articles", tmp_path, "-v", "2")

    article = Article.objects.get()
    assert article.comments.count() == store.MAX_COMMENTS
    assert SuggestedName.objects.count() == store.MAX_SUGGESTIONS
    assert f"suggested the first {store.MAX_SUGGESTIONS:,} of" in out
    assert f"kept the first {store.MAX_COMMENTS:,} of {store.MAX_COMMENTS + 200:,} comments" in out
