#!/usr/bin/env bash
# Build the Hub's image (deploy/Containerfile) and try it: the release step, a web process and a task worker from
# the image against a new PostgreSQL database, then /healthz, /readyz, the sign-in page and a static file.
#
#   scripts/container_smoke.sh            (needs podman or buildah, PostgreSQL at SMOKE_PG_URL, curl)
#
# Where the official base images cannot be pulled, name others: PYTHON_IMAGE=... NODE_IMAGE=... (docs/deploy.md).
# CONTAINER_ISOLATION=chroot builds and runs without namespaces, for machines where the OCI runtime may not start
# containers (it ran so on the development machines, which are containers themselves).
set -euo pipefail
cd "$(dirname "$0")/.."
PG=${SMOKE_PG_URL:-postgres://hub:hub@127.0.0.1:5432/postgres}
PORT=${SMOKE_PORT:-8097}
IMAGE=localhost/workforce-hub:smoke
ISOLATION=${CONTAINER_ISOLATION:-oci}
DB=hub_container_smoke
args=()
[ -n "${PYTHON_IMAGE:-}" ] && args+=(--build-arg "PYTHON_IMAGE=$PYTHON_IMAGE")
[ -n "${NODE_IMAGE:-}" ] && args+=(--build-arg "NODE_IMAGE=$NODE_IMAGE")

echo "== build $IMAGE"
start=$(date +%s)
podman build --isolation "$ISOLATION" -q -f deploy/Containerfile "${args[@]}" -t "$IMAGE" . >/dev/null
echo "built in $(( $(date +%s) - start )) s, $(podman image inspect "$IMAGE" --format '{{.Size}}' | awk '{printf "%d MB", $1/1e6}')"

psql "$PG" -q -c "DROP DATABASE IF EXISTS $DB" -c "CREATE DATABASE $DB"
ctr=$(buildah from --pull-never "$IMAGE")
pids=()
kill_tree() {  # a process started in the image and everything under it (gunicorn's workers)
  local child
  for child in $(pgrep -P "$1"); do kill_tree "$child"; done
  kill "$1" 2>/dev/null || true
}
cleanup() {
  for p in "${pids[@]}"; do kill_tree "$p"; done
  sleep 2
  buildah rm "$ctr" >/dev/null 2>&1 || true
  psql "$PG" -q -c "DROP DATABASE IF EXISTS $DB WITH (FORCE)" || true
}
trap cleanup EXIT
env=(
  -e "DATABASE_URL=${PG%/*}/$DB"
  -e "DJANGO_SECRET_KEY=container-smoke-$(head -c 32 /dev/urandom | od -An -tx1 | tr -d ' \n')"
  -e "DJANGO_ALLOWED_HOSTS=127.0.0.1"
  -e "HUB_BASE_URL=https://127.0.0.1"
  -e "HUB_BIND=127.0.0.1:$PORT"
  -e "HUB_WEB_WORKERS=2"
  -e "PASSPORT_KEY_SECRET=container-smoke"
  -e "CLAMD_PORT=1"
)
in_image() { buildah run --isolation "$ISOLATION" --network host "${env[@]}" "$ctr" -- "$@"; }

echo "== release step in the image (migrate, createcachetable, collectstatic, check --deploy)"
in_image whoami
in_image python manage.py migrate --noinput -v0
in_image python manage.py createcachetable
in_image python manage.py collectstatic --noinput -v0
in_image python manage.py check --deploy --fail-level WARNING

echo "== web process and task worker from the image"
in_image gunicorn workforce_hub.config.wsgi --config deploy/gunicorn.conf.py >var/container-web.log 2>&1 &
pids+=($!)
in_image python manage.py db_worker --queue-name default >var/container-worker.log 2>&1 &
pids+=($!)
for _ in $(seq 1 60); do curl -fs "http://127.0.0.1:$PORT/healthz" >/dev/null 2>&1 && break; sleep 1; done

get() { curl -s -o /tmp/container-smoke.body -w '%{http_code}' -H 'X-Forwarded-Proto: https' "http://127.0.0.1:$PORT$1"; }
fail=0
expect() {  # path, status wanted, text the body must hold
  local code; code=$(get "$1")
  if [ "$code" = "$2" ] && grep -q -- "$3" /tmp/container-smoke.body; then echo "ok   $1 $code"; else
    echo "FAIL $1 $code (wanted $2 and '$3')"; head -c 400 /tmp/container-smoke.body; echo; fail=1; fi
}
expect /healthz 200 ok
expect /readyz 503 '"ready": false'   # the scanner is left unreachable on purpose: uploads fail closed
python3 - /tmp/container-smoke.body <<'PY' || fail=1
import json, sys
checks = json.load(open(sys.argv[1]))["checks"]
wanted = {name: True for name in ("database", "migrations", "task queue")} | {"virus scanner": False}
found = {name: checks[name]["ok"] for name in wanted}
print(("ok  " if found == wanted else "FAIL") + "  readiness checks " + json.dumps(found))
sys.exit(found != wanted)
PY
expect /accounts/login/ 200 'Log in'
css=$(grep -o '/static/css/main[^"]*\.css' /tmp/container-smoke.body | head -1)
expect "${css:-/static/css/main.css}" 200 'nhsuk'
for i in 0 1; do
  if kill -0 "${pids[$i]}" 2>/dev/null && ! grep -q Traceback "var/container-$([ $i = 0 ] && echo web || echo worker).log"; then
    echo "ok   $([ $i = 0 ] && echo web process || echo task worker) still running, no errors in its log"
  else echo "FAIL process $i stopped or logged an error"; fail=1; fi
done
[ $fail = 0 ] && echo "container smoke run passed"
exit $fail
