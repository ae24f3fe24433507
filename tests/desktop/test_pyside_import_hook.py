"""PySide6's import hook judges each module as before when it reads the file itself;
FieldDesk's own modules all get PySide's default, "no feature", unread."""

from __future__ import annotations

import sys

from desktop import pyside_import_hook  # the desktop package installed it at import


def test_every_loaded_module_is_judged_as_pyside_judges_it() -> None:
    feature = sys.modules[pyside_import_hook.FEATURE_MODULE]
    quick = feature._mod_uses_pyside
    pyside_test = quick.pyside_test  # PySide's own, kept for what has no .py file
    modules = dict(sys.modules)
    assert len(modules) > 100
    ours = {name for name in modules if name.partition(".")[0] in pyside_import_hook.OWN_PACKAGES}
    assert "desktop.pyside_import_hook" in ours
    answers = {name: quick(module) for name, module in modules.items() if name not in ours}
    assert answers == {name: pyside_test(modules[name]) for name in answers}
    assert answers["json"] is False
    assert all(quick(modules[name]) for name in ours)  # the "no feature" default, unread


def test_installing_again_keeps_one_layer() -> None:
    feature = sys.modules[pyside_import_hook.FEATURE_MODULE]
    before = feature._mod_uses_pyside
    assert pyside_import_hook.install()
    assert feature._mod_uses_pyside is before
