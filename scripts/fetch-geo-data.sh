#!/usr/bin/env bash
# Fetches and builds the freely licensed geo databases bundled into the application jar:
#   country.mmdb  @ip-location-db/geo-whois-asn-country-mmdb (npm; package licence CC0-1.0, data from the
#                 RIRs' WHOIS published by the NRO under CC BY 4.0), IPv4 and IPv6, MaxMind format (~7.8 MB);
#   asn.mmdb      built here from @ip-location-db/asn (npm; CSV of RouteViews, the RIRs via the NRO and
#                 DB-IP's IP to ASN Lite, all CC BY 4.0) with dev.portcullis.history.mmdb.AsnCsvToMmdb,
#                 into the MaxMind format with the fields of GeoLite2-ASN (~10 MB).
# Each comes with a licence note (country.mmdb.txt, asn.mmdb.txt). They land in geo-data/ (not
# committed); the build packs geo-data/ into the jar when it is there, and without it the application
# runs with country and network unknown unless the operator names files (--geo-country/--geo-asn or
# DATA_DIR/geo/country.mmdb and asn.mmdb, e.g. GeoLite2-Country/-ASN).
# Usage: scripts/fetch-geo-data.sh [VERSION]   (one version for both packages; needs npm, tar and a
# JDK 17 for ./mvnw; run from anywhere). SOURCE_DATE_EPOCH, when set, is asn.mmdb's build time.
set -euo pipefail

version="${1:-2.3.2026061719}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
dest="$root/geo-data/dev/portcullis/history/geo"
work="$(mktemp -d)"
trap 'rm -rf -- "$work"' EXIT
started=$SECONDS

for package in geo-whois-asn-country-mmdb asn; do
  mkdir -p "$work/$package"
  (cd "$work/$package" && npm pack --silent "@ip-location-db/$package@$version" >/dev/null)
  tar -xzf "$work/$package/ip-location-db-$package-"*.tgz -C "$work/$package"
done
country="$work/geo-whois-asn-country-mmdb/package"
asn="$work/asn/package"

# The converter runs from the project's own classes (compiled here; nothing else is built).
"$root/mvnw" -B -q -f "$root/pom.xml" compile exec:java \
  -Dexec.mainClass=dev.portcullis.history.mmdb.AsnCsvToMmdb \
  -Dexec.args="$work/asn.mmdb $asn/asn-ipv4.csv $asn/asn-ipv6.csv"

mkdir -p "$dest"
cp "$country/geo-whois-asn-country.mmdb" "$dest/country.mmdb"
cp "$work/asn.mmdb" "$dest/asn.mmdb"
cat > "$dest/country.mmdb.txt" <<NOTE
country.mmdb: @ip-location-db/geo-whois-asn-country-mmdb $version (npm), https://github.com/sapics/ip-location-db
Package licence: CC0-1.0. Source data: WHOIS and IP-ASN-country data of the five RIRs (AFRINIC,
APNIC, ARIN, LACNIC, RIPE NCC) published by the NRO under CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/).
NOTE
{
  cat <<NOTE
asn.mmdb: built from @ip-location-db/asn $version (npm), https://github.com/sapics/ip-location-db
(files asn-ipv4.csv and asn-ipv6.csv), converted into MaxMind DB format (fields
autonomous_system_number, autonomous_system_organization; surrounding blanks of names trimmed; where
a row starts inside the row before, the later row's network is kept for the addresses they share).
Package licence: SEE LICENSE IN ROUTEVIEWS-LICENSE and DBIP-LICENSE (CC-BY-4.0).
Data: RouteViews (https://www.routeviews.org/), the five RIRs via the NRO (https://www.nro.net/) and
DB-IP (IP to ASN Lite, https://db-ip.com), each under the Creative Commons Attribution 4.0
International License (https://creativecommons.org/licenses/by/4.0/). IP to ASN data by DB-IP.com.
The package's licence and modification notes follow.

NOTE
  for f in ROUTEVIEWS-LICENSE DBIP-LICENSE NRO_LICENSE MODIFICATIONS; do
    printf '== %s\n' "$f"
    cat "$asn/$f"
    printf '\n'
  done
} > "$dest/asn.mmdb.txt"

for f in country.mmdb asn.mmdb; do
  echo "geo data: $f $(wc -c < "$dest/$f" | tr -d ' ') bytes"
done
echo "geo data: in $dest, $((SECONDS - started)) s"
