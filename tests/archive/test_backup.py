"""A backup restores an archive with every article, link and comment."""

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
