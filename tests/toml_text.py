"""TOML text written by the tests, for inputs `loads` reads as TOML."""

from __future__ import annotations

# The characters a TOML basic string must escape: the quote, the backslash and
# the control characters other than tab.
_ESCAPES = {
    **{code: f"\\u{code:04X}" for code in [*range(0x20), 0x7F] if code != ord("\t")},
    ord('"'): '\\"',
    ord("\\"): "\\\\",
}


def basic_string(text: str) -> str:
    """*text* as a TOML basic string: in double quotes, with the escapes TOML requires."""
    return '"' + text.translate(_ESCAPES) + '"'
