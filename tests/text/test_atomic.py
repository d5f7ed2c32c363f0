"""Atomic writes: two writers of one file, in two threads of one process, never share a
partial file (the animatic's cache is written from the client's worker threads)."""

from __future__ import annotations

import threading
from pathlib import Path

from storyreel.atomic import partial_path, write_text_atomic


def test_threads_of_one_process_write_through_their_own_partial_files(tmp_path: Path) -> None:
    target = tmp_path / "track.txt"
    names: set[Path] = set()
    errors: list[BaseException] = []
    start = threading.Barrier(8)

    def write(index: int) -> None:
        names.add(partial_path(target))
        start.wait()
        try:
            for _ in range(50):
                write_text_atomic(target, f"writer {index}\n" * 1000)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert len(names) == 8
    lines = set(target.read_text().splitlines())
    assert len(lines) == 1  # one writer's whole text, never a mix
    assert [p.name for p in tmp_path.iterdir()] == ["track.txt"]
