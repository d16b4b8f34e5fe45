#!/usr/bin/env bash
# Measures the window: cold start to first rendered frame (the real DesktopApp, fresh JVM each run)
# and responsiveness with 500 servers and 10,000 live rows. Runs under Xvfb when there is no display.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-5}"
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
x=()
[[ -z "${DISPLAY:-}" ]] && x=(xvfb-run -a -s "-screen 0 1400x900x24")
home="$(mktemp -d)"
trap 'rm -rf "$home"' EXIT
for i in $(seq "$runs"); do
  PORTCULLIS_HOME="$home" "${x[@]}" java -cp "$cp" dev.portcullis.ui.StartupProbe | grep startup-ms
done
"${x[@]}" java -cp "$cp" dev.portcullis.ui.LoadProbe 2>/dev/null | grep -v DEBUG
