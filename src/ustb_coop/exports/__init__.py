"""Exports for other apps, above reading and writing: tables, schemas, fingerprints.

One description of the tables (`_tables`) feeds `to_records`, CSV and Data
Package (`_datapackage`) and SQLite (`_sqlite`); `_schema` generates the JSON
Schema of the file format and `_fingerprint` the SHA-256 of a record. It may
import the model and reading and writing; never views or the command line,
and never another export's private helpers but `_tables`.
"""
