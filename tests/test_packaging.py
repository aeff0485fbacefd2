"""The two install routes (pip via pyproject.toml, conda via environment.yml) stay in step."""

import re
import tomllib
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent


def _split(requirement: str) -> tuple[str, str]:
    name, spec = re.fullmatch(r"([A-Za-z0-9_.\-]+)\s*(.*)", requirement.strip()).groups()
    return name.lower().replace("_", "-"), spec.replace(" ", "")


def pip_requirements() -> dict[str, str]:
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    found = dict(_split(r) for r in project["dependencies"])
    for extra in project["optional-dependencies"].values():
        found.update(_split(r) for r in extra if not r.startswith("nnlesson"))
    return found


def conda_requirements() -> dict[str, str]:
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    found = dict(_split(d) for d in env["dependencies"] if isinstance(d, str))
    found.pop("pip"), found.pop("python")
    return found


def test_every_pip_requirement_is_in_environment_yml_with_the_same_bound():
    assert pip_requirements() == conda_requirements()


def test_python_versions_agree():
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    assert f"python{project['requires-python']}" in env["dependencies"]


def test_environment_installs_the_package_itself():
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    pip = next(d["pip"] for d in env["dependencies"] if isinstance(d, dict))
    assert "-e ." in pip

