#!/usr/bin/env bash
# Provides the Temporal servers without the vendor's download site, cached outside the clone.
#   scripts/temporal-servers.sh cli          -> prints the path of the `temporal` CLI (dev server)
#   scripts/temporal-servers.sh test-server  -> prints the path of the time-skipping test server wrapper
#   scripts/temporal-servers.sh all          -> both, one per line
#   scripts/temporal-servers.sh server       -> prints the folder holding the Temporal server (`temporal-server`),
#                                               its SQL schema tool (`temporal-sql-tool`) and `schema/postgresql/v12`
#                                               (`npm run cluster`; not part of `all`)
#   scripts/temporal-servers.sh ui           -> prints the path of the Temporal Web UI server (`npm run cluster`)
# TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH override; each is built only when missing.
# Prints "download" when the toolchain is missing, so callers fall back to the SDK's own download.
set -euo pipefail

CLI_VERSION=v1.5.1
TEST_SERVER_VERSION=1.38.0
SERVER_VERSION=v1.29.1
UI_SERVER_VERSION=v2.42.1
CACHE="${SUPPORT_SESSIONS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/support-sessions}"
LOCK="$CACHE/.lock"
mkdir -p "$CACHE"

log() { printf '[temporal-servers] %s\n' "$*" >&2; }

cli() {
  if [ -n "${TEMPORAL_CLI_PATH:-}" ]; then echo "$TEMPORAL_CLI_PATH"; return; fi
  local bin="$CACHE/temporal-cli-$CLI_VERSION/temporal"
  if [ ! -x "$bin" ]; then
    if ! command -v go >/dev/null; then echo download; return; fi
    log "building the Temporal CLI $CLI_VERSION from the Go module proxy (once; a few minutes)"
    mkdir -p "$(dirname "$bin")"
    CGO_ENABLED=0 GOBIN="$(dirname "$bin")" GOFLAGS=-trimpath \
      go install "github.com/temporalio/cli/cmd/temporal@$CLI_VERSION" >&2
  fi
  echo "$bin"
}

test_server() {
  if [ -n "${TEMPORAL_TEST_SERVER_PATH:-}" ]; then echo "$TEMPORAL_TEST_SERVER_PATH"; return; fi
  local dir="$CACHE/temporal-test-server-$TEST_SERVER_VERSION"
  local wrapper="$dir/temporal-test-server"
  if [ ! -x "$wrapper" ]; then
    if ! command -v mvn >/dev/null || ! command -v java >/dev/null; then echo download; return; fi
    log "fetching io.temporal:temporal-test-server:$TEST_SERVER_VERSION from Maven Central (once)"
    rm -rf "$dir.tmp" && mkdir -p "$dir.tmp/lib"
    cat > "$dir.tmp/pom.xml" <<POM
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local</groupId><artifactId>temporal-test-server-deps</artifactId><version>1</version>
  <dependencies>
    <dependency><groupId>io.temporal</groupId><artifactId>temporal-test-server</artifactId><version>$TEST_SERVER_VERSION</version></dependency>
    <dependency><groupId>org.slf4j</groupId><artifactId>slf4j-nop</artifactId><version>1.7.36</version></dependency>
  </dependencies>
</project>
POM
    (cd "$dir.tmp" && mvn -q -B dependency:copy-dependencies -DincludeScope=runtime -DoutputDirectory=lib >&2)
    local cp
    cp=$(find "$dir/lib" -name '*.jar' 2>/dev/null | head -0; ls "$dir.tmp/lib"/*.jar | sed "s#^$dir.tmp/#$dir/#" | paste -sd: -)
    cat > "$dir.tmp/temporal-test-server" <<WRAP
#!/bin/sh
# Time-skipping Temporal test server; exec so that the caller's SIGKILL reaches the JVM.
exec java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -Xss512k -XX:SharedArchiveFile=$dir/app.jsa -Xshare:auto \\
  -cp "$cp" io.temporal.testserver.TestServer "\$@"
WRAP
    chmod +x "$dir.tmp/temporal-test-server"
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
    # Class-data sharing archive: the JVM starts well inside the SDK's 5-second window.
    log "creating the class-data sharing archive"
    java -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -XX:ArchiveClassesAtExit="$dir/app.jsa" \
      -cp "$cp" io.temporal.testserver.TestServer 17999 >/dev/null 2>&1 &
    local pid=$!
    for _ in $(seq 1 300); do
      (exec 3<>/dev/tcp/127.0.0.1/17999) 2>/dev/null && break
      sleep 0.1
    done
    sleep 1
    kill -TERM "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
  fi
  echo "$wrapper"
}

server() {
  local dir="$CACHE/temporal-server-$SERVER_VERSION"
  if [ ! -x "$dir/temporal-server" ] || [ ! -x "$dir/temporal-sql-tool" ] || [ ! -d "$dir/schema/postgresql/v12" ]; then
    if ! command -v go >/dev/null; then echo "[temporal-servers] the Temporal server needs Go to build" >&2; exit 1; fi
    log "building the Temporal server $SERVER_VERSION and its SQL tool from the Go module proxy (once; about 6 minutes)"
    mkdir -p "$dir.tmp"
    CGO_ENABLED=0 GOBIN="$dir.tmp" GOFLAGS=-trimpath go install "go.temporal.io/server/cmd/tools/sql@$SERVER_VERSION" >&2
    CGO_ENABLED=0 GOBIN="$dir.tmp" GOFLAGS=-trimpath go install "go.temporal.io/server/cmd/server@$SERVER_VERSION" >&2
    mv -f "$dir.tmp/sql" "$dir.tmp/temporal-sql-tool"
    mv -f "$dir.tmp/server" "$dir.tmp/temporal-server"
    # The schemas ship in the module's source; keep a copy beside the binaries.
    local module
    module="$(go env GOMODCACHE)/go.temporal.io/server@$SERVER_VERSION"
    mkdir -p "$dir.tmp/schema/postgresql"
    rm -rf "$dir.tmp/schema/postgresql/v12"
    cp -R "$module/schema/postgresql/v12" "$dir.tmp/schema/postgresql/v12"
    chmod -R u+w "$dir.tmp/schema"
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
  fi
  echo "$dir"
}

ui_server() {
  local dir="$CACHE/temporal-ui-server-$UI_SERVER_VERSION"
  if [ ! -x "$dir/temporal-ui-server" ]; then
    if ! command -v go >/dev/null; then echo none; return; fi
    log "building the Temporal Web UI server $UI_SERVER_VERSION from the Go module proxy (once; a few minutes)"
    mkdir -p "$dir.tmp"
    if ! CGO_ENABLED=0 GOBIN="$dir.tmp" GOFLAGS=-trimpath go install "github.com/temporalio/ui-server/v2/cmd/server@$UI_SERVER_VERSION" >&2; then
      log "the Web UI server did not build; the cluster runs without it"; echo none; return
    fi
    mv -f "$dir.tmp/server" "$dir.tmp/temporal-ui-server"
    rm -rf "$dir" && mv "$dir.tmp" "$dir"
  fi
  echo "$dir/temporal-ui-server"
}

exec 9>"$LOCK"
flock 9
case "${1:-all}" in
  cli) cli ;;
  test-server) test_server ;;
  all) cli; test_server ;;
  server) server ;;
  ui) ui_server ;;
  *) echo "usage: $0 [cli|test-server|all|server|ui]" >&2; exit 2 ;;
esac
