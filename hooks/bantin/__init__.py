"""bantin core: progress data → validated model → statistics → Vietnamese pages.

Pure Python, no MkDocs import: `hooks/mkdocs_hooks.py` is the only place that knows
MkDocs, so the core can move to another generator when MkDocs 1.x goes.
"""
