# shellcheck shell=bash
# After read-state.sh: asks with "@@apply?" on a line of its own and reads one line. "apply PATH"
# (PATH a script uploaded by Portcullis) goes on to apply-locked.sh with PATH as its first argument
# and this script's arguments (WAIT_SECONDS LOCK_DIR LOCK_FILE EXIT_BUSY) after it; anything else,
# or the end of input, ends without changing anything.
printf '%s\n' '@@apply?'
IFS= read -r go || exit 0
[[ $go =~ ^apply\ (/tmp/portcullis-limits-[0-9a-f]{16}\.sh)$ ]] || exit 0
set -- "${BASH_REMATCH[1]}" "$@"
