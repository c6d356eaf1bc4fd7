"""One way to wait: poll until something is true or a deadline passes, never past it."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

R = TypeVar("R")


@dataclass(frozen=True)
class Deadline:
    """A point in time on `clock`; polls size their own timeouts by `remaining()`."""

    end: float
    clock: Callable[[], float] = time.monotonic

    @classmethod
    def after(cls, seconds: float, clock: Callable[[], float] = time.monotonic) -> Deadline:
        return cls(clock() + seconds, clock)

    def remaining(self) -> float:
        return max(0.0, self.end - self.clock())

    @property
    def expired(self) -> bool:
        return self.clock() >= self.end


def wait_until(
    poll: Callable[[Deadline], R | None],
    *,
    deadline: Deadline,
    interval: float,
    sleep: Callable[[float], None] = time.sleep,
) -> R | None:
    """Call `poll` until it returns something other than None; None when time ran out.

    `poll` runs at least once, even with no time left, and never sleeps past the deadline.
    """
    while True:
        result = poll(deadline)
        if result is not None:
            return result
        left = deadline.remaining()
        if left <= 0:
            return None
        sleep(min(interval, left))
