#!/usr/bin/env bash
# Measures the window: cold start to the first rendered frame against a bare JavaFX window, side by
# side (ColdStartBenchmark, RUNS runs of each), and responsiveness with 500 servers and 10,000 live
# rows. Runs under Xvfb when there is no display.
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${RUNS:-5}"
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
x=()
[[ -z "${DISPLAY:-}" ]] && x=(xvfb-run -a -s "-screen 0 1400x900x24")
./mvnw -B -q exec:java -Dexec.classpathScope=test -Dexec.mainClass=dev.portcullis.ui.ColdStartBenchmark -Dexec.args="$runs"
"${x[@]}" java -cp "$cp" dev.portcullis.ui.LoadProbe 2>/dev/null | grep -v DEBUG
