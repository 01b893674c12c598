"""Where notices are kept and how they are read: finding data directories and libraries
(`library_loading`), reading and checking their YAML (`yamlfile`, `schema`, `compiler`), and the SQLite
database compiled from it (`database`, through `loading`).

The YAML stays the one source of truth; the database is derived from it, keyed by the files' content
hashes, and thrown away and built again whenever it is damaged.
"""
