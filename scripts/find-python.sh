#!/usr/bin/env bash
# Print the path of a Python >= 3.12 (Django 6 needs it). Looks on PATH, then in pyenv's versions.
set -u
for candidate in python3.12 python3.13 python3 \
    /root/.pyenv/versions/3.12*/bin/python3.12 /root/.pyenv/versions/3.13*/bin/python3.13 \
    /usr/local/bin/python3.12 /usr/bin/python3.12; do
  for p in $(command -v "$candidate" 2>/dev/null || ls -d $candidate 2>/dev/null); do
    if "$p" -c 'import sys; sys.exit(0 if (3, 12) <= sys.version_info[:2] < (3, 14) else 1)' 2>/dev/null; then
      "$p" -c 'import sys; print(sys.executable)'
      exit 0
    fi
  done
done
echo "No Python 3.12 or 3.13 found. Install one (for example: apt-get install python3.12) and retry." >&2
exit 1
