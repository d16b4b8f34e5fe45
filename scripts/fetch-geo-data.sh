#!/usr/bin/env bash
# Fetches the freely licensed country database bundled into the application jar:
#   @ip-location-db/geo-whois-asn-country-mmdb (npm; package licence CC0-1.0, data from the RIRs'
#   WHOIS published by the NRO under CC BY 4.0), IPv4 and IPv6 in one MaxMind-format file (~7.8 MB).
# It lands in geo-data/ (not committed); the build packs geo-data/ into the jar when it is there, and
# without it the application runs with country and network unknown unless the operator names files
# (--geo-country/--geo-asn or DATA_DIR/geo/country.mmdb and asn.mmdb, e.g. GeoLite2-Country/-ASN).
# Usage: scripts/fetch-geo-data.sh [VERSION]    (needs npm and tar; run from anywhere)
set -euo pipefail

version="${1:-2.3.2026061719}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/geo-data/dev/portcullis/history/geo"
work="$(mktemp -d)"
trap 'rm -rf -- "$work"' EXIT

(cd "$work" && npm pack --silent "@ip-location-db/geo-whois-asn-country-mmdb@$version" >/dev/null)
tar -xzf "$work"/ip-location-db-geo-whois-asn-country-mmdb-*.tgz -C "$work" \
    package/geo-whois-asn-country.mmdb package/package.json
mkdir -p "$dest"
cp "$work/package/geo-whois-asn-country.mmdb" "$dest/country.mmdb"
cat > "$dest/country.mmdb.txt" <<NOTE
country.mmdb: @ip-location-db/geo-whois-asn-country-mmdb $version (npm), https://github.com/sapics/ip-location-db
Package licence: CC0-1.0. Source data: WHOIS and IP-ASN-country data of the five RIRs (AFRINIC,
APNIC, ARIN, LACNIC, RIPE NCC) published by the NRO under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).
NOTE
echo "geo data: $(du -h "$dest/country.mmdb" | cut -f1) in $dest"
