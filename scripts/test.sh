#!/usr/bin/env bash
# The whole test suite in one command (`npm test`): installs what is missing, prepares a fresh test database,
# then runs lint, typecheck, unit, integration, end-to-end and browser tests, and ends with `N passed, N failed`.
# Usage: npm test [-- stage ...]   stages: lint typecheck unit int e2e  (default: all)
set -uo pipefail
source "$(dirname "$0")/lib/common.sh"
cd "$ROOT"

: "${TEST_DATABASE_URL:=postgresql://postgres@127.0.0.1:5432/podlab_test}"
export TEST_DATABASE_URL NODE_ENV=test LOG_LEVEL="${LOG_LEVEL:-warn}"

stages=("$@")
[ ${#stages[@]} -gt 0 ] || stages=(lint typecheck unit int e2e)
want() { local s; for s in "${stages[@]}"; do [ "$s" = "$1" ] && return 0; done; return 1; }

need_node
ensure_deps
mkdir -p tmp test-artifacts

passed=0 failed=0 failures=()
record_check() { # name exit-code
  if [ "$2" -eq 0 ]; then passed=$((passed + 1)); else failed=$((failed + 1)); failures+=("$1"); fi
}
record_jest() { # name exit-code json-file
  local counts
  if counts=$(node -e 'const r=require(process.argv[1]); console.log(r.numPassedTests, r.numFailedTests + r.numRuntimeErrorTestSuites)' "$(pwd)/$3" 2>/dev/null); then
    read -r p f <<<"$counts"
    passed=$((passed + p)); failed=$((failed + f))
    if [ "$2" -ne 0 ] && [ "$f" -eq 0 ]; then failed=$((failed + 1)); fi
    if [ "$2" -ne 0 ]; then failures+=("$1"); fi
  else
    failed=$((failed + 1)); failures+=("$1 (no results)")
  fi
}
run_jest() { # stage config
  local out="tmp/jest-$1.json"; rm -f "$out"
  say "Tests: $1"
  npx jest -c "$2" --json --outputFile="$out" --passWithNoTests
  record_jest "$1" $? "$out"
}

if want lint; then
  say "Lint (zero warnings)"
  npx nx run-many -t lint --outputStyle=static; record_check lint $?
  npx prettier --check . >/dev/null 2>&1 || { say "Prettier: files need formatting (run 'npm run format')"; npx prettier --list-different . ; }
  npx prettier --check . >/dev/null 2>&1; record_check prettier $?
  say "GraphQL schema drift (apps/api/schema.graphql)"
  npm run -s schema:check; record_check schema-drift $?
  say "Web GraphQL codegen drift (apps/web/src/api/gql/graphql.ts)"
  npm run -s web:codegen -- --check; record_check web-codegen-drift $?
fi

if want typecheck; then
  say "Typecheck"
  npx nx run-many -t typecheck --outputStyle=static; record_check typecheck $?
fi

if want unit; then run_jest unit jest.unit.config.js; fi

if want int || want e2e; then
  ensure_postgres
  ensure_redis
  say "Fresh test database: $TEST_DATABASE_URL"
  node scripts/lib/ensure-database.js "$TEST_DATABASE_URL" --fresh || fail "could not create the test database"
  if [ -f prisma/schema.prisma ]; then
    DATABASE_URL="$TEST_DATABASE_URL" npm run -s db:migrate; record_check migrate $?
    # Drift of the Prisma migrations against schema.prisma: needs a server (the schema engine replays the
    # migrations into a throw-away shadow database), hence here rather than in the lint block.
    say "Prisma migrations match schema.prisma"
    DATABASE_URL="$TEST_DATABASE_URL" npm run -s db:check-drift; record_check prisma-drift $?
  fi
fi

if want int; then run_jest int jest.int.config.js; fi

if want e2e; then
  if grep -q '"build"' apps/*/project.json 2>/dev/null; then
    say "Build"
    npx nx run-many -t build --outputStyle=static; record_check build $?
  fi
  if ls test/e2e/**/*.browser.spec.ts test/e2e/*.browser.spec.ts >/dev/null 2>&1 && [ ! -x /usr/bin/chromium ]; then
    say "Installing Chromium for the browser tests (Debian's package)"
    { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; } ||
      say "could not install chromium: install Debian's 'chromium' package, then run 'npm test -- e2e' again"
  fi
  run_jest e2e jest.e2e.config.js
fi

echo
if [ ${#failures[@]} -gt 0 ]; then echo "Failed stages: ${failures[*]}"; fi
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
