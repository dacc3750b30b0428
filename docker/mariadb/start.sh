#!/bin/bash
# Starts MariaDB for a lab. On a fresh data dir: fill it from the template made at build time
# (mariadb-install-db when there is none), start the server, create the
# database, apply the init scripts, set the root password, and create the app user last, so
# that "the app user can run SELECT 1 over TCP" means initialisation is complete; then it says
# so on stdout (BACKLAB_READY_LINE).
set -euo pipefail
source /usr/local/lib/backlab/db-lib.sh

readonly DATADIR=/var/lib/mysql
readonly INITIALISED_MARKER=$DATADIR/.backlab-initialised
readonly DATADIR_TEMPLATE=/backlab/datadir-template

initialise_datadir() {
  find "$DATADIR" -mindepth 1 -delete
  if [[ -d "$DATADIR_TEMPLATE" ]]; then
    cp -a "$DATADIR_TEMPLATE/." "$DATADIR/"
    return 0
  fi
  local output
  if ! output=$(mariadb-install-db --defaults-file="$BACKLAB_CNF" --skip-test-db --skip-name-resolve \
    --auth-root-authentication-method=socket 2>&1); then
    echo "$output" >&2
    backlab_fail "mariadb-install-db failed"
  fi
}

wait_for_server() {
  local attempt
  for attempt in $(seq 1 600); do
    kill -0 "$server_pid" 2>/dev/null || backlab_fail "mariadbd exited during start-up"
    if mariadb-admin --protocol=socket --user=root --silent ping >/dev/null 2>&1; then return 0; fi
    sleep 0.05
  done
  backlab_fail "mariadbd did not accept connections within 30 s"
}

create_accounts() {
  local db user password root_password
  db=$(backlab_sql_name "$BACKLAB_DB_NAME")
  user=$(backlab_sql_string "$BACKLAB_DB_USER")
  password=$(backlab_sql_string "$BACKLAB_DB_PASSWORD")
  root_password=$(backlab_sql_string "$BACKLAB_ROOT_PASSWORD")
  backlab_sql <<SQL
DELETE FROM mysql.global_priv WHERE User = '';
DELETE FROM mysql.proxies_priv WHERE Host NOT IN ('localhost', '%');
FLUSH PRIVILEGES;
ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket OR mysql_native_password USING PASSWORD('$root_password');
CREATE USER 'root'@'%' IDENTIFIED BY '$root_password';
GRANT ALL PRIVILEGES ON *.* TO 'root'@'%' WITH GRANT OPTION;
CREATE USER '$user'@'%' IDENTIFIED BY '$password';
GRANT ALL PRIVILEGES ON \`$db\`.* TO '$user'@'%';
SQL
}

stop_server() {
  kill -TERM "$server_pid" 2>/dev/null || true
  wait "$server_pid" || true
}

backlab_require_env
mkdir -p /run/mysqld "$DATADIR"
chown mysql:mysql /run/mysqld "$DATADIR"

fresh=false
if [[ ! -f "$INITIALISED_MARKER" ]]; then
  initialise_datadir
  fresh=true
fi

mariadbd --defaults-file="$BACKLAB_CNF" &
server_pid=$!
# docker stop sends SIGTERM to this script; pass it on so the server shuts down at once.
trap 'kill -TERM "$server_pid" 2>/dev/null || true' TERM INT

wait_for_server
if $fresh; then
  if ! { backlab_create_database && backlab_apply_init_scripts && backlab_record_lab_tables && create_accounts; }; then
    stop_server
    exit 1
  fi
  touch "$INITIALISED_MARKER"
fi
# The readiness backlab waits for: the app user connects over TCP like an app, then the line.
if ! MYSQL_PWD=$BACKLAB_DB_PASSWORD mariadb --protocol=TCP -h 127.0.0.1 -u "$BACKLAB_DB_USER" \
  "$BACKLAB_DB_NAME" -N -e 'SELECT 1' >/dev/null; then
  stop_server
  backlab_fail "the app user cannot connect over TCP"
fi
echo "$BACKLAB_READY_LINE"

status=0
wait "$server_pid" || status=$?
# A trapped signal interrupts wait before the server has finished; wait for it to exit.
while kill -0 "$server_pid" 2>/dev/null; do
  status=0
  wait "$server_pid" || status=$?
done
exit "$status"
