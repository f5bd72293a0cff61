"""Reading and writing, above the model: dataset files in, JSON text and files out.

The one strict cattrs converter (`_converter`) with each record's plain form
(`_plain`), `load`, `loads` and `dumps` (`_loading`), the one-pass builder
of a valid document (`_direct`), the writers of the text `dumps` writes
(`_indented`), the field-type shapes they all generate code for
(`_shapes`), the bound on what `dumps` writes of what was read
(`_written`), orjson when the ``fast`` extra is installed (`_fast`) and
atomic file replacement (`_files`). It may import
the model and `ustb_coop.exceptions`; never exports, views or the command
line.
"""
