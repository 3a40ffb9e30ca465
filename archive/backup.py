"""Backing up and restoring the archive's database, while it keeps serving.

SQLite uses its online backup API (a consistent copy even while pages are read
and imports write); PostgreSQL uses pg_dump's custom format and pg_restore.
"""

import glob
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from django.db import connection


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


def backup(path):
    """Write a consistent copy of the database to path."""
    path = Path(path)
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
        _run(
            [_pg_tool("pg_dump"), "--format=custom", "--no-owner", "--file", str(path), *args], env
        )
    else:
        raise BackupError(f"no backup method for {connection.vendor}")
    return path


def restore(path):
    """Replace the database's contents with the backup at path."""
    path = Path(path)
    if not path.is_file():
        raise BackupError(f"{path}: no such backup file")
    if connection.vendor == "sqlite":
        try:
            source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
            source.execute("PRAGMA schema_version").fetchone()
        except sqlite3.DatabaseError as err:
            raise BackupError(f"{path} is not an SQLite backup: {err}") from err
        connection.ensure_connection()
        try:
            source.backup(connection.connection)
        finally:
            source.close()
    elif connection.vendor == "postgresql":
        args, env = _pg_args_and_env()
        connection.close()  # pg_restore drops and recreates the tables
        _run(
            [_pg_tool("pg_restore"), "--clean", "--if-exists", "--no-owner", *args, str(path)],
            env,
        )
    else:
        raise BackupError(f"no restore method for {connection.vendor}")
