#!/usr/bin/env bash
# The command line's test opens the .xlsx files it writes in a real spreadsheet: LibreOffice Calc,
# headless (soffice). Install Debian's libreoffice-calc when it is missing and this user may;
# otherwise say how.
set -euo pipefail
if command -v soffice >/dev/null 2>&1; then exit 0; fi
if [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "Installing Debian's libreoffice-calc for the command line's test (apt-get)..."
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends libreoffice-calc
  exit 0
fi
echo "The command line's test needs LibreOffice Calc: run 'sudo apt-get install libreoffice-calc' (Debian/Ubuntu)." >&2
exit 1
