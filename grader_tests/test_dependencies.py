"""pyproject.toml is the one source of pip dependencies; the conda files list the same."""

from __future__ import annotations

import re
import tomllib

import pytest
import yaml

from conftest import ROOT


def _pyproject() -> dict[str, str]:
    deps = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
    return dict(_split(d) for d in deps)


def _split(requirement: str) -> tuple[str, str]:
    name, spec = re.match(r"([A-Za-z0-9_.\-]+)\s*(.*)", requirement).groups()
    return name.lower(), spec.replace(" ", "")


@pytest.mark.parametrize("path", ["environment.yml", "binder/environment.yml"])
def test_conda_environment_matches_pyproject(path):
    env = yaml.safe_load((ROOT / path).read_text())
    conda = [d for d in env["dependencies"] if isinstance(d, str)]
    assert "python=3.12" in conda, f"{path} must pin python=3.12 (repo2docker reads the pin)"
    packages = dict(_split(d) for d in conda if not d.startswith(("python=", "pip")))
    assert packages == _pyproject(), f"{path} drifted from pyproject.toml"
