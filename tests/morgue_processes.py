"""Real `morgue` processes for the fault tests and `bench/faults.py`: run one to its end
(`morgue`), start one in a process group of its own (as a shell starts a job), kill the whole
group, wait until it is gone."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
MORGUE = [sys.executable, "-m", "search.cli"]


def default_sigint() -> None:
    """For `preexec_fn`: a child started by a background job inherits SIGINT ignored; give it
    the default, so that a Ctrl-C (SIGINT) sent to it does arrive."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def start_morgue(*args: str, env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*MORGUE, *args],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # its own process group, like a job started from a shell
        preexec_fn=default_sigint,
    )


def stop_group(proc: subprocess.Popen[str], timeout: float = 30) -> tuple[str, str]:
    """Kill whatever is left of `proc`'s process group; its output so far."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGKILL)
    try:
        out, err = proc.communicate(timeout=timeout)
    except ValueError:  # streams already read and closed
        out, err = "", ""
    return out or "", err or ""


def group_gone(pgid: int, seconds: float = 20) -> bool:
    """Whether every process of group `pgid` has ended within `seconds`."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.05)
    return False


def env() -> dict[str, str]:
    """The environment of a `morgue` under test: no MORGUE_INDEX from the caller, no colour."""
    e = {k: v for k, v in os.environ.items() if k != "MORGUE_INDEX"}
    e["NO_COLOR"] = "1"
    e["PYTHONDONTWRITEBYTECODE"] = "1"
    return e


def morgue(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `morgue ARGS` to its end; its exit status and output."""
    return subprocess.run(
        [*MORGUE, *args],
        cwd=REPO,
        env=env(),
        capture_output=True,
        text=True,
        encoding="utf-8",
        errors="surrogateescape",
        timeout=timeout,
    )


def wait_until(check: Callable[[], bool], seconds: float, what: str) -> None:
    """Poll `check` until it holds; fail naming `what` after `seconds`."""
    deadline = time.monotonic() + seconds
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {seconds} s waiting for {what}")
        time.sleep(0.02)
