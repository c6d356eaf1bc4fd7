"""Measuring: one command's wall time and the peak memory of its whole process tree, and the
statistics over runs. Commands that are compared run in turn (A B A B ...), so that load
from anything else on the machine falls on all of them alike."""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
GNU_TIME = Path("/usr/bin/time")


class RunFailed(RuntimeError):
    pass


def _children() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                data = stat.read()
        except OSError:
            continue
        fields = data[data.rindex(b")") + 2 :].split()
        children.setdefault(int(fields[1]), []).append(int(entry.name))
    return children


def tree_rss(root: int) -> int:
    """Resident memory (bytes) of `root` and all its descendants, from /proc."""
    children = _children()
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, []))
        try:
            with open(f"/proc/{pid}/statm", "rb") as statm:
                total += int(statm.read().split()[1]) * PAGE_SIZE
        except (OSError, IndexError, ValueError):
            pass  # the process ended between the two reads
    return total


class RssSampler:
    """Polls a process tree's resident memory every `interval` seconds while it runs."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, tree_rss(self.pid))
            self._stop.wait(self.interval)

    def stop(self) -> int:
        self._stop.set()
        self._thread.join()
        return self.peak


@dataclass
class Run:
    started: float  # time.perf_counter() at spawn
    wall_s: float
    rss_tree_mib: float  # python + node together, sampled
    rss_max_proc_mib: float  # the largest single process, from the kernel (GNU time %M)
    stdout: str

    @property
    def rss_peak_mib(self) -> float:
        # The sampler can miss a short process's peak; the kernel's figure cannot.
        return max(self.rss_tree_mib, self.rss_max_proc_mib)


def run_once(cmd: list[str], *, env: Mapping[str, str], cwd: Path, timeout: float = 900) -> Run:
    """Run `cmd` to completion; fail with its stderr's tail when it exits non-zero."""
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        time_file = Path(tmp) / "time"
        full = [str(GNU_TIME), "-f", "%M", "-o", str(time_file), *cmd] if GNU_TIME.exists() else cmd
        out_path, err_path = Path(tmp) / "stdout", Path(tmp) / "stderr"
        with out_path.open("wb") as out, err_path.open("wb") as err:
            started = time.perf_counter()
            proc = subprocess.Popen(
                full, cwd=cwd, env=dict(env), stdin=subprocess.DEVNULL, stdout=out, stderr=err
            )
            sampler = RssSampler(proc.pid)
            try:
                code = proc.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
                raise RunFailed(f"{' '.join(cmd)} took longer than {timeout:.0f} s") from None
            finally:
                tree = sampler.stop()
            wall = time.perf_counter() - started
        if code != 0:
            tail = err_path.read_text(errors="replace")[-2000:]
            raise RunFailed(f"{' '.join(cmd)} exited {code}:\n{tail}")
        max_proc = 0.0
        if time_file.exists():
            numbers = [line for line in time_file.read_text().splitlines() if line.isdigit()]
            max_proc = int(numbers[-1]) / 1024 if numbers else 0.0
        return Run(
            started=started,
            wall_s=wall,
            rss_tree_mib=tree / 2**20,
            rss_max_proc_mib=max_proc,
            stdout=out_path.read_text(errors="replace")[-4000:],
        )


def spread(values: list[float]) -> dict[str, Any]:
    return {
        "median": statistics.median(values),
        "min": min(values),
        "max": max(values),
        "samples": [round(v, 4) for v in values],
    }


def summary(runs: list[Run], *, warmup: int) -> dict[str, Any]:
    """The figures a row reports: wall time and peak memory over the timed runs."""
    return {
        "runs": len(runs),
        "warmup": warmup,
        "wall_s": spread([r.wall_s for r in runs]),
        "rss_tree_mib": spread([r.rss_tree_mib for r in runs]),
        "rss_max_proc_mib": spread([r.rss_max_proc_mib for r in runs]),
        "rss_peak_mib": spread([r.rss_peak_mib for r in runs]),
    }


@dataclass
class Command:
    argv: list[str]
    env: Mapping[str, str]
    cwd: Path
    # Emptied before each run (a synth's output folder), so no run reuses another's files.
    fresh_dir: Path | None = None
    before_each: Callable[[], None] | None = None
    runs: list[Run] = field(default_factory=list)


def in_turn(commands: dict[str, Command], *, rounds: int, warmup: int = 1) -> dict[str, Any]:
    """Run the commands round by round (A B C A B C ...) and summarize each one's runs."""
    for name, command in commands.items():
        print(f"--> {name}: {' '.join(command.argv)}", file=sys.stderr)
    for index in range(warmup + rounds):
        for name, command in commands.items():
            if command.fresh_dir is not None:
                shutil.rmtree(command.fresh_dir, ignore_errors=True)
            if command.before_each is not None:
                command.before_each()
            run = run_once(command.argv, env=command.env, cwd=command.cwd)
            kind = "warm-up" if index < warmup else f"round {index - warmup + 1}/{rounds}"
            print(
                f"    {name} {kind}: {run.wall_s:.2f} s, {run.rss_peak_mib:.0f} MiB",
                file=sys.stderr,
            )
            if index >= warmup:
                command.runs.append(run)
    return {name: summary(command.runs, warmup=warmup) for name, command in commands.items()}
