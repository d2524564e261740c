"""morgue's search half: the query language, the index reader and the `morgue` CLI."""
