# shellcheck shell=bash
# What a deploy verifies on the server (parsed by ServerState): first the sha256 of the Telegram
# settings file as the alerts would use it (root's alone, mode 0600, no link), or 'none'; then the
# installed script's 'state', or where that is missing or too old the same sections read directly.
# Paths as in the script template.
printf '@@telegram\n'
if [ -f /etc/portcullis/telegram ] && [ ! -L /etc/portcullis/telegram ] &&
  [ "$(stat -c '%u %a' /etc/portcullis/telegram 2>/dev/null)" = "0 600" ] &&
  sum=$(head -c 65536 /etc/portcullis/telegram | sha256sum); then
  printf '%s\n' "${sum%% *}"
else
  printf 'none\n'
fi
if [ -x /usr/local/sbin/portcullis-limits ] && grep -q '^cmd_state()' /usr/local/sbin/portcullis-limits &&
  state=$(/usr/local/sbin/portcullis-limits state 2>/dev/null 9>&-); then
  printf '%s\n' "$state"
else
  printf '@@conf\n'
  if [ -f /etc/portcullis/limits.conf ]; then cat /etc/portcullis/limits.conf; printf '\n'; else printf '@@missing\n'; fi
  printf '@@v4\n'
  if command -v iptables-save >/dev/null 2>&1; then iptables-save -t filter 2>/dev/null | grep -F PORTCULLIS; fi
  printf '@@v6\n'
  if command -v ip6tables-save >/dev/null 2>&1; then ip6tables-save -t filter 2>/dev/null | grep -F PORTCULLIS; fi
  printf '@@nft\n'
  if command -v nft >/dev/null 2>&1; then nft list table inet portcullis 2>/dev/null; fi
  printf '@@end\n'
fi
