#!/usr/bin/env bash
# Set up (with the server extra), then make a narrated MP4 from the bundled sample story through
# the whole stack: server, worker and model node on loopback (or pass `storyreel demo` options).
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh server
exec .venv/bin/storyreel demo "$@"
