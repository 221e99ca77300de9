"""What the distribution declares: one version (staff_lms.__version__) that CHANGELOG.md names,
every package the shipped apps import among its dependencies, and the licence it states."""

import ast
import importlib.metadata
import re
import sys
import tomllib
from pathlib import Path

import staff_lms
from staff_lms.checks import LMS_APPS

REPO_ROOT = Path(__file__).resolve().parent.parent
PYPROJECT = tomllib.loads((REPO_ROOT / "pyproject.toml").read_text(encoding="utf-8"))


def changelog_versions():
    text = (REPO_ROOT / "CHANGELOG.md").read_text(encoding="utf-8")
    return re.findall(r"^## \[(\d+\.\d+\.\d+)\]", text, flags=re.MULTILINE)


def declared_distributions():
    return {
        re.split(r"[\s<>=!~;\[]", requirement, maxsplit=1)[0].lower().replace("_", "-")
        for requirement in PYPROJECT["project"]["dependencies"]
    }


def imported_top_level_modules():
    """Every module the shipped apps import, migrations included, by its top-level name."""
    names = set()
    for app in LMS_APPS:
        for path in (REPO_ROOT / app).rglob("*.py"):
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if isinstance(node, ast.Import):
                    names.update(alias.name.split(".")[0] for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0:
                    names.add(node.module.split(".")[0])
    return names


def test_the_version_is_written_once_and_the_changelog_names_it():
    assert PYPROJECT["project"]["dynamic"] == ["version"]
    assert "version" not in PYPROJECT["project"]
    assert PYPROJECT["tool"]["setuptools"]["dynamic"]["version"] == {"attr": "staff_lms.__version__"}
    versions = changelog_versions()
    assert versions and versions[0] == staff_lms.__version__, (versions, staff_lms.__version__)
    assert len(versions) == len(set(versions))


def test_every_imported_package_is_a_declared_dependency():
    third_party = imported_top_level_modules() - set(sys.stdlib_module_names) - set(LMS_APPS)
    providers = importlib.metadata.packages_distributions()
    undeclared = {}
    for module in sorted(third_party):
        distributions = {name.lower().replace("_", "-") for name in providers.get(module, [module])}
        if not distributions & declared_distributions():
            undeclared[module] = sorted(distributions)
    assert not undeclared, f"imported by the apps but not in pyproject.toml's dependencies: {undeclared}"


def test_the_licence_file_is_the_declared_licence():
    assert PYPROJECT["project"]["license"] == "BSD-3-Clause"
    assert PYPROJECT["project"]["license-files"] == ["LICENSE"]
    licence = (REPO_ROOT / "LICENSE").read_text(encoding="utf-8")
    assert licence.startswith("BSD 3-Clause License")
    assert "the wagtail-staff-lms contributors" in licence
