"""A student's session, in a real browser: JupyterLab from the student
environment (built from the export as Binder builds it), driven by headless
Chromium (Debian's `chromium` and `chromium-driver`; .ci/run installs them).

The student opens the released easy notebook at the URL a Binder link opens
(lab/tree/release/async_patterns/1_easy.ipynb), runs every cell and presses
Validate with the solution cell untouched (it fails, saying why), writes the
solution, runs every cell again (the demo prints the expected output, the
visible checks pass, nothing on stderr, the P02 experiment draws a timeline), shows a widget, and presses
Validate again (success). nbgrader's instructor and exchange extensions are
off. Screenshots of each step land in artifacts/browser/.
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import socket
import subprocess
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from nbgrader import __version__ as nbgrader_version

from conftest import ROOT, SOURCE, cells_by_grade_id, load

CHROMIUM, CHROMEDRIVER = Path("/usr/bin/chromium"), Path("/usr/bin/chromedriver")
ARTIFACTS = ROOT / "artifacts" / "browser"
NOTEBOOK = "release/async_patterns/1_easy.ipynb"
INSTRUCTOR_PLUGINS = ("@jupyter/nbgrader:formgrader", "@jupyter/nbgrader:create-assignment",
                      "@jupyter/nbgrader:assignment-list", "@jupyter/nbgrader:course-list",
                      "@jupyter/nbgrader:menu")

pytestmark = [pytest.mark.slow, pytest.mark.browser]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Lab:
    """A JupyterLab server on 127.0.0.1 with a token, started from the student environment."""

    def __init__(self, student_env, log_path: Path) -> None:
        self.port, self.token = _free_port(), secrets.token_hex(16)
        self.base = f"http://127.0.0.1:{self.port}"
        self.log_path = log_path
        self._log = open(log_path, "w")
        self.process = subprocess.Popen(
            [str(student_env.python), "-m", "jupyter", "lab", "--no-browser", "--ServerApp.ip=127.0.0.1",
             f"--ServerApp.port={self.port}", "--ServerApp.port_retries=0",
             f"--IdentityProvider.token={self.token}", f"--ServerApp.root_dir={student_env.export_dir}",
             # Lets the test reach JupyterLab's own model to write the solution cell.
             "--LabApp.expose_app_in_browser=True",
             # CI runs as root; Binder never does.
             *(["--allow-root"] if os.geteuid() == 0 else [])],
            cwd=student_env.export_dir, env=student_env.env, stdout=self._log, stderr=subprocess.STDOUT)
        deadline = time.monotonic() + 90
        while True:
            try:
                self.get("/api/status")
                return
            except (urllib.error.URLError, ConnectionError):
                if self.process.poll() is not None or time.monotonic() > deadline:
                    self.stop()
                    pytest.fail(f"JupyterLab did not start:\n{self.log()}")
                time.sleep(0.5)

    def get(self, path: str) -> tuple[int, str]:
        request = urllib.request.Request(self.base + path, headers={"Authorization": f"token {self.token}"})
        try:
            with urllib.request.urlopen(request, timeout=10) as response:
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, ""

    def log(self) -> str:
        if not self._log.closed:
            self._log.flush()
        return self.log_path.read_text()

    def stop(self) -> None:
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        self._log.close()


@pytest.fixture(scope="module")
def lab(student_env):
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    server = Lab(student_env, ARTIFACTS / "jupyterlab.log")
    yield server
    server.stop()


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    assert not missing, (f"{' and '.join(missing)} missing: install Debian's browser with "
                         "`apt-get install -y chromium chromium-driver` (.ci/run does)")
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service

    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync",
                 "--disable-dev-shm-usage", "--window-size=1400,1000",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(str(CHROMEDRIVER)), options=options)
    driver.set_script_timeout(60)
    yield driver
    driver.quit()


class Page:
    """The notebook page, read and driven the way a student does (menus, toolbar, keyboard)."""

    def __init__(self, driver, lab: Lab) -> None:
        self.driver, self.lab = driver, lab

    def wait(self, what: str, script: str, timeout: float = 60, *args):
        """Poll JavaScript `script` (a function body) until it returns something truthy."""
        deadline = time.monotonic() + timeout
        while True:
            value = self.driver.execute_script(script, *args)
            if value:
                return value
            if time.monotonic() > deadline:
                self.shot(f"timeout-{re.sub(r'[^a-z0-9]+', '-', what.lower())}")
                pytest.fail(f"timed out after {timeout:g} s waiting for {what}\n"
                            f"server log:\n{self.lab.log()[-3000:]}")
            time.sleep(0.25)

    def shot(self, name: str) -> Path:
        path = ARTIFACTS / f"{name}.png"
        self.driver.save_screenshot(str(path))
        return path

    # JupyterLab 4 renders only the cells near the viewport (windowing): outputs are
    # read from the notebook's model, and a cell is scrolled into view before its
    # rendering is checked in the page.
    _CELLS = "window.jupyterapp.shell.currentWidget.content.widgets"

    def outputs(self) -> list[dict]:
        """Every output of the open notebook: its MIME type (streams as Jupyter's
        stdout/stderr types) and its text."""
        return self.driver.execute_script(f"""
            const shown = [];
            for (const cell of {self._CELLS}) {{
                if (cell.model.type !== 'code') continue;
                for (const o of cell.model.outputs.toJSON()) {{
                    const join = v => Array.isArray(v) ? v.join('') : (v || '');
                    if (o.output_type === 'stream')
                        shown.push({{mime: 'application/vnd.jupyter.' + o.name, text: join(o.text)}});
                    else if (o.output_type === 'error')
                        shown.push({{mime: 'application/vnd.jupyter.error', text: o.ename + ': ' + o.evalue}});
                    else
                        shown.push({{mime: Object.keys(o.data || {{}})[0] || '',
                                     text: join((o.data || {{}})['text/plain'])}});
                }}
            }}
            return shown;""")

    def scroll_to_output(self, text: str) -> None:
        """Scroll the first cell whose output shows `text` to the middle of the window,
        and wait until that output is rendered in the page."""
        self.driver.execute_async_script(f"""
            const done = arguments[arguments.length - 1];
            const cell = {self._CELLS}.find(c => c.model.type === 'code'
                && JSON.stringify(c.model.outputs.toJSON()).includes(arguments[0]));
            if (!cell) return done(false);
            window.jupyterapp.shell.currentWidget.content.scrollToCell(cell, 'center').then(() => done(true));""",
                                          text)
        self.wait(f"the output {text!r} to render in the page", """
            return [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output')]
                .some(o => o.innerText.includes(arguments[0]));""", 20, text)
        time.sleep(0.5)

    def kernel_idle_and_done(self) -> bool:
        return self.driver.execute_script("""
            const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
            if (!panel) return false;
            const prompts = [...panel.querySelectorAll('.jp-Cell.jp-CodeCell .jp-InputPrompt')];
            const busy = prompts.some(p => p.innerText.includes('*'));
            const status = panel.querySelector('.jp-Notebook-ExecutionIndicator');
            return !busy && status && status.getAttribute('data-status') === 'idle';""")

    def menu(self, menu: str, entry: str) -> None:
        """Click `menu` in the menu bar, then its entry labelled `entry`."""
        from selenium.webdriver.common.by import By

        item = [e for e in self.driver.find_elements(By.CSS_SELECTOR, ".lm-MenuBar-item") if e.text.strip() == menu]
        assert item, f"no {menu!r} menu in the menu bar"
        item[0].click()
        self.wait(f"the {menu} menu entry {entry!r}", """
            return [...document.querySelectorAll('.lm-Menu .lm-Menu-item')]
                .find(e => e.querySelector('.lm-Menu-itemLabel').innerText.trim() === arguments[0]);""",
                  10, entry).click()

    def run_all(self, what: str) -> None:
        self.menu("Run", "Run All Cells")
        time.sleep(1)
        deadline = time.monotonic() + 120
        settled = 0
        while settled < 3:  # idle with no [*] prompt for three polls in a row
            settled = settled + 1 if self.kernel_idle_and_done() else 0
            assert time.monotonic() < deadline, f"{what}: cells still running after 120 s"
            time.sleep(0.5)

    def validate(self, what: str) -> tuple[str, str]:
        """Press the Validate button; return the result dialog's class and text, then close it."""
        from selenium.webdriver.common.by import By

        self.driver.find_element(By.CSS_SELECTOR, ".jp-NotebookPanel:not(.lm-mod-hidden) .validate-button").click()
        result = self.wait(f"{what}: the Validate result", """
            const body = document.querySelector('.jp-Dialog .validation-success, .jp-Dialog .validation-failed,'
                + '.jp-Dialog .validation-error, .jp-Dialog .validation-changed');
            if (body) return [body.className, document.querySelector('.jp-Dialog').innerText];
            const dialog = document.querySelector('.jp-Dialog');
            if (dialog && /fail|error|cannot|mismatch/i.test(dialog.innerText)) return ['other', dialog.innerText];
            return null;""", 120)
        return result


@pytest.fixture(scope="module")
def page(lab, browser, student_env):
    for old in ARTIFACTS.glob("*.png"):
        old.unlink()
    # The student saves the notebook (Validate saves first): put it back afterwards.
    notebook = student_env.export_dir / NOTEBOOK
    original = notebook.read_bytes()
    yield _open(lab, browser)
    notebook.write_bytes(original)


def _open(lab, browser) -> Page:
    browser.get(f"{lab.base}/lab/tree/{NOTEBOOK}?token={lab.token}")
    p = Page(browser, lab)
    p.wait("the notebook to open", """
        const panel = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)');
        return panel && panel.querySelectorAll('.jp-Cell').length > 5
            && panel.querySelector('.validate-button') !== null;""")
    p.wait("the kernel to be ready", """
        const s = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-Notebook-ExecutionIndicator');
        return s && s.getAttribute('data-status') === 'idle';""", 90)
    # JupyterLab asks once, in a toast, whether to fetch Jupyter news: answer No, as a
    # student might, so it covers nothing later (it may also never come: then go on).
    for _ in range(20):
        if browser.execute_script("""
                const no = [...document.querySelectorAll('.Toastify button, .jp-toast-button')]
                    .find(b => b.innerText.trim() === 'No');
                if (no) no.click();
                return Boolean(no);"""):
            break
        time.sleep(0.25)
    time.sleep(0.5)
    p.shot("01-opened")
    return p


def _expected_demo_line() -> str:
    cells = cells_by_grade_id(load(SOURCE / "1_easy.ipynb"))
    return re.search(r"```text\n(.*?)\n```", cells["p01_expected_output"].source, re.S).group(1)


def test_notebook_opens_at_the_binder_urlpath_with_student_nbgrader(page, lab):
    title = page.driver.execute_script(
        "return document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden)').title.label "
        "|| document.title;") or page.driver.title
    assert "1_easy.ipynb" in (title + page.driver.title)
    config = json.loads(page.driver.execute_script(
        "return document.getElementById('jupyter-config-data').textContent;"))
    disabled = config.get("disabledExtensions", [])
    for plugin in INSTRUCTOR_PLUGINS:
        assert plugin in disabled, f"{plugin} is enabled for the student"
    locked = json.dumps(config.get("lockedExtensions", config.get("locked_extensions", {})))
    for plugin in INSTRUCTOR_PLUGINS:
        assert plugin in locked, f"{plugin} is not locked: {locked}"
    menus = page.driver.execute_script(
        "return [...document.querySelectorAll('.lm-MenuBar-item')].map(e => e.innerText.trim());")
    assert "Run" in menus and not [m for m in menus if "nbgrader" in m.lower()], menus
    assert lab.get("/formgrader")[0] == 404, "the formgrader is served to the student"
    assert lab.get("/assignments")[0] == 404, "the exchange-based assignment list is served to the student"
    status, body = lab.get(f"/nbgrader_version?version={nbgrader_version}")
    assert status == 200 and json.loads(body)["success"], f"the Validate server extension is missing: {body}"


def test_untouched_notebook_runs_to_the_stub_and_validate_fails(page):
    page.run_all("untouched notebook")
    page.shot("02-untouched-run-all")
    outputs = page.outputs()
    assert any("NotImplementedError" in o["text"] for o in outputs), (
        f"the untouched solution cell should raise NotImplementedError: {outputs}")
    assert not any(_expected_demo_line() in o["text"] for o in outputs)
    page.scroll_to_output("NotImplementedError")
    page.shot("02-untouched-stub-error")
    kind, text = page.validate("untouched notebook")
    page.shot("03-untouched-validate")
    page.driver.execute_script("document.querySelector('.jp-Dialog .jp-mod-accept, .jp-Dialog button').click();")
    assert "validation-failed" in kind, f"Validate of an unsolved notebook should fail: {kind}: {text}"
    assert "NotImplementedError" in text or "fail" in text.lower(), text


def test_solved_notebook_shows_demo_output_widget_and_validates(page, lab):
    solutions = {grade_id: re.sub(r"\s*### (BEGIN|END) SOLUTION", "", cell.source)
                 for grade_id, cell in cells_by_grade_id(load(SOURCE / "1_easy.ipynb")).items()
                 if grade_id.endswith("_solution")}
    written = page.driver.execute_script("""
        const panel = window.jupyterapp.shell.currentWidget;
        const written = [];
        for (const cell of panel.content.widgets) {
            const id = (cell.model.getMetadata('nbgrader') || {}).grade_id;
            if (id in arguments[0]) {
                cell.model.sharedModel.setSource(arguments[0][id]);
                written.push(id);
            }
        }
        return written;""", solutions)
    assert sorted(written) == sorted(solutions), f"solution cells written: {written}, expected {sorted(solutions)}"
    page.wait("the Validate dialog to close", "return document.querySelector('.jp-Dialog') === null;")
    page.run_all("solved notebook")
    outputs = page.outputs()
    demo = _expected_demo_line()
    shown = [o for o in outputs if demo in o["text"]]
    assert shown, f"the demo output {demo!r} is not in the page: {outputs}"
    assert any("✔" in o["text"] and "P01" in o["text"] for o in outputs), "the visible check did not pass"
    errors = [o for o in outputs if o["mime"] == "application/vnd.jupyter.stderr" or "Error" in o["text"]]
    assert not errors, f"errors or stderr in the page: {errors}"
    page.scroll_to_output(demo)
    page.shot("04-solved-demo-output")
    assert any("course.visuals" in c.source for c in load(ROOT / NOTEBOOK).cells), (
        "the easy notebook no longer draws a course.visuals timeline: update this test")
    # The P02 experiment draws a timeline of the student's code: a live widget holding the SVG.
    page.driver.execute_async_script(f"""
        const done = arguments[arguments.length - 1];
        const cell = {page._CELLS}.find(c => (c.model.getMetadata('nbgrader') || {{}}).grade_id === 'p02_experiment');
        window.jupyterapp.shell.currentWidget.content.scrollToCell(cell, 'center').then(() => done(true));""")
    lanes = page.wait("a course.visuals timeline to render in a live widget", """
        const svg = document.querySelector('.jp-NotebookPanel:not(.lm-mod-hidden) '
            + '.jp-OutputArea-output .jupyter-widgets svg.course-timeline');
        if (!svg) return null;
        svg.scrollIntoView({block: 'center'});
        return svg.querySelectorAll('rect').length;""")
    assert lanes > 3, f"the timeline has almost nothing drawn ({lanes} shapes)"
    page.shot("05-timeline")

    # A scratch cell at the end, typed as a student types it, showing a widget.
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys

    page.driver.execute_script("""
        const panel = window.jupyterapp.shell.currentWidget;
        panel.content.activeCellIndex = panel.content.widgets.length - 1;
        return window.jupyterapp.commands.execute('notebook:insert-cell-below')
            .then(() => window.jupyterapp.commands.execute('notebook:enter-edit-mode'));""")
    page.wait("the scratch cell's editor", "return document.activeElement "
              "&& document.activeElement.classList.contains('cm-content');")
    ActionChains(page.driver).send_keys(
        'import ipywidgets; ipywidgets.IntSlider(value=7, max=10, description="workers")').perform()
    ActionChains(page.driver).key_down(Keys.SHIFT).send_keys(Keys.ENTER).key_up(Keys.SHIFT).perform()
    slider = page.wait("the widget to render", """
        const w = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-OutputArea-output .widget-slider')]
            .find(s => s.innerText.includes('workers'));
        if (w) w.scrollIntoView({block: 'center'});
        return w ? w.innerText : null;""")
    assert "workers" in slider and "7" in slider
    page.shot("06-widget")

    kind, text = page.validate("solved notebook")
    page.shot("07-solved-validate")
    page.driver.execute_script("document.querySelector('.jp-Dialog .jp-mod-accept, .jp-Dialog button').click();")
    assert "validation-success" in kind, f"Validate of the solved notebook: {kind}: {text}"
    assert "passes all the tests" in text

    log = lab.log()
    assert not re.search(r"exchange", log, re.I), f"exchange errors in the server log:\n{log}"
    assert "Traceback" not in log, f"the server logged a traceback:\n{log}"
