"""An installed (non-editable) pcgraph finds its ontology, shapes and data from any directory."""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

from support.paths import REPO_DIR

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def installed_python(tmp_path_factory) -> Path:
    """A virtual environment with pcgraph installed from a freshly built wheel.

    Its dependencies come from the environment running the tests (listed in a ``.pth`` file,
    after the new environment's own packages), whether that is a virtual environment or not;
    pcgraph itself comes only from the wheel.
    """
    root = tmp_path_factory.mktemp("venv")
    venv.EnvBuilder(system_site_packages=False, with_pip=False).create(root)
    python = root / "bin" / "python"
    own_site = subprocess.run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
                              capture_output=True, text=True, check=True).stdout.strip()
    running = dict.fromkeys([sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]])
    (Path(own_site) / "running-environment.pth").write_text("\n".join(running) + "\n")
    wheel_dir = tmp_path_factory.mktemp("wheel")
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q",
                    "-w", str(wheel_dir), str(REPO_DIR)], check=True, timeout=300)
    wheel = next(wheel_dir.glob("pcgraph-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps",
                    "--force-reinstall", "-q", str(wheel)], check=True, timeout=300)
    return python


def test_installed_package_finds_its_folders_from_another_directory(installed_python, tmp_path):
    script = (
        "import pcgraph, pcgraph.paths as p, pcgraph.web.app;"
        "print(pcgraph.__file__);"
        "print(p.ontology_file());"
        "print(p.shapes_dir());"
        "print(p.data_dir())"
    )
    result = subprocess.run([str(installed_python), "-c", script], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    package_file, ontology_file, shapes, data = result.stdout.split()
    site = str(Path(package_file).parent)
    assert "site-packages" in site and not site.startswith(str(REPO_DIR))
    for found in (ontology_file, shapes, data):
        assert found.startswith(site + "/bundled/"), found
    assert Path(ontology_file).is_file()


def test_installed_command_runs_from_another_directory(installed_python, tmp_path):
    result = subprocess.run([str(installed_python), "-m", "pcgraph", "ontology", "docs"], cwd=tmp_path,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "pc:ProviderCollaborative" in result.stdout


SHIPPED = {"pcgraph": "", "web": "web", "ontology": "bundled/ontology", "shapes": "bundled/shapes", "data": "bundled/data"}


def test_every_source_file_ships_in_the_wheel(installed_python, tmp_path):
    """Nothing a user needs is left behind: each file under the shipped folders is installed."""
    result = subprocess.run([str(installed_python), "-c", "import pcgraph; print(pcgraph.__file__)"],
                            cwd=tmp_path, capture_output=True, text=True, timeout=60)
    installed = Path(result.stdout.strip()).parent
    missing = []
    for folder, target in SHIPPED.items():
        for source in (REPO_DIR / folder).rglob("*"):
            if source.is_dir() or "__pycache__" in source.parts or source.suffix == ".pyc":
                continue
            relative = source.relative_to(REPO_DIR / folder)
            if not (installed / target / relative).exists():
                missing.append(f"{folder}/{relative}")
    assert missing == []
