"""What tracker depends on: every import declared.

Read from the source (imports), setup.cfg and the installed distributions' metadata, so a
new import fails here until it is declared.
"""
import ast
import configparser
import re
import sys
from importlib import metadata
from pathlib import Path

from packaging.requirements import Requirement

ROOT = Path(__file__).resolve().parent.parent


def canonical(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def setup_cfg_requirements(section: str, key: str) -> list:
    cfg = configparser.ConfigParser()
    cfg.read(ROOT / "setup.cfg", encoding="utf-8")
    return [Requirement(line) for line in cfg[section][key].splitlines() if line.strip()]


RUNTIME = setup_cfg_requirements("options", "install_requires")
TEST_EXTRA = setup_cfg_requirements("options.extras_require", "test")


def imported_modules(folder: Path) -> set:
    """Top-level names imported anywhere in folder, importorskip("x") included."""
    names = set()
    for path in folder.rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
            elif (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "importorskip"
                  and node.args and isinstance(node.args[0], ast.Constant)):
                names.add(node.args[0].value.split(".")[0])
    return names


def undeclared_imports(folder: Path, declared: list, local: set) -> list:
    """Third-party imports whose distribution (import name -> distribution name, from the
    installed metadata: yaml -> PyYAML) is not among the declared requirements."""
    declared_names = {canonical(r.name) for r in declared}
    providers = metadata.packages_distributions()
    missing = []
    for name in sorted(imported_modules(folder) - local):
        if name in sys.stdlib_module_names:
            continue
        distributions = {canonical(d) for d in providers.get(name, [])}
        if not distributions & declared_names:
            missing.append(f"{name} ({', '.join(sorted(distributions)) or 'not installed'})")
    return missing


def test_every_third_party_import_in_tracker_is_declared():
    missing = undeclared_imports(ROOT / "tracker", RUNTIME, {"tracker"})
    assert not missing, f"imported by tracker/ but not in install_requires: {'; '.join(missing)}"


def test_every_third_party_import_in_tests_is_declared():
    local = {"tracker"} | {p.stem for p in (ROOT / "tests").glob("*.py")}
    missing = undeclared_imports(ROOT / "tests", RUNTIME + TEST_EXTRA, local)
    assert not missing, f"imported by tests/ but not in install_requires or the test extra: {'; '.join(missing)}"


def test_the_import_check_maps_import_names_to_distributions(tmp_path):
    (tmp_path / "mod.py").write_text("import yaml\nfrom sqlite_utils import Database\nimport os\n")
    declared = [Requirement("sqlite-utils>=4")]
    assert undeclared_imports(tmp_path, declared, set()) == ["yaml (pyyaml)"]
