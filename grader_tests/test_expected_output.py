"""Every "Expected output" is exactly what the reference demo cell prints,
and the reference notebooks run top to bottom with no error and no stderr."""

from __future__ import annotations

import re

import nbclient
import pytest

from conftest import NOTEBOOKS, SOURCE, load

_BLOCK = re.compile(r"```text\n(.*?)```", re.S)


@pytest.fixture(scope="module")
def executed(tmp_path_factory):
    out = {}
    for name in NOTEBOOKS:
        nb = load(SOURCE / name)
        folder = tmp_path_factory.mktemp("run")
        nbclient.NotebookClient(nb, timeout=120, kernel_name="python3",
                                resources={"metadata": {"path": str(folder)}}).execute()
        out[name] = nb
    return out


def _stdout(cell) -> str:
    return "".join(o.text for o in cell.outputs if o.output_type == "stream" and o.name == "stdout")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_expected_output_matches_the_demo(executed, name):
    cells = {c.metadata["nbgrader"]["grade_id"]: c for c in executed[name].cells if "nbgrader" in c.metadata}
    demos = sorted(g for g in cells if re.fullmatch(r"p\d\d_demo", g))
    assert demos, f"{name} has no demo cells"
    for demo in demos:
        expected_id = demo.replace("_demo", "_expected_output")
        assert expected_id in cells, f"{name}: {demo} has no {expected_id} cell"
        blocks = _BLOCK.findall(cells[expected_id].source)
        assert len(blocks) == 1, f"{name}:{expected_id} needs exactly one ```text block"
        assert _stdout(cells[demo]) == blocks[0], f"{name}:{demo} printed something else than expected"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_reference_notebook_runs_clean(executed, name):
    for cell in executed[name].cells:
        if cell.cell_type != "code":
            continue
        for output in cell.outputs:
            where = f"{name}:{cell.metadata.get('nbgrader', {}).get('grade_id', cell.id)}"
            assert output.output_type != "error", f"{where} raised {output.ename}: {output.evalue}"
            assert not (output.output_type == "stream" and output.name == "stderr"), (
                f"{where} wrote to stderr: {output.text!r}")


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_graded_cells_have_no_execute_result(executed, name):
    """nbgrader reads a test cell's execute_result as a partial score: there must be none."""
    for cell in executed[name].cells:
        if cell.metadata.get("nbgrader", {}).get("grade"):
            results = [o for o in cell.outputs if o.output_type == "execute_result"]
            assert not results, f"{name}:{cell.metadata['nbgrader']['grade_id']} ends with a value: {results}"


def test_a_demo_says_only_what_happened():
    """The P11 demo's note on replaced connections follows what the pool did: a pool that drops
    dead connections without closing them was told "the dead ones were closed and replaced"."""
    from test_submissions import HERE as SUBMISSIONS, build_submission

    nb = build_submission("3_hard.ipynb", {
        "p11_solution": (SUBMISSIONS / "p11" / "buggy_drops_dead_without_close.py").read_text()})
    nb.cells = [c for c in nb.cells if c.cell_type == "code" and (
        not c.metadata.get("nbgrader", {}).get("grade_id", "").startswith("p") or
        c.metadata["nbgrader"]["grade_id"] in ("p11_given", "p11_solution", "p11_demo"))]
    nbclient.NotebookClient(nb, timeout=120, kernel_name="python3", allow_errors=True).execute()
    demo, = (c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == "p11_demo")
    printed = _stdout(demo)
    assert "300 ms later both idle connections are dead" in printed, printed
    assert "closed 0" in printed and "were closed and replaced" not in printed, printed
