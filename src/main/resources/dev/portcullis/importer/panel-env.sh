# shellcheck shell=sh
# The panel's environment as "SOURCE<TAB>KEY=VALUE" lines, most authoritative first, from root's
# panel process and root-owned files only (root_owned: root-owned.sh, defined before it). Sources:
# process:PID, unit:x-ui (systemd's view), unit:PATH and file:PATH; then "tool<TAB>sqlite3" when the
# server has sqlite3.
for pid in $(pgrep -x -u 0 x-ui 2>/dev/null); do
  [ -r "/proc/$pid/environ" ] && tr '\0' '\n' < "/proc/$pid/environ" | grep '^XUI_' | sed "s|^|process:$pid\t|"
  break
done
if command -v systemctl >/dev/null 2>&1; then
  systemctl show -p Environment x-ui 2>/dev/null | sed -n 's/^Environment=//p' | tr ' ' '\n' | grep '^XUI_' | sed 's/^/unit:x-ui\t/'
fi
for f in /etc/systemd/system/x-ui.service /lib/systemd/system/x-ui.service /usr/lib/systemd/system/x-ui.service; do
  [ -r "$f" ] && root_owned "$f" && sed -n 's/^[[:space:]]*Environment=//p' "$f" | tr -d '"' | tr ' ' '\n' | grep '^XUI_' | sed "s|^|unit:$f\t|"
done
for f in /etc/default/x-ui /etc/sysconfig/x-ui; do
  [ -r "$f" ] && root_owned "$f" && sed -n 's/^[[:space:]]*\(export[[:space:]]*\)\{0,1\}\(XUI_[A-Z_]*=.*\)/\2/p' "$f" | tr -d '\042\047' | sed "s|^|file:$f\t|"
done
command -v sqlite3 >/dev/null 2>&1 && printf 'tool\tsqlite3\n'
exit 0
