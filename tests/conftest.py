"""Fixtures shared by the tests. Nothing here imports Django's models at module
level, so the pipeline's tests (tests/importing/test_pipeline.py and
test_properties.py) also run without Django: ``pytest -p no:django …``."""

import pytest


@pytest.fixture
def editor(db):
    from django.contrib.auth.models import Group, Permission, User

    from archive.roles import ensure_editors_group

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


@pytest.fixture(autouse=True, scope="session")
def _fast_password_hashing():
    """Passwords hashed with PBKDF2 at a million rounds took a third of the suite's
    time; the tests check who may log in, not the hash's strength."""
    from django.conf import settings

    if settings.configured:
        settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, so cached counts never leak between tests."""
    from django.conf import settings

    if not settings.configured:  # the pipeline's tests, run without Django
        yield
        return
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()
