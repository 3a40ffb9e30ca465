"""Small factories shared by the tests: real rows in the real test database."""

import datetime
import hashlib
import itertools

import pytest
from django.contrib.auth.models import Group, Permission, User

from archive.models import (
    Affiliation,
    Article,
    ArticleParty,
    ArticlePerson,
    Comment,
    LinkSource,
    Party,
    Person,
    Publication,
)
from archive.roles import ensure_editors_group

_counter = itertools.count(1)


def make_publication(name="The Daily Test", **kw):
    from django.utils.text import slugify

    return Publication.objects.create(name=name, slug=kw.pop("slug", slugify(name)), **kw)


def make_person(name="Test Person", **kw):
    from django.utils.text import slugify

    return Person.objects.create(name=name, slug=kw.pop("slug", slugify(name)), **kw)


def make_party(abbreviation="TP", name=None, **kw):
    from django.utils.text import slugify

    return Party.objects.create(
        abbreviation=abbreviation,
        name=name or f"{abbreviation} Party",
        slug=kw.pop("slug", slugify(abbreviation)),
        **kw,
    )


def make_article(title=None, *, people=(), parties=(), tags=(), comments=(), **kw):
    n = next(_counter)
    title = title or f"Test article {n}"
    kw.setdefault("body", f"First paragraph of article {n}.\n\nSecond paragraph.")
    kw.setdefault("status", Article.Status.PUBLISHED)
    kw.setdefault("published_on", datetime.date(2020, 1, 1) + datetime.timedelta(days=n))
    kw.setdefault("slug", Article.unique_slug(title))
    kw.setdefault("content_hash", hashlib.sha256(f"{title}{n}".encode()).hexdigest())
    article = Article.objects.create(title=title, **kw)
    for person in people:
        ArticlePerson.objects.create(article=article, person=person, source=LinkSource.IMPORTER)
    for party in parties:
        ArticleParty.objects.create(article=article, party=party, source=LinkSource.IMPORTER)
    if tags:
        article.tags.add(*tags)
    for i, (author, body) in enumerate(comments):
        Comment.objects.create(article=article, author=author, body=body, position=i)
    return article


def make_affiliation(person, party, **kw):
    return Affiliation.objects.create(person=person, party=party, **kw)


@pytest.fixture
def editor(db):
    user = User.objects.create_user("ed", password="correct-horse-battery", is_staff=True)
    # A transactional test before this one may have flushed the migration's group.
    user.groups.add(ensure_editors_group(Group, Permission))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture
def registry(db):
    """The reference registry from fixtures/registry.toml, loaded."""
    from archive.registry import load_registry

    load_registry()


CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser():
    """Debian's chromium driven by Playwright; skips where it is missing (fails under CI)."""
    import os
    import shutil

    path = CHROMIUM if os.path.exists(CHROMIUM) else shutil.which("chromium")
    if not path:
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("chromium is not installed; scripts/system-deps.sh installs it")
        pytest.skip("chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop; Django's ORM refuses to run inside one
    # unless told that this thread is synchronous test code.
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=path,
            headless=True,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-quic",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
            ],
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15000)
    yield page
    context.close()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, so cached counts never leak between tests."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
