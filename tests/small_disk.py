"""Small file systems for tests of a full or read-only disk: a tmpfs mounted for the test.

Mounting needs root (the CI runs as root); elsewhere the test is skipped.  The mount
is always undone when the test ends, whatever happened in it.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest


@contextmanager
def small_disk(mount: Path, size: str) -> Iterator[Path]:
    """A file system of ``size`` (mount's "2m", "24m") at mount, made for the test."""
    mount.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(mount)],
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        pytest.skip(f"a small file system needs root to mount: {done.stderr.decode().strip()}")
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], check=False)


def make_read_only(mount: Path) -> None:
    """Remount the test's file system read-only, as a failing disk or a locked medium is."""
    subprocess.run(["mount", "-o", "remount,ro", str(mount)], check=True)


def fill_up(directory: Path) -> Path:
    """Fill the disk up: a file that takes every byte left."""
    filler = directory / "filler"
    with open(filler, "wb") as handle:
        try:
            while True:
                handle.write(b"\0" * 65536)
                handle.flush()
        except OSError:
            pass
    return filler
