"""Exit codes and the one exception root of pbx-failover.

Every error a person can see is a `PbxError`: one sentence that says what went wrong and
what to do, and the exit code it maps to. The CLI maps them in exactly one place.
"""

from __future__ import annotations

from enum import IntEnum

# Longest message printed: an error names values, never echoes a whole file.
MESSAGE_LIMIT = 2000


class ExitCode(IntEnum):
    """Documented process exit codes (README, "Exit codes")."""

    OK = 0
    FAILURE = 1  # unexpected failure: a bug or an API that kept failing
    USAGE = 2  # bad arguments or a bad config file
    REFUSED = 3  # degraded, or a precondition refused the change
    TIMEOUT = 4  # timed out waiting (for DNS, for a Hetzner action)
    CONFLICT = 5  # someone else changed the same thing at the same time
    ROLLED_BACK = 6  # a node did not take a new config; its previous one was restored
    INTERRUPTED = 130  # Ctrl-C, SIGTERM or SIGHUP (the shell's 128 + SIGINT for all three)


class Interrupted(KeyboardInterrupt):
    """SIGTERM or SIGHUP (a closed terminal, a dropped SSH session), handled like Ctrl-C:
    the action records what it left behind. `str()` is the signal's name."""


class PbxError(Exception):
    """Root of all errors that reach a person. `str(err)` is the sentence to print."""

    exit_code: ExitCode = ExitCode.FAILURE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ConfigError(PbxError):
    """The config file (or an argument) is wrong; nothing was changed or written.

    `key` names the config key at fault (`site[0].sip.tls_port`) when the raiser knows it;
    the message then reads "<key>: <reason>".
    """

    exit_code = ExitCode.USAGE

    def __init__(self, message: str, *, key: str | None = None) -> None:
        super().__init__(f"{key}: {message}" if key else message)
        self.key = key
        self.reason = message


class PolicyError(ConfigError):
    """The firewall policy cannot be rendered within a provider's limits."""


class RefusedError(PbxError):
    """A precondition failed; nothing was changed."""

    exit_code = ExitCode.REFUSED


class WaitTimeoutError(PbxError):
    exit_code = ExitCode.TIMEOUT


class ConflictError(PbxError):
    """Someone else changed it first. `after_retry`: the refusal came to a retried request,
    whose first attempt may itself have been the change (its answer lost on the wire)."""

    exit_code = ExitCode.CONFLICT

    def __init__(self, message: str, *, after_retry: bool = False) -> None:
        super().__init__(message)
        self.after_retry = after_retry


class ApiError(PbxError):
    """A cloud API kept failing after retries, or answered with an error we cannot fix."""


class ActionError(ApiError):
    """A Hetzner action finished with an error; `action_id` finds it in the console/API."""

    def __init__(self, message: str, action_id: int) -> None:
        super().__init__(message)
        self.action_id = action_id


class ActionTimeoutError(WaitTimeoutError):
    """A Hetzner action was still running when we stopped waiting for it."""

    def __init__(self, message: str, action_id: int) -> None:
        super().__init__(message)
        self.action_id = action_id


class RolledBackError(PbxError):
    """A node failed its reload or its health check after a sync; its previous tree is back."""

    exit_code = ExitCode.ROLLED_BACK


class AuditError(PbxError):
    """The audit log cannot be written: an action without a record is not allowed."""


def printable(text: str) -> str:
    """`text` safe for a terminal: control and format characters escaped, length bounded.

    Keys, values and file names come from the user; an escape sequence in one of them must
    not reach the terminal as a command, and a huge value must not flood it.
    """
    shown = "".join(
        char if char.isprintable() else char.encode("unicode_escape").decode("ascii")
        for char in text[: MESSAGE_LIMIT + 1]
    )
    return shown if len(shown) <= MESSAGE_LIMIT else shown[: MESSAGE_LIMIT - 3] + "..."
