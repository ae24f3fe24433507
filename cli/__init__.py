"""The ``fielddesk`` command line (``cli.__main__``): the same store, outbox and engine as
the window, for deployment scripts, support and quick work in a terminal.

Nothing here imports Qt or ``desktop``: the ``gui`` command and ``--self-test`` hand the
run to the Qt package by module name (see ``cli.__main__``).  New commands: a handler in
``commands.py`` (or a module of its own, as ``dispatch_commands.py``), its arguments in
``parser.py``.  A command that only reads the replica goes in a module that imports
``cli.context`` and not ``cli.commands`` (as ``listing_commands.py``) and reads
``ctx.replica``: it then starts without the HTTP stack, the keyring and sqlite-utils.
"""
