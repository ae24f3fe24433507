"""FieldDesk benchmarks: scripts that measure a floor and the product in the same run.

Run them as modules from the repository root, e.g. ``.venv/bin/python -m bench.kb_search``.
See docs/performance.md for what each one measures and the latest figures.
"""
