"""repo2docker (the builder behind Binder) reads our binder/ folder: the conda
build pack, Python 3.12, binder/environment.yml and binder/postBuild, both in
this repository and in the student export (the repository Binder builds).

Checked two ways with no Docker: repo2docker's own build-pack detection, the
loop `Repo2Docker.build` runs, through its Python API; and the Dockerfile
that `repo2docker --no-build` renders from the CLI."""

from __future__ import annotations

import os
import subprocess
import sys
import tomllib

import pytest
import yaml
from repo2docker.app import Repo2Docker
from repo2docker.buildpacks import CondaBuildPack
from repo2docker.utils import chdir

from conftest import ROOT
from student_build import TEST_BINDER_REPO, export


@pytest.fixture(scope="module", params=["repository", "student export"])
def repo(request, tmp_path_factory):
    if request.param == "repository":
        return ROOT
    dest = tmp_path_factory.mktemp("export") / "public"
    done = export(ROOT, dest, "--binder-repo", TEST_BINDER_REPO)
    assert done.returncode == 0, done.stderr
    return dest


def _picked_buildpack(repo):
    """The build pack repo2docker picks for `repo`: the first of its list whose detect() is true."""
    app = Repo2Docker()
    with chdir(str(repo)):
        for buildpack_class in app.buildpacks:
            buildpack = buildpack_class(base_image=app.base_image)
            if buildpack.detect():
                return buildpack, {"python": buildpack.python_version,
                                   "environment": buildpack.environment_yaml_path,
                                   "post_build": buildpack.get_post_build_scripts(),
                                   "start": buildpack.get_start_script()}
    return app.default_buildpack(base_image=app.base_image), {}


def test_repo2docker_picks_conda_python312_and_our_binder_files(repo):
    buildpack, found = _picked_buildpack(repo)
    assert type(buildpack) is CondaBuildPack, f"repo2docker picked {type(buildpack).__name__}"
    assert found["python"] == "3.12"
    assert found["environment"] == os.path.join("binder", "environment.yml")
    assert found["post_build"] == [os.path.join("binder", "postBuild")]
    assert found["start"] is None, "no start script is needed"


def test_repo2docker_no_build_renders_the_image_from_binder(repo):
    done = subprocess.run([os.path.join(os.path.dirname(sys.executable), "repo2docker"), "--no-build", str(repo)],
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    dockerfile, log = done.stdout, done.stderr
    assert "Building conda environment for python=3.12" in log
    # The conda build pack's base environment, pinned to Python 3.12 ...
    assert "environment-2epy-2d3-2e12-2dlinux-2d64-2elock" in dockerfile, "not the conda 3.12 base env"
    assert "ENV NB_PYTHON_PREFIX=${CONDA_DIR}/envs/notebook" in dockerfile
    # ... updated from our environment file, then our postBuild.
    assert "src/binder/environment.yml ${REPO_DIR}/binder/environment.yml" in dockerfile
    assert '--file "binder/environment.yml"' in dockerfile
    assert "RUN ./binder/postBuild" in dockerfile
    assert "environment.yml" not in dockerfile.replace("binder/environment.yml", ""), (
        "a top-level environment.yml was picked up")


def test_binder_environment_is_python312_with_the_package_dependencies(repo):
    env = yaml.safe_load((repo / "binder" / "environment.yml").read_text())
    deps = [d for d in env["dependencies"] if isinstance(d, str)]
    assert "python=3.12" in deps
    pyproject = tomllib.loads((repo / "pyproject.toml").read_text())["project"]["dependencies"]
    assert sorted(d.replace(" ", "") for d in deps if not d.startswith(("python=", "pip"))) == sorted(
        d.replace(" ", "") for d in pyproject)


def test_readme_badge_and_links_open_each_tier_in_jupyterlab_on_binder():
    """The README's badge opens the easy notebook, and a link opens each tier, at the lab/tree
    urlpath; the links name the documented placeholder until the public repository exists."""
    from course.tools.binder_links import PLACEHOLDER_REPO, badge_markdown, binder_url

    readme = (ROOT / "README.md").read_text()
    easy = "release/async_patterns/1_easy.ipynb"
    assert readme.splitlines()[2] == badge_markdown(PLACEHOLDER_REPO, easy), "no Binder badge under the title"
    for tier in ("1_easy", "2_medium", "3_hard"):  # the curriculum's fixed notebook names
        url = binder_url(PLACEHOLDER_REPO, f"release/async_patterns/{tier}.ipynb")
        assert f"]({url})" in readme, f"the README has no Binder link to {tier}.ipynb"
        assert url.endswith(f"?urlpath=lab%2Ftree%2Frelease%2Fasync_patterns%2F{tier}.ipynb")
    assert "#publishing-on-binder" in readme and "### Publishing on Binder" in readme
    assert "course export-student" in readme and "--binder-repo OWNER/NAME" in readme
    with pytest.raises(ValueError, match="OWNER/NAME"):
        binder_url("https://github.com/someone/repo")
