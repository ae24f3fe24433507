"""FieldDesk desktop application (PySide6)."""
