#!/usr/bin/env bash
# One benchmark by name: `npm run bench -- <name>` runs bench/<name>/main.ts and writes bench/results/<name>.json.
# Installs what is missing; a benchmark that reads BENCH_DATABASE_URL gets its own database (podlab_bench by
# default), created and migrated here, with Postgres started locally when needed.
set -euo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

name="${1:-}"
if [ -z "$name" ] || [ ! -f "bench/$name/main.ts" ]; then
  available=$(cd bench && for d in */; do [ -f "$d/main.ts" ] && printf '%s ' "${d%/}"; done)
  fail "usage: npm run bench -- <name>   (available: ${available:-none})"
fi
shift

need_node
ensure_deps

if grep -q 'BENCH_DATABASE_URL' "bench/$name"/*.ts; then
  : "${BENCH_DATABASE_URL:=postgresql://postgres@127.0.0.1:5432/podlab_bench}"
  export BENCH_DATABASE_URL
  DATABASE_URL="$BENCH_DATABASE_URL" ensure_postgres
  ensure_database "$BENCH_DATABASE_URL"
  say "Migrating the benchmark database ($BENCH_DATABASE_URL)"
  DATABASE_URL="$BENCH_DATABASE_URL" npm run -s db:migrate >/dev/null
fi

say "Benchmark: $name"
exec npx tsx --tsconfig bench/tsconfig.json "bench/$name/main.ts" "$@"
