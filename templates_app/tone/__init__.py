"""Tone lint: rules as data (`rules/<language>.toml`), applied per channel tone."""
