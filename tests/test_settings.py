"""Settings refuse to start in production without a real secret key."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def run_check(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_it_refuses_to_start_in_production_without_a_secret_key():
    result = run_check(DJANGO_DEBUG="0")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_it_refuses_a_django_insecure_default_key():
    result = run_check(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="django-insecure-abc")
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_it_refuses_a_debug_flag_it_cannot_read():
    result = run_check(DJANGO_DEBUG="maybe", DJANGO_SECRET_KEY="x" * 60)
    assert result.returncode != 0
    assert "DJANGO_DEBUG" in result.stderr


def test_check_deploy_reports_nothing_in_production():
    result = run_check(
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY="a-long-random-production-secret-" + "k" * 40,
        DJANGO_ALLOWED_HOSTS="archive.example.org",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def proxy_header(**env):
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DJANGO_")}
    clean.update(DJANGO_DEBUG="0", DJANGO_SECRET_KEY="a-long-random-production-secret-" + "k" * 40)
    clean.update(env)
    return subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.SECURE_PROXY_SSL_HEADER)",
        ],
        cwd=ROOT,
        env=clean | {"DJANGO_SETTINGS_MODULE": "newsroom.settings"},
        capture_output=True,
        text=True,
        timeout=120,
    ).stdout.strip()


def test_it_trusts_x_forwarded_proto_only_behind_a_proxy():
    assert proxy_header() == "None"
    assert proxy_header(DJANGO_BEHIND_PROXY="1") == "('HTTP_X_FORWARDED_PROTO', 'https')"
