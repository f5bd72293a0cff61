"""The documentation's file examples are real: each loads as it is shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import ustb_coop as uc

DOCS = Path(__file__).resolve().parent.parent / "docs"
_TOML_BLOCK = re.compile(r"```toml\n(.*?)```", re.DOTALL)


def _toml_examples() -> list[str]:
    return _TOML_BLOCK.findall((DOCS / "data-format.md").read_text(encoding="utf-8"))


def test_the_format_page_has_a_toml_example() -> None:
    """docs/data-format.md shows at least one TOML dataset."""
    assert _toml_examples()


@pytest.mark.parametrize("text", _toml_examples())
def test_toml_example_loads(text: str) -> None:
    """Each TOML example on the format page is a valid dataset with a partnership."""
    dataset = uc.loads(text, "toml", name="docs/data-format.md")
    assert len(dataset) >= 1
