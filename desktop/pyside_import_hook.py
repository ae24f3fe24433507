"""PySide6's import hook, answered without ``inspect``: ~30 ms of every window start.

Importing PySide6 replaces ``builtins.__import__`` with a hook for its opt-in
``from __feature__ import snake_case`` (FieldDesk uses no feature).  After each
import statement the hook asks, once per module it has not seen, whether that
module uses PySide: ``"PySide6" in inspect.getsource(module)``.  The window
imports ~200 modules after PySide6 (the standard library's too), and
``getsource`` (file checks, ``linecache``, decoding, splitting into lines) took
~0.2 ms each, ~35 ms before the first paint.  Reading a module's ``.py`` file
and looking for the same word gives the same answer in a tenth of the time;
anything else (no file, a ``.pyc`` or extension module, a read error) still
goes to PySide's own test.  The standard library's modules are not read at all
(``sys.stdlib_module_names``): none names PySide6 (~40 files, ~2 ms of a start).
Nor are FieldDesk's own (``desktop``, ``sync``, ``cli``; ~105 files, ~3 ms): the
answer only chooses which feature set a module sees, and ours are all written
for PySide's default, "no feature" -- the answer given for them, also for the
``sync`` modules that do not name PySide6 (no Qt attribute is looked up there).

``PySide6.support.feature._mod_uses_pyside`` is PySide's internal function (the
same in 6.4-6.11); if a release drops it, nothing is replaced and starts are as
slow as before.  tests/desktop/test_pyside_import_hook.py checks the answers.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from types import ModuleType

import PySide6  # noqa: F401 - installs the hook (PySide6.support.feature)

FEATURE_MODULE = "PySide6.support.feature"
OWN_PACKAGES = frozenset({"desktop", "sync", "cli"})  # written without features, never read


def _reads_source_for(pyside_test: Callable[[ModuleType], bool]) -> Callable[[ModuleType], bool]:
    def uses_pyside(module: ModuleType) -> bool:
        package = str(getattr(module, "__name__", "")).partition(".")[0]
        if package in sys.stdlib_module_names:
            return False
        if package in OWN_PACKAGES:
            return True  # "no feature", PySide's default for the modules that use it
        path = getattr(module, "__file__", None)
        if isinstance(path, str) and path.endswith(".py"):
            try:
                with open(path, "rb") as source:
                    return b"PySide6" in source.read()
            except OSError:
                pass
        return pyside_test(module)

    uses_pyside.pyside_test = pyside_test  # type: ignore[attr-defined]
    return uses_pyside


def install() -> bool:
    """Answer PySide's "does this module use PySide?" by reading the file; False: not there."""
    feature = sys.modules.get(FEATURE_MODULE)
    pyside_test = getattr(feature, "_mod_uses_pyside", None)
    if feature is None or not callable(pyside_test):
        return False
    if not hasattr(pyside_test, "pyside_test"):  # installed once
        feature._mod_uses_pyside = _reads_source_for(pyside_test)  # type: ignore[attr-defined]
    return True
