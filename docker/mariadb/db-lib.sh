# Shared by the start script and backlab-db-reset. Talks to the server as root over the local
# socket (root@localhost keeps unix_socket authentication, so no password is needed here).

readonly BACKLAB_CNF=/etc/mysql/backlab.cnf
readonly BACKLAB_INITDB=/backlab/initdb
# Written by the start script once the app user can connect; runner/services/mysql.ts waits for it.
readonly BACKLAB_READY_LINE='backlab: MariaDB is ready for connections'

backlab_fail() {
  echo "backlab: $*" >&2
  exit 1
}

backlab_require_env() {
  local name
  for name in BACKLAB_DB_NAME BACKLAB_DB_USER BACKLAB_DB_PASSWORD BACKLAB_ROOT_PASSWORD; do
    [[ -n "${!name:-}" ]] || backlab_fail "environment variable $name is not set"
  done
  [[ "$BACKLAB_DB_USER" != root ]] || backlab_fail "BACKLAB_DB_USER must not be root"
}

# A value as an SQL string literal body: backslashes and quotes escaped.
backlab_sql_string() {
  local value=${1//\\/\\\\}
  printf '%s' "${value//\'/\'\'}"
}

# A name as an SQL identifier body: backticks doubled.
backlab_sql_name() {
  printf '%s' "${1//\`/\`\`}"
}

backlab_sql() {
  mariadb --protocol=socket --user=root "$@"
}

backlab_create_database() {
  backlab_sql -e "CREATE DATABASE IF NOT EXISTS \`$(backlab_sql_name "$BACKLAB_DB_NAME")\`
    CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
}

# The client echoes the failing statement between dashes before "ERROR ..."; keep the error.
backlab_error_lines() {
  local errors
  errors=$(printf '%s\n' "$1" | sed -n '/^ERROR/,$p')
  printf '%s' "${errors:-$1}"
}

# Applies /backlab/initdb/*.sql in byte order; stops at the first failing script.
backlab_apply_init_scripts() {
  local LC_ALL=C script error
  local scripts=()
  shopt -s nullglob
  scripts=("$BACKLAB_INITDB"/*.sql)
  shopt -u nullglob
  for script in "${scripts[@]}"; do
    if ! error=$(backlab_sql --database="$BACKLAB_DB_NAME" <"$script" 2>&1 >/dev/null); then
      echo "backlab: init script $(basename "$script") failed: $(backlab_error_lines "$error")" >&2
      return 1
    fi
  done
}

# The tables and views the lab's init scripts made, one name a line: a reset rebuilds these and
# only empties the rest (tables the app made itself, such as a session store's).
readonly BACKLAB_LAB_TABLES=/var/lib/mysql/.backlab-lab-tables

backlab_record_lab_tables() {
  local db
  db=$(backlab_sql_string "$BACKLAB_DB_NAME")
  backlab_sql --batch --skip-column-names --raw \
    -e "SELECT TABLE_NAME FROM information_schema.TABLES WHERE TABLE_SCHEMA = '$db'" >"$BACKLAB_LAB_TABLES"
}
