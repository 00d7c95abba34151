"""Links that open a course notebook in JupyterLab on Binder.

The public Binder repository is the *student export* (`course export-student`),
not this instructor repository: source/ holds solutions and hidden tests and
must stay private. Its GitHub name is not known here, so it is a parameter,
and the default is a placeholder that says so. Replace it with
`course export-student DEST --binder-repo OWNER/NAME`, which writes the
student README with working links.
"""

from __future__ import annotations

import re
from urllib.parse import quote

#: Where mybinder.org builds a GitHub repository.
BINDER_HOST = "https://mybinder.org"
#: Stands for the public student repository until an instructor names it.
PLACEHOLDER_REPO = "YOUR-GITHUB-ORG/YOUR-STUDENT-REPO"
#: The branch of the public repository Binder builds.
DEFAULT_REF = "main"
#: The Binder badge image.
BADGE_IMAGE = "https://mybinder.org/badge_logo.svg"

_REPO = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]*/[A-Za-z0-9][A-Za-z0-9_.-]*")


def check_repo(repo: str) -> str:
    """Return `repo` if it looks like GitHub's OWNER/NAME, else raise ValueError saying what to pass."""
    if not _REPO.fullmatch(repo):
        raise ValueError(f"{repo!r} is not a GitHub repository name: pass it as OWNER/NAME, "
                         "for example my-school/async-patterns")
    return repo


def binder_url(repo: str, notebook: str | None = None, ref: str = DEFAULT_REF) -> str:
    """The Binder URL of GitHub repository `repo` at `ref`.

    With `notebook` (a path from the repository root, such as
    "release/async_patterns/1_easy.ipynb") the URL opens that notebook in
    JupyterLab; without, JupyterLab opens on the repository folder.
    """
    url = f"{BINDER_HOST}/v2/gh/{check_repo(repo)}/{quote(ref, safe='')}"
    if notebook is not None:
        url += "?urlpath=" + quote(f"lab/tree/{notebook}", safe="")
    return url


def badge_markdown(repo: str, notebook: str | None = None, ref: str = DEFAULT_REF) -> str:
    """A Markdown "launch binder" badge linking to `binder_url(repo, notebook, ref)`."""
    return f"[![Launch on Binder]({BADGE_IMAGE})]({binder_url(repo, notebook, ref)})"
