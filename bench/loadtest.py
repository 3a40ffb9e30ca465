"""A bounded load test of the public pages: gunicorn on 127.0.0.1, wrk against it.

    .venv/bin/python bench/loadtest.py --database-url sqlite:///$PWD/bench/var/bench-100k.sqlite3
    .venv/bin/python bench/loadtest.py --database-url … --duration 300 --connections 32

Starts gunicorn (2 sync workers by default) with production settings (DEBUG off,
a throwaway secret key, hashed static files collected under bench/var/static)
on a prepared database, fetches every page once per worker to warm up (each
worker keeps its own cache of counts), then runs
Debian's wrk for a fixed time with a Lua script that rotates through the pages
the benchmark times (bench.measure.choose_pages), and prints
requests per second, latency percentiles and errors (any status but 200, and
socket errors). The workers' memory is sampled through the run, so a long run
shows whether it stays flat. gunicorn is stopped at the end, whatever happens.
Only ever 127.0.0.1.
"""

import argparse
import json
import os
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

BASE = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
HOST = "127.0.0.1"

ROTATE_LUA = r"""
local paths = {}
for line in io.lines(os.getenv("LOADTEST_URLS")) do paths[#paths + 1] = line end
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args)
  errors = 0
  i = math.random(#paths)
end
function request()
  i = i % #paths + 1
  return wrk.format("GET", paths[i])
end
function response(status, headers, body)
  if status ~= 200 then errors = errors + 1 end
end
function done(summary, latency, requests)
  local non200 = 0
  for _, t in ipairs(threads) do non200 = non200 + t:get("errors") end
  local e = summary.errors
  io.write(string.format(
    'RESULT {"requests": %d, "duration_us": %d, "non_200": %d, "connect_errors": %d, ' ..
    '"read_errors": %d, "write_errors": %d, "timeouts": %d, "p50_us": %d, "p90_us": %d, ' ..
    '"p99_us": %d, "max_us": %d, "mean_us": %.0f}\n',
    summary.requests, summary.duration, non200, e.connect, e.read, e.write, e.timeout,
    latency:percentile(50), latency:percentile(90), latency:percentile(99), latency.max,
    latency.mean))
end
"""


def rss_mb(pid, field="VmRSS"):
    """Resident memory of a process. RssAnon leaves out the pages of files mapped
    into memory (SQLite maps up to 2 GB of the database: PRAGMA mmap_size),
    which the kernel shares and can drop; it is the heap that would leak."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith(f"{field}:"):
                return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def memory(pids):
    return {
        "rss_mb": round(sum(rss_mb(p) or 0 for p in pids), 1),
        "anonymous_mb": round(sum(rss_mb(p, "RssAnon") or 0 for p in pids), 1),
    }


def workers(master):
    try:
        text = Path(f"/proc/{master}/task/{master}/children").read_text()
    except OSError:
        return []
    return sorted(int(pid) for pid in text.split())


def fetch(url, timeout=120):
    with urllib.request.urlopen(url, timeout=timeout) as response:  # noqa: S310 (127.0.0.1)
        response.read()
        return response.status


def page_urls(env, articles):
    """The benchmark's pages on this database and ``articles`` article pages
    spread over it (the long tail a page cache cannot keep ahead of), asked of
    Django in a subprocess."""
    code = (
        "import django, json; django.setup(); "
        "from django.db.models import Max; "
        "from bench.measure import choose_pages; "
        "from archive.models import Article; "
        "urls = [p.url for p in choose_pages()[0]]; "
        f"n = {int(articles)}; "
        "top = Article.objects.aggregate(top=Max('pk'))['top'] or 0; "
        "step = max(1, top // n) if n else 0; "
        "ids = range(1, top + 1, step) if n else []; "
        "tail = [a.get_absolute_url() for a in "
        "Article.objects.published().filter(pk__in=list(ids)[:n]).only('slug')]; "
        "print(json.dumps([list(dict.fromkeys(urls)), tail]))"
    )
    out = subprocess.run(
        [PYTHON, "-c", code], env=env, cwd=BASE, check=True, capture_output=True, text=True
    )
    return json.loads(out.stdout.strip().splitlines()[-1])


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"))
    parser.add_argument("--duration", type=int, default=30, help="seconds (default 30)")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--threads", type=int, default=2, help="wrk threads")
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--json", help="write the results here")
    parser.add_argument(
        "--articles",
        type=int,
        default=500,
        help="article pages spread over the archive, in turn with the benchmark's pages "
        "(default 500)",
    )
    parser.add_argument(
        "--no-page-cache",
        dest="page_cache",
        action="store_false",
        help="render every page (NEWSROOM_PAGE_CACHE=0) instead of keeping them whole",
    )
    args = parser.parse_args()
    if not args.database_url:
        parser.error("give --database-url (a database the benchmark has prepared)")
    if not 1 <= args.duration <= 900:
        parser.error("--duration is from 1 to 900 seconds")

    env = dict(
        os.environ,
        DATABASE_URL=args.database_url,
        DJANGO_SETTINGS_MODULE="newsroom.settings",
        DJANGO_DEBUG="0",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SECURE_SSL_REDIRECT="0",
        DJANGO_STATIC_ROOT=str(BASE / "bench" / "var" / "static"),
        NEWSROOM_PAGE_CACHE="1" if args.page_cache else "0",
        # Every request comes from one address here: no per-client search limit.
        NEWSROOM_SEARCHES_PER_MINUTE=str(10**9),
        # A cache of the run's own, empty at the start.
        NEWSROOM_VAR_DIR=tempfile.mkdtemp(prefix="newsroom-loadtest-"),
    )
    subprocess.run(
        [PYTHON, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=BASE, check=True
    )
    pages, tail = page_urls(env, args.articles)
    paths = pages + [url for url in tail if url not in pages]
    base = f"http://{HOST}:{args.port}"

    load_before = os.getloadavg()
    server = subprocess.Popen(
        [
            str(Path(PYTHON).parent / "gunicorn"),
            "newsroom.wsgi",
            f"--workers={args.workers}",
            f"--bind={HOST}:{args.port}",
            "--timeout=120",
        ],
        env=env,
        cwd=BASE,
        stderr=subprocess.DEVNULL,
    )
    try:
        deadline = time.time() + 60
        while True:
            try:
                fetch(base + paths[0], timeout=5)
                break
            except OSError:
                if time.time() > deadline or server.poll() is not None:
                    raise SystemExit("gunicorn did not start") from None
                time.sleep(0.5)
        # Each of the benchmark's pages as many times at once as there are workers: a
        # sync worker takes one request at a time, so each worker computes (and
        # caches) each page's counts before the timed run. Twice, in case two landed
        # on one worker. The article pages of the long tail are first asked for in
        # the timed run.
        with ThreadPoolExecutor(args.workers) as pool:
            for _ in range(2):
                for path in pages:
                    list(pool.map(fetch, [base + path] * args.workers))
        pids = workers(server.pid)
        memory_start = memory(pids)
        samples = []
        stop = threading.Event()

        def sample():
            while not stop.wait(5):
                samples.append(memory(pids)["anonymous_mb"])

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        with tempfile.TemporaryDirectory() as tmp:
            script, urls = Path(tmp) / "rotate.lua", Path(tmp) / "urls.txt"
            script.write_text(ROTATE_LUA)
            urls.write_text("\n".join(paths) + "\n")
            done = subprocess.run(
                [
                    "wrk",
                    f"--threads={args.threads}",
                    f"--connections={args.connections}",
                    f"--duration={args.duration}s",
                    "--timeout=10s",
                    f"--script={script}",
                    base,
                ],
                env={**os.environ, "LOADTEST_URLS": str(urls)},
                capture_output=True,
                text=True,
                check=True,
            )
        stop.set()
        sampler.join()
        memory_end = memory(pids)
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()
        shutil.rmtree(env["NEWSROOM_VAR_DIR"], ignore_errors=True)

    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    wrk = json.loads(line[len("RESULT ") :])
    socket_errors = sum(
        wrk[k] for k in ("connect_errors", "read_errors", "write_errors", "timeouts")
    )
    result = {
        "database_url": args.database_url.split("@")[-1],
        "workers": args.workers,
        "connections": args.connections,
        "duration_s": args.duration,
        "page_cache": args.page_cache,
        "pages": paths,
        "requests": wrk["requests"],
        "requests_per_s": round(wrk["requests"] / (wrk["duration_us"] / 1e6), 1),
        "p50_ms": round(wrk["p50_us"] / 1000, 1),
        "p90_ms": round(wrk["p90_us"] / 1000, 1),
        "p99_ms": round(wrk["p99_us"] / 1000, 1),
        "max_ms": round(wrk["max_us"] / 1000, 1),
        "errors": wrk["non_200"] + socket_errors,
        "non_200": wrk["non_200"],
        "socket_errors": socket_errors,
        "worker_memory": {
            "start": memory_start,
            "end": memory_end,
            "anonymous_mb_every_5s": samples,
        },
        "cpus": os.cpu_count(),
        "load_before": [round(x, 2) for x in load_before],
        "load_after": [round(x, 2) for x in os.getloadavg()],
    }
    print(
        f"{result['requests_per_s']} requests/s over {args.duration} s at {args.connections} "
        f"connections ({args.workers} workers, {len(paths)} pages in turn, page cache "
        f"{'on' if args.page_cache else 'off'}): p50 "
        f"{result['p50_ms']} ms, p90 {result['p90_ms']} ms, p99 {result['p99_ms']} ms, "
        f"max {result['max_ms']} ms; errors {result['errors']} ({result['non_200']} not 200, "
        f"{socket_errors} socket); workers' memory (RSS / heap) {memory_start['rss_mb']} / "
        f"{memory_start['anonymous_mb']} MB at start, {memory_end['rss_mb']} / "
        f"{memory_end['anonymous_mb']} MB at the end; load "
        f"{load_before[0]:.2f} before, {result['load_after'][0]:.2f} after"
    )
    if args.json:
        Path(args.json).parent.mkdir(parents=True, exist_ok=True)
        Path(args.json).write_text(json.dumps(result, indent=2) + "\n")


if __name__ == "__main__":
    main()
