# shellcheck shell=sh
# Arguments: PATH...: "root<TAB>PATH" or "other<TAB>PATH" for each PATH that is a regular file
# (root_owned: root-owned.sh, defined before it).
for f in "$@"; do
  if [ -f "$f" ]; then
    if root_owned "$f"; then t=root; else t=other; fi
    printf '%s\t%s\n' "$t" "$f"
  fi
done
exit 0
