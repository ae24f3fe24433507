"""FieldDesk's offline replica, outbox, sync engine and helpdesk connectors.

Plain Python: nothing here imports Qt, so the CLI, tests and benchmarks can
drive it exactly as the GUI does.
"""

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("fielddesk")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0+source"
