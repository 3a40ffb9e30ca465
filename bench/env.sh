# Settings for benchmark runs: production settings (DEBUG off) with a throwaway
# key, static files collected under bench/var, and a database file of the
# benchmark's own under bench/var unless DATABASE_URL already names one.
#   . bench/env.sh 100k && .venv/bin/python manage.py migrate
export DJANGO_DEBUG=0
export DJANGO_SECRET_KEY="benchmark-only-$(hostname)-not-a-secret-0123456789abcdefghij"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_SECURE_SSL_REDIRECT=0
export DJANGO_STATIC_ROOT="$PWD/bench/var/static"
mkdir -p "$PWD/bench/var"
if [ -n "$1" ]; then
    export DATABASE_URL="sqlite:///$PWD/bench/var/bench-$1.sqlite3"
fi
