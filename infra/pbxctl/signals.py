"""Stop signals as exceptions, so an action that is killed still writes its audit line.

A dropped SSH session sends SIGHUP, `kill` and systemd send SIGTERM; by default either
ends the process on the spot. Here both raise `Interrupted`, which the actions treat like
Ctrl-C: they settle and record what they left behind, then the CLI exits 130.
"""

from __future__ import annotations

import signal
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import FrameType

from infra.errors import Interrupted

STOP_SIGNALS = (signal.SIGTERM, signal.SIGHUP)


def _raise(signum: int, _frame: FrameType | None) -> None:
    raise Interrupted(signal.Signals(signum).name)


def stop_on_signals() -> None:
    """From now on SIGTERM and SIGHUP raise `Interrupted` in the main thread."""
    for signum in STOP_SIGNALS:
        signal.signal(signum, _raise)


@contextmanager
def signals_held() -> Iterator[None]:
    """Let nothing interrupt the block (writing the audit line); a stop signal or Ctrl-C
    that arrives meanwhile takes effect after it."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []
    held = (signal.SIGINT, *STOP_SIGNALS)
    previous = {signum: signal.signal(signum, lambda s, _f: pending.append(s)) for signum in held}
    try:
        yield
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    if pending:
        name = signal.Signals(pending[0]).name
        raise Interrupted(name) if pending[0] != signal.SIGINT else KeyboardInterrupt
