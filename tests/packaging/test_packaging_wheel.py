"""The sdist and the wheel carry everything the add-on needs outside an editable checkout.

profiles/ (with workflows/) and instance/*.in stay at the top of the checkout (design card);
the package reaches them through symlinks that the build follows. This test builds the sdist
with the pinned setuptools, then the wheel from that sdist (as an installer would), in a copy
of the tree, and compares the wheel's files with the source files. `make test-wheel` installs
the wheel into a fresh virtualenv and serves a site from it.
"""

import pathlib
import pytest
import shutil
import subprocess
import sys
import tarfile
import zipfile


ROOT = pathlib.Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "src" / "ratusha"
SKIPPED = {"__pycache__"}
UNSHIPPED_SUFFIXES = {".pyc", ".mo"}  # Zope compiles the .mo from the .po at start-up


def source_files() -> set[str]:
    """ratusha/... paths of every file the package holds, symlinks followed as the build does."""
    files = set()
    for path in PACKAGE.rglob("*"):
        parts = path.relative_to(PACKAGE).parts
        if SKIPPED & set(parts) or path.is_dir() or path.suffix in UNSHIPPED_SUFFIXES:
            continue
        files.add("ratusha/" + "/".join(parts))
    return files


def copy_tree(target: pathlib.Path) -> None:
    """The files a build reads, with the package's relative symlinks kept as symlinks."""
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo", "*.egg-info")
    shutil.copytree(ROOT / "src", target / "src", symlinks=True, ignore=ignore)
    for folder in ("profiles", "workflows"):
        shutil.copytree(ROOT / folder, target / folder, symlinks=True)
    (target / "instance").mkdir()
    for template in (ROOT / "instance").glob("*.in"):
        shutil.copy2(template, target / "instance")
    for name in ("pyproject.toml", "MANIFEST.in", "README.md", "constraints.txt"):
        shutil.copy2(ROOT / name, target / name)


def build(backend_call: str, cwd: pathlib.Path, out: pathlib.Path) -> pathlib.Path:
    """Run one PEP 517 hook of setuptools (the pinned one in this venv) and return its file."""
    out.mkdir(exist_ok=True)
    script = f"import setuptools.build_meta as b; print(b.{backend_call}({str(out)!r}))"
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=cwd, capture_output=True, text=True, check=True
    )
    return out / done.stdout.strip().splitlines()[-1]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    tree = tmp_path_factory.mktemp("tree")
    copy_tree(tree)
    sdist = build("build_sdist", tree, tree / "dist")
    with tarfile.open(sdist) as archive:
        archive.extractall(tree / "unpacked", filter="data")
    (unpacked,) = (tree / "unpacked").iterdir()
    wheel = build("build_wheel", unpacked, tree / "wheel")
    return sdist, wheel


def test_wheel_holds_every_package_file(built):
    _sdist, wheel = built
    names = {name for name in zipfile.ZipFile(wheel).namelist() if name.startswith("ratusha/")}
    assert source_files() - names == set()
    assert {name for name in names if name.endswith(".mo")} == set()


def test_wheel_holds_profiles_workflows_and_instance_templates(built):
    _sdist, wheel = built
    names = set(zipfile.ZipFile(wheel).namelist())
    for path in (ROOT / "profiles").rglob("*.xml"):
        assert "ratusha/profiles/" + path.relative_to(ROOT / "profiles").as_posix() in names
    for path in (ROOT / "workflows").rglob("*.xml"):
        relative = path.relative_to(ROOT / "workflows").as_posix()
        assert f"ratusha/profiles/default/workflows/{relative}" in names
    for path in (ROOT / "instance").glob("*.in"):
        assert f"ratusha/instance/templates/{path.name}" in names


def test_sdist_holds_the_symlinked_files_as_plain_files(built):
    sdist, _wheel = built
    with tarfile.open(sdist) as archive:
        members = {member.name.partition("/")[2]: member for member in archive.getmembers()}
    workflow = "src/ratusha/profiles/default/workflows/ratusha_incoming_workflow/definition.xml"
    for name in (workflow, "src/ratusha/instance/templates/zope.conf.in"):
        assert members[name].isfile()


def test_instance_templates_are_the_links_to_instance():
    """A template added to instance/ needs its link in the package, or the wheel lacks it."""
    links = {path.name: path for path in (PACKAGE / "instance" / "templates").iterdir()}
    assert sorted(links) == sorted(path.name for path in (ROOT / "instance").glob("*.in"))
    for name, link in links.items():
        assert link.is_symlink() and link.resolve() == (ROOT / "instance" / name).resolve()
    assert (PACKAGE / "profiles").is_symlink()
    assert (PACKAGE / "profiles").resolve() == (ROOT / "profiles").resolve()
