"""The audit log: one JSON line per action, appended and fsynced before pbxctl says "done".

The file is opened before anything changes, so an unwritable path stops the action while
nothing has happened yet; a write that fails afterwards is an error that says what changed.
"""

from __future__ import annotations

import getpass
import json
import os
import socket
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from platformdirs import user_state_path

from infra.config import Config
from infra.errors import AuditError

AUDIT_ENV = "PBX_FAILOVER_AUDIT_LOG"


def audit_path(config: Config) -> Path:
    """$PBX_FAILOVER_AUDIT_LOG, else `cli.audit_log` (relative to the config file), else
    the user's state directory."""
    from_env = os.environ.get(AUDIT_ENV, "").strip()
    if from_env:
        return Path(from_env).expanduser()
    if config.cli.audit_log is not None:
        path = config.cli.audit_log.expanduser()
        return path if path.is_absolute() else config.source.parent / path
    return user_state_path("pbx-failover") / "audit.jsonl"


def who() -> str:
    """The person behind the command, also when it runs under sudo."""
    try:
        user = getpass.getuser()
    except (OSError, KeyError):
        user = f"uid {os.getuid()}"
    sudo_user = os.environ.get("SUDO_USER")
    return f"{sudo_user} (sudo as {user})" if sudo_user and sudo_user != user else user


def record(
    *,
    started: datetime,
    site: str,
    action: str,
    reason: str | None,
    forced: bool,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    result: str,
    duration: float,
    **extra: Any,
) -> dict[str, Any]:
    return {
        "time": started.astimezone(UTC).isoformat(timespec="seconds"),
        "user": who(),
        "host": socket.gethostname(),
        "site": site,
        "action": action,
        "reason": reason,
        "forced": forced,
        "before": before,
        "after": after,
        "result": result,
        "duration": round(duration, 3),
        **extra,
    }


class AuditLog:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None

    def open(self) -> int:
        if self._fd is not None:
            return self._fd
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            # Non-blocking: a FIFO as the log fails at once (no reader) instead of hanging.
            flags = os.O_WRONLY | os.O_APPEND | os.O_CREAT | os.O_NONBLOCK
            self._fd = os.open(self.path, flags, 0o600)
        except OSError as err:
            raise AuditError(
                f"cannot open the audit log {self.path} ({err.strerror}); set cli.audit_log "
                f"or ${AUDIT_ENV} to a writable file"
            ) from None
        return self._fd

    def append(self, entry: dict[str, Any]) -> None:
        """One line, written with a single write() so concurrent pbxctl runs never interleave."""
        fd = self.open()
        line = (json.dumps(entry, default=str) + "\n").encode()
        try:
            written = os.write(fd, line)
            if written != len(line):
                raise OSError(0, f"only {written} of {len(line)} bytes were written")
            os.fsync(fd)
        except OSError as err:
            raise AuditError(f"cannot write the audit log {self.path} ({err.strerror})") from None

    def close(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> AuditLog:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()
