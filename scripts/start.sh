#!/usr/bin/env bash
# The start command (`npm start`): installs what is missing, makes sure Postgres and Redis answer, creates and
# migrates the database, seeds demo data, builds, then runs api + worker + web in the foreground, waits until they
# answer and prints the URLs. Ctrl-C (or SIGTERM) stops all three gracefully.
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

: "${HOST:=127.0.0.1}" "${PORT:=3000}" "${WEB_PORT:=5173}"
export HOST PORT WEB_PORT
# The URL this machine reaches the api on (HOST may be 0.0.0.0, which is no address to connect to).
case "$HOST" in 0.0.0.0 | :: | '[::]') local_host=127.0.0.1 ;; *) local_host=$HOST ;; esac
export API_URL="${API_URL:-http://$local_host:$PORT}"

http_ok() { node -e 'fetch(process.argv[1]).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))' "$1"; }
port_free() { ! tcp_open "$local_host" "$1"; }

need_node
ensure_deps
# The apps validate their environment at start-up; doing it first names a bad variable before any slow step.
tsx -e "require('./libs/config/src/index.ts').loadConfigOrExit()" || exit 1
ensure_postgres
ensure_redis

db_name=$(node -e 'console.log(decodeURIComponent(new URL(process.argv[1]).pathname.slice(1)))' "$DATABASE_URL")
say "Database '$db_name' on $(url_host "$DATABASE_URL"):$(url_port "$DATABASE_URL" 5432)"
ensure_database "$DATABASE_URL"

if [ -f prisma/schema.prisma ]; then
  say "Applying migrations"
  npm run -s db:migrate || fail "migrations failed on DATABASE_URL: fix the error above, then run 'npm start' again."
else
  say "Migrations: none yet (prisma/schema.prisma does not exist)"
fi

# Honest about what it does: there is no demo content to load until exercises and sandboxes exist.
say "Demo data: nothing to seed yet (no exercises or sandboxes exist in this version)"

say "Building api, worker and web"
npm run -s build || fail "the build failed: fix the error above, then run 'npm start' again."

port_free "$PORT" || fail "PORT $PORT is already in use: stop what listens there, or run 'PORT=3001 npm start'."
port_free "$WEB_PORT" || fail "WEB_PORT $WEB_PORT is already in use: stop what listens there, or run 'WEB_PORT=5174 npm start'."

names=() pids=()
# Each app's output goes to the terminal prefixed with its name. The prefixer ignores Ctrl-C so the apps can
# still log their shutdown after the terminal's SIGINT reaches the whole process group.
run() { # name command...
  local name=$1; shift
  "$@" > >(trap '' INT TERM; exec sed -u "s/^/[$name] /") 2>&1 &
  names+=("$name"); pids+=($!)
}

stopping=0
stop_all() {
  [ "$stopping" -eq 1 ] && return
  stopping=1
  trap - INT TERM
  echo
  say "Stopping api, worker and web"
  local pid deadline=$((SECONDS + 20))
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null; done
  for pid in "${pids[@]}"; do
    while kill -0 "$pid" 2>/dev/null; do
      if [ "$SECONDS" -ge "$deadline" ]; then kill -KILL "$pid" 2>/dev/null; break; fi
      sleep 0.2
    done
  done
  wait 2>/dev/null
  say "Stopped"
}
trap 'stop_all; exit 130' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

first_exited() { local i; for i in "${!pids[@]}"; do kill -0 "${pids[$i]}" 2>/dev/null || { echo "${names[$i]}"; return 0; }; done; return 1; }

say "Starting api, worker and web"
run api node dist/apps/api/apps/api/src/main.js
run worker node dist/apps/worker/apps/worker/src/main.js
run web node node_modules/vite/bin/vite.js preview --config apps/web/vite.config.mts \
  --host "$HOST" --port "$WEB_PORT" --strictPort

deadline=$((SECONDS + 60))
until http_ok "$API_URL/health" && http_ok "http://$local_host:$WEB_PORT/"; do
  if dead=$(first_exited); then fail "$dead exited during start-up: see its output above."; fi
  if [ "$SECONDS" -ge "$deadline" ]; then
    fail "$API_URL/health did not answer within 60 s: see the output above (Postgres and Redis reachable?)."
  fi
  sleep 0.5
done

cat <<EOF

$(say "Podlab is running")
  web       http://$local_host:$WEB_PORT/
  GraphQL   $API_URL/graphql$([ "${NODE_ENV:-development}" != production ] && echo "   (GraphiQL: $API_URL/graphiql)")
  health    $API_URL/health
  Press Ctrl-C to stop api, worker and web.

EOF

# Stay in the foreground until Ctrl-C, or until one of the apps stops on its own (then stop the others).
while :; do
  if dead=$(first_exited); then
    say "$dead stopped unexpectedly: stopping the others"
    exit 1
  fi
  sleep 1 &
  wait $! 2>/dev/null
done
