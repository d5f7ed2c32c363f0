"""The backend interface: a named model for one stage that loads lazily and can unload."""

from __future__ import annotations

import threading
from abc import ABC, abstractmethod
from collections.abc import Callable
from pathlib import Path
from typing import Any, Generic, TypeVar

from pydantic import BaseModel

from storyreel.contract import StageResult, TaskType


class Backend(ABC):
    """One model (or tool) serving one stage. Heavy state loads on first use and stays warm."""

    stage: TaskType
    name: str
    description: str = ""
    writes_files: bool = True  # False: run() gets no scratch folder (saves a mkdir per job)
    # True: jobs may run side by side (a pull node's slots); False: one at a time on its
    # device, like a model holding a GPU
    parallel: bool = False

    @property
    def device(self) -> str:
        """The device this backend's jobs queue on ("cpu", "cuda:0")."""
        return "cpu"

    def unavailable_reason(self) -> str | None:
        """Why this backend cannot run here, with what to install or set; None when it can."""
        return None

    @property
    def loaded(self) -> bool:
        """True while model weights are held in memory."""
        return False

    def load(self) -> None:
        """Load the model now (first use does this anyway)."""
        return None

    def unload(self) -> None:
        """Release the model's memory; the next job loads it again."""
        return None

    @abstractmethod
    def run(self, payload: BaseModel, work: Path) -> StageResult:
        """Do one job; files it makes go under `work` and are named by the result's uri."""


M = TypeVar("M")


class ModelBackend(Backend, Generic[M]):
    """A backend around one model object, made on first use and dropped on unload."""

    def __init__(
        self,
        name: str,
        description: str,
        make_model: Callable[[], M],
        reason: Callable[[], str | None] = lambda: None,
        device: Callable[[], str] = lambda: "cpu",
    ) -> None:
        self.name = name
        self.description = description
        self._make = make_model
        self._reason = reason
        self._device = device
        self._model: M | None = None
        self._lock = threading.Lock()

    @property
    def device(self) -> str:
        return self._device()

    def unavailable_reason(self) -> str | None:
        return self._reason()

    @property
    def loaded(self) -> bool:
        return self._model is not None

    def load(self) -> None:
        with self._lock:
            if self._model is None:
                self._model = self._make()

    def unload(self) -> None:
        with self._lock:
            self._model = None

    def model(self) -> M:
        """The model, loading it first if needed."""
        self.load()
        assert self._model is not None
        return self._model


def missing_module(module: str, extra: str) -> str | None:
    """A reason in words when an optional Python package is not installed."""
    import importlib.util

    try:
        found = importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        found = False
    if found:
        return None
    return f"{module} is not installed: pip install 'storyreel[{extra}]'"


def as_request(payload: BaseModel, kind: type[Any]) -> Any:
    """The payload as the stage's request type (the service validated it already)."""
    if not isinstance(payload, kind):
        raise TypeError(f"expected {kind.__name__}, got {type(payload).__name__}")
    return payload
