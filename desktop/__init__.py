"""FieldDesk desktop application (PySide6)."""

from desktop import pyside_import_hook

# Before the window's modules load: PySide6 looks at each of them (see that module).
pyside_import_hook.install()
