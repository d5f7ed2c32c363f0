"""A model node on "another host": its own network namespace, joined to this one by a veth
pair, with no way to the server's loopback services except an SSH tunnel it opens itself.

FRP's binary is not installable here (not in Debian, no network beyond the package
registries); an SSH reverse tunnel from Debian's openssh-server plays frpc/frps's role: the
node's side connects out to sshd on the server host, `-R` makes the node's port appear on the
server's loopback (the server's STORYREEL_NODE_URL) and `-L` brings the server's internal
address to the node's loopback (its callbacks: the server's STORYREEL_PUBLIC_URL).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from nodekit import free_port
from system_packages import missing_system_package

SERVER_SIDE = "10.213.7.1"  # the server host's address on the veth link (sshd, S3)
NODE_SIDE = "10.213.7.2"


def _ip(*args: str) -> None:
    done = subprocess.run(["ip", *args], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise AssertionError(f"ip {' '.join(args)}: {done.stderr.strip()}")


@dataclass
class NodeHost:
    """The namespace, sshd on the server side, and the processes run inside the namespace."""

    folder: Path
    name: str = field(default_factory=lambda: f"srnode{secrets.token_hex(3)}")
    processes: dict[str, subprocess.Popen[bytes]] = field(default_factory=dict)
    ssh_port: int = 0

    @property
    def veth(self) -> str:
        return f"v{self.name}"[:15]

    def create(self) -> NodeHost:
        if os.geteuid() != 0 or shutil.which("ip") is None:
            missing_system_package("the tunnel test needs root and iproute2 (ip netns)")
        if shutil.which("sshd") is None and not Path("/usr/sbin/sshd").exists():
            missing_system_package("the tunnel test needs sshd: apt-get install openssh-server")
        _ip("netns", "add", self.name)
        _ip("link", "add", self.veth, "type", "veth", "peer", "name", "eth0", "netns", self.name)
        _ip("addr", "add", f"{SERVER_SIDE}/30", "dev", self.veth)
        _ip("link", "set", self.veth, "up")
        for args in (
            ["addr", "add", f"{NODE_SIDE}/30", "dev", "eth0"],
            ["link", "set", "eth0", "up"],
            ["link", "set", "lo", "up"],
        ):
            _ip("netns", "exec", self.name, "ip", *args)
        return self

    def inside(self, args: list[str]) -> list[str]:
        return ["ip", "netns", "exec", self.name, *args]

    def spawn(self, name: str, args: list[str], env: dict[str, str], inside: bool) -> None:
        log = (self.folder / f"{name}.log").open("ab")
        self.processes[name] = subprocess.Popen(
            self.inside(args) if inside else args,
            env=env, stdout=log, stderr=log, start_new_session=True,
        )  # fmt: skip
        log.close()

    def log(self, name: str) -> str:
        path = self.folder / f"{name}.log"
        return path.read_text(errors="replace")[-3000:] if path.exists() else ""

    def start_sshd(self) -> None:
        """sshd on the server side of the link only, keys made here, forwarding allowed."""
        keys = self.folder / "ssh"
        keys.mkdir(mode=0o700, exist_ok=True)
        for kind in ("host", "client"):
            subprocess.run(
                ["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", str(keys / kind)],
                check=True,
            )
        (keys / "authorized_keys").write_text((keys / "client.pub").read_text())
        self.ssh_port = free_port()
        config = keys / "sshd_config"
        config.write_text(
            f"ListenAddress {SERVER_SIDE}:{self.ssh_port}\n"
            f"HostKey {keys / 'host'}\n"
            f"AuthorizedKeysFile {keys / 'authorized_keys'}\n"
            f"PidFile {keys / 'sshd.pid'}\n"
            "PermitRootLogin prohibit-password\nPasswordAuthentication no\n"
            "KbdInteractiveAuthentication no\nUsePAM no\nStrictModes no\n"
            "AllowTcpForwarding yes\nGatewayPorts no\nPermitTTY no\nX11Forwarding no\n"
        )
        Path("/run/sshd").mkdir(exist_ok=True)  # privilege separation directory
        sshd = shutil.which("sshd") or "/usr/sbin/sshd"
        self.spawn("sshd", [sshd, "-D", "-e", "-f", str(config)], dict(os.environ), False)

    def open_tunnel(self, *, node_port: int, remote_node_port: int, web_port: int) -> None:
        """From inside the namespace: -R brings the node to the server's loopback, -L brings
        the server's internal address to the node's loopback."""
        keys = self.folder / "ssh"
        self.spawn(
            "tunnel",
            ["ssh", "-N", "-i", str(keys / "client"), "-p", str(self.ssh_port),
             "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
             "-o", "ExitOnForwardFailure=yes", "-o", "ServerAliveInterval=5",
             "-o", "BatchMode=yes",
             "-R", f"127.0.0.1:{remote_node_port}:127.0.0.1:{node_port}",
             "-L", f"127.0.0.1:{web_port}:127.0.0.1:{web_port}",
             f"root@{SERVER_SIDE}"],
            dict(os.environ), True,
        )  # fmt: skip

    def reachable_inside(self, url: str) -> bool:
        """Whether `url` answers from inside the namespace."""
        script = (
            "import sys, httpx\n"
            "try:\n    httpx.get(sys.argv[1], timeout=2)\nexcept httpx.HTTPError:\n"
            "    sys.exit(1)\n"
        )
        done = subprocess.run(
            self.inside([sys.executable, "-c", script, url]), capture_output=True, check=False
        )
        return done.returncode == 0

    def wait(
        self, check: Callable[[], bool], what: str, names: tuple[str, ...], timeout: float = 60
    ) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for name in names:
                if self.processes[name].poll() is not None:
                    raise AssertionError(f"{name} exited: {self.log(name)}")
            if check():
                return
            time.sleep(0.3)
        raise AssertionError(f"{what} did not come up: " + " | ".join(self.log(n) for n in names))

    def destroy(self) -> None:
        for process in self.processes.values():
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, 15)
        for process in self.processes.values():
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(process.pid, 9)
                process.wait()
        subprocess.run(["ip", "link", "del", self.veth], capture_output=True, check=False)
        subprocess.run(["ip", "netns", "del", self.name], capture_output=True, check=False)
