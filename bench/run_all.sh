#!/usr/bin/env bash
# Run every benchmark on SQLite, then on PostgreSQL, and print all result tables at the end.
# A failing benchmark is reported and the others still run; the exit status is then 1.
#   bench/run_all.sh            (PG_URL overrides the PostgreSQL database URL)
set -uo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/kompeten_bench}
PG_SERVER=${PG_URL%/*}
PG_DB=${PG_URL##*/}
LOG=$(mktemp)
FAILED=0
trap 'rm -f "$LOG"' EXIT

run() {
    local status=0
    "$PY" "$@" 2>&1 | tee -a "$LOG" || status=$?
    if ((status)); then
        echo "FAILED: $* (exit $status, ${DATABASE_URL:-sqlite})" | tee -a "$LOG"
        FAILED=1
    fi
}

run_benchmarks() {
    if [[ -f bench/bench_import.py ]]; then
        run bench/bench_import.py
    else
        echo "bench/bench_import.py not there yet: skipped" | tee -a "$LOG"
    fi
    run bench/bench_list.py
    # Its own database on PostgreSQL: the 100k-employee agency with results is kept between runs.
    run bench/bench_competencies.py ${DATABASE_URL:+--database-url "$PG_SERVER/${PG_DB}_comp"}
    run bench/bench_development.py ${DATABASE_URL:+--database-url "$PG_SERVER/${PG_DB}_dev"}
}

echo "== SQLite"
unset DATABASE_URL
run_benchmarks

echo "== PostgreSQL ($PG_URL)"
for db in "$PG_DB" "${PG_DB}_comp" "${PG_DB}_dev"; do
    if ! psql "$PG_SERVER/postgres" -tAc "select 1 from pg_database where datname = '$db'" |
        grep -q 1; then
        psql "$PG_SERVER/postgres" -qc "create database \"$db\"" || exit 1
    fi
done
export DATABASE_URL=$PG_URL
run_benchmarks

echo
echo "== All tables"
grep -E '^\||^(Employee list|Competency figures|20 JP compliance|targets|FAILED)' "$LOG"
exit "$FAILED"
