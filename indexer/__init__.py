"""morgue's ingest half: WARC/ARC/WET records → clean news stories → a tantivy index."""
