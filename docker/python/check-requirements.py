"""Checks that the packages a learner's app declares are installed here, by name.

Reads requirements.txt, pyproject.toml ([project] or Poetry) or Pipfile in the current folder.
The sandbox reaches no package index, so a missing package cannot be installed: each is printed
as "missing <requirement>" and the exit code is 3. A version other than the one asked for is
printed as "version <name> <wanted> <installed>" and is not an error: apps written against a
newer release of a library almost always run on Debian's.
"""
import os
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version

from pip._vendor.packaging.requirements import InvalidRequirement, Requirement


def from_requirements_txt(path):
    for raw in open(path, encoding="utf-8"):
        line = raw.split(" #")[0].strip()
        if line and not line.startswith(("#", "-", "git+", "http://", "https://", ".", "/")):
            yield line


def from_pyproject(path):
    data = tomllib.load(open(path, "rb"))
    yield from data.get("project", {}).get("dependencies", [])
    poetry = data.get("tool", {}).get("poetry", {}).get("dependencies", {})
    yield from (name for name in poetry if name.lower() != "python")


def from_pipfile(path):
    yield from (name for name in tomllib.load(open(path, "rb")).get("packages", {}))


def declared():
    for name, read in (
        ("requirements.txt", from_requirements_txt),
        ("pyproject.toml", from_pyproject),
        ("Pipfile", from_pipfile),
    ):
        if os.path.exists(name):
            return list(read(name))
    return []


def main():
    missing = False
    for text in declared():
        try:
            wanted = Requirement(text)
        except InvalidRequirement:
            print(f"unreadable {text}")
            continue
        if wanted.marker and not wanted.marker.evaluate():
            continue
        try:
            installed = version(wanted.name)
        except PackageNotFoundError:
            print(f"missing {text}")
            missing = True
            continue
        if wanted.specifier and not wanted.specifier.contains(installed, prereleases=True):
            print(f"version {wanted.name} {wanted.specifier} {installed}")
    sys.exit(3 if missing else 0)


main()
