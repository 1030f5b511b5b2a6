#!/usr/bin/env bash
# The task pane's end-to-end test drives Debian's Chromium (never a downloaded browser). Install it,
# with a font so screenshots show text, when it is missing and this user may; otherwise say how.
set -euo pipefail
have_browser() { command -v chromium >/dev/null 2>&1 || command -v chromium-browser >/dev/null 2>&1; }
have_font() { ! command -v fc-list >/dev/null 2>&1 || [ -n "$(fc-list 2>/dev/null | head -n 1)" ]; }
if have_browser && have_font; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's chromium and fonts-dejavu-core for the browser test (apt-get)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core
  exit 0
fi
if ! have_browser; then
  echo "The browser test needs Chromium: run 'sudo apt-get install chromium fonts-dejavu-core' (Debian/Ubuntu)." >&2
  exit 1
fi
