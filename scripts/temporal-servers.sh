#!/usr/bin/env bash
# Provides the Temporal servers without the vendor's download site, cached outside the clone.
#   scripts/temporal-servers.sh cli          -> prints the path of the `temporal` CLI (dev server)
#   scripts/temporal-servers.sh test-server  -> prints the path of the time-skipping test server wrapper
#   scripts/temporal-servers.sh all          -> both, one per line
# TEMPORAL_CLI_PATH / TEMPORAL_TEST_SERVER_PATH override; each is built only when missing.
# Prints "download" when the toolchain is missing, so callers fall back to the SDK's own download.
set -euo pipefail

CLI_VERSION=v1.5.1
TEST_SERVER_VERSION=1.38.0
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

exec 9>"$LOCK"
flock 9
case "${1:-all}" in
  cli) cli ;;
  test-server) test_server ;;
  all) cli; test_server ;;
  *) echo "usage: $0 [cli|test-server|all]" >&2; exit 2 ;;
esac
