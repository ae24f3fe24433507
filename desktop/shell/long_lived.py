"""What the window makes before its first paint lives as long as the process: the
garbage collector stops walking it.

A full collection walks every object the collector tracks, holding the
interpreter's lock: every thread stops, the GUI thread too.  By the first paint
the window has made about 90 000 (modules, classes, functions, Qt wrappers), so a
full collection took 40 ms on an idle machine and 150-250 ms on a loaded one, and
a refresh of the visit list (which makes objects on its worker) set one off about
every other time.  ``gc.freeze()`` moves them to a generation collections skip;
they are still freed by reference counting if they go.  No collection first: it
would cost the same pause once, and the cyclic garbage it would find at start-up
is a one-off few kilobytes (the pattern the ``gc`` documentation gives for
``freeze``).  Objects made later are collected as before.

Until then the GUI does not collect at all (``hold_collections``, from the start of
``run_gui``): the ~30 collections of the young generations that making the window set
off walked what was about to be frozen anyway, ~10 ms of the way to the first paint.

When that window closes (a profile switch, a wipe) they are thawed: what it made
must be collectable again, the visits of a wiped profile first of all.
"""

from __future__ import annotations

import gc

_done: list[bool] = []  # once per process: later windows (another profile, tests) add little


def hold_collections() -> None:
    """No automatic collection until ``freeze_start_up`` (the first window's first paint)
    or ``resume_collections``."""
    gc.disable()


def resume_collections() -> None:
    gc.enable()


def freeze_start_up() -> bool:
    """After the first window's first paint; a no-op after that (False) but for turning
    collections back on.  Freezing again later would pin whatever cyclic garbage exists
    at that moment for the life of the process (closed dialogs, finished tests' windows)."""
    if _done:
        resume_collections()
        return False
    _done.append(True)
    gc.freeze()
    resume_collections()
    return True


def thaw_start_up() -> None:
    """When the window frozen at its first paint shuts down: its objects, cycles
    included, can be collected again.  A later window (another profile) is not
    frozen: its refreshes make few tracked objects (the list's rows are not)."""
    gc.unfreeze()
