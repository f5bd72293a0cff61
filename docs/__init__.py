"""The documentation site's sources; ``docs._ext`` holds the generators of its reference pages."""
