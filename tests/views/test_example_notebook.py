"""examples/analysis.ipynb: committed without outputs, and every cell runs in a fresh kernel."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

NOTEBOOK = Path(__file__).resolve().parents[2] / "examples" / "analysis.ipynb"


def read_notebook() -> nbformat.NotebookNode:
    """The committed notebook."""
    notebook: nbformat.NotebookNode = nbformat.read(NOTEBOOK, as_version=4)  # type: ignore[no-untyped-call]
    return notebook


def code_cells(notebook: nbformat.NotebookNode) -> list[nbformat.NotebookNode]:
    """The notebook's code cells, in order."""
    return [cell for cell in notebook.cells if cell.cell_type == "code"]


def outputs_of(notebook: nbformat.NotebookNode, call: str) -> list[nbformat.NotebookNode]:
    """The outputs of the one code cell whose source contains *call*."""
    (cell,) = [cell for cell in code_cells(notebook) if call in cell.source]
    return list(cell.outputs)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory) -> nbformat.NotebookNode:
    """The notebook after a run in a fresh python3 kernel, from a scratch directory."""
    notebook = read_notebook()
    workdir = tmp_path_factory.mktemp("notebook")
    client = NotebookClient(
        notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(workdir)}}
    )
    client.execute()  # raises CellExecutionError, naming the cell, when one fails
    return notebook


def test_committed_notebook_is_valid_and_has_no_outputs() -> None:
    """The committed file is a valid notebook whose code cells carry no outputs or counts."""
    notebook = read_notebook()
    nbformat.validate(notebook)
    expected: list[tuple[list[object], None]] = [([], None)] * len(code_cells(notebook))
    assert expected == [(cell.outputs, cell.execution_count) for cell in code_cells(notebook)]


def test_every_cell_runs(executed: nbformat.NotebookNode) -> None:
    """Every code cell runs, in order, without an error output."""
    errors = [
        output for cell in code_cells(executed) for output in cell.outputs if output.output_type == "error"
    ]
    expected = list(range(1, len(code_cells(executed)) + 1))
    assert (expected, []) == ([cell.execution_count for cell in code_cells(executed)], errors)


def test_dataset_shows_as_html(executed: nbformat.NotebookNode) -> None:
    """The dataset cell displays the HTML table of the partnerships."""
    (result,) = outputs_of(executed, "dataset = uc.load()")
    assert "<td>rwth-aachen</td>" in result.data["text/html"]


def test_timeline_is_drawn(executed: nbformat.NotebookNode) -> None:
    """The timeline cell shows one image."""
    images = [
        output for output in outputs_of(executed, "uc.plot_timeline") if "image/png" in output.get("data", {})
    ]
    expected = 1
    assert expected == len(images)


def test_audit_finding_is_printed(executed: nbformat.NotebookNode) -> None:
    """The audit cell prints the one finding: the Tohoku program's count beyond the source's date."""
    text = "".join(
        output.text for output in outputs_of(executed, "uc.audit(dataset)") if output.name == "stdout"
    )
    expected = "count_exceeds_dates in tohoku"
    assert expected == text.splitlines()[0]


def test_balance_shows_as_a_dataframe_with_the_net_unknown(executed: nbformat.NotebookNode) -> None:
    """The balance cell shows a table (an HTML DataFrame) where RWTH's net is unknown, not a number."""
    (result,) = outputs_of(executed, "pd.DataFrame(balances)")
    table = result.data["text/html"]
    assert "rwth-aachen" in table
    assert "unknown" in table


def test_export_step_reads_the_data_back_from_sqlite(executed: nbformat.NotebookNode) -> None:
    """The closing export cell writes SQLite and reads the dataset's version and day back."""
    text = "".join(
        output.text for output in outputs_of(executed, "uc.write_sqlite") if output.name == "stdout"
    )
    assert text.splitlines()[0] == "('1.0.0', '2020-10-22')"
