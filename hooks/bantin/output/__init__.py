"""What is written after the pages: the search index and the atomic publish."""
