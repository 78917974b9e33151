"""A throw-away PostgreSQL server from Debian's `postgresql` package, for the test session.

`initdb` + `pg_ctl` in a temporary folder, listening on a free loopback port, trust auth for
one role. PostgreSQL refuses to run as root, so under root the server runs as the `postgres`
system user (the package creates it).
"""

from __future__ import annotations

import glob
import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROLE = "coach"
_names = itertools.count(1)


def bin_dir() -> Path | None:
    """The newest installed server's bin folder, or None when PostgreSQL is absent."""
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/pg_ctl"),
                   key=lambda p: int(Path(p).parts[-3]))
    if found:
        return Path(found[-1]).parent
    on_path = shutil.which("pg_ctl")
    return Path(on_path).parent if on_path and shutil.which("initdb") else None


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _as_server_user(args: list[str]) -> list[str]:
    if os.geteuid() != 0:
        return args
    return ["runuser", "-u", "postgres", "--", *args]


@contextmanager
def server(binaries: Path) -> Iterator[str]:
    """Start a server; yield its base URL (no database name); stop it and remove its files."""
    root = Path(tempfile.mkdtemp(prefix="coach-pg-"))
    if os.geteuid() == 0:
        user = pwd.getpwnam("postgres")
        os.chown(root, user.pw_uid, user.pw_gid)
    data, port = root / "data", _free_port()
    run = {"check": True, "capture_output": True, "text": True, "timeout": 120}
    try:
        subprocess.run(_as_server_user([str(binaries / "initdb"), "-D", str(data), "-U", ROLE,
                                        "--auth=trust", "-E", "UTF8", "--no-sync"]), **run)
        options = (f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off "
                   "-c synchronous_commit=off -c full_page_writes=off -c max_connections=200")
        subprocess.run(_as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-o", options,
                                        "-l", str(root / "server.log"), "-w", "start"]), **run)
        try:
            yield f"postgresql+psycopg://{ROLE}@127.0.0.1:{port}"
        finally:
            subprocess.run(_as_server_user([str(binaries / "pg_ctl"), "-D", str(data), "-m",
                                            "fast", "-w", "stop"]), **run)
    except subprocess.CalledProcessError as exc:
        raise RuntimeError(f"PostgreSQL did not start: {exc.stderr}") from None
    finally:
        shutil.rmtree(root, ignore_errors=True)


def create_database(base_url: str) -> str:
    """A new empty database on the server; returns its URL."""
    from sqlalchemy import create_engine, text

    name = f"t{os.getpid()}_{next(_names)}"
    engine = create_engine(f"{base_url}/postgres", isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    engine.dispose()
    return f"{base_url}/{name}"
