# shellcheck shell=sh
# root_owned PATH: true when PATH (links resolved) and every folder above it are owned by root and
# writable by no one else, so that no other user could have chosen its content.
root_owned() {
  p=$(readlink -f -- "$1") || return 1
  while [ -n "$p" ]; do
    m=$(stat -c '%u %a' -- "$p") || return 1
    [ "${m%% *}" = 0 ] || return 1
    [ $(( 0${m#* } & 022 )) -eq 0 ] || return 1
    [ "$p" = / ] && return 0
    p=$(dirname -- "$p")
  done
  return 1
}
