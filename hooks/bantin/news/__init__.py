"""The news module: bulletins (`docs/tin-tuc/**/*.md`), their lists, feeds and sitemap.

Written for bantin instead of Material's blog plugin, which measured ~16 s for 1,000
posts (it compares posts pairwise), cannot take generated posts, keeps diacritics in
URLs and reads dates as UTC. Everything here is sorted or grouped once per build, so
build time grows linearly with the number of bulletins.
"""
