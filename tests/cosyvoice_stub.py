"""A stub of CosyVoice's HTTP protocol (runtime/python/fastapi/server.py), for tests only.

CosyVoice itself needs its model weights from ModelScope, which these machines cannot reach,
so this stub stands in for the server: `/inference_sft` with form fields `tts_text` and
`spk_id`, answering raw 16-bit mono PCM (a tone whose length follows the text). `get_only`
mimics upstream, which declares the route as GET (with a form body); otherwise it answers
POST and sends the `X-Custom-Header-sampleRate` header as some builds do.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs

import numpy as np

SPEAKERS = ("中文女", "中文男", "英文女", "英文男")


@dataclass
class CosyVoiceStub:
    url: str
    server: ThreadingHTTPServer
    requests: list[tuple[str, dict[str, str]]] = field(default_factory=list)

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


def pcm_for(text: str, rate: int) -> bytes:
    seconds = 0.2 + 0.08 * len(text)
    t = np.arange(int(rate * seconds)) / rate
    tone = 0.5 * np.sin(2 * np.pi * 220 * t)
    return (tone * 32767).astype("<i2").tobytes()


def start_cosyvoice_stub(port: int, get_only: bool = False, rate: int = 22050) -> CosyVoiceStub:
    holder: list[CosyVoiceStub] = []

    class Handler(BaseHTTPRequestHandler):
        def _answer(self, method: str) -> None:
            length = int(self.headers.get("Content-Length", "0"))
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            holder[0].requests.append((method, form))
            if self.path != "/inference_sft":
                self.send_response(404)
                self.end_headers()
                return
            if (method == "POST") == get_only:
                self.send_response(405)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            if form.get("spk_id") not in SPEAKERS or not form.get("tts_text"):
                body = b'{"detail": "unknown speaker"}'
                self.send_response(500)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)
                return
            body = pcm_for(form["tts_text"], rate)
            self.send_response(200)
            if not get_only:
                self.send_header("X-Custom-Header-sampleRate", str(rate))
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def do_GET(self) -> None:
            self._answer("GET")

        def do_POST(self) -> None:
            self._answer("POST")

        def log_message(self, *args: object) -> None:
            return None

    server = ThreadingHTTPServer(("127.0.0.1", port), Handler)
    stub = CosyVoiceStub(f"http://127.0.0.1:{port}", server)
    holder.append(stub)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return stub
