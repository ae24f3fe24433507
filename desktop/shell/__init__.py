"""The window around the screens.

``main_window`` makes each screen, puts it on the rail (``rail``) and wires the
screens to each other: they never import one another, they emit signals and the
window answers them (a visit asks for a KB draft, the Ready screen for a sync...).
Also here: the sync tool bar and its runs (``window_sync``, ``sync_controller``),
the indicator and automatic sync (``sync_status``), the message strip
(``banner``), notifications and the crash handler.
"""
