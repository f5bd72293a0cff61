"""The limits that bound what one bad input can cost to reject (see docs/data-format.md)."""

#: How many bad items of one list, and unknown keys of the document, are reported; the rest are counted.
MAX_ITEM_PROBLEMS = 100
