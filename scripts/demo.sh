#!/usr/bin/env bash
# Set up, then make a narrated MP4 from the bundled sample story (or pass `storyreel demo` options).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh
exec .venv/bin/storyreel demo "$@"
