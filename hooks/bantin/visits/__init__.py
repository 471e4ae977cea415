"""Visit counting from the web server's own access logs, with no personal data kept.

`logs` reads combined-format lines and remembers how far each log was read, `rules` says
what counts, `pages` lists the built site's pages (the only keys page views may add),
`counting` turns hits into daily aggregates (visits, page views) and per-page views,
`datafile` and `store` keep them safely on disk, `summary` gives the figures the pages show.
"""
