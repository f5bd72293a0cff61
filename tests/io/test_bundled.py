"""The bundled dataset comes from generated code that builds what loading data/ustb.toml builds."""

from __future__ import annotations

import datetime
from importlib import resources
from pathlib import Path

import attrs
import pytest
from hypothesis import HealthCheck, given, settings

import ustb_coop as uc
from tests import strategies
from ustb_coop.io import _bundled, _generate


def _toml_dataset() -> uc.Dataset:
    """The bundled TOML file read through the loader, as `load()` read it before issue 11."""
    text = resources.files("ustb_coop").joinpath("data", "ustb.toml").read_text(encoding="utf-8")
    return uc.loads(text, "toml", name="ustb.toml")


def _run(source: str) -> uc.Dataset:
    """What the ``build()`` of a module with *source* returns."""
    namespace: dict[str, object] = {}
    exec(compile(source, "<generated>", "exec"), namespace)  # noqa: S102 - the generator's own output
    build = namespace["build"]
    assert callable(build)
    dataset = build()
    assert isinstance(dataset, uc.Dataset)
    return dataset


def test_generated_module_builds_what_the_toml_loads() -> None:
    """The committed module's dataset equals the TOML file loaded through cattrs, record for record."""
    expected = _toml_dataset()
    assert expected == _bundled.build()
    assert repr(expected.partnerships) == repr(_bundled.build().partnerships)


def test_load_returns_the_generated_dataset() -> None:
    """`uc.load()` with no path gives the dataset of the TOML file."""
    assert _toml_dataset() == uc.load()


def test_committed_module_is_a_fresh_generation() -> None:
    """The committed module is what the generator writes from today's TOML file.

    When this fails, data/ustb.toml changed: run ``python -m ustb_coop.io._generate``.
    """
    expected = _generate.generate()
    assert expected == _generate.TARGET.read_text(encoding="utf-8")


def test_a_changed_dataset_generates_a_different_module() -> None:
    """Any change to the data changes the generated text, so a stale module fails the test above."""
    changed = attrs.evolve(_toml_dataset(), version="1.0.1")
    assert _generate.TARGET.read_text(encoding="utf-8") != _generate.source(changed)
    assert changed == _run(_generate.source(changed))


def test_partnerships_hold_the_listed_organization_records() -> None:
    """Each partnership's home and partner are the very records of the dataset's organization list."""
    dataset = _bundled.build()
    expected = [(True, True)] * len(dataset)
    actual = [
        (
            partnership.home is dataset.organization(partnership.home.id),
            partnership.partner is dataset.organization(partnership.partner.id),
        )
        for partnership in dataset
    ]
    assert expected == actual


def test_build_makes_a_new_dataset_each_call_and_load_caches_one() -> None:
    """`build()` builds afresh; `load()` keeps the first one for every later call."""
    assert _bundled.build() is not _bundled.build()
    assert uc.load() is uc.load()


def test_the_generated_code_checks_each_field_rule() -> None:
    """A value the model rejects in a file is rejected in the generated code too, by its validator."""
    source = _generate.generate().replace("id='rwth-aachen',\n", "id='RWTH Aachen',\n", 1)
    with pytest.raises(uc.InvalidFieldError, match="RWTH Aachen"):
        _run(source)


def test_the_generated_code_checks_the_dataset_integrity() -> None:
    """A citation of an unknown source fails the Dataset integrity check, as it fails a load."""
    source = _generate.generate().replace("Citation(source='ror-04xfq0f34')", "Citation(source='ror-x')")
    with pytest.raises(uc.DatasetError, match="ror-x"):
        _run(source)


def test_an_empty_dataset_generates() -> None:
    """A dataset without records generates a module building it; nothing depends on the bundled shape."""
    empty = uc.Dataset(version="0", as_of=datetime.date(2000, 1, 1))
    assert empty == _run(_generate.source(empty))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(strategies.datasets())
def test_any_dataset_generates_code_that_builds_it(dataset: uc.Dataset) -> None:
    """For every valid dataset, the generated module builds an equal one."""
    assert dataset == _run(_generate.source(dataset))


def test_a_value_the_generator_cannot_write_is_named() -> None:
    """A value of a type the model never holds fails generation with its type's name, not bad code."""
    writer = _generate._Writer(())
    with pytest.raises(TypeError, match="cannot write a float"):
        writer.literal(1.5)


def test_main_writes_the_module_and_says_so(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``python -m ustb_coop.io._generate`` writes the target file and names it and its source."""
    target = tmp_path / "_bundled.py"
    monkeypatch.setattr(_generate, "TARGET", target)
    assert _generate.main() == 0
    assert _generate.generate() == target.read_text(encoding="utf-8")
    assert f"wrote {target} from {_generate.SOURCE}\n" == capsys.readouterr().out
