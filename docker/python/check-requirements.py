"""Checks the packages a learner's app declares against those installed here, by name.

Reads requirements.txt, pyproject.toml ([project] or Poetry) or Pipfile in the current folder.
Each declared package that is not installed is printed as "missing <requirement>" (exit code 3):
the install stage has pip fetch exactly those lines from the grader's package source. A version
other than the one asked for is printed as "version <name> <wanted> <installed>" and is not an
error: apps written against a newer release of a library almost always run on Debian's.

A line pip would read as more than one requirement, or as an option, and a dependency on a path,
a VCS or a file is never passed on ("unreadable" / "local"): pip runs a package's build code,
and the learner's own code must not run where the shared package cache is written.
"""
import os
import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version

from pip._vendor.packaging.requirements import InvalidRequirement, Requirement

# Anything but plain spaces and tabs: pip splits the file it is given at every line boundary
# str.splitlines() knows (\f, \v, \x1c-\x1e, \x85, \u2028, \u2029), this checker only at \n.
ODD_WHITESPACE = re.compile(r"[^\S \t]")
TABLE_SOURCES = ("path", "git", "hg", "svn", "bzr", "url", "file", "editable")


def from_requirements_txt(path):
    for raw in open(path, encoding="utf-8", newline="\n"):
        line = raw.rstrip("\r\n").split(" #")[0].strip()
        if line and not line.startswith(("#", "-", "git+", "http://", "https://", ".", "/")):
            yield line


def from_pyproject(path):
    data = tomllib.load(open(path, "rb"))
    yield from data.get("project", {}).get("dependencies", [])
    poetry = data.get("tool", {}).get("poetry", {}).get("dependencies", {})
    yield from from_table({k: v for k, v in poetry.items() if k.lower() != "python"})


def from_pipfile(path):
    yield from from_table(tomllib.load(open(path, "rb")).get("packages", {}))


def from_table(entries):
    """Pipfile / Poetry entries: "name = '==1.2'" keeps a PEP 440 version, tables their "version"."""
    for name, spec in entries.items():
        if isinstance(spec, dict):
            if any(key in spec for key in TABLE_SOURCES):
                print(f"local {name}")
                continue
            spec = spec.get("version", "*")
        spec = str(spec).strip()
        yield name if spec in ("", "*") or spec[0] not in "=<>!~" else f"{name}{spec}"


def declared():
    for name, read in (
        ("requirements.txt", from_requirements_txt),
        ("pyproject.toml", from_pyproject),
        ("Pipfile", from_pipfile),
    ):
        if os.path.exists(name):
            return list(read(name))
    return []


def readable(text):
    """One requirement of a package from an index, or one at an http(s) URL; None otherwise."""
    if ODD_WHITESPACE.search(text):
        return None
    try:
        wanted = Requirement(text)
    except InvalidRequirement:
        return None
    if wanted.url and not wanted.url.startswith(("https://", "http://")):
        return None
    return wanted


def main():
    missing = False
    for text in declared():
        wanted = readable(text)
        if wanted is None:
            print("unreadable " + ODD_WHITESPACE.sub("?", text))
            continue
        if wanted.marker and not wanted.marker.evaluate({"extra": ""}):
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
