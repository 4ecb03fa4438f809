#!/usr/bin/env bash
# Installs Debian's chromium for the browser tests if it is missing.
# Without it the browser tests are skipped locally, but in CI (CI=true) that is an error.
set -euo pipefail
browser="${TEILHABE_CHROMIUM:-/usr/bin/chromium}"
[ -x "$browser" ] && exit 0
if [ "$(id -u)" = 0 ]; then apt_get=(apt-get); elif command -v sudo >/dev/null && sudo -n true 2>/dev/null; then apt_get=(sudo apt-get); else apt_get=(); fi
if [ ${#apt_get[@]} -gt 0 ]; then
  echo "Installiere chromium für die Browser-Tests …"
  "${apt_get[@]}" update -qq && DEBIAN_FRONTEND=noninteractive "${apt_get[@]}" install -y -qq chromium >/dev/null
  [ -x "$browser" ] && exit 0
fi
if [ "${CI:-}" = "true" ]; then
  echo "FEHLER: chromium fehlt ($browser) und ließ sich nicht installieren; die Browser-Tests dürfen in CI nicht fehlen." >&2
  exit 1
fi
echo "WARNUNG: chromium fehlt ($browser); die Browser-Tests werden übersprungen. Installieren: sudo apt-get install chromium" >&2
