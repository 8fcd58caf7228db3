#!/usr/bin/env bash
# Installs the Debian tools the tests use as references or clients, when they are missing (needs root and apt-get);
# npm runs it before `npm test` (pretest), so one command passes the tests on a fresh machine.
set -euo pipefail
need=()
command -v gdalinfo >/dev/null 2>&1 || need+=(gdal-bin)
command -v chromium >/dev/null 2>&1 || [ -x /usr/bin/chromium ] || need+=(chromium)
/usr/bin/python3 -c 'import sklearn' >/dev/null 2>&1 || need+=(python3-sklearn)
# The webgpu tests run Dawn on chromium's SwiftShader Vulkan driver, through the Vulkan loader.
ldconfig -p 2>/dev/null | grep -q 'libvulkan.so.1 ' || need+=(libvulkan1)
/usr/bin/python3 -c 'import osgeo.gdal' >/dev/null 2>&1 || need+=(python3-gdal)
# QGIS opens the project file, the exports and the .qgs in tests/gis (../shared/scripts/qgis-open).
/usr/bin/python3 -c 'import qgis.core' >/dev/null 2>&1 || need+=(python3-qgis qgis-providers)
# The map sheet PDF is read back with poppler (pdfinfo, pdftotext, pdftoppm).
command -v pdftoppm >/dev/null 2>&1 || need+=(poppler-utils)
# The Chinese screenshots need CJK fonts.
ls /usr/share/fonts/opentype/noto/NotoSansCJK* >/dev/null 2>&1 || need+=(fonts-noto-cjk)
if [ ${#need[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "test-deps: missing ${need[*]}: install them with apt-get (as root), then run the tests again." >&2
    exit 1
  fi
  echo "test-deps: installing ${need[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
