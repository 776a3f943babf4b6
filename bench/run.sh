#!/usr/bin/env bash
# Run-path benchmark (issue #15). Not part of the test suite. Usage:
#
#   bench/run.sh [JAR_A [JAR_B]]
#
# For each round and each jar (alternating A, B, A, B …): starts the packaged app on a fresh
# data dir (embedded PostgreSQL, fsync + synchronous_commit on, demo model, seeded packages),
# signs up $USERS users, loads it with wrk and prints per endpoint and concurrency req/s, p50,
# p95, p99 (ms) and errors; then the floor (bench/floor.sql with pgbench -M prepared against the
# same PostgreSQL; its req/s and p50, p95, p99 per run from pgbench -l) and the ratio app/floor for POST /run; transactions and PostgreSQL CPU per
# run; finally the ledger invariant (balance == Σ ledger, reserved == Σ open holds) over every
# account. With two jars it ends with the ratio B/A per row. Needs: java 25, wrk, pgbench, psql.
#
# Settings (environment): DURATION (s, default 15), WARMUP (s, 5), CONCURRENCY ("4 32"),
# ROUNDS (1), USERS (64), PGSS=1 (load pg_stat_statements and print statements per run),
# JAVA (java of JDK 25), JAVA_OPTS, OUT (work dir, default /tmp/prpm-bench), JFR=1 (a JFR
# recording, settings=profile, of every measured window: $OUT/<label>-<round>-<endpoint>-c<c>.jfr).
set -euo pipefail

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(dirname "$HERE")
JAR_A=${1:-$(ls "$ROOT"/target/prpm-playground-*.jar | grep -v plain | head -1)}
JAR_B=${2:-}
DURATION=${DURATION:-15}
WARMUP=${WARMUP:-5}
CONCURRENCY=${CONCURRENCY:-"4 32"}
ROUNDS=${ROUNDS:-1}
USERS=${USERS:-64}
PGSS=${PGSS:-0}
OUT=${OUT:-/tmp/prpm-bench}
JAVA=${JAVA:-$(ls -d /usr/lib/jvm/*25*/bin/java 2>/dev/null | head -1)}
JAVA=${JAVA:-java}
JAVA_OPTS=${JAVA_OPTS:-"-Xmx1g"}
APP_PORT=${APP_PORT:-18480}
PG_PORT=${PG_PORT:-18481}
BODY_INPUT='Write a haiku about databases.'
FLOOR_MESSAGES='[{"role":"user","content":"Write a haiku about databases.","createdAt":"2026-01-01T00:00:00Z"},{"role":"assistant","content":"Rows settle in the dark, a ledger keeps its balance, commits fsync home.","model":"sonnet","provider":"anthropic","demo":true,"tokensIn":40,"tokensOut":20,"credits":1,"createdAt":"2026-01-01T00:00:00Z","paid":{"monthly":0,"rollover":0,"purchased":1}}]'
MODEL=${MODEL:-sonnet} # no API key is given: served by the offline demo provider

mkdir -p "$OUT"
RESULTS="$OUT/results.tsv"
: >"$RESULTS"

log() { printf '%s %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# CPU ticks (1/100 s) of a process tree: the process, its live children, its reaped children.
cpu_ticks() {
  local pid=$1 total=0 child
  total=$(awk '{print $14 + $15 + $16 + $17}' "/proc/$pid/stat")
  for child in $(pgrep -P "$pid" || true); do
    total=$((total + $(awk '{print $14 + $15}' "/proc/$child/stat" 2>/dev/null || echo 0)))
  done
  echo "$total"
}

# CPU ticks of the JVM alone (not its embedded PostgreSQL child).
jvm_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }

psql_q() { PGPASSWORD=$PGPASS psql -h 127.0.0.1 -p "$PG_PORT" -U postgres -d prpm -XAtq -v ON_ERROR_STOP=1 "$@"; }

APP_PID=
trap 'if [ -n "$APP_PID" ]; then kill -TERM "$APP_PID" 2>/dev/null || true; fi; wait' EXIT

start_app() {
  local jar=$1 data=$2
  if curl -fs "http://127.0.0.1:$APP_PORT/actuator/health/liveness" >/dev/null 2>&1; then
    log "port $APP_PORT is taken by another server: stop it or set APP_PORT"; exit 1
  fi
  "$JAVA" $JAVA_OPTS -jar "$jar" --server.port="$APP_PORT" \
    --prpm.embedded-db.data-dir="$data" --prpm.embedded-db.port="$PG_PORT" \
    --prpm.auth.jwt-secret=bench-secret-0123456789abcdef0123456789 --prpm.auth.bcrypt-strength=4 \
    --prpm.billing.enabled=false --prpm.seed.packages=true --prpm.credits.signup-bonus=1000000000 \
    --prpm.rate-limit.free=1000000000 --prpm.rate-limit.auth-per-ip=1000000000 \
    --logging.structured.format.console= >>"$data.log" 2>&1 &
  APP_PID=$!
  local i
  for i in $(seq 1 900); do
    if curl -fs "http://127.0.0.1:$APP_PORT/actuator/health/readiness" >/dev/null 2>&1; then
      PGPASS=$(cat "$data/prpm-superuser.password")
      PG_PID=$(head -1 "$data/postmaster.pid")
      return 0
    fi
    kill -0 "$APP_PID" 2>/dev/null || { tail -40 "$data.log" >&2; exit 1; }
    sleep 1
  done
  log "app did not become ready"; tail -40 "$data.log" >&2; exit 1
}

stop_app() {
  kill -TERM "$APP_PID" 2>/dev/null || true
  wait "$APP_PID" 2>/dev/null || true
}

# wrk_load NAME C METHOD PATH [BODY] -> appends a row to $RESULTS, prints it.
wrk_load() {
  local label=$1 name=$2 c=$3 method=$4 path=$5 body=${6:-}
  local threads=$((c < 2 ? c : 2))
  BENCH_TOKENS="$OUT/tokens" BENCH_METHOD=$method BENCH_PATH=$path BENCH_BODY=$body \
    wrk -t"$threads" -c"$c" -d"${WARMUP}s" -s "$HERE/wrk.lua" "http://127.0.0.1:$APP_PORT" >/dev/null
  local x0 t0 j0 r jfr=
  if [ "${JFR:-0}" = 1 ]; then
    jfr="$OUT/$label-$ROUND-$(echo "$name" | tr -c 'a-zA-Z0-9\n' '_')-c$c.jfr"
    "$(dirname "$JAVA")/jcmd" "$APP_PID" JFR.start name=bench settings=profile filename="$jfr" >/dev/null
  fi
  x0=$(psql_q -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'prpm'")
  t0=$(cpu_ticks "$PG_PID")
  j0=$(jvm_ticks "$APP_PID")
  r=$(BENCH_TOKENS="$OUT/tokens" BENCH_METHOD=$method BENCH_PATH=$path BENCH_BODY=$body \
    wrk -t"$threads" -c"$c" -d"${DURATION}s" -s "$HERE/wrk.lua" "http://127.0.0.1:$APP_PORT" | grep '^RESULT')
  local t1 x1 j1
  t1=$(cpu_ticks "$PG_PID")
  j1=$(jvm_ticks "$APP_PID")
  [ -n "$jfr" ] && "$(dirname "$JAVA")/jcmd" "$APP_PID" JFR.stop name=bench >/dev/null
  x1=$(psql_q -c "SELECT xact_commit + xact_rollback FROM pg_stat_database WHERE datname = 'prpm'")
  set -- $r
  local requests=$7
  local tx_per pgcpu jvmcpu
  jvmcpu=$(awk -v a="$j0" -v b="$j1" -v n="$requests" 'BEGIN { printf "%.2f", n ? (b - a) * 10 / n : 0 }')
  tx_per=$(awk -v a="$x0" -v b="$x1" -v n="$requests" 'BEGIN { printf "%.2f", n ? (b - a) / n : 0 }')
  pgcpu=$(awk -v a="$t0" -v b="$t1" -v n="$requests" 'BEGIN { printf "%.2f", n ? (b - a) * 10 / n : 0 }')
  printf '%s\t%s\tc=%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$name" "$c" "$2" "$3" "$4" "$5" "$6" "$tx_per" \
    "$pgcpu" "$jvmcpu" | tee -a "$RESULTS"
}

floor_load() {
  local label=$1 c=$2
  local threads=$((c < 2 ? c : 2)) t0 t1 out tps
  if ! out=$(PGPASSWORD=$PGPASS pgbench -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared -c "$c" -j "$threads" \
    -T "$WARMUP" -D users="$USERS" -D pkg="$PKG" -D ver="$VER" -D msgs="$FLOOR_MESSAGES" -f "$HERE/floor.sql" prpm 2>&1); then
    log "floor failed: $(echo "$out" | grep -v "^\(transaction type\|scaling\|query mode\|number of\|duration\|maximum\)" | head -8)"
    return 0
  fi
  # -l: one line per script run (= one run's two transactions), its latency (µs) in column 3
  local logs="$OUT/floor-log"
  rm -rf "$logs" && mkdir -p "$logs"
  t0=$(cpu_ticks "$PG_PID")
  out=$(cd "$logs" && PGPASSWORD=$PGPASS pgbench -h 127.0.0.1 -p "$PG_PORT" -U postgres -n -M prepared -c "$c" -j "$threads" \
    -T "$DURATION" -D users="$USERS" -D pkg="$PKG" -D ver="$VER" -D msgs="$FLOOR_MESSAGES" -f "$HERE/floor.sql" -l prpm 2>&1)
  t1=$(cpu_ticks "$PG_PID")
  local tx pct
  tx=$(echo "$out" | awk '/number of transactions actually processed/ { split($6, a, "/"); print a[1] }')
  tps=$(echo "$out" | awk '/^tps/ { print $3; exit }')
  # p50, p95, p99 of the floor's run latency (ms), like wrk's columns
  pct=$(cat "$logs"/pgbench_log.* | awk '{ print $3 / 1000 }' | sort -n |
    awk '{ v[NR] = $1 } END { if (NR) printf "%.2f\t%.2f\t%.2f", v[int(NR * 0.50) + 1], v[int(NR * 0.95) + 1], v[int(NR * 0.99) + 1]; else printf "-\t-\t-" }')
  local pgcpu
  pgcpu=$(awk -v a="$t0" -v b="$t1" -v n="$tx" 'BEGIN { printf "%.2f", n ? (b - a) * 10 / n : 0 }')
  printf '%s\t%s\tc=%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "floor (pgbench)" "$c" "$tps" "$pct" "0" \
    "2.00" "$pgcpu" "-" | tee -a "$RESULTS"
}

bench_jar() {
  local label=$1 jar=$2 round=$3
  local data="$OUT/data-$label-$round"
  rm -rf "$data" "$data.log"
  log "[$label round $round] starting $jar (load $(cut -d' ' -f1-3 /proc/loadavg))"
  start_app "$jar" "$data"
  if [ "$PGSS" = 1 ]; then
    stop_app
    echo "shared_preload_libraries = 'pg_stat_statements'" >>"$data/postgresql.conf"
    start_app "$jar" "$data"
    psql_q -c "CREATE EXTENSION IF NOT EXISTS pg_stat_statements" >/dev/null
  fi
  local api="http://127.0.0.1:$APP_PORT/api/v1"
  : >"$OUT/tokens"
  local i
  for i in $(seq 1 "$USERS"); do
    curl -fs -X POST "$api/auth/signup" -H 'Content-Type: application/json' \
      -d "{\"email\":\"bench-$i@example.com\",\"password\":\"correct-horse-battery-$i\"}" |
      sed -E 's/.*"token":"([^"]+)".*/\1/' >>"$OUT/tokens"
    echo >>"$OUT/tokens"
  done
  PKG=$(psql_q -c "SELECT id FROM packages ORDER BY name LIMIT 1")
  VER=$(psql_q -c "SELECT id FROM package_versions WHERE package_id = '$PKG' ORDER BY created_at DESC LIMIT 1")
  local body="{\"packageId\":\"$PKG\",\"model\":\"$MODEL\",\"input\":\"$BODY_INPUT\",\"maxOutputTokens\":256}"
  psql_q -v users="$USERS" -f "$HERE/floor-setup.sql" >/dev/null
  local c
  for c in $CONCURRENCY; do
    [ "$PGSS" = 1 ] && psql_q -c "SELECT pg_stat_statements_reset()" >/dev/null
    wrk_load "$label" "POST /playground/run" "$c" POST /api/v1/playground/run "$body"
    if [ "$PGSS" = 1 ]; then
      log "statements during POST /run c=$c (calls, mean ms):"
      psql_q -F $'\t' -c "SELECT calls, round(mean_exec_time::numeric, 3), left(regexp_replace(query, '\s+', ' ', 'g'), 110)
        FROM pg_stat_statements WHERE dbid = (SELECT oid FROM pg_database WHERE datname = 'prpm')
        ORDER BY calls DESC LIMIT 25" >&2
    fi
  done
  for c in $CONCURRENCY; do
    wrk_load "$label" "GET /credits" "$c" GET /api/v1/credits
  done
  for c in $CONCURRENCY; do
    wrk_load "$label" "GET /playground/sessions" "$c" GET /api/v1/playground/sessions
  done
  for c in $CONCURRENCY; do
    floor_load "$label" "$c"
  done
  local violations
  violations=$(psql_q -f "$HERE/invariant.sql")
  if [ -n "$(psql_q -c "SELECT to_regclass('credit_spend_daily')")" ]; then
    violations=$((violations + $(psql_q -f "$HERE/invariant-spend.sql")))
  fi
  printf '%s\tinvariant violations\t-\t%s\n' "$label" "$violations" | tee -a "$RESULTS"
  stop_app
  [ "$violations" = 0 ] || { log "LEDGER INVARIANT VIOLATED ($violations accounts)"; exit 2; }
}

printf 'label\tendpoint\tc\treq/s\tp50 ms\tp95 ms\tp99 ms\terrors\ttx/req\tPG cpu ms/req\tJVM cpu ms/req\n'
for round in $(seq 1 "$ROUNDS"); do
  ROUND=$round
  bench_jar A "$JAR_A" "$round"
  [ -n "$JAR_B" ] && bench_jar B "$JAR_B" "$round"
done

log "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
echo
echo "Summary (median over rounds; floor ratio = POST /run req/s ÷ floor runs/s at the same c):"
awk -F'\t' '
  $2 != "invariant violations" { key = $1 FS $2 FS $3; n[key]++; v[key, n[key]] = $4; order[key] = ++seen }
  END {
    for (k in n) { m = n[k]; asort_vals(k, m); }
  }
  function asort_vals(k, m,   i, j, t, a) {
    for (i = 1; i <= m; i++) a[i] = v[k, i] + 0
    for (i = 1; i <= m; i++) for (j = i + 1; j <= m; j++) if (a[j] < a[i]) { t = a[i]; a[i] = a[j]; a[j] = t }
    med[k] = (m % 2) ? a[(m + 1) / 2] : (a[m / 2] + a[m / 2 + 1]) / 2
    split(k, p, FS); label[p[1]] = 1; row[p[2] FS p[3]] = 1
  }
  END {
    for (r in row) {
      split(r, q, FS); line = sprintf("%-26s %-5s", q[1], q[2])
      for (l in label) {
        x = med[l FS r]; line = line sprintf("  %s: %8.1f", l, x)
        if (q[1] == "POST /playground/run" && med[l FS "floor (pgbench)" FS q[2]] > 0)
          line = line sprintf(" (%.0f%% of floor)", 100 * x / med[l FS "floor (pgbench)" FS q[2]])
      }
      if (("A" FS r) in med && ("B" FS r) in med && med["A" FS r] > 0)
        line = line sprintf("  B/A %.2f", med["B" FS r] / med["A" FS r])
      print line
    }
  }' "$RESULTS" | sort
