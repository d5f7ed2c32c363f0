"""Pull-mode nodes: what a node sends to register and lease jobs, what the server answers.

A pull node only makes outgoing calls (no tunnel, no inbound route): it registers its
capabilities, long-polls `POST /api/node/lease` for as many jobs as it has free slots, renews
each lease while it works, uploads the result file and completes the lease. A lease that is
not renewed runs out and its job waits for the next node.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

from storyreel.contract.node import Capabilities, WebhookPayload
from storyreel.contract.tasks import TaskType

NODE_KEY_PREFIX = "srn_"  # node keys look like srn_<random>: never mistaken for a user token
MAX_LEASE_WAIT_S = 30.0


def route_name(stage: TaskType, backend: str | None) -> str:
    """A job's queue, as people read it: `keyframe.diffusers`; `keyframe.default` when the
    job takes the stage's default backend of whichever node runs it."""
    return f"{stage.value}.{backend or 'default'}"


class NodeRegistration(BaseModel):
    """`POST /api/node/register`: what this node can run, and how many jobs at once."""

    model_config = ConfigDict(extra="forbid")

    capabilities: Capabilities
    slots: int = Field(default=1, ge=1, le=64)


class LeaseRequest(BaseModel):
    """`POST /api/node/lease`: up to `slots` jobs; waits up to `wait_s` for one to come.

    `ahead` of those slots are not free yet: jobs for them would wait on this node for a
    slot. The server grants them only while the queue is deeper than the live fleet's slots
    (otherwise a job would wait here while a slot elsewhere is idle). A request that is all
    `ahead` answers at once, unless jobs are being offered right now (a run starting): then
    it waits up to half a second for the queue to deepen."""

    model_config = ConfigDict(extra="forbid")

    slots: int = Field(default=1, ge=1, le=64)
    ahead: int = Field(default=0, ge=0, le=64)
    wait_s: float = Field(default=20.0, ge=0, le=MAX_LEASE_WAIT_S)

    @model_validator(mode="after")
    def _ahead_within_slots(self) -> LeaseRequest:
        if self.ahead > self.slots:
            raise ValueError("ahead must not exceed slots")
        return self


class UploadTarget(BaseModel):
    """Where a leased job's result file goes: a presigned object-storage URL, or the
    server's own upload endpoint (local storage). `key` goes back as the result's uri."""

    model_config = ConfigDict(extra="forbid")

    url: str
    method: str = "PUT"
    headers: dict[str, str] = Field(default_factory=dict)  # send these with the file
    server: bool = True  # True: authenticate with the node key (the server's endpoint)
    key: str


class LeasedJob(BaseModel):
    """One job a node now holds until `lease_until` (renew it with a heartbeat)."""

    model_config = ConfigDict(extra="forbid")

    lease_id: str
    job_id: str
    stage: TaskType
    backend: str | None = None  # None: this node's default for the stage
    payload: dict[str, Any]
    lease_until: datetime
    lease_ttl_s: float
    upload: UploadTarget | None = None  # None: the stage makes no file (storyboard)


class LeaseAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    jobs: list[LeasedJob]


class HeartbeatAnswer(BaseModel):
    model_config = ConfigDict(extra="forbid")

    lease_until: datetime


class LeaseOutcome(BaseModel):
    """`POST /api/node/leases/{lease_id}/complete`: the job's outcome, as a webhook's."""

    model_config = ConfigDict(extra="forbid")

    outcome: WebhookPayload


class NodeInfo(BaseModel):
    """One node as the server's registry sees it (`GET /api/nodes`)."""

    model_config = ConfigDict(extra="forbid")

    name: str
    mode: str  # "pull" (leases jobs) or "push" (the server calls its URL)
    live: bool  # called in within STORYREEL_NODE_LIVE_S (pull), or answers /health (push)
    revoked: bool = False
    routes: list[str]  # what it can run: keyframe.sketch, narration.piper, ...
    slots: int = 1
    running: int = 0  # jobs it holds now
    jobs_done: int = 0
    failures: int = 0
    last_seen: datetime | None = None
    address: str = ""  # where it calls from (pull) or its URL (push)
