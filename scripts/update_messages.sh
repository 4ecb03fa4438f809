#!/usr/bin/env bash
# Extract new UI strings into the German catalogue (needs GNU gettext).
set -euo pipefail
cd "$(dirname "$0")/../src/teilhabe"
../../.venv/bin/python -m django makemessages -l de --no-obsolete --no-location --ignore "*/tests/*" --settings teilhabe.settings
