# shellcheck shell=sh
# One live-connections poll where the installed portcullis-limits (and its 'poll') is missing: the
# same sections, each after a line "@@portcullis NAME" (see ConnectionPoll), at most MAX_BYTES.
# Arguments: MAX_BYTES PORTS [SET...]: PORTS the enabled entries' ports (space-separated, may be
# empty), each SET the nftables set of a devices entry (dev_PORT_PROTO). Needs conntrack_filter
# (conntrack-filter.sh) defined before it.
max_bytes=$1
ports=$2
shift 2
{
  echo '@@portcullis conntrack'
  if [ -n "$ports" ]; then
    (conntrack_filter "$ports" /proc/net/nf_conntrack)
  fi
  echo "@@portcullis conntrack-exit $?"
  echo '@@portcullis addresses'
  ip -o addr show 2>/dev/null | awk '{ print $4 }'
  echo '@@portcullis rules'
  for t in iptables ip6tables; do
    if command -v "$t-nft" >/dev/null 2>&1 && command -v "$t-legacy" >/dev/null 2>&1; then
      "$t-nft" -w 5 -L -v -x -n 2>/dev/null
      case $t in iptables) f=/proc/net/ip_tables_names ;; *) f=/proc/net/ip6_tables_names ;; esac
      # Listing legacy tables creates them: only where they exist.
      if grep -qx filter "$f" 2>/dev/null; then "$t-legacy" -w 5 -L -v -x -n 2>/dev/null; fi
    elif command -v "$t" >/dev/null 2>&1; then
      "$t" -w 5 -L -v -x -n 2>/dev/null
    fi
  done
  if [ $# -gt 0 ] && command -v nft >/dev/null 2>&1; then
    echo '@@portcullis nft-counters'
    nft list counters table inet portcullis 2>/dev/null
    for set in "$@"; do
      echo "@@portcullis nft-set $set"
      nft list set inet portcullis "$set" 2>/dev/null
    done
  fi
  echo '@@portcullis end'
} | head -c "$max_bytes"
