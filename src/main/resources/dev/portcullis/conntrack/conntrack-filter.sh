# shellcheck shell=sh
# conntrack_filter PORTS PROC_FILE: the conntrack lines (both families) whose first dport= (the
# original direction; the reply tuple comes later in the line) is one of PORTS (space-separated).
# Without the conntrack tool it reads PROC_FILE (/proc/net/nf_conntrack: same fields); with neither
# it exits 3 with a message on stderr. conntrack's own stderr is left for the caller to log.
conntrack_filter() {
  if command -v conntrack >/dev/null 2>&1; then
    { conntrack -L -f ipv4; conntrack -L -f ipv6; } | conntrack_select "$1"
  elif [ -r "$2" ]; then
    conntrack_select "$1" <"$2"
  else
    echo 'portcullis: neither conntrack nor /proc/net/nf_conntrack is available' >&2
    exit 3
  fi
}

conntrack_select() {
  awk -v ports="$1" 'BEGIN { n = split(ports, p, " "); for (i = 1; i <= n; i++) want["dport=" p[i]] = 1 }
    { for (i = 1; i <= NF; i++) if (substr($i, 1, 6) == "dport=") { if ($i in want) print; next } }'
}
