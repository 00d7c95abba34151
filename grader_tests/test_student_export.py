"""`course export-student` writes the public Binder repository: everything a
student needs, no solution and no hidden test, and its notebooks run."""

from __future__ import annotations

import re
import shutil
import tomllib

import nbformat
import pytest

from conftest import NOTEBOOKS, RELEASE, ROOT, SOURCE, load, with_reference_solutions
from course.tools.binder_links import PLACEHOLDER_REPO, binder_url
from student_build import TEST_BINDER_REPO, export
from test_release import _SECRET, _secret_lines


@pytest.fixture(scope="module")
def exported(tmp_path_factory):
    dest = tmp_path_factory.mktemp("export") / "public"
    done = export(ROOT, dest, "--binder-repo", TEST_BINDER_REPO)
    assert done.returncode == 0, done.stderr
    return dest


def _texts(folder):
    """Every file of `folder` as text, notebooks as their cells' sources (what a reader of the repo sees)."""
    out = {}
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        raw = path.read_text(encoding="utf-8")
        if path.suffix == ".ipynb":
            raw += "\n" + "\n".join(c.source for c in nbformat.reads(raw, as_version=4).cells)
        out[path.relative_to(folder).as_posix()] = raw
    return out


def test_export_holds_the_student_tree_and_nothing_else(exported):
    files = set(_texts(exported))
    for needed in ("README.md", "LICENSE", "pyproject.toml", "binder/environment.yml", "binder/postBuild",
                   "course/__init__.py", "course/notebook.py", "course/testing/__init__.py"):
        assert needed in files, f"the export lacks {needed}"
    assert {f for f in files if f.startswith("release/")} == {f"release/async_patterns/{n}" for n in NOTEBOOKS}
    for name in NOTEBOOKS:
        assert (exported / "release/async_patterns" / name).read_bytes() == (RELEASE / name).read_bytes()
    for private in ("source/", "grader_tests/", "autograded/", "course/tests/", "nbgrader_config.py",
                    "environment.yml", "gradebook.db"):
        assert not [f for f in files if f.startswith(private)], f"{private} must not be exported"
    assert (exported / "binder/postBuild").stat().st_mode & 0o111, "postBuild must stay executable"
    pyproject = tomllib.loads((exported / "pyproject.toml").read_text())
    assert pyproject["project"]["dependencies"] == tomllib.loads(
        (ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    assert "optional-dependencies" not in pyproject["project"] and "pytest" not in pyproject.get("tool", {})


def _code_lines(text: str) -> list[str]:
    """Non-blank lines, stripped, without whole-line comments (trailing comments stay: they tell
    the racy code a notebook gives apart from the solution that fixes it)."""
    return [line.strip() for line in text.splitlines() if line.strip() and not line.strip().startswith("#")]


def _windows(region: str, size: int = 4) -> list[str]:
    """Every run of `size` consecutive code lines of a solution or hidden-test region.

    Four lines: three-line idioms (cancel every worker and gather them; a set's
    `__ior__`) recur in the course package and are no secret; a leaked solution
    or hidden test, even a short one, has a run of four lines of its own."""
    lines = _code_lines(region)
    size = min(size, len(lines))
    runs = ["\n".join(lines[i:i + size]) for i in range(len(lines) - size + 1)]
    return [run for run in runs if len(run) >= 40]  # shorter runs are generic code, not a secret


def test_export_holds_no_solution_and_no_hidden_test(exported):
    texts = _texts(exported)
    for marker in ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS"):
        holders = [f for f, t in texts.items() if marker in t and not f.startswith("course/")]
        assert not holders, f"{marker!r} found in {holders}"
    # Notebooks get the release check below (their hints may show parts of a solution on
    # purpose: the source has them too); every other file gets the run-of-lines check.
    code = {f: "\n" + "\n".join(_code_lines(t)) + "\n" for f, t in texts.items() if not f.endswith(".ipynb")}
    for name in NOTEBOOKS:
        source_text = "\n".join(c.source for c in load(SOURCE / name).cells)
        # Exactly the release check, on the exported copy of the notebook.
        exported_text = texts[f"release/async_patterns/{name}"]
        secrets = _secret_lines(source_text)
        assert secrets, f"{name}: found no solution or hidden test in source (is the parser right?)"
        leaked = sorted(line for line in secrets if line in exported_text)
        assert not leaked, f"{name}: solution or hidden-test lines in the exported notebook: {leaked}"
        # And no run of four code lines of any solution or hidden test in any other file.
        regions = [m.group(2) for m in _SECRET.finditer(source_text)]
        assert any("HIDDEN" in m.group(1) for m in _SECRET.finditer(source_text)), f"{name}: no hidden test"
        runs = [run for region in regions for run in _windows(region)]
        assert runs, f"{name}: no solution or hidden-test code found in source"
        # A run the released notebook itself shows (an idiom a given cell uses too) is no secret.
        released = "\n" + "\n".join(_code_lines(exported_text)) + "\n"
        runs = [run for run in runs if f"\n{run}\n" not in released]
        found = {run: [f for f, t in code.items() if f"\n{run}\n" in t] for run in runs}
        found = {run: files for run, files in found.items() if files}
        assert not found, f"{name}: solution or hidden-test code in the export: {found}"


def test_student_readme_opens_every_notebook_in_jupyterlab_on_binder(exported):
    readme = (exported / "README.md").read_text()
    for name in NOTEBOOKS:
        url = binder_url(TEST_BINDER_REPO, f"release/async_patterns/{name}")
        assert f"({url})" in readme, f"the student README has no Binder link to {name}"
        assert "urlpath=lab%2Ftree%2Frelease%2Fasync_patterns%2F" + name in url
    assert "mybinder.org/badge_logo.svg" in readme
    assert PLACEHOLDER_REPO not in readme


def test_export_refuses_a_non_empty_folder_unless_forced(tmp_path):
    dest = tmp_path / "public"
    dest.mkdir()
    (dest / "notes.txt").write_text("mine")
    refused = export(ROOT, dest)
    assert refused.returncode != 0
    assert "not empty" in refused.stderr and "--force" in refused.stderr and "notes.txt" in refused.stderr
    assert [p.name for p in dest.iterdir()] == ["notes.txt"], "a refused export must not touch the folder"
    assert (dest / "notes.txt").read_text() == "mine"

    (dest / ".git").mkdir()
    (dest / ".git" / "HEAD").write_text("ref: refs/heads/main\n")
    (dest / "course").mkdir()
    (dest / "course" / "stale.py").write_text("from an older export")
    forced = export(ROOT, dest, "--force")
    assert forced.returncode == 0, forced.stderr
    assert (dest / "README.md").is_file() and not (dest / "course" / "stale.py").exists(), (
        "--force must replace what the export writes, stale files included")
    assert (dest / "notes.txt").read_text() == "mine", "--force must keep files the export does not write"
    assert "notes.txt" in forced.stdout, "--force must name the files it left in place"
    assert (dest / ".git" / "HEAD").read_text() == "ref: refs/heads/main\n", "--force must keep .git"
    assert "--binder-repo" in forced.stdout, "exporting with the placeholder repository must say so"
    assert PLACEHOLDER_REPO in (dest / "README.md").read_text()


def test_export_into_an_empty_clone_and_bad_repository_names(tmp_path):
    clone = tmp_path / "clone"
    (clone / ".git").mkdir(parents=True)
    assert export(ROOT, clone).returncode == 0, "a folder holding only .git (an empty clone) is fine"
    bad = export(ROOT, tmp_path / "other", "--binder-repo", "not a repo")
    assert bad.returncode != 0 and "OWNER/NAME" in bad.stderr
    assert not (tmp_path / "other").exists(), "a refused export must create nothing"


@pytest.fixture(scope="module")
def executed_export(student_env, tmp_path_factory):
    """The exported notebooks with the reference solutions pasted in, run in the student environment."""
    folder = student_env.export_dir / "release" / "async_patterns"
    paths = []
    for name in NOTEBOOKS:
        path = folder / f"solved_{name}"
        # release/ and the export's copy are byte-identical (tested above); the repository's
        # copy is used because other tests may save the export's copy from a browser.
        nbformat.write(with_reference_solutions(name), path)
        paths.append(path)
    student_env.execute(paths)
    yield {name: load(path) for name, path in zip(NOTEBOOKS, paths)}
    for path in paths:
        path.unlink()


def test_student_environment_uses_the_exported_package(student_env):
    where = student_env.run(str(student_env.python), "-c", "import course; print(course.__file__)",
                            cwd=student_env.prefix).stdout.strip()
    assert where.startswith(str(student_env.prefix)), f"course imported from {where}, not the student install"


@pytest.mark.parametrize("name", NOTEBOOKS)
def test_exported_notebooks_run_clean_with_the_reference_solutions(executed_export, name):
    nb = executed_export[name]
    ran = [c for c in nb.cells if c.cell_type == "code"]
    assert ran and all(c.execution_count for c in ran), f"{name}: not every code cell ran"
    for cell in ran:
        where = f"{name}:{cell.metadata.get('nbgrader', {}).get('grade_id', cell.id)}"
        for output in cell.outputs:
            assert output.output_type != "error", f"{where} raised {output.ename}: {output.evalue}"
            assert not (output.output_type == "stream" and output.name == "stderr"), (
                f"{where} wrote to stderr: {output.text!r}")
    demos = [c for c in ran if re.fullmatch(r"p\d\d_demo", c.metadata.get("nbgrader", {}).get("grade_id", ""))]
    assert demos and all(any(o.output_type == "stream" for o in c.outputs) for c in demos), (
        f"{name}: a demo cell printed nothing")
