"""What a user installs: the sdist built from this checkout, and the wheel built from that
sdist (as pip does), hold what the app needs at runtime: the styles, every data file of
the package (the simulator's too), the entry point, the license and the version.

Built with hatchling's own build hooks (a dev dependency), in a subprocess: no network,
no uv, about a second. Installing the wheel with its dependencies is checked by hand
before a release (CONTRIBUTING.md), not here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tarfile
import zipfile
from email.parser import Parser
from pathlib import Path

import pytest

import triage_tui

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "triage_tui"

BUILD = """
import sys
from hatchling.build import build_sdist, build_wheel
hook = build_sdist if sys.argv[1] == "sdist" else build_wheel
print(hook(sys.argv[2]))
"""


def _build(kind: str, source: Path, out: Path) -> Path:
    done = subprocess.run(
        [sys.executable, "-c", BUILD, kind, str(out)],
        cwd=source,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return out / done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(the sdist, the sdist unpacked, the wheel built from the unpacked sdist)."""
    out = tmp_path_factory.mktemp("dist")
    sdist = _build("sdist", ROOT, out)
    unpacked = tmp_path_factory.mktemp("sdist")
    with tarfile.open(sdist) as tar:
        # The "data" filter where this Python has it (3.11.4 and later).
        safe = {"filter": "data"} if hasattr(tarfile, "data_filter") else {}
        tar.extractall(unpacked, **safe)
    (source,) = unpacked.iterdir()
    wheel = _build("wheel", source, out)
    return sdist, source, wheel


def _package_files() -> set[str]:
    """Every file of the package in this checkout, as a path inside the wheel."""
    return {
        path.relative_to(ROOT).as_posix()
        for path in PACKAGE.rglob("*")
        if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc"
    }


def test_the_sdist_has_the_styles_and_the_license_but_no_screenshots(built) -> None:
    sdist, _, _ = built
    with tarfile.open(sdist) as tar:
        names = {name.split("/", 1)[1] for name in tar.getnames() if "/" in name}
    assert {"styles/app.tcss", "LICENSE", "pyproject.toml", "README.md"} <= names
    assert not any(name.startswith("screenshots/") for name in names)
    assert _package_files() <= names


def test_the_wheel_has_every_package_file_and_the_styles(built) -> None:
    _, _, wheel = built
    with zipfile.ZipFile(wheel) as zipped:
        names = set(zipped.namelist())
        styles = zipped.read("triage_tui/_styles/app.tcss")
    missing = _package_files() - names
    assert not missing, f"not in the wheel: {sorted(missing)}"
    # Data files (a .tcss, the simulator's data, ...) included, not only modules.
    assert styles == (ROOT / "styles" / "app.tcss").read_bytes()
    assert not any(name.startswith(("tests/", "screenshots/", "styles/")) for name in names)


def test_the_wheel_metadata_entry_point_and_license(built) -> None:
    _, _, wheel = built
    with zipfile.ZipFile(wheel) as zipped:
        info = f"mention_triage-{triage_tui.__version__}.dist-info"
        metadata = Parser().parsestr(zipped.read(f"{info}/METADATA").decode())
        entry_points = zipped.read(f"{info}/entry_points.txt").decode()
        license_text = zipped.read(f"{info}/licenses/LICENSE").decode()
    assert metadata["Name"] == "mention-triage"
    assert metadata["Version"] == triage_tui.__version__
    assert metadata["License-Expression"] == "MIT"
    assert "mention-triage developers" in license_text
    requires = {
        r.split(";")[0].split("<")[0].split(">")[0].split("=")[0].strip()
        for r in metadata.get_all("Requires-Dist")
    }
    assert {"textual", "rich", "pydantic", "pydantic-core", "argcomplete"} <= requires
    assert "mention-triage = triage_tui.cli:main" in entry_points


def test_the_unpacked_wheel_finds_its_styles_and_prints_its_version(built, tmp_path) -> None:
    """The installed package (here: the wheel unpacked first on sys.path) loads its own
    copy of the styles, not a checkout's."""
    _, _, wheel = built
    site = tmp_path / "site"
    with zipfile.ZipFile(wheel) as zipped:
        zipped.extractall(site)
    env = {**os.environ, "PYTHONPATH": str(site)}
    probe = "from triage_tui.ui.app import styles_path; print(styles_path())"
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    assert Path(done.stdout.strip()) == site / "triage_tui" / "_styles" / "app.tcss"
    done = subprocess.run(
        [sys.executable, "-m", "triage_tui.cli", "--version"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
    )
    assert done.stdout == f"mention-triage {triage_tui.__version__}\n", done.stderr
