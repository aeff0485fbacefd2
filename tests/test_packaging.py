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



# -- the lock ------------------------------------------------------------------------------

def _lock_tool():
    import importlib.util

    spec = importlib.util.spec_from_file_location("lock", ROOT / "tools" / "lock.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def locked_versions() -> dict[str, str]:
    found = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        if m := re.match(r"([A-Za-z0-9_.\-]+)==([^\s;]+)", line):
            found[m[1].lower().replace("_", "-")] = m[2]
    return found


def test_the_lock_was_made_from_the_current_dependencies():
    lock = _lock_tool()
    assert lock.recorded_hash() == lock.dependency_hash(), \
        "pyproject.toml's dependencies changed: run `make lock` and commit requirements.lock"


def test_the_hash_changes_when_a_dependency_changes(tmp_path):
    lock = _lock_tool()
    changed = tmp_path / "pyproject.toml"
    changed.write_text((ROOT / "pyproject.toml").read_text().replace('"numpy>=2.0"',
                                                                    '"numpy>=2.1"'))
    assert lock.dependency_hash(changed) != lock.dependency_hash()


def test_every_requirement_is_locked_within_its_range():
    from packaging.specifiers import SpecifierSet

    locked = locked_versions()
    for name, spec in pip_requirements().items():
        assert name in locked, f"{name} is not in requirements.lock"
        assert locked[name] in SpecifierSet(spec), (name, locked[name], spec)


def test_the_lock_pins_one_version_of_each_package():
    lines = [ln for ln in (ROOT / "requirements.lock").read_text().splitlines()
             if re.match(r"[A-Za-z0-9_.\-]+==", ln)]
    names = [ln.split("==")[0].lower() for ln in lines]
    assert len(names) == len(set(names)), "a package is locked at two versions"
    assert len(names) > 50
