"""Reproducible installs: everything pinned to stable releases, buildout agrees with pip."""

import configparser
import importlib.metadata
import pathlib
import re


ROOT = pathlib.Path(__file__).resolve().parents[2]
PRE_RELEASE = re.compile(r"(a|b|rc|dev)\d*$|\.dev", re.I)


def normalise(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def constraints():
    pins = {}
    for line in (ROOT / "constraints.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            name, version = line.split("==")
            pins[normalise(name)] = version
    return pins


def test_no_pre_releases():
    assert not [f"{n}=={v}" for n, v in constraints().items() if PRE_RELEASE.search(v)]


def test_every_installed_distribution_is_pinned():
    pins = constraints()
    unpinned = []
    for dist in importlib.metadata.distributions():
        name = normalise(dist.metadata["Name"])
        if name != "ratusha" and pins.get(name) != dist.version:
            unpinned.append(f"{name}=={dist.version}")
    assert not unpinned, f"installed but not pinned (or pinned differently): {sorted(unpinned)}"


def test_buildout_versions_equal_constraints():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(ROOT / "buildout.cfg")
    versions = {normalise(k): v for k, v in parser["versions"].items()}
    pins = constraints()
    from ratusha.instance.pins import BUILDOUT_ONLY

    buildout_only = {normalise(name) for name in BUILDOUT_ONLY}
    assert {k: v for k, v in versions.items() if k not in buildout_only} == pins
