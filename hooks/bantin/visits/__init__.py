"""Visit counting from the web server's own access logs, with no personal data kept.

`logs` reads combined-format lines, `rules` says what counts, `counting` turns hits into
daily aggregates (visits, page views) and per-page views, `store` keeps them safely on
disk, `summary` gives the figures the pages show.
"""
