"""Run a command against a throwaway PostgreSQL cluster.

    python tests/pg_cluster.py pytest -q

When DATABASE_URL already names PostgreSQL the command simply runs against it.
Otherwise a cluster is made with initdb in a temporary folder, started with
pg_ctl on a unix socket there (no TCP port), DATABASE_URL is set for the
command, and the cluster is stopped and removed afterwards. initdb refuses to
run as root, so as root the cluster runs as the ``postgres`` system user.

Where no PostgreSQL can start this prints one line and exits 0, except with
CI=true, where that is a failure (exit 1).
"""

import glob
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from urllib.parse import quote


def find_bin(name):
    found = shutil.which(name)
    if found:
        return found
    candidates = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"), reverse=True)
    return candidates[0] if candidates else None


def give_up(reason):
    if os.environ.get("CI", "").lower() == "true":
        print(f"PostgreSQL: cannot start a test cluster under CI: {reason}", file=sys.stderr)
        sys.exit(1)
    print(f"PostgreSQL: skipped, no test cluster could start ({reason})", file=sys.stderr)
    sys.exit(0)


def main(argv):
    if not argv:
        print("usage: pg_cluster.py COMMAND [ARG...]", file=sys.stderr)
        return 2
    if os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://")):
        return subprocess.call(argv)

    initdb, pg_ctl = find_bin("initdb"), find_bin("pg_ctl")
    if not (initdb and pg_ctl):
        give_up("initdb/pg_ctl not found; install Debian's postgresql package")

    prefix = []
    folder = tempfile.mkdtemp(prefix="newsroom-pg-")
    if os.geteuid() == 0:
        try:
            user = pwd.getpwnam("postgres")
        except KeyError:
            give_up("running as root and there is no 'postgres' user to run the cluster")
        os.chown(folder, user.pw_uid, user.pw_gid)
        prefix = ["runuser", "-u", "postgres", "--"]
    data = os.path.join(folder, "data")
    log = os.path.join(folder, "server.log")
    quiet = {"stdout": subprocess.DEVNULL, "stderr": subprocess.PIPE}
    try:
        result = subprocess.run(
            [
                *prefix,
                initdb,
                "-D",
                data,
                "-U",
                "postgres",
                "-A",
                "trust",
                "-E",
                "UTF8",
                "--no-sync",
            ],
            **quiet,
        )
        if result.returncode:
            give_up(f"initdb failed: {result.stderr.decode(errors='replace').strip()[-300:]}")
        options = (
            f"-k {folder} -c listen_addresses='' -c fsync=off -c synchronous_commit=off "
            "-c full_page_writes=off -c max_connections=50"
        )
        result = subprocess.run(
            [*prefix, pg_ctl, "-D", data, "-l", log, "-o", options, "-w", "start"], **quiet
        )
        if result.returncode:
            give_up(f"pg_ctl start failed; see {log}")
        env = dict(
            os.environ, DATABASE_URL=f"postgresql://postgres@{quote(folder, safe='')}/postgres"
        )
        print(f"PostgreSQL: throwaway cluster on socket {folder}", file=sys.stderr)
        return subprocess.call(argv, env=env)
    finally:
        if os.path.exists(os.path.join(data, "postmaster.pid")):
            subprocess.run([*prefix, pg_ctl, "-D", data, "-m", "immediate", "stop"], **quiet)
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
