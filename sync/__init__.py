"""FieldDesk's offline replica, outbox, sync engine and helpdesk connectors.

Plain Python: nothing here imports Qt, so the CLI, tests and benchmarks can
drive it exactly as the GUI does.
"""

from __future__ import annotations

import functools


@functools.cache
def installed_version() -> str:
    """FieldDesk's version, read from the installed package's metadata.

    Looked up on first use, not at import: ``importlib.metadata`` and the scan of
    the installed distributions cost every start ~30 ms that only ``--version``,
    the self-test and the crash report need.
    """
    from importlib.metadata import PackageNotFoundError, version  # noqa: PLC0415

    try:
        return version("fielddesk")
    except PackageNotFoundError:  # running from a source tree that is not installed
        return "0.0.0+source"


def __getattr__(name: str) -> str:
    # ``from sync import __version__`` keeps working, and pays only when it runs.
    if name == "__version__":
        return installed_version()
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
