"""A throwaway PostgreSQL server for tests: Debian's own binaries, in a temporary folder.

`.ci/run` installs Debian's `postgresql` package when it is missing. The
server listens on a Unix socket only (nothing on the network), trusts local
connections, skips fsync, and is stopped and deleted when the block ends.
"""

from __future__ import annotations

import contextlib
import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Iterator


def _program(name: str) -> str:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    if found:
        return found[-1]  # the newest major version installed
    if shutil.which(name):
        return shutil.which(name)
    raise RuntimeError(f"PostgreSQL's `{name}` was not found: install the server "
                       "(`apt-get install -y postgresql`, as .ci/run does)")


@contextlib.contextmanager
def running_postgres(user: str = "grader") -> Iterator[str]:
    """Start a server; yield the SQLAlchemy URL of its `postgres` database (driver: psycopg 3)."""
    base = Path(tempfile.mkdtemp(prefix="course-postgres-"))
    data, sockets = base / "data", base / "socket"
    data.mkdir()
    sockets.mkdir()
    as_owner: list[str] = []
    if os.geteuid() == 0:
        # initdb refuses to run as root: the server runs as Debian's `postgres` user.
        account = pwd.getpwnam("postgres")
        for path in (base, data, sockets):
            os.chown(path, account.pw_uid, account.pw_gid)
        as_owner = ["runuser", "-u", "postgres", "--"]
    with socket.socket() as probe:  # a free port number names the socket file
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    pg_ctl = [*as_owner, _program("pg_ctl"), "-D", str(data)]
    try:
        try:
            subprocess.run([*as_owner, _program("initdb"), "-D", str(data), "-A", "trust", "-U", user,
                            "--no-sync"], check=True, capture_output=True, text=True)
            subprocess.run([*pg_ctl, "-l", str(base / "server.log"), "-w", "start", "-o",
                            f"-k {sockets} -p {port} -c listen_addresses='' -c fsync=off"],
                           check=True, capture_output=True, text=True)
        except subprocess.CalledProcessError as failed:
            log = base / "server.log"
            raise RuntimeError(f"{' '.join(failed.cmd)} failed:\n{failed.stdout}{failed.stderr}"
                               + (log.read_text() if log.exists() else "")) from failed
        try:
            yield f"postgresql+psycopg://{user}@/postgres?host={sockets}&port={port}"
        finally:
            subprocess.run([*pg_ctl, "-m", "immediate", "stop"], capture_output=True)
    finally:
        shutil.rmtree(base, ignore_errors=True)
