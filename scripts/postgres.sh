# Sourced by test.sh: starts a throwaway PostgreSQL cluster on 127.0.0.1:55432 (trust auth, loopback
# only), installing Debian's postgresql when it is missing, and exports its connection string as
# PLATFORM_TEST_POSTGRES. postgres_stop removes the cluster again.

POSTGRES_PORT="${POSTGRES_PORT:-55432}"
POSTGRES_DIR=""

postgres_bin() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

postgres_ensure() {
  if [ -z "$(postgres_bin)" ]; then
    if [ "$(id -u)" -ne 0 ]; then
      echo "PostgreSQL is not installed. Install it once with: sudo apt-get install -y postgresql" >&2
      return 1
    fi
    echo "Installing postgresql from Debian..."
    apt-get update -qq >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null || return 1
  fi

  local bin run_as=()
  bin=$(postgres_bin)
  POSTGRES_DIR=$(mktemp -d /tmp/platform-postgres-XXXXXX)
  # initdb refuses to run as root; the cluster belongs to the postgres account then.
  if [ "$(id -u)" -eq 0 ]; then
    chown postgres:postgres "$POSTGRES_DIR"
    run_as=(su postgres -s /bin/bash -c)
  else
    run_as=(bash -c)
  fi

  echo "Starting PostgreSQL on 127.0.0.1:$POSTGRES_PORT..."
  "${run_as[@]}" "$bin/initdb -D $POSTGRES_DIR/data -U postgres --auth=trust -E UTF8 --no-locale >/dev/null" || return 1
  "${run_as[@]}" "$bin/pg_ctl -D $POSTGRES_DIR/data -l $POSTGRES_DIR/server.log -o '-c listen_addresses=127.0.0.1 -p $POSTGRES_PORT -k $POSTGRES_DIR -c max_connections=300' -w start >/dev/null" || {
    cat "$POSTGRES_DIR/server.log" >&2
    return 1
  }
  export PLATFORM_TEST_POSTGRES="Host=127.0.0.1;Port=$POSTGRES_PORT;Username=postgres"
}

postgres_stop() {
  if [ -n "$POSTGRES_DIR" ]; then
    local run_as=(bash -c)
    [ "$(id -u)" -eq 0 ] && run_as=(su postgres -s /bin/bash -c)
    "${run_as[@]}" "$(postgres_bin)/pg_ctl -D $POSTGRES_DIR/data -m fast -w stop >/dev/null" || true
    rm -rf "$POSTGRES_DIR"
    POSTGRES_DIR=""
  fi
}
