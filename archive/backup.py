"""Backing up and restoring the archive's database, while it keeps serving.

SQLite uses its online backup API (a consistent copy even while pages are read
and imports write); PostgreSQL uses pg_dump's custom format and pg_restore.
"""

import glob
import hashlib
import os
import shutil
import sqlite3
import subprocess
import tempfile
from dataclasses import dataclass
from pathlib import Path

from django.core.cache import cache
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from . import versions


class BackupError(RuntimeError):
    """A backup or restore could not be made; the message says why."""


def _pg_tool(name):
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    if candidates:
        return candidates[0]
    raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client)")


def _pg_args_and_env():
    settings = connection.settings_dict
    args = ["--dbname", settings["NAME"]]
    if settings.get("HOST"):
        args += ["--host", settings["HOST"]]
    if settings.get("PORT"):
        args += ["--port", str(settings["PORT"])]
    if settings.get("USER"):
        args += ["--username", settings["USER"]]
    env = dict(os.environ)
    if settings.get("PASSWORD"):
        env["PGPASSWORD"] = settings["PASSWORD"]
    return args, env


def _run(command, env=None):
    result = subprocess.run(command, env=env, capture_output=True, text=True, check=False)
    if result.returncode:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise BackupError(message[-1] if message else f"{command[0]} failed")


# Tables a backup of this archive must hold, besides every migration the code has.
REQUIRED_TABLES = ("django_migrations", "archive_article", "archive_facetcount", "archive_change")


@dataclass
class Restored:
    """What a restore put in place, for the operator to check."""

    articles: int
    checksum: str
    kept_aside: Path | None = None


def backup(path):
    """Write a consistent copy of the database to path."""
    path = Path(path)
    try:
        if path.is_dir():
            raise BackupError(f"{path} is a folder; name a file to write the backup to")
        path.parent.mkdir(parents=True, exist_ok=True)
        if connection.vendor == "sqlite":
            connection.ensure_connection()
            target = sqlite3.connect(path)
            try:
                connection.connection.backup(target)
            finally:
                target.close()
        elif connection.vendor == "postgresql":
            args, env = _pg_args_and_env()
            try:
                _run(
                    [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path)]
                    + args,
                    env,
                )
            except BackupError as err:
                raise BackupError(f"cannot write the backup to {path}: {err}") from err
        else:
            raise BackupError(f"no backup method for {connection.vendor}")
    except (OSError, sqlite3.Error) as err:
        raise BackupError(f"cannot write the backup to {path}: {err}") from err
    return path


def _checksum(path):
    digest = hashlib.sha256()
    with open(path, "rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _applied(cursor):
    return set(cursor.execute("SELECT app, name FROM django_migrations").fetchall())


def _verify_sqlite(database, path):
    """Refuse, with the reason, a database that is damaged, not this archive's, or
    of another schema than the code's; else the number of articles it holds."""
    try:
        (integrity,) = database.execute("PRAGMA integrity_check(1)").fetchone()
        if integrity != "ok":
            raise BackupError(f"{path} is damaged: {integrity}")
        tables = {row[0] for row in database.execute("SELECT name FROM sqlite_master")}
        missing = [t for t in REQUIRED_TABLES if t not in tables]
        if missing:
            raise BackupError(f"{path} is not a backup of this archive (no {', '.join(missing)})")
        expected = set(MigrationRecorder(connection).applied_migrations())
        held = _applied(database)
        if held != expected:
            lacking = sorted(f"{app}.{name}" for app, name in expected - held)
            extra = sorted(f"{app}.{name}" for app, name in held - expected)
            what = f"lacks {', '.join(lacking[:3])}" if lacking else f"has {', '.join(extra[:3])}"
            raise BackupError(
                f"{path} is of another schema than this code's (it {what}); "
                "restore it with the code it was made with, or migrate a copy first"
            )
        (articles,) = database.execute("SELECT count(*) FROM archive_article").fetchone()
        return articles
    except sqlite3.DatabaseError as err:
        raise BackupError(f"{path} is not an SQLite backup of this archive: {err}") from err
    except MemoryError as err:  # what SQLite says of a record whose length is garbage
        raise BackupError(f"{path} is damaged (a record's length cannot be read)") from err


def restore(path):
    """Replace the database's contents with the backup at path, once the backup is
    verified; the live database is kept aside until the restored one has been
    opened and checked, and every cache is emptied afterwards."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    checksum = _checksum(path)
    if connection.vendor == "sqlite":
        try:
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
        except sqlite3.Error as err:
            raise BackupError(f"{path} is not an SQLite backup: {err}") from err
        try:
            articles = _verify_sqlite(source, path)
            connection.ensure_connection()
            live = Path(str(connection.settings_dict["NAME"]))
            if connection.is_in_memory_db():  # the tests' database
                aside = Path(tempfile.mkstemp(suffix=".before-restore")[1])
            else:
                aside = live.with_name(f"{live.name}.before-restore")
            kept = sqlite3.connect(aside)
            try:
                connection.connection.backup(kept)
            finally:
                kept.close()
            source.backup(connection.connection)
        finally:
            source.close()
        try:
            restored = _verify_sqlite(connection.connection, live)
            if restored != articles:
                raise BackupError(f"{path}: {articles} articles in the backup, {restored} restored")
        except BackupError:
            # The live database comes back from where it was kept aside.
            back = sqlite3.connect(f"file:{aside}?mode=ro", uri=True)
            try:
                back.backup(connection.connection)
            finally:
                back.close()
            raise
        result = Restored(restored, checksum, aside)
    elif connection.vendor == "postgresql":
        args, env = _pg_args_and_env()
        listing = subprocess.run(
            [_pg_tool("pg_restore"), "--list", str(path)], capture_output=True, text=True
        )
        if listing.returncode or " TABLE DATA public archive_article " not in listing.stdout:
            raise BackupError(f"{path} is not a pg_dump archive of this archive")
        connection.close()  # pg_restore drops and recreates the tables
        _run(
            [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", *args, str(path)],
            env,
        )
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM archive_article")
            (articles,) = cursor.fetchone()
        result = Restored(articles, checksum)
    else:
        raise BackupError(f"no restore method for {connection.vendor}")
    # Pages and counts kept before describe the archive as it was.
    cache.clear()
    versions.archive_changed()
    return result
