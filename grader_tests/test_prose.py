"""The notebooks' prose: take-aways folded until a problem is solved, every code example
it shows runs on each Python it declares, no reference a student cannot follow, US spelling."""

from __future__ import annotations

import ast
import functools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import NOTEBOOKS, RELEASE, ROOT, SOURCE, load

# pyproject.toml's requires-python admits exactly these (as .ci/run's SUPPORTED_PYTHONS).
SUPPORTED_PYTHONS = ("3.11", "3.12", "3.13")

# A runnable example in a markdown cell: the marker line, then a ```python block. It is a
# script run with the plain interpreter (standard library only) on every supported Python
# from the one it names, if any: `<!-- runnable-example python>=3.13 -->`.
_EXAMPLE = re.compile(r"<!-- runnable-example(?: python>=(3\.\d+))? -->\n```python\n(.*?)```", re.S)
_PYTHON_BLOCK = re.compile(r"```python\n(.*?)```", re.S)


def _markdown(folder: Path):
    for name in NOTEBOOKS:
        for cell in load(folder / name).cells:
            if cell.cell_type == "markdown":
                yield name, cell.metadata.get("nbgrader", {}).get("grade_id", cell.id), cell.source


def _examples():
    found = []
    for name, grade_id, source in _markdown(SOURCE):
        for number, match in enumerate(_EXAMPLE.finditer(source), 1):
            since = match.group(1) or SUPPORTED_PYTHONS[0]
            for version in SUPPORTED_PYTHONS:
                if tuple(map(int, version.split("."))) >= tuple(map(int, since.split("."))):
                    found.append(pytest.param(match.group(2), version,
                                              id=f"{name}:{grade_id}:{number}-py{version}"))
    return found


EXAMPLES = _examples()


@functools.cache
def find_python(version: str) -> str | None:
    """The newest interpreter of `version` (e.g. 3.12), found as .ci/run's find_python does:
    in `pyenv versions`, then as python3.12 on PATH."""
    if shutil.which("pyenv"):
        listed = subprocess.run(["pyenv", "versions", "--bare"], capture_output=True, text=True).stdout
        matching = [v for v in listed.split() if re.fullmatch(re.escape(version) + r"(\.\d+)?", v)]
        if matching:
            root = subprocess.run(["pyenv", "root"], capture_output=True, text=True).stdout.strip()
            newest = max(matching, key=lambda v: tuple(int(p) for p in v.split(".")))
            python = Path(root) / "versions" / newest / "bin" / "python"
            if os.access(python, os.X_OK):
                return str(python)
    return shutil.which(f"python{version}")


def test_the_notebooks_show_runnable_examples_and_mark_every_script():
    """Each tier shows examples; a ```python block that is a whole script (it calls
    asyncio.run) is marked, so that none escapes the test below."""
    tiers_with_examples = {name for name, _, source in _markdown(SOURCE) if _EXAMPLE.search(source)}
    assert tiers_with_examples == set(NOTEBOOKS), f"tiers without an example: {set(NOTEBOOKS) - tiers_with_examples}"
    assert any("3.13" in example.id for example in EXAMPLES)
    for name, grade_id, source in _markdown(SOURCE):
        marked = {m.group(2) for m in _EXAMPLE.finditer(source)}
        for block in _PYTHON_BLOCK.findall(source):
            if "asyncio.run(" in block:
                assert block in marked, f"{name}:{grade_id} shows an unmarked script:\n{block}"


@pytest.mark.parametrize("code, version", EXAMPLES)
def test_code_example_runs(code, version, tmp_path):
    python = find_python(version)
    if python is None:  # never a skip: the examples are proven on every Python they declare
        pytest.fail(f"no Python {version} found (looked in `pyenv versions` and on PATH as python{version}); "
                    f"install it, e.g. `pyenv install {version}`")
    script = tmp_path / "example.py"
    script.write_text(code)
    # -I: the plain interpreter, isolated from the environment and user site-packages.
    done = subprocess.run([python, "-I", str(script)], cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and done.stderr == "", (
        f"the example failed on Python {version} ({python}):\n{done.stdout}\n{done.stderr}")


# --- take-aways --------------------------------------------------------------
@pytest.mark.parametrize("folder", [SOURCE, RELEASE], ids=["source", "release"])
def test_take_aways_are_folded_until_the_problem_is_solved(folder):
    """Each problem's take-aways come right after its checks and discuss the answer: they
    are folded, and titled so that a student opens them after solving the problem."""
    seen = set()
    for name, grade_id, source in _markdown(folder):
        match = re.fullmatch(r"p(\d\d)_explanation", grade_id)
        if not match:
            continue
        problem = f"P{match.group(1)}"
        seen.add(problem)
        text = source.strip()
        summary = re.match(r"<details><summary>(.*?)</summary>\n", text)
        assert summary and text.endswith("</details>"), f"{name}:{grade_id} is not folded in <details>"
        assert text.count("<details>") == 1 and text.count("</details>") == 1, f"{name}:{grade_id}"
        assert "Take-aways" in summary.group(1) and f"once you have solved {problem}" in summary.group(1), (
            f"{name}:{grade_id}: the summary should say to open it after solving {problem}: {summary.group(1)}")
    assert seen == {f"P{k:02d}" for k in range(1, 12)}, f"problems without take-aways: {seen}"


# --- words -------------------------------------------------------------------
# US spelling. Python's own API spells "cancelled" (CancelledError, Task.cancelled()), and
# the course follows it there. Words in -ise that are US spelling too are allowed.
_US_ISE = {
    "advertise", "advise", "anise", "arise", "bruise", "chastise", "circumcise", "clockwise",
    "comprise", "compromise", "concise", "crise", "cruise", "demise", "despise", "devise",
    "disguise", "enterprise", "excise", "exercise", "expertise", "franchise", "guise",
    "improvise", "incise", "likewise", "merchandise", "noise", "otherwise", "pairwise",
    "paradise", "poise", "praise", "precise", "premise", "promise", "raise", "reprise",
    "revise", "rise", "stepwise", "supervise", "surmise", "surprise", "televise",
    "treatise", "wise", "bitwise", "elementwise", "counterclockwise", "lengthwise",
}
_ISE = re.compile(r"\b([a-z]*?)(is|ys)(e|ed|es|ing|ation|ations)\b", re.I)
_BRITISH = re.compile(
    r"\b(?:(?:behavio|colo|favo|flavo|hono|humo|labo|neighbo|rumo|harbo|vapo|vigo|odo|armo|parlo|"
    r"savio|endeavo|splendo|tumo|rigo|cando|clamo|fervo|valo|savo|ardo)ur\w*"
    r"|\w*(?:centre|theatre|litre|fibre|calibre|spectre|sombre|meagre)s?"
    r"|defence|licence|offence|pretence|whilst|amongst|judgement|programme|catalogue|analogue"
    r"|(?:signa|labe|mode|trave|fue|leve|channe|counse|marsha|tota|tunne|quarre)ll(?:ed|ing|er|ers)"
    r"|grey|enrol|fulfil|skilful|wilful|sceptic\w*|manoeuvre\w*|artefacts?)\b", re.I)


def british_spellings(text: str) -> list[str]:
    found = [m.group(0) for m in _BRITISH.finditer(text)]
    for m in _ISE.finditer(text):
        word = m.group(0).lower()
        if word == "analyses":  # the plural of analysis
            continue
        if f"{m.group(1)}{m.group(2)}e".lower() not in _US_ISE:
            found.append(m.group(0))
    return found


def test_the_spelling_check_can_fail():
    assert british_spellings("It serialises; we recognise the colour of its behaviour, whilst signalled.") == [
        "colour", "behaviour", "whilst", "signalled", "serialises", "recognise"]
    assert british_spellings("Otherwise, raise it: we promise a concise, precise exercise; your four hours, "
                             "of course, in our analyses. Cancelled tasks are canceled.") == []


def _student_text(folder: Path):
    for name in NOTEBOOKS:
        for cell in load(folder / name).cells:
            yield f"{folder.relative_to(ROOT)}/{name}:{cell.metadata.get('nbgrader', {}).get('grade_id', cell.id)}", cell.source


def _package_messages():
    """String literals (not docstrings) of the modules whose messages students read."""
    package = ROOT / "course"
    paths = [package / "notebook.py", *sorted((package / "testing").glob("*.py")),
             *sorted((package / "visuals").glob("*.py")), package / "grading" / "teaching_feedback.py"]
    for path in paths:
        tree = ast.parse(path.read_text())
        docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                      if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                      and node.body and isinstance(node.body[0], ast.Expr)
                      and isinstance(node.body[0].value, ast.Constant)}
        for node in ast.walk(tree):
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
                yield f"{path.relative_to(ROOT)}:{node.lineno}", node.value


@pytest.mark.parametrize("folder", [SOURCE, RELEASE], ids=["source", "release"])
def test_notebooks_name_no_practice_page_and_spell_us_english(folder):
    problems = []
    for where, text in _student_text(folder):
        if re.search(r"practi[cs]e[ -]page", text, re.I):
            problems.append(f"{where}: refers to a practice page students never see")
        problems += [f"{where}: British spelling {word!r}" for word in british_spellings(text)]
    assert not problems, "\n".join(problems)


def test_package_messages_spell_us_english():
    student_readme = ROOT / "course" / "tools" / "student_readme.md"
    texts = [*_package_messages(), (str(student_readme.relative_to(ROOT)), student_readme.read_text())]
    problems = [f"{where}: British spelling {word!r}" for where, text in texts for word in british_spellings(text)]
    assert not problems, "\n".join(problems)
