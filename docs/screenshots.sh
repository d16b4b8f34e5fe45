#!/usr/bin/env bash
# Regenerates docs/screenshots/*.png from a real run of the window (light, dark, Persian, first run).
# Needs a display; without one it runs under Xvfb (Debian package xvfb).
set -euo pipefail
cd "$(dirname "$0")/.."
./mvnw -B -q test-compile
./mvnw -B -q dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/test-classpath.txt
cp="target/test-classes:target/classes:$(cat target/test-classpath.txt)"
# The tour's data directories and JavaFX's font files go to a folder of their own, removed at the end.
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
run=(java -Dprism.order=sw -Djava.io.tmpdir="$tmp" -cp "$cp" dev.portcullis.ui.WindowTour docs/screenshots)
if [[ -z "${DISPLAY:-}" ]]; then
  xvfb-run -a -s "-screen 0 1400x900x24" "${run[@]}"
else
  "${run[@]}"
fi
