#!/usr/bin/env bash
# Show the scaling topology of docs/deploy.md on loopback: two stateless app processes, one PostgreSQL database,
# one task worker. A login made on the first server is used on the second; a roster export made on the second
# is audited in the shared database. Prints what it checks; exits non-zero if a check fails.
#   DATABASE_URL (default postgres://postgres@127.0.0.1:5432/renda_topology; the database is recreated)
set -euo pipefail
cd "$(dirname "$0")/.."
url=${DATABASE_URL:-postgres://postgres@127.0.0.1:5432/renda_topology}
db=${url##*/}
export DATABASE_URL=$url
.venv/bin/python - "$url" "$db" <<'PY'
import sys, psycopg, environ
cfg = environ.Env.db_url_config(sys.argv[1])
with psycopg.connect(host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], dbname="postgres", autocommit=True) as c:
    c.execute(f'DROP DATABASE IF EXISTS "{sys.argv[2]}"')
    c.execute(f'CREATE DATABASE "{sys.argv[2]}"')
PY
.venv/bin/python manage.py migrate --noinput -v 0
.venv/bin/python manage.py seed_demo >/dev/null
pids=()
cleanup() { for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done; }
trap cleanup EXIT
for port in 8001 8002; do
  .venv/bin/gunicorn config.wsgi:application --bind 127.0.0.1:$port --workers 2 --log-level warning &
  pids+=($!)
done
.venv/bin/python manage.py db_worker --no-reload -v 0 &
pids+=($!)
for port in 8001 8002; do
  for _ in $(seq 1 50); do curl -sf http://127.0.0.1:$port/healthz >/dev/null && break; sleep 0.2; done
  echo "healthz :$port $(curl -s http://127.0.0.1:$port/healthz)"
done
jar=$(mktemp)
csrf() { grep csrftoken "$jar" | awk '{print $7}'; }
curl -s -c "$jar" -b "$jar" http://127.0.0.1:8001/accounts/login/ >/dev/null
code=$(curl -s -o /dev/null -w '%{http_code}' -c "$jar" -b "$jar" -X POST http://127.0.0.1:8001/accounts/login/ \
  -H "Referer: http://127.0.0.1:8001/accounts/login/" \
  --data-urlencode "csrfmiddlewaretoken=$(csrf)" --data-urlencode username=staff \
  --data-urlencode "password=${RENDA_DEMO_PASSWORD:-renda-demo-2026}")
echo "login on :8001 → HTTP $code"
[ "$code" = 302 ]
home=$(curl -s -o /dev/null -w '%{http_code}' -b "$jar" http://127.0.0.1:8002/)
echo "home page on :8002 with the session from :8001 → HTTP $home"
[ "$home" = 200 ]
size=$(curl -s -b "$jar" http://127.0.0.1:8002/deputies/export.xlsx | wc -c)
echo "roster export from :8002 → $size bytes"
events=$(.venv/bin/python manage.py shell --no-imports -v 0 -c "from renda.core.models import Event; print(Event.objects.filter(action='roster_export').count())")
echo "roster_export events in the shared database: $events"
[ "$events" -ge 1 ]
echo "topology check passed"
