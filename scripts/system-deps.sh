#!/usr/bin/env bash
# Installs what the tests need from Debian's packages when it is missing:
# PostgreSQL server binaries and Chromium (for the browser tests).
# Needs root and apt-get; elsewhere it says what is missing and carries on.
set -u
need=()
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
    need+=(postgresql)
fi
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
add_postgres_user() {
    # initdb refuses root; the test cluster runs as this user.
    if [ "$(id -u)" = 0 ] && ! id postgres >/dev/null 2>&1; then
        useradd --system --home-dir /var/lib/postgresql --shell /bin/bash postgres
    fi
}
if [ ${#need[@]} -eq 0 ]; then
    add_postgres_user
    exit 0
fi
if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "system-deps: missing ${need[*]}; install them (Debian: apt-get install ${need[*]})" >&2
    exit 0
fi
echo "system-deps: installing ${need[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -q >/dev/null && apt-get install -y -q --no-install-recommends "${need[@]}" >/dev/null
add_postgres_user
