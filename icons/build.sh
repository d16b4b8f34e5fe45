#!/usr/bin/env bash
# Renders every icon file from the SVG master portcullis.svg. The results are committed, so a
# normal build never needs these tools; run this again only after changing the master.
#
#   sudo apt-get install librsvg2-bin imagemagick icnsutils   # rsvg-convert, convert, png2icns
#   icons/build.sh
#
# Writes icons/png/portcullis-<size>.png (16 to 1024 px), icons/portcullis.ico (Windows, 16-256 px),
# icons/portcullis.icns (macOS, 16-1024 px) and copies the sizes the window uses to
# src/main/resources/dev/portcullis/icons/. The output is byte-for-byte the same on every run.
set -euo pipefail
cd "$(dirname "$0")"

for tool in rsvg-convert convert png2icns; do
  command -v "$tool" >/dev/null || { echo "icons/build.sh: $tool is missing (apt-get install librsvg2-bin imagemagick icnsutils)" >&2; exit 2; }
done

sizes=(16 24 32 48 64 128 256 512 1024)
window_sizes=(16 24 32 48 64 128 256)
resources=../src/main/resources/dev/portcullis/icons

mkdir -p png "$resources"
for s in "${sizes[@]}"; do
  # rsvg-convert renders; convert strips timestamps and text chunks so reruns are identical.
  rsvg-convert --width "$s" --height "$s" --keep-aspect-ratio portcullis.svg \
    | convert png:- -strip -define png:exclude-chunks=date,time "png32:png/portcullis-$s.png"
done

# Windows: one .ico holding 16-256 px (256 is stored as PNG by ImageMagick, the others as bitmaps).
convert png/portcullis-{16,24,32,48,64,128,256}.png -strip portcullis.ico

# macOS: .icns with every size png2icns knows (16, 32, 48, 128, 256, 512, 1024).
png2icns portcullis.icns png/portcullis-{16,32,48,128,256,512,1024}.png >/dev/null

for s in "${window_sizes[@]}"; do
  cp "png/portcullis-$s.png" "$resources/portcullis-$s.png"
done

echo "icons: ${#sizes[@]} PNG sizes, portcullis.ico, portcullis.icns, ${#window_sizes[@]} window icons in $resources"
