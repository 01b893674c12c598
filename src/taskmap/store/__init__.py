"""Where notices are kept: the SQLite database compiled from each library's YAML (`database`).

The YAML stays the one source of truth; the database is derived from it, keyed by the files' content
hashes, and thrown away and built again whenever it is damaged.
"""
