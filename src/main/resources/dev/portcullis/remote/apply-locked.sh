# shellcheck shell=bash
# Runs an uploaded portcullis-limits with 'apply' while holding the server-side deploy lock, removes
# it, and lets read-state.sh (which follows) print the state for verification. The script's own
# output goes to stderr so that stdout carries only the state. Arguments (from Deployer):
# SCRIPT WAIT_SECONDS LOCK_DIR LOCK_FILE EXIT_BUSY. The lock is flock, or where flock is missing a
# lock directory naming its holder's PID (a holder that is gone holds nothing); a lock directory
# not owned by root is refused.
tmp=$1 wait=$2 lock_dir=$3 lock_file=$4 busy=$5
[ -e "$lock_dir" ] || mkdir -m 0700 "$lock_dir" 2>/dev/null
if [ -L "$lock_dir" ] || [ ! -d "$lock_dir" ] || [ "$(stat -c %u "$lock_dir")" != 0 ]; then
  rm -f "$tmp"; echo "$lock_dir is not a directory owned by root: refusing to use it for the lock" >&2; exit 1
fi
chmod 0700 "$lock_dir"
if command -v flock >/dev/null 2>&1; then
  exec 9>"$lock_file"
  if ! flock -w "$wait" 9; then rm -f "$tmp"; echo "another apply holds $lock_file" >&2; exit "$busy"; fi
else
  i=0
  until mkdir "$lock_file.d" 2>/dev/null && echo $$ >"$lock_file.d/pid"; do
    i=$((i + 1)); if [ "$i" -gt "$wait" ]; then rm -f "$tmp"; echo "another apply holds $lock_file.d" >&2; exit "$busy"; fi
    holder=$(cat "$lock_file.d/pid" 2>/dev/null)
    if [ -n "$holder" ] && ! kill -0 "$holder" 2>/dev/null; then rm -rf "$lock_file.d"; continue; fi
    sleep 1
  done
  # shellcheck disable=SC2064 # the path is fixed now, on purpose
  trap "rm -rf '$lock_file.d'" EXIT
fi
bash "$tmp" apply 1>&2 9>&-
rc=$?
rm -f "$tmp"
if [ "$rc" -ne 0 ]; then exit "$rc"; fi
