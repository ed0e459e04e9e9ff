"""Every notebook runs top to bottom from a clean kernel, and two runs give the same numbers.

The notebooks are stored as jupytext ``py:percent`` files (readable diffs, no outputs).
Each is read with jupytext and executed with papermill in a fresh ``python3`` kernel whose
working directory is ``notebooks/``, as a user would run it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

pm = pytest.importorskip("papermill")
jupytext = pytest.importorskip("jupytext")
pytest.importorskip("ipykernel")

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"
FILES = sorted(NOTEBOOKS.glob("[0-9][0-9]_*.py"))
REPORT = NOTEBOOKS / "02_country_report.py"

_RUNS: dict[str, object] = {}


def _execute(path: Path, **parameters):
    nb = jupytext.read(path)
    return pm.execute_notebook(
        nb,
        None,
        parameters=parameters,
        kernel_name="python3",
        cwd=str(path.parent),
        progress_bar=False,
        start_timeout=120,
        execution_timeout=300,
    )


def _first_run(path: Path):
    if path.name not in _RUNS:
        _RUNS[path.name] = _execute(path)
    return _RUNS[path.name]


def _numbers(nb) -> list[str]:
    """Every text a run printed or displayed (figures left out), cell by cell."""
    out = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        # a kernel splits printed text into stream messages as timing allows: compare the
        # cell's whole stdout, not its chunks
        stdout = "".join(
            o.text
            for o in cell.get("outputs", [])
            if o.output_type == "stream" and o.name == "stdout"
        )
        if stdout:
            out.append(f"{i}: {stdout}")
        for o in cell.get("outputs", []):
            if o.output_type in ("execute_result", "display_data"):
                text = o.get("data", {}).get("text/plain", "")
                # a figure's repr names its memory address
                if not text.startswith("<Figure"):
                    out.append(f"{i}: {text}")
    return out


def test_notebooks_are_there():
    names = [p.name for p in FILES]
    assert names == [
        "01_quickstart.py",
        "02_country_report.py",
        "03_undercount.py",
        "04_world.py",
    ]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_stored_diff_friendly(path):
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# ---\n# jupyter:")
    assert "format_name: percent" in text
    assert re.search(r"kernelspec:\n(#.*\n)*#\s+name: python3", text)
    assert '"outputs"' not in text and "execution_count" not in text


def test_country_report_has_a_parameters_cell():
    nb = jupytext.read(REPORT)
    tagged = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
    assert len(tagged) == 1
    assert 'country = "KAZ"' in tagged[0].source


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.stem)
def test_notebook_runs_from_a_clean_kernel(path):
    nb = _first_run(path)  # papermill raises PapermillExecutionError on any error
    errors = [o for c in nb.cells for o in c.get("outputs", []) if o.output_type == "error"]
    assert not errors
    assert _numbers(nb), "the notebook shows no numbers"
    if path == REPORT:
        assert any("image/png" in o.get("data", {}) for c in nb.cells for o in c.get("outputs", []))


def test_world_notebook_ranks_and_forecasts_the_routes():
    joined = "\n".join(_numbers(_first_run(NOTEBOOKS / "04_world.py")))
    assert "northern route: " in joined and "Balkan route: " in joined
    assert "growth [% a year]" in joined and "forecast_year" in joined
    assert "Median forecast" in joined and "95 %" in joined


def test_two_runs_give_the_same_numbers():
    first = _numbers(_first_run(REPORT))
    second = _numbers(_execute(REPORT))
    assert first == second
    joined = "\n".join(first)
    assert "median" in joined and "95 %" in joined  # forecasts with intervals were shown
