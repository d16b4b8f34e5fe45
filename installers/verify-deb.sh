#!/usr/bin/env bash
# Verifies the Linux installers the way a user meets them, on a disposable Debian/Ubuntu machine:
#
#   1. the .deb: install with dpkg, start the installed launcher under Xvfb and take a screenshot,
#      run the installed command line (`portcullis --version`, and `portcullis script` when the
#      build has it), then `dpkg -r` and `dpkg -P` and check that every file the package installed
#      is gone and that nothing else under /opt /usr /etc /var/lib changed;
#   2. the portable app image (.tar.gz): unpack, the same start/screenshot/CLI checks, delete, and
#      the same check that nothing outside the unpacked folder was written.
#
#   sudo installers/verify-deb.sh            # uses target/installer/, builds it when missing
#   sudo installers/verify-deb.sh --build    # always runs ./mvnw -Pinstaller package first
#
# Needs root (dpkg), Xvfb, ImageMagick's import and x11-utils; installs those three when missing.
# The application runs with a throw-away HOME and data directory, so the user's ~/.portcullis is
# never touched. The screenshot of the installed window goes to docs/screenshots/installed-linux.png
# (the app image's to target/installer-verify/app-image.png). Exit status 0 only when every check
# passed; the last line says "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

package=portcullis
launcher=/opt/portcullis/bin/Portcullis
screenshot=$root/docs/screenshots/installed-linux.png
work=$root/target/installer-verify
passed=0
failed=0
display=""
xvfb_pid=""
app_pid=""
installed_by_us=false

pass() { passed=$((passed + 1)); echo "PASS $*"; }
fail() { failed=$((failed + 1)); echo "FAIL $*"; }
note() { echo "---- $*"; }

cleanup() {
  [[ -n $app_pid ]] && kill "$app_pid" 2>/dev/null && wait "$app_pid" 2>/dev/null
  [[ -n $xvfb_pid ]] && kill "$xvfb_pid" 2>/dev/null && wait "$xvfb_pid" 2>/dev/null
  if $installed_by_us && dpkg-query -W "$package" >/dev/null 2>&1; then
    echo "cleanup: purging $package after an interrupted run" >&2
    dpkg -P "$package" >/dev/null 2>&1 || true
  fi
  return 0
}
trap cleanup EXIT

# --- preconditions ---------------------------------------------------------------------------
[[ $(uname -s) == Linux ]] || { echo "verify-deb.sh: Linux only" >&2; exit 2; }
((EUID == 0)) || { echo "verify-deb.sh: run as root (it installs and removes a package)" >&2; exit 2; }
if dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "ok installed"; then
  echo "verify-deb.sh: $package is already installed here; remove it first (dpkg -r $package)" >&2
  exit 2
fi
tools=()
command -v Xvfb >/dev/null || tools+=(xvfb)
# Debian's imagemagick provides `import`; a stand-in without -window is not enough.
import -version 2>/dev/null | grep -q ImageMagick || tools+=(imagemagick)
command -v xwininfo >/dev/null || tools+=(x11-utils)
command -v unzip >/dev/null || tools+=(unzip)
if ((${#tools[@]})); then
  note "installing ${tools[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${tools[@]}" >/dev/null
fi

if [[ ${1:-} == --build ]] || ! compgen -G "target/installer/${package}_*.deb" >/dev/null; then
  note "building the installers: ./mvnw -B -Pinstaller -DskipTests package"
  ./mvnw -B -q -Pinstaller -DskipTests package
fi
deb=$(find target/installer -maxdepth 1 -name "${package}_*.deb" | head -n 1)
tarball=$(find target/installer -maxdepth 1 -name "portcullis-*-linux-*.tar.gz" | head -n 1)
version=$(dpkg-deb -f "$deb" Version)
version=${version%-*}
note "package $deb (version $version), app image $tarball"

rm -rf "$work"
mkdir -p "$work" "$(dirname "$screenshot")"

# What the package depends on is installed first, as `apt install ./portcullis_*.deb` would, so
# that the install/remove check below sees only the package's own files.
missing_deps=()
for dep in $(dpkg-deb -f "$deb" Depends | tr ',' '\n' | awk '{print $1}' | sort -u); do
  dpkg-query -W -f='${Status}' "$dep" 2>/dev/null | grep -q "ok installed" || missing_deps+=("$dep")
done
if ((${#missing_deps[@]})); then
  note "installing the package's dependencies first: ${missing_deps[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing_deps[@]}" >"$work/apt-deps.log" 2>&1
fi

# Everything under these trees, with size and mode: taken before and after, must be identical.
snapshot() {
  find /opt /usr /etc /var/lib -xdev \
    -path /var/lib/apt -prune -o -path /var/lib/dpkg/triggers -prune -o \
    -path /var/lib/dpkg/status -prune -o -path /var/lib/dpkg/status-old -prune -o \
    -path /var/lib/dpkg/lock -prune -o -path /var/lib/dpkg/lock-frontend -prune -o \
    -path /var/lib/systemd/timers -prune -o -path /var/lib/dhcp -prune -o \
    -printf '%p %y %m\n' 2>/dev/null | sort
}

start_xvfb() {
  local n
  for n in $(seq 90 99); do
    [[ -e /tmp/.X$n-lock || -e /tmp/.X11-unix/X$n ]] || { display=":$n"; break; }
  done
  [[ -n $display ]] || { echo "no free X display in :90-:99" >&2; exit 1; }
  Xvfb "$display" -screen 0 1280x800x24 -nolisten tcp >"$work/xvfb.log" 2>&1 &
  xvfb_pid=$!
  for _ in $(seq 1 50); do
    DISPLAY=$display xwininfo -root >/dev/null 2>&1 && return 0
    sleep 0.2
  done
  echo "Xvfb did not start" >&2
  exit 1
}

stop_xvfb() {
  kill "$xvfb_pid" 2>/dev/null || true
  wait "$xvfb_pid" 2>/dev/null || true
  xvfb_pid=""
  display=""
}

# run_window NAME LAUNCHER PNG: starts the launcher without arguments, waits for its window,
# screenshots the screen cropped to the window, stops it.
run_window() {
  local name=$1 exe=$2 png=$3 home="$work/$1-home" line geometry
  mkdir -p "$home"
  start_xvfb
  HOME=$home PORTCULLIS_HOME=$home/data DISPLAY=$display "$exe" >"$work/$name-window.log" 2>&1 &
  app_pid=$!
  line=""
  for _ in $(seq 1 120); do
    kill -0 "$app_pid" 2>/dev/null || break
    # The top-level window: named Portcullis, the largest of them, once it has its real size.
    line=$(DISPLAY=$display xwininfo -root -tree 2>/dev/null \
      | awk '/"Portcullis"/ { split($0, a, ")  "); n = split(a[2], g, " "); split(g[1], wh, "[x+]");
                              if (wh[1] * wh[2] > best) { best = wh[1] * wh[2]; out = g[1] " " g[2] } }
             END { if (best >= 200 * 200) print out }')
    [[ -n $line ]] && break
    sleep 0.5
  done
  if [[ -z $line ]]; then
    fail "$name: no window appeared within 60 s (log: $work/$name-window.log)"
    sed -n '1,20p' "$work/$name-window.log"
  else
    sleep 3   # let the first frame paint
    geometry=${line%% *}                               # WxH+X+Y relative to the parent
    local abs=${line#* }                               # +X+Y absolute
    DISPLAY=$display import -window root -crop "${geometry%%+*}${abs}" +repage -strip -define png:exclude-chunks=date,time "$png"
    if kill -0 "$app_pid" 2>/dev/null; then
      pass "$name: window shown ($geometry), still running after 3 s, screenshot $png"
    else
      fail "$name: the window closed by itself (log: $work/$name-window.log)"
    fi
  fi
  kill "$app_pid" 2>/dev/null || true
  wait "$app_pid" 2>/dev/null || true
  app_pid=""
  stop_xvfb
}

# run_cli NAME COMMAND: --version and script, without a display (so a build whose launcher
# opens the window for arguments fails fast instead of waiting on a screen).
run_cli() {
  local name=$1 exe=$2 jar=$3 home="$work/$1-home" out rc
  mkdir -p "$home"
  if ! unzip -Z1 "$jar" 'dev/portcullis/cli/*' >/dev/null 2>&1; then
    note "$name: this build has no command line yet (no dev.portcullis.cli in the jar); CLI checks skipped"
    return 0
  fi
  local -a env_run=(env -u DISPLAY HOME="$home" PORTCULLIS_HOME="$home/data" PORTCULLIS_MASTER_PASSWORD=verify-deb-only VERIFY_SSH_PASSWORD=not-a-real-one)
  set +e
  out=$(timeout 60 "${env_run[@]}" "$exe" --version 2>&1)
  rc=$?
  set -e
  if ((rc == 0)) && grep -q "$version" <<<"$out"; then
    pass "$name: '$exe --version' -> $(head -n 1 <<<"$out")"
  else
    fail "$name: '$exe --version' exit $rc, output: $(head -n 3 <<<"$out" | tr '\n' ' ')"
  fi

  # The store in the trimmed runtime: H2, Flyway, the sealed password, JSON output.
  set +e
  timeout 60 "${env_run[@]}" "$exe" server add verify-box --host 198.18.0.10 --password-env VERIFY_SSH_PASSWORD >"$work/$name-cli.log" 2>&1 &&
    timeout 60 "${env_run[@]}" "$exe" limit set verify-box 8443 --max 3 --mode devices >>"$work/$name-cli.log" 2>&1 &&
    out=$(timeout 60 "${env_run[@]}" "$exe" limit list verify-box --json 2>>"$work/$name-cli.log")
  rc=$?
  set -e
  if ((rc == 0)) && grep -q '"port" *: *8443' <<<"$out"; then
    pass "$name: 'server add', 'limit set', 'limit list --json' over the installed runtime's database"
  else
    fail "$name: server add / limit set / limit list exit $rc: $(tail -n 3 "$work/$name-cli.log" | tr '\n' ' ')"
  fi

  set +e
  out=$(timeout 60 "${env_run[@]}" "$exe" --help 2>&1)
  set -e
  if ! grep -qw script <<<"$out"; then
    note "$name: this build has no 'script' command yet; skipped"
    return 0
  fi
  set +e
  timeout 60 "${env_run[@]}" "$exe" script verify-box -o "$work/$name-limits.sh" >>"$work/$name-cli.log" 2>&1
  rc=$?
  set -e
  if ((rc == 0)) && [[ -s $work/$name-limits.sh ]] && bash -n "$work/$name-limits.sh" && grep -q 8443 "$work/$name-limits.sh"; then
    pass "$name: 'script verify-box' wrote a bash script ($(wc -l <"$work/$name-limits.sh") lines, the limit for 8443 inside)"
  else
    fail "$name: 'script verify-box' exit $rc: $(tail -n 3 "$work/$name-cli.log" | tr '\n' ' ')"
  fi
}

# --- 1. the .deb -----------------------------------------------------------------------------
note "snapshot of /opt /usr /etc /var/lib before installing"
snapshot >"$work/before.txt"

installed_by_us=true
if dpkg -i "$deb" >"$work/dpkg-install.log" 2>&1; then
  pass "dpkg -i $(basename "$deb")"
else
  fail "dpkg -i (missing dependencies?): $(tail -n 5 "$work/dpkg-install.log" | tr '\n' ' ')"
  exit 1
fi
dpkg -L "$package" | sort >"$work/package-files.txt"
# Made by postinst, so dpkg does not list them: the command-line link and the menu entry.
printf '%s\n' /usr/bin/portcullis /usr/share/applications/portcullis-Portcullis.desktop >>"$work/package-files.txt"
snapshot >"$work/installed.txt"
comm -13 "$work/before.txt" "$work/installed.txt" | awk '{print $1}' >"$work/new-files.txt"
note "the package installed $(grep -c . "$work/package-files.txt") paths; new on disk: $(grep -c . "$work/new-files.txt")"
sed 's/^/     /' "$work/new-files.txt" | grep -v '^     /opt/portcullis/lib/runtime/' || true
echo "     (and $(grep -c '^/opt/portcullis/lib/runtime/' "$work/new-files.txt") files of the runtime under /opt/portcullis/lib/runtime/)"

if [[ -x $launcher ]]; then pass "launcher $launcher"; else fail "no launcher at $launcher"; fi
if [[ $(readlink /usr/bin/portcullis) == "$launcher" ]]; then pass "/usr/bin/portcullis -> $launcher"; else fail "/usr/bin/portcullis missing"; fi
desktop=$(grep -l "Exec=$launcher" /usr/share/applications/*.desktop 2>/dev/null | head -n 1 || true)
if [[ -n $desktop ]]; then pass "menu entry $desktop"; else fail "no menu entry in /usr/share/applications"; fi
icon=$(grep -E '^/usr/share/icons/.*\.png$' "$work/new-files.txt" | head -n 1 || true)
if [[ -n $icon ]]; then pass "icon $icon"; else note "no icon in /usr/share/icons (the menu entry points at $(grep '^Icon=' "$desktop" 2>/dev/null))"; fi
note "sizes: $(du -sh /opt/portcullis | cut -f1) installed, runtime $(du -sh /opt/portcullis/lib/runtime | cut -f1), package $(du -h "$deb" | cut -f1)"

run_window deb "$launcher" "$screenshot"
run_cli deb /usr/bin/portcullis /opt/portcullis/lib/app/portcullis.jar

if dpkg -r "$package" >"$work/dpkg-remove.log" 2>&1; then pass "dpkg -r $package"; else fail "dpkg -r: $(tail -n 3 "$work/dpkg-remove.log")"; fi
if dpkg -P "$package" >>"$work/dpkg-remove.log" 2>&1; then pass "dpkg -P $package"; else fail "dpkg -P: $(tail -n 3 "$work/dpkg-remove.log")"; fi
installed_by_us=false
left=()
while read -r f; do
  # Directories that existed before (/, /opt, /usr/share/...) are not ours to remove.
  [[ $f == /. ]] && continue
  grep -q "^$f " "$work/before.txt" && continue
  [[ -e $f || -L $f ]] && left+=("$f")
done <"$work/package-files.txt"
if ((${#left[@]} == 0)); then pass "every path the package installed is gone"; else fail "left behind: ${left[*]}"; fi
snapshot >"$work/after.txt"
if diff "$work/before.txt" "$work/after.txt" >"$work/after.diff"; then
  pass "/opt /usr /etc /var/lib are exactly as before the install"
else
  fail "/opt /usr /etc /var/lib differ from before the install: $(head -n 10 "$work/after.diff" | tr '\n' ' ')"
fi

# --- 2. the portable app image ---------------------------------------------------------------
note "app image: unpacking $tarball"
snapshot >"$work/before-app.txt"
mkdir -p "$work/app"
tar -xzf "$tarball" -C "$work/app"
app_launcher=$work/app/Portcullis/bin/Portcullis
if [[ -x $app_launcher ]]; then pass "app image launcher $app_launcher"; else fail "no launcher in the app image"; fi
run_window app-image "$app_launcher" "$work/app-image.png"
run_cli app-image "$app_launcher" "$work/app/Portcullis/lib/app/portcullis.jar"
rm -rf "$work/app"
snapshot >"$work/after-app.txt"
if diff "$work/before-app.txt" "$work/after-app.txt" >"$work/after-app.diff"; then
  pass "app image: nothing written outside its folder and the throw-away HOME"
else
  fail "app image changed the system: $(head -n 10 "$work/after-app.diff" | tr '\n' ' ')"
fi
note "what the runs left in their throw-away HOMEs (deleted now): $(cd "$work" && find ./*-home -mindepth 1 -maxdepth 1 | tr '\n' ' ')"
rm -rf "$work"/*-home

echo "$passed passed, $failed failed"
((failed == 0))
