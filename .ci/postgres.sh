#!/usr/bin/env bash
# Make sure a PostgreSQL server answers at the given URL's host, and that its role exists
# with CREATEDB (pytest-django creates test_* databases). Idempotent.
set -euo pipefail
url="${1:-postgres://kompeten@127.0.0.1:5432/kompeten}"
role=$(python3 -c "import sys,urllib.parse as u; print(u.urlparse(sys.argv[1]).username or 'kompeten')" "$url")
host=$(python3 -c "import sys,urllib.parse as u; print(u.urlparse(sys.argv[1]).hostname or '127.0.0.1')" "$url")
port=$(python3 -c "import sys,urllib.parse as u; print(u.urlparse(sys.argv[1]).port or 5432)" "$url")
db=$(python3 -c "import sys,urllib.parse as u; print(u.urlparse(sys.argv[1]).path.lstrip('/') or 'kompeten')" "$url")

if ! pg_isready -q -h "$host" -p "$port" 2>/dev/null; then
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    version=$(ls /etc/postgresql | sort -V | tail -n1)
    echo "Starting the local PostgreSQL $version cluster…"
    pg_ctlcluster --skip-systemctl-redirect "$version" main start || true
  else
    echo "No PostgreSQL server answers at $host:$port. Install one (apt-get install postgresql) or set DATABASE_URL." >&2
    exit 1
  fi
  for _ in $(seq 1 30); do pg_isready -q -h "$host" -p "$port" && break; sleep 1; done
fi

as_admin() {
  if [ "$(id -u)" = "0" ] && id postgres >/dev/null 2>&1; then
    su postgres -c "psql -v ON_ERROR_STOP=1 -tAc \"$1\""
  else
    psql -h "$host" -p "$port" -U postgres -v ON_ERROR_STOP=1 -tAc "$1"
  fi
}
if [ "$(as_admin "select 1 from pg_roles where rolname='$role'")" != "1" ]; then
  as_admin "create role \"$role\" login createdb"
fi
if [ "$(as_admin "select 1 from pg_database where datname='$db'")" != "1" ]; then
  as_admin "create database \"$db\" owner \"$role\""
fi
