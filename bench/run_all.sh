#!/usr/bin/env bash
# Run every benchmark on SQLite, then on PostgreSQL, and print all result tables at the end.
#   bench/run_all.sh            (PG_URL overrides the PostgreSQL database URL)
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
PG_URL=${PG_URL:-postgres://postgres@127.0.0.1:5432/kompeten_bench}
PG_SERVER=${PG_URL%/*}
PG_DB=${PG_URL##*/}
LOG=$(mktemp)
trap 'rm -f "$LOG"' EXIT

run_benchmarks() {
    if [[ -f bench/bench_import.py ]]; then
        "$PY" bench/bench_import.py | tee -a "$LOG"
    else
        echo "bench/bench_import.py not there yet: skipped" | tee -a "$LOG"
    fi
    "$PY" bench/bench_list.py | tee -a "$LOG"
}

echo "== SQLite"
(unset DATABASE_URL; run_benchmarks)

echo "== PostgreSQL ($PG_URL)"
if ! psql "$PG_SERVER/postgres" -tAc "select 1 from pg_database where datname = '$PG_DB'" | grep -q 1; then
    psql "$PG_SERVER/postgres" -qc "create database \"$PG_DB\""
fi
(export DATABASE_URL=$PG_URL; run_benchmarks)

echo
echo "== All tables"
grep -E '^\||^(Employee list|targets)' "$LOG"
