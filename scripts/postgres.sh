#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests and CI.
#
#   bash scripts/postgres.sh install     install PostgreSQL with apt, only when initdb/pg_ctl are missing
#   bash scripts/postgres.sh start DIR   create a cluster in DIR (created if missing, must be empty), start it,
#                                        create the database lagebild_test and print its URL on stdout
#                                        (postgresql://USER@127.0.0.1:PORT/lagebild_test; also written to DIR/url)
#   bash scripts/postgres.sh stop DIR    stop the cluster (pg_ctl stop -m fast) and remove DIR
#
# The server listens on 127.0.0.1 only (a free port picked from 15432-32767, or $LAGEBILD_PG_PORT) and on a
# unix socket in DIR/sock; authentication is "trust" for local sockets and 127.0.0.1/32 only, with no
# password: this is for tests, never for data anyone cares about (fsync is off, too).
#
# initdb and postgres refuse to run as root.  As root the cluster belongs to the system user "postgres" when
# it exists, else to "lagebild-pg" (created with useradd --system); as anyone else it belongs to the caller.
# That user is also the database superuser named in the URL.
#
# The binaries come from $PG_BINDIR, /usr/lib/postgresql/15/bin, PATH, or the newest
# /usr/lib/postgresql/*/bin, in that order.  Messages go to stderr; stdout carries only the URL.
set -euo pipefail

PROG="scripts/postgres.sh"
MARKER=".lagebild-postgres"
DBNAME="lagebild_test"

say() { printf '%s: %s\n' "$PROG" "$*" >&2; }
die() { printf '%s: error: %s\n' "$PROG" "$*" >&2; exit 1; }

usage() {
    cat >&2 <<EOF
usage: bash $PROG install
       bash $PROG start DIR
       bash $PROG stop DIR
EOF
    exit 2
}

# Libpq environment variables would redirect psql/pg_ctl away from the cluster we just made.
unset PGHOST PGHOSTADDR PGPORT PGUSER PGDATABASE PGSERVICE PGSERVICEFILE PGOPTIONS PGDATA PGPASSWORD \
      PGPASSFILE PGSSLMODE PGTARGETSESSIONATTRS 2>/dev/null || true

# --- finding the binaries ---------------------------------------------------------------------------------

has_server_bins() {
    [ -n "$1" ] && [ -x "$1/initdb" ] && [ -x "$1/pg_ctl" ] && [ -x "$1/postgres" ]
}

# Print the directory holding initdb, pg_ctl and postgres; return 1 when there is none.
find_bindir() {
    local candidates=() found dir
    if [ -n "${PG_BINDIR:-}" ]; then  # checked in main
        printf '%s\n' "$PG_BINDIR"
        return 0
    fi
    candidates+=("/usr/lib/postgresql/15/bin")
    if found="$(command -v initdb 2>/dev/null)"; then
        candidates+=("$(dirname "$(readlink -f "$found")")" "$(dirname "$found")")
    fi
    if found="$(command -v pg_ctl 2>/dev/null)"; then
        candidates+=("$(dirname "$(readlink -f "$found")")" "$(dirname "$found")")
    fi
    while IFS= read -r dir; do
        candidates+=("$dir")
    done < <(compgen -G '/usr/lib/postgresql/*/bin' | sort -V -r || true)
    for dir in "${candidates[@]}"; do
        if has_server_bins "$dir"; then
            printf '%s\n' "$dir"
            return 0
        fi
    done
    return 1
}

find_psql() {
    local bindir="$1"
    if [ -x "$bindir/psql" ]; then
        printf '%s\n' "$bindir/psql"
    elif command -v psql >/dev/null 2>&1; then
        command -v psql
    else
        die "psql not found (looked in $bindir and PATH); run: bash $PROG install"
    fi
}

# --- running as the cluster's owner -----------------------------------------------------------------------

# The (unprivileged) user that owns the cluster; creates lagebild-pg when running as root without "postgres".
cluster_user() {
    if [ "$(id -u)" -ne 0 ]; then
        id -un
        return 0
    fi
    if id -u postgres >/dev/null 2>&1; then
        echo postgres
        return 0
    fi
    if ! id -u lagebild-pg >/dev/null 2>&1; then
        command -v useradd >/dev/null 2>&1 || die "running as root, no 'postgres' user, and useradd is missing"
        say "creating system user lagebild-pg (initdb refuses to run as root)"
        useradd --system --user-group --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
            lagebild-pg >&2 || die "useradd --system lagebild-pg failed"
    fi
    echo lagebild-pg
}

# as_user USER CMD...: run CMD as USER (directly when USER is the caller).
as_user() {
    local user="$1"
    shift
    if [ "$(id -un)" = "$user" ]; then
        "$@"
    elif command -v runuser >/dev/null 2>&1; then
        runuser -u "$user" -- "$@"
    elif command -v setpriv >/dev/null 2>&1; then
        setpriv --reuid="$user" --regid="$(id -g "$user")" --init-groups -- "$@"
    else
        die "need runuser or setpriv to run PostgreSQL as $user"
    fi
}

# --- install ----------------------------------------------------------------------------------------------

cmd_install() {
    local bindir
    if bindir="$(find_bindir)"; then
        say "PostgreSQL server binaries found in $bindir; nothing to install"
        return 0
    fi
    command -v apt-get >/dev/null 2>&1 || die "initdb/pg_ctl not found and apt-get is missing: install PostgreSQL 15 by hand"
    [ "$(id -u)" -eq 0 ] || die "initdb/pg_ctl not found; installing needs root: sudo bash $PROG install"
    export DEBIAN_FRONTEND=noninteractive
    # Debian's package would create and start a "main" cluster on port 5432; the tests make their own.
    if [ ! -e /etc/postgresql-common/createcluster.conf ]; then
        mkdir -p /etc/postgresql-common
        printf 'create_main_cluster = false\n' >/etc/postgresql-common/createcluster.conf
    fi
    say "installing PostgreSQL with apt-get"
    apt-get update >&2
    local apt_opts=(-y --no-install-recommends -o Dpkg::Options::=--force-confdef -o Dpkg::Options::=--force-confold)
    if ! apt-get install "${apt_opts[@]}" postgresql-15 >&2; then
        say "postgresql-15 is not available; installing the distribution's default 'postgresql'"
        apt-get install "${apt_opts[@]}" postgresql >&2 || die "apt-get install postgresql failed"
    fi
    bindir="$(find_bindir)" || die "PostgreSQL was installed but initdb/pg_ctl are still not found"
    say "PostgreSQL server binaries installed in $bindir"
}

# --- start ------------------------------------------------------------------------------------------------

port_in_use() {
    # A successful connect means something listens there.
    (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

pick_port() {
    local port tries
    for tries in $(seq 1 50); do
        port=$((15432 + RANDOM % 17336))  # 15432..32767, below Linux's ephemeral range
        if ! port_in_use "$port"; then
            echo "$port"
            return 0
        fi
    done
    die "found no free TCP port on 127.0.0.1 after $tries tries"
}

# Set by cmd_start so that a failure half-way stops the server again.
STARTED_DATA=""
STARTED_USER=""
STARTED_BINDIR=""
on_start_exit() {
    local rc=$?
    if [ "$rc" -ne 0 ] && [ -n "$STARTED_DATA" ]; then
        say "start failed; stopping the server again"
        as_user "$STARTED_USER" "$STARTED_BINDIR/pg_ctl" -D "$STARTED_DATA" stop -m immediate -w >/dev/null 2>&1 || true
    fi
    exit "$rc"
}

cmd_start() {
    local dir="$1" bindir user psql data sock log port attempt url
    bindir="$(find_bindir)" || die "initdb/pg_ctl not found in PATH or /usr/lib/postgresql/*/bin; run: bash $PROG install"
    psql="$(find_psql "$bindir")"
    user="$(cluster_user)"

    mkdir -p "$dir"
    dir="$(cd "$dir" && pwd -P)"
    [ "$dir" != "/" ] || die "refusing to use / as the cluster directory"
    if [ -n "$(ls -A "$dir")" ]; then
        die "$dir is not empty; give a fresh (temporary) directory"
    fi
    data="$dir/data"
    sock="$dir/sock"
    log="$dir/postgres.log"
    # A unix socket path is limited to 107 bytes: DIR/sock/.s.PGSQL.NNNNN must fit.
    if [ "${#sock}" -gt 90 ]; then
        die "$dir is too long for a unix socket path (${#sock} > 90 characters); use a shorter temp dir"
    fi

    : >"$dir/$MARKER"
    mkdir -p "$data" "$sock"
    chmod 0700 "$data"
    if [ "$(id -un)" != "$user" ]; then
        chown -R "$user:" "$dir"
        as_user "$user" test -w "$dir" \
            || die "user $user cannot write $dir (is a parent directory private to $(id -un)?); use a dir under /tmp"
    fi

    local locale="C"
    if locale -a 2>/dev/null | grep -qix 'C.utf-\?8'; then
        locale="C.UTF-8"  # lower()/upper() fold non-ASCII letters (Ä, Ö, Ü) only in a UTF-8 locale
    fi
    say "initdb $data as $user ($("$bindir/postgres" --version))"
    if ! as_user "$user" "$bindir/initdb" -D "$data" -U "$user" -E UTF8 --locale="$locale" \
            --auth-local=trust --auth-host=reject --no-sync >"$dir/initdb.log" 2>&1; then
        cat "$dir/initdb.log" >&2
        die "initdb failed (log above)"
    fi

    # Trust on the unix socket and 127.0.0.1 only: no ::1, no other address.
    cat >"$data/pg_hba.conf" <<EOF
# scripts/postgres.sh: throwaway test cluster
# TYPE  DATABASE  USER  ADDRESS       METHOD
local   all       all                 trust
host    all       all   127.0.0.1/32  trust
EOF
    cat >>"$data/postgresql.conf" <<EOF

# scripts/postgres.sh: throwaway test cluster
listen_addresses = '127.0.0.1'
unix_socket_directories = '$sock'
unix_socket_permissions = 0777
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 100
log_min_messages = warning
EOF
    [ "$(id -un)" = "$user" ] || chown "$user:" "$data/pg_hba.conf" "$data/postgresql.conf"

    STARTED_USER="$user"
    STARTED_BINDIR="$bindir"
    trap on_start_exit EXIT
    for attempt in 1 2 3 4 5; do
        port="${LAGEBILD_PG_PORT:-$(pick_port)}"
        STARTED_DATA="$data"
        if as_user "$user" "$bindir/pg_ctl" -D "$data" -l "$log" -o "-p $port" -w -t 60 start >/dev/null 2>&1; then
            break
        fi
        STARTED_DATA=""
        if [ -n "${LAGEBILD_PG_PORT:-}" ] || [ "$attempt" -eq 5 ]; then
            tail -n 30 "$log" >&2 2>/dev/null || true
            die "PostgreSQL did not start on 127.0.0.1:$port (server log above, in $log)"
        fi
        say "could not start on port $port (taken meanwhile?); trying another"
    done
    printf '%s\n' "$user" >"$dir/user"
    printf '%s\n' "$bindir" >"$dir/bindir"
    printf '%s\n' "$port" >"$dir/port"

    if ! "$psql" -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U "$user" -d postgres \
            -c "CREATE DATABASE $DBNAME" >&2; then
        die "could not create database $DBNAME on 127.0.0.1:$port"
    fi
    url="postgresql://$user@127.0.0.1:$port/$DBNAME"
    printf '%s\n' "$url" >"$dir/url"
    STARTED_DATA=""  # success: keep it running
    trap - EXIT
    say "PostgreSQL is running on 127.0.0.1:$port (socket in $sock, log $log); stop it with: bash $PROG stop $dir"
    printf '%s\n' "$url"
}

# --- stop -------------------------------------------------------------------------------------------------

cmd_stop() {
    local dir="$1" user bindir data
    if [ ! -e "$dir" ]; then
        say "$dir does not exist; nothing to stop"
        return 0
    fi
    dir="$(cd "$dir" && pwd -P)"
    [ -f "$dir/$MARKER" ] || die "$dir was not made by '$PROG start' (no $MARKER); not touching it"
    data="$dir/data"
    if [ -f "$data/postmaster.pid" ]; then
        user="$(cat "$dir/user" 2>/dev/null || stat -c %U "$data")"
        bindir="$(cat "$dir/bindir" 2>/dev/null || true)"
        has_server_bins "$bindir" || bindir="$(find_bindir)" || die "pg_ctl not found; cannot stop the server in $data"
        if ! as_user "$user" "$bindir/pg_ctl" -D "$data" stop -m fast -w -t 60 >&2; then
            say "fast shutdown failed; trying immediate"
            as_user "$user" "$bindir/pg_ctl" -D "$data" stop -m immediate -w -t 30 >&2 \
                || die "could not stop the server in $data; $dir left in place"
        fi
    fi
    rm -rf -- "$dir"
    say "stopped and removed $dir"
}

# --- main -------------------------------------------------------------------------------------------------

[ $# -ge 1 ] || usage
if [ -n "${PG_BINDIR:-}" ] && ! has_server_bins "$PG_BINDIR"; then
    die "PG_BINDIR=$PG_BINDIR does not hold initdb, pg_ctl and postgres"
fi
case "$1" in
    install)
        [ $# -eq 1 ] || usage
        cmd_install
        ;;
    start)
        { [ $# -eq 2 ] && [ -n "$2" ]; } || usage
        cmd_start "$2"
        ;;
    stop)
        { [ $# -eq 2 ] && [ -n "$2" ]; } || usage
        cmd_stop "$2"
        ;;
    *)
        usage
        ;;
esac
