# Shared helpers for the set-up scripts (sourced, not run). Plain bash so they work before `npm ci`.
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export PATH="$ROOT/node_modules/.bin:$PATH"
export NX_DAEMON=false NX_NO_CLOUD=true NX_SKIP_NX_CACHE="${NX_SKIP_NX_CACHE:-}"

: "${DATABASE_URL:=postgresql://postgres@127.0.0.1:5432/podlab}"
: "${REDIS_URL:=redis://127.0.0.1:6379}"
export DATABASE_URL REDIS_URL

say() { printf '\033[1m==> %s\033[0m\n' "$*"; }
fail() { printf 'error: %s\n' "$*" >&2; exit 1; }

need_node() {
  command -v node >/dev/null 2>&1 || fail "Node.js >= 20.19 is required: install it (e.g. 'apt-get install nodejs npm'), then run this command again."
  local major minor
  IFS=. read -r major minor _ <<<"$(node -p 'process.versions.node')"
  if [ "$major" -lt 20 ] || { [ "$major" -eq 20 ] && [ "$minor" -lt 19 ]; }; then
    fail "Node.js >= 20.19 is required (found $(node -v)); install a newer Node.js and run this command again."
  fi
}

# npm ci when node_modules is missing or older than the lock file.
ensure_deps() {
  if [ ! -f "$ROOT/node_modules/.package-lock.json" ] || [ "$ROOT/package-lock.json" -nt "$ROOT/node_modules/.package-lock.json" ]; then
    say "Installing dependencies (npm ci)"
    # A registry mirror that lacks other platforms' optional builds (@swc/core-darwin-*, …) makes the lock file
    # look out of sync to `npm ci`; `npm install` then installs the same versions and leaves the lock unchanged.
    if ! (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error); then
      say "npm ci refused the lock file; installing with npm install instead"
      (cd "$ROOT" && npm install --no-audit --no-fund --loglevel=error) ||
        fail "npm install failed: check the npm registry is reachable, then run this command again."
    fi
  fi
}

url_host() { node -e 'const u=new URL(process.argv[1]); console.log(u.hostname)' "$1"; }
url_port() { node -e 'const u=new URL(process.argv[1]); console.log(u.port||process.argv[2])' "$1" "$2"; }

tcp_open() { (exec 3<>"/dev/tcp/$1/$2") >/dev/null 2>&1; }

is_local_host() { case "$1" in 127.*|localhost|::1|\[::1\]) return 0;; *) return 1;; esac; }

wait_tcp() { local i; for i in $(seq 1 "${3:-30}"); do tcp_open "$1" "$2" && return 0; sleep 1; done; return 1; }

# Postgres and Redis: reachable, or started locally when installed, or a clear message naming the variable.
ensure_postgres() {
  local host port; host=$(url_host "$DATABASE_URL"); port=$(url_port "$DATABASE_URL" 5432)
  tcp_open "$host" "$port" && return 0
  if is_local_host "$host" && command -v pg_ctlcluster >/dev/null 2>&1 && [ -d /etc/postgresql ]; then
    say "Postgres is not answering on $host:$port; starting the local server"
    pg_ctlcluster --skip-systemctl-redirect "$(ls /etc/postgresql | head -n 1)" main start >/dev/null 2>&1 || true
    wait_tcp "$host" "$port" 30 && return 0
  fi
  fail "DATABASE_URL ($host:$port) is unreachable: start Postgres 15+ there, or run 'docker compose -f docker/compose.yml up -d postgres redis'."
}

ensure_redis() {
  local host port; host=$(url_host "$REDIS_URL"); port=$(url_port "$REDIS_URL" 6379)
  tcp_open "$host" "$port" && return 0
  if is_local_host "$host" && command -v redis-server >/dev/null 2>&1; then
    say "Redis is not answering on $host:$port; starting a local server"
    redis-server --daemonize yes --bind 127.0.0.1 --port "$port" --save "" --appendonly no >/dev/null 2>&1 || true
    wait_tcp "$host" "$port" 15 && return 0
  fi
  fail "REDIS_URL ($host:$port) is unreachable: start Redis 7 there, or run 'docker compose -f docker/compose.yml up -d postgres redis'."
}

# Create the database named in a URL if it is missing (connects to the `postgres` database of the same server).
ensure_database() {
  (cd "$ROOT" && node scripts/lib/ensure-database.js "$1") || fail "could not create the database of $1: check the URL's user may create databases."
}
