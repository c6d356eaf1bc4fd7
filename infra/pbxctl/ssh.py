"""SSH to a node with the system OpenSSH client: host keys checked, never a password.

The backup is reached directly (its FQDN, the user's ssh_config applies). The primary with
`access = "ssm"` is reached through Session Manager: EC2 Instance Connect first pushes the
public half of `--identity` for 60 seconds, then ssh connects to the instance id through
`aws ssm start-session` as ProxyCommand ($PBX_FAILOVER_SSM_PROXY_COMMAND replaces it, with
ssh's `%h`/`%p` tokens). Host keys come from known_hosts (`--known-hosts`, else ssh's own);
an unknown key is accepted only with `--accept-new-host-key`, a changed one never.

On the node, `infra/node/install.py` runs as root (through `sudo -n` for other users),
sent inline with every command, so the node needs nothing but python3.
"""

from __future__ import annotations

import base64
import os
import shlex
import subprocess
import tempfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from infra.config import SiteConfig
from infra.errors import ConfigError, PbxError, RefusedError
from infra.naming import Node
from infra.pbxctl.clients.aws import Aws

PROXY_ENV = "PBX_FAILOVER_SSM_PROXY_COMMAND"
# For pipelines: the private key itself (a CI secret), kept in a 0600 file for one command.
PRIVATE_KEY_ENV = "PBX_FAILOVER_SSH_PRIVATE_KEY"
DEFAULT_SSM_PROXY = (
    "aws ssm start-session --region {region} --target %h "
    "--document-name AWS-StartSSHSession --parameters portNumber=%p"
)
CONNECT_TIMEOUT = 10
_SSH_FAILED = 255  # ssh's own exit code for its failures (the remote command's otherwise)


class NodeUnreachableError(PbxError):
    """SSH to a node failed (network, authentication); nothing was changed there."""


@dataclass(frozen=True)
class SshOptions:
    known_hosts: Path | None = None  # None: ssh's own (~/.ssh/known_hosts)
    identity: Path | None = None
    ssh_config: Path | None = None  # None: ssh's own (~/.ssh/config)
    accept_new_host_key: bool = False
    command_timeout: float = 120.0


@dataclass(frozen=True)
class SshTarget:
    node: Node
    host: str  # a name or address, or the instance id behind Session Manager
    user: str
    proxy_command: str | None = None
    instance_id: str | None = None  # pushed a key with EC2 Instance Connect first
    region: str | None = None

    def describe(self) -> str:
        via = " through Session Manager" if self.proxy_command else ""
        return f"{self.user}@{self.host}{via}"


@contextmanager
def identity_file(identity: Path | None) -> Iterator[Path | None]:
    """`identity`, else $PBX_FAILOVER_SSH_PRIVATE_KEY in a private temporary file."""
    key = os.environ.get(PRIVATE_KEY_ENV, "")
    if identity is not None or not key:
        yield identity
        return
    with tempfile.TemporaryDirectory(prefix="pbxctl-ssh-") as folder:
        path = Path(folder) / "id"
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            handle.write(key.strip() + "\n")
        yield path


def target_for(site: SiteConfig, node: Node, fqdn: str, instance_id: str | None) -> SshTarget:
    """How to reach a node: the backup and an `access = "ssh"` primary by name."""
    if node is Node.BACKUP:
        return SshTarget(node, fqdn, site.backup.ssh_user)
    if site.primary.access == "ssh":
        return SshTarget(node, fqdn, site.primary.ssh_user)
    if instance_id is None:
        raise RefusedError(
            f"no running EC2 instance is tagged as {site.name}'s primary, so Session Manager "
            "has nothing to connect to"
        )
    proxy = os.environ.get(PROXY_ENV) or DEFAULT_SSM_PROXY.format(region=site.primary.region)
    return SshTarget(
        node,
        instance_id,
        site.primary.ssh_user,
        proxy_command=proxy,
        instance_id=instance_id,
        region=site.primary.region,
    )


def _installer_command(command: str, *args: str) -> str:
    """`python3 -c` with the installer inline (compressed), run as root."""
    source = resources.files("infra.node").joinpath("install.py").read_bytes()
    packed = base64.b64encode(zlib.compress(source, 9)).decode("ascii")
    loader = f"import base64,zlib;exec(zlib.decompress(base64.b64decode('{packed}')))"
    return shlex.join(["python3", "-I", "-c", loader, command, *args])


class Ssh:
    """One node's SSH connection settings; every call is a fresh, bounded `ssh` process."""

    def __init__(self, target: SshTarget, options: SshOptions, aws: Aws | None = None) -> None:
        self.target = target
        self.options = options
        self._aws = aws
        self._key_pushed = False

    def argv(self, remote: str) -> list[str]:
        opts = self.options
        argv = ["ssh", "-T"]
        if opts.ssh_config is not None:
            argv += ["-F", str(opts.ssh_config)]
        settings = {
            "BatchMode": "yes",
            "PasswordAuthentication": "no",
            "KbdInteractiveAuthentication": "no",
            "StrictHostKeyChecking": "accept-new" if opts.accept_new_host_key else "yes",
            "ConnectTimeout": str(CONNECT_TIMEOUT),
            "ServerAliveInterval": "5",
            "ServerAliveCountMax": "3",
            "LogLevel": "ERROR",
            "User": self.target.user,
        }
        if opts.known_hosts is not None:
            settings["UserKnownHostsFile"] = str(opts.known_hosts)
        if opts.identity is not None:
            settings["IdentityFile"] = str(opts.identity)
            settings["IdentitiesOnly"] = "yes"
        if self.target.proxy_command is not None:
            settings["ProxyCommand"] = self.target.proxy_command
        for key, value in settings.items():
            argv += ["-o", f"{key}={value}"]
        return [*argv, "--", self.target.host, remote]

    def installer(self, command: str, *args: str, payload: bytes = b"") -> bytes:
        """Run `install.py COMMAND ARGS` on the node as root; its stdout (one JSON line)."""
        remote = _installer_command(command, *args)
        if self.target.user != "root":
            remote = f"sudo -n {remote}"
        return self.run(remote, payload)

    def run(self, remote: str, payload: bytes = b"") -> bytes:
        self._push_key()
        try:
            done = subprocess.run(
                self.argv(remote),
                input=payload,
                capture_output=True,
                timeout=self.options.command_timeout,
                check=False,
            )
        except FileNotFoundError:
            raise ConfigError(
                "the OpenSSH client (ssh) is not installed; install it (Debian/Ubuntu: "
                "apt-get install openssh-client)"
            ) from None
        except subprocess.TimeoutExpired:
            raise NodeUnreachableError(
                f"the {self.target.node} ({self.target.describe()}) did not finish within "
                f"{self.options.command_timeout:.0f} s over SSH"
            ) from None
        if done.returncode == _SSH_FAILED:
            raise self._ssh_error(done.stderr.decode("utf-8", "replace"))
        return done.stdout

    def _ssh_error(self, stderr: str) -> PbxError:
        node, where = self.target.node, self.target.describe()
        known = self.options.known_hosts or Path("~/.ssh/known_hosts")
        if "REMOTE HOST IDENTIFICATION HAS CHANGED" in stderr:
            return RefusedError(
                f"the {node}'s SSH host key ({where}) differs from the one in {known}; find "
                "out why (a rebuilt node?) and remove the old line with ssh-keygen -R before "
                "trying again; nothing was changed"
            )
        if "Host key verification failed" in stderr or "No host key is known" in stderr:
            return RefusedError(
                f"the {node}'s SSH host key ({where}) is not in {known}; compare its "
                "fingerprint with the node's console, then run again with "
                "--accept-new-host-key; nothing was changed"
            )
        if "Permission denied" in stderr:
            return NodeUnreachableError(
                f"the {node} ({where}) refused our SSH key; give the right one with "
                "--identity (no password logins); nothing was changed"
            )
        last = next((line for line in reversed(stderr.splitlines()) if line.strip()), "")
        return NodeUnreachableError(
            f"cannot reach the {node} over SSH ({where}): {last.strip() or 'no reason given'}"
        )

    def _push_key(self) -> None:
        """EC2 Instance Connect: the identity's public key is accepted for 60 seconds."""
        target = self.target
        if target.instance_id is None or self._key_pushed:
            return
        identity = self.options.identity
        if identity is None:
            raise ConfigError(
                "the primary is reached through Session Manager with a key pushed by EC2 "
                "Instance Connect: give the private key with --identity (or "
                "$PBX_FAILOVER_SSH_IDENTITY)"
            )
        public = _public_key(identity)
        aws = self._aws or Aws()
        client: Any = aws.client("ec2-instance-connect", target.region or "us-east-1")
        aws.call(
            f"pushing an SSH key to {target.instance_id} with EC2 Instance Connect",
            client.send_ssh_public_key,
            InstanceId=target.instance_id,
            InstanceOSUser=target.user,
            SSHPublicKey=public,
        )
        self._key_pushed = True


def _public_key(identity: Path) -> str:
    public = identity.with_name(identity.name + ".pub")
    try:
        return public.read_text(encoding="utf-8").strip()
    except OSError:
        pass
    try:
        done = subprocess.run(
            ["ssh-keygen", "-y", "-f", str(identity)],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
            stdin=subprocess.DEVNULL,
        )
    except (OSError, subprocess.TimeoutExpired):
        done = None
    if done is None or done.returncode != 0:
        raise ConfigError(
            f"cannot read the public key of {identity}; put it beside the key as "
            f"{public.name}, or use a key without a passphrase in ssh-agent's stead"
        )
    return done.stdout.strip()
