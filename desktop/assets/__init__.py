"""Asset records on site: find equipment, see its record, add, edit, replace, retire."""

from desktop.assets.page import AssetsPage

__all__ = ["AssetsPage"]
