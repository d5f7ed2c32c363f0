"""A real llama.cpp HTTP server (xllamacpp's own, OpenAI-compatible) for the node tests.

Run as `python tests/llama_server.py GGUF PORT`; it serves until it is terminated.
"""

from __future__ import annotations

import signal
import sys

import xllamacpp


def main() -> None:
    gguf, port = sys.argv[1], int(sys.argv[2])
    params = xllamacpp.CommonParams()
    params.model.path = gguf
    params.model_alias = "smollm2"
    params.n_ctx = 4096
    params.port = port
    params.hostnames = ["127.0.0.1"]
    params.verbosity = -1
    server = xllamacpp.Server(params)
    print(f"serving on {server.listening_address}", flush=True)
    signal.sigwait({signal.SIGTERM, signal.SIGINT})


if __name__ == "__main__":
    signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM, signal.SIGINT})
    main()
