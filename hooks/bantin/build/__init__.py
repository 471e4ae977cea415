"""One build: its state, its page kinds, the pages' checks and renderers."""
