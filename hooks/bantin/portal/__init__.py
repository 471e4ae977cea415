"""The office's site settings (data/site.yml): identity, categories, menu, banners, blocks."""
