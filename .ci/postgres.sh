# Sourced by .ci/run: start a throwaway PostgreSQL server on a loopback port, create a database
# and a role for the tests, and export ADAPT_TEST_POSTGRES_URL. `stop_postgres` removes it again.
# Installs Debian's postgresql package when no server binaries are present (needs root).

if ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "ci: installing postgresql" >&2
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
PG_BIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
PG_DIR=$(mktemp -d /tmp/adapt-pg.XXXXXX)
PG_PORT=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
printf 'adapt-ci-superuser\n' > "$PG_DIR/pw"
chmod 600 "$PG_DIR/pw"
PG_AS=()
if [ "$(id -u)" = 0 ]; then  # initdb refuses to run as root
  chown -R postgres: "$PG_DIR"
  PG_AS=(runuser -u postgres --)
fi
"${PG_AS[@]}" "$PG_BIN/initdb" -D "$PG_DIR/data" -U postgres --pwfile="$PG_DIR/pw" \
  --auth-local=trust --auth-host=scram-sha-256 --no-sync >"$PG_DIR/initdb.log"
"${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $PG_DIR" start >/dev/null
"${PG_AS[@]}" "$PG_BIN/psql" -q -h "$PG_DIR" -p "$PG_PORT" -U postgres -v ON_ERROR_STOP=1 \
  -c "CREATE ROLE adapt LOGIN PASSWORD 'adapt-ci'" -c "CREATE DATABASE adapt_test OWNER adapt"
export ADAPT_TEST_POSTGRES_URL="postgresql+psycopg://adapt:adapt-ci@127.0.0.1:$PG_PORT/adapt_test"
echo "ci: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on 127.0.0.1:$PG_PORT" >&2

stop_postgres() {
  "${PG_AS[@]}" "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w stop >/dev/null 2>&1 || true
  rm -rf "$PG_DIR"
}
