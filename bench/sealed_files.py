"""What encrypting the profile's files costs: storing, reading and opening a file.

    .venv/bin/python -m bench.sealed_files          # a 4 MB photo and a 100 MB video

Floors are what FieldDesk did with plaintext files: a durable copy (write, fsync,
rename) to store, ``read_bytes`` to send, nothing at all to open (the viewer got
the stored file; a plain copy through the same writes is shown for scale).  On
Linux the copies go to $XDG_RUNTIME_DIR (memory); elsewhere to the temp folder.
The keyring is in memory, so its look-up (a D-Bus call on Linux, ~1 ms) is not in
the figures.
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

from bench._common import metric, print_metrics, summary_ms, timed, write_json

TARGET_RATIO = 1.3


def plain_store(source: Path, target: Path) -> None:
    partial = target.with_name(target.name + ".part")
    with source.open("rb") as reading, partial.open("wb") as writing:
        shutil.copyfileobj(reading, writing, 1024 * 1024)
        writing.flush()
        os.fsync(writing.fileno())
    partial.replace(target)


def plain_copy(source: Path, target: Path) -> None:
    """The same writes through Python, not copy_file_range (which may not write at all)."""
    with source.open("rb") as reading, target.open("wb") as writing:
        shutil.copyfileobj(reading, writing, 1024 * 1024)


def measure(folder: Path, name: str, size_mb: int, repeats: int) -> list[dict[str, Any]]:
    from sync import attachments, file_vault  # noqa: PLC0415
    from sync.open_copies import OpenCopies  # noqa: PLC0415

    source = folder / f"{name}.bin"
    with source.open("wb") as handle:
        for _ in range(size_mb):
            handle.write(os.urandom(1024 * 1024))
    attachments_dir = folder / "profile" / "attachments"
    plain_dir = folder / "plain"
    plain_dir.mkdir(exist_ok=True)
    copies = OpenCopies()  # where the app puts them
    stored: list[Path] = []

    def store() -> None:
        item = attachments.import_file(attachments_dir, source, max_bytes=2**31)
        stored.append(Path(item["path"]))

    def p50(action: Callable[[], object]) -> float:
        return float(summary_ms([timed(action) for _ in range(repeats)])["p50_ms"])

    floor_store = p50(lambda: plain_store(source, plain_dir / name))
    sealed_store = p50(store)
    floor_read = p50((plain_dir / name).read_bytes)
    sealed_read = p50(lambda: file_vault.read_plain(stored[0]))
    floor_copy = p50(lambda: plain_copy(plain_dir / name, plain_dir / "copy"))
    opened = p50(lambda: copies.copy_of(stored[0], name))
    copies.remove()
    within = f"<= {TARGET_RATIO}x"
    return [
        metric(
            f"store a {size_mb} MB {name} (sealed, durable), p50 ms",
            sealed_store,
            floor_store,
            within,
            sealed_store <= TARGET_RATIO * floor_store,
        ),
        metric(
            "read it whole to send, p50 ms",
            sealed_read,
            floor_read,
            "decrypt speed",
            None,
        ),
        metric(
            "open it (decrypted copy), p50 ms; floor: a plain copy",
            opened,
            floor_copy,
            "off the GUI thread",
            None,
        ),
    ]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--video-mb", type=int, default=100)
    parser.add_argument("--repeats", type=int, default=5)
    args = parser.parse_args()
    import keyring  # noqa: PLC0415

    from sync.secrets import MemoryKeyring  # noqa: PLC0415

    keyring.set_keyring(MemoryKeyring())
    rows: list[dict[str, Any]] = []
    with tempfile.TemporaryDirectory() as folder:
        for name, size in {"photo": 4, "video": args.video_mb}.items():
            rows += measure(Path(folder), name, size, args.repeats)
    peak_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print_metrics(rows)
    print(f"peak RSS {peak_mb:.0f} MB (the {args.video_mb} MB file is read whole once, to send)")
    write_json("sealed_files", {"metrics": rows, "peak_rss_mb": peak_mb})


if __name__ == "__main__":
    main()
