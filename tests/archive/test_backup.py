"""A backup restores an archive with every article, link and comment."""

import sqlite3
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from archive.models import Article, ArticleParty, ArticlePerson, Comment
from tests.factories import make_article, make_party, make_person


def counts():
    return (
        Article.objects.count(),
        ArticlePerson.objects.count(),
        ArticleParty.objects.count(),
        Comment.objects.count(),
    )


@pytest.mark.django_db(transaction=True)
def test_a_backup_restores_every_article_link_and_comment(tmp_path):
    kamal, mqm = make_person("Mustafa Kamal"), make_party("MQM")
    for n in range(3):
        make_article(f"Story {n}", people=[kamal], parties=[mqm], comments=[("Aysha", "Well said")])
    before = counts()
    titles = sorted(Article.objects.values_list("title", flat=True))
    path = tmp_path / "archive.backup"

    call_command("backup_archive", str(path), stdout=StringIO())
    assert path.stat().st_size > 0
    Article.objects.all().delete()
    assert counts() == (0, 0, 0, 0)

    call_command("backup_archive", str(path), "--restore", stdout=StringIO())
    assert counts() == before
    assert sorted(Article.objects.values_list("title", flat=True)) == titles
    assert Article.objects.naming_person(kamal).count() == 3


@pytest.mark.django_db
def test_it_refuses_to_restore_from_a_missing_file(tmp_path):
    with pytest.raises(CommandError, match="no such backup file"):
        call_command("backup_archive", str(tmp_path / "nope"), "--restore", stdout=StringIO())


def made_backup(tmp_path):
    path = tmp_path / "good.sqlite3"
    call_command("backup_archive", str(path), stdout=StringIO())
    return path


def refused(path):
    with pytest.raises(CommandError) as failed:
        call_command("backup_archive", str(path), "--restore", stdout=StringIO())
    return str(failed.value)


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("kind", ["damaged", "empty", "another program's", "older schema"])
def test_a_restore_refuses_what_is_not_a_sound_backup_and_keeps_the_archive(tmp_path, kind):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite files")
    make_article("Still here", comments=[("Aysha", "Well said")])
    path = made_backup(tmp_path)
    if kind == "damaged":
        data = bytearray(path.read_bytes())
        for offset in range(4096 * 2, len(data) - 4096, 4096):  # every page past the first two
            data[offset + 100 : offset + 300] = b"\xff" * 200
        path.write_bytes(bytes(data))
    elif kind == "empty":
        path.unlink()
        sqlite3.connect(path).close()
    elif kind == "another program's":
        path.unlink()
        other = sqlite3.connect(path)
        other.execute("CREATE TABLE bookmarks (url text)")
        other.commit()
        other.close()
    else:
        older = sqlite3.connect(path)
        older.execute("DELETE FROM django_migrations WHERE name = '0013_change_counter'")
        older.commit()
        older.close()

    reason = refused(path)

    assert "\n" not in reason and str(path) in reason
    assert list(Article.objects.values_list("title", flat=True)) == ["Still here"]
    assert Comment.objects.count() == 1


@pytest.mark.django_db(transaction=True)
def test_a_restore_empties_the_caches_of_pages_kept_before(tmp_path, client):
    make_article("Kept in the backup")
    path = made_backup(tmp_path)
    make_article("Added after the backup")
    assert "Added after the backup" in client.get("/articles/").text

    out = StringIO()
    call_command("backup_archive", str(path), "--restore", stdout=out)

    assert "Added after the backup" not in client.get("/articles/").text
    assert "Kept in the backup" in client.get("/articles/").text
    assert ": 1 articles, sha256 " in out.getvalue()


@pytest.mark.django_db
def test_a_backup_onto_a_folder_says_so_in_one_line(tmp_path):
    with pytest.raises(CommandError, match="is a folder"):
        call_command("backup_archive", str(tmp_path), stdout=StringIO())
    with pytest.raises(CommandError, match="cannot write the backup"):
        call_command("backup_archive", "/proc/archive.sqlite3", stdout=StringIO())
