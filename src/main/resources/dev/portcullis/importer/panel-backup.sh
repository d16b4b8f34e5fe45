# shellcheck shell=sh
# Argument: DATABASE. Copies it with sqlite3's online backup into a new private folder under /tmp
# and prints that folder; a failed backup (a damaged database) removes its folder itself.
umask 077
d=$(mktemp -d /tmp/portcullis-import.XXXXXXXX) || exit 1
if sqlite3 -readonly "$1" ".backup '$d/x-ui.db'" >&2; then
  printf '%s\n' "$d"
else
  rm -rf -- "$d"
  exit 1
fi
