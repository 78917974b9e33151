"""The wheel on its own: built from the tracked files, installed into a fresh venv, run from a
folder outside the checkout (`coach init`, `kb sync`, `plan --json`, `serve`).

The fresh venv gets no copy of the checkout and no PYTHONPATH. Its third-party packages are
the closure of the wheel's declared `Requires-Dist`, linked from the shared venv into one
folder the fresh venv reads through a .pth file; anything undeclared (the old tokenizer
package, the test tools) is invisible, so a missing declaration or a missing data file fails.
"""

from __future__ import annotations

import importlib.metadata as md
import json
import os
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import pytest
from packaging.requirements import Requirement

from tests.planning.conftest import free_port

ROOT = Path(__file__).resolve().parents[1]
SITE = Path(md.distribution("pydantic").locate_file(""))  # the shared venv's site-packages


def tracked_copy(target: Path) -> Path:
    """The files git tracks (and new untracked ones), symlinks kept, in a fresh folder."""
    listed = subprocess.run(["git", "ls-files", "-co", "--exclude-standard", "-z"], cwd=ROOT,
                            check=True, capture_output=True).stdout.decode().split("\0")
    for name in filter(None, listed):
        source, dest = ROOT / name, target / name
        if not source.exists() and not source.is_symlink():
            continue  # deleted in the worktree
        dest.parent.mkdir(parents=True, exist_ok=True)
        if source.is_symlink():
            dest.symlink_to(os.readlink(source))
        else:
            dest.write_bytes(source.read_bytes())
    return target


def closure(requirements: list[str]) -> set[str]:
    """Installed distributions that the requirements need, transitively (markers evaluated)."""
    seen: set[str] = set()
    todo = [(Requirement(r), "") for r in requirements]
    while todo:
        req, extra = todo.pop()
        if req.marker and not req.marker.evaluate({"extra": extra}):
            continue
        dist = md.distribution(req.name)  # PackageNotFoundError: a declared dep is not installed
        key = f"{dist.metadata['Name'].lower()}[{','.join(sorted(req.extras))}]"
        if key in seen:
            continue
        seen.add(key)
        for sub in dist.requires or []:
            for wanted in ["", *req.extras]:
                todo.append((Requirement(sub), wanted))
    return {key.split("[")[0] for key in seen}


def link_site(dists: set[str], folder: Path) -> None:
    """Link each distribution's top-level files and folders from the shared site-packages."""
    folder.mkdir()
    for name in dists:
        for file in md.distribution(name).files or []:
            top = file.parts[0]
            if top == ".." or (folder / top).exists() or top.endswith(".pth"):
                continue
            (folder / top).symlink_to(SITE / top)


def wheel_requirements(wheel: Path) -> list[str]:
    with zipfile.ZipFile(wheel) as archive:
        meta = next(n for n in archive.namelist() if n.endswith(".dist-info/METADATA"))
        text = archive.read(meta).decode()
    return [line.split(":", 1)[1].strip() for line in text.splitlines()
            if line.startswith("Requires-Dist:")]


def run(args: list[str], cwd: Path, env: dict[str, str], timeout: int = 600) -> str:
    done = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{args}\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}"
    return done.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> tuple[Path, dict[str, str]]:
    """(bin folder of a fresh venv holding only the wheel, environment without the checkout)."""
    work = tmp_path_factory.mktemp("wheel")
    source = tracked_copy(work / "src")
    pip = [sys.executable, "-m", "pip"]
    run([*pip, "wheel", "--no-deps", "-w", str(work / "dist"), str(source)], work,
        dict(os.environ))
    (wheel,) = (work / "dist").glob("*.whl")
    run([sys.executable, "-m", "venv", "--without-pip", str(work / "venv")], work,
        dict(os.environ))
    venv_python = work / "venv" / "bin" / "python"
    link_site(closure(wheel_requirements(wheel)), work / "deps")
    where = "import sysconfig; print(sysconfig.get_path('purelib'))"
    purelib = run([str(venv_python), "-c", where], work, dict(os.environ)).strip()
    (Path(purelib) / "coach-deps.pth").write_text(f"{work / 'deps'}\n")
    run([*pip, "--python", str(venv_python), "install", "--no-index", "--no-deps", str(wheel)],
        work, dict(os.environ))
    env = {k: v for k, v in os.environ.items() if k not in {"PYTHONPATH", "COACH_CONFIG"}
           and not k.startswith("COACH_")}
    return work / "venv" / "bin", env


@pytest.mark.slow
def test_the_wheel_declares_and_ships_what_it_needs(installed, tmp_path) -> None:
    bin_dir, env = installed
    # the package is imported from the fresh venv, not from the checkout
    where = run([str(bin_dir / "python"), "-c", "import assistant; print(assistant.__file__)"],
                tmp_path, env)
    assert str(bin_dir.parent) in where and str(ROOT) not in where
    # every declared requirement (and theirs) is met by what the venv can see
    run([sys.executable, "-m", "pip", "--python", str(bin_dir / "python"), "check"],
        tmp_path, env)


@pytest.mark.slow
def test_init_sync_plan_serve_outside_the_checkout(installed, tmp_path) -> None:
    bin_dir, env = installed
    coach = str(bin_dir / "coach")
    run([coach, "init", "site"], tmp_path, env)
    site = tmp_path / "site"
    seed = sorted(p.name for p in (ROOT / "knowledge").glob("*.md"))
    assert sorted(p.name for p in (site / "knowledge").glob("*.md")) == seed
    assert "database_url" in (site / "coach.yaml").read_text()
    # a second init refuses to overwrite what the admin now owns
    again = subprocess.run([coach, "init", "site"], cwd=tmp_path, env=env, capture_output=True,
                           text=True)
    assert again.returncode == 1 and "exists" in again.stderr

    report = json.loads(run([coach, "kb", "sync", "--json"], site, env))
    assert len(report["added"]) == len(seed) and not report["errors"]
    plan = json.loads(run([coach, "plan", "--topic", "LinkedIn for executives", "--mentee-role",
                           "CFO", "--minutes", "45", "--json", "--user", "maya"], site, env))
    assert plan["plan"]["agenda"] and plan["plan"]["sources"]
    assert (site / "data" / "coach.db").is_file()

    port = free_port()
    server = subprocess.Popen([coach, "serve", "--port", str(port)], cwd=site, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        status = _first_page(f"http://127.0.0.1:{port}/", server)
    finally:
        server.terminate()
        server.wait(timeout=30)
    assert status == 200


def _first_page(url: str, server: subprocess.Popen[bytes]) -> int:
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            pytest.fail(f"coach serve exited: {server.stderr.read().decode()[-3000:]}")  # type: ignore[union-attr]
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return int(response.status)
        except OSError:
            time.sleep(0.5)
    pytest.fail("coach serve did not answer within 120 s")
