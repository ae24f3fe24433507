"""What the shell and the screens share; nothing here knows a screen or the shell.

The message bridge and known errors (``messages``, ``user_errors``), work off the
GUI thread (``background``), icons, colours and times (``icons``, ``theme``,
``times``), and the few widgets, models and texts more than one screen uses
(``row_table``, ``rows``, ``field_names``), and what shows content from outside
(``safe_html`` with ``bounded_html``, ``full_text``, ``outside_links``).
"""
