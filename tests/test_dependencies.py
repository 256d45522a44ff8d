"""What tracker depends on: every import declared, every dependency locked, no GPL licence.

Read from the source (imports), setup.cfg, the lock files and the installed distributions'
metadata, so a new import, a hand-installed package or a GPL dependency fails here.
"""
import ast
import configparser
import re
import sys
from importlib import metadata
from pathlib import Path

import pytest
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
DASK_EXTRA = setup_cfg_requirements("options.extras_require", "dask")
# modules only an optional extra's users import, with what that extra declares
OPTIONAL_MODULES = {"dask_ingest.py": DASK_EXTRA}


def imported_modules(folder: Path, skip=()) -> set:
    """Top-level names imported anywhere in folder (or the one file folder names, except the
    file names in skip), importorskip("x") included."""
    names = set()
    paths = [folder] if folder.is_file() else folder.rglob("*.py")
    for path in paths:
        if path.name in skip:
            continue
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Import):
                names |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names.add(node.module.split(".")[0])
            elif (isinstance(node, ast.Call) and getattr(node.func, "attr", None) == "importorskip"
                  and node.args and isinstance(node.args[0], ast.Constant)):
                names.add(node.args[0].value.split(".")[0])
    return names


def undeclared_imports(folder: Path, declared: list, local: set, skip=()) -> list:
    """Third-party imports whose distribution (import name -> distribution name, from the
    installed metadata: yaml -> PyYAML) is not among the declared requirements."""
    declared_names = {canonical(r.name) for r in declared}
    providers = metadata.packages_distributions()
    missing = []
    for name in sorted(imported_modules(folder, skip) - local):
        if name in sys.stdlib_module_names:
            continue
        distributions = {canonical(d) for d in providers.get(name, [])}
        if not distributions & declared_names:
            missing.append(f"{name} ({', '.join(sorted(distributions)) or 'not installed'})")
    return missing


def test_every_third_party_import_in_tracker_is_declared():
    missing = undeclared_imports(ROOT / "tracker", RUNTIME, {"tracker"}, skip=OPTIONAL_MODULES)
    assert not missing, f"imported by tracker/ but not in install_requires: {'; '.join(missing)}"


def test_an_optional_module_imports_only_what_its_extra_declares():
    for name, extra in OPTIONAL_MODULES.items():
        assert extra, f"setup.cfg declares no extra for {name}"
        missing = undeclared_imports(ROOT / "tracker" / name, RUNTIME + extra, {"tracker"})
        assert not missing, f"imported by {name} but not in its extra: {'; '.join(missing)}"


def test_every_third_party_import_in_tests_is_declared():
    local = {"tracker"} | {p.stem for p in (ROOT / "tests").glob("*.py")} | {
        p.name for p in (ROOT / "tests").iterdir() if (p / "__init__.py").exists() or p.is_dir() and any(p.glob("*.py"))}
    missing = undeclared_imports(ROOT / "tests", RUNTIME + TEST_EXTRA, local)
    assert not missing, f"imported by tests/ but not in install_requires or the test extra: {'; '.join(missing)}"


def test_the_import_check_maps_import_names_to_distributions(tmp_path):
    (tmp_path / "mod.py").write_text("import yaml\nfrom sqlite_utils import Database\nimport os\n")
    declared = [Requirement("sqlite-utils>=4")]
    assert undeclared_imports(tmp_path, declared, set()) == ["yaml (pyyaml)"]


def lock_pins(name: str) -> dict:
    """{distribution: {versions}} of a lock file, asserting each pin carries hashes."""
    pins = {}
    text = (ROOT / name).read_text("utf-8")
    for block in re.split(r"\n(?=[A-Za-z0-9])", text):
        if block.startswith("#") or not block.strip():
            continue
        match = re.match(r"([A-Za-z0-9._-]+)(?:\[[^\]]*\])?==([^\s;\\]+)", block)  # name[extras]==version
        assert match, f"{name}: not an exact pin: {block.splitlines()[0]}"
        assert "--hash=sha256:" in block, f"{name}: {match.group(1)} has no hash"
        pins.setdefault(canonical(match.group(1)), set()).add(match.group(2))
    return pins


def runtime_closure(requirements: list) -> dict:
    """{distribution: Distribution} for the requirements and everything they need, on this
    Python, following the installed metadata (markers and extras evaluated)."""
    found, walked = {}, set()
    todo = [(r, "") for r in requirements]
    while todo:
        requirement, extra = todo.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": extra}):
            continue
        key = canonical(requirement.name)
        if key not in found:
            found[key] = metadata.distribution(requirement.name)
        for wanted in [""] + sorted(requirement.extras):
            if (key, wanted) not in walked:
                walked.add((key, wanted))
                todo += [(Requirement(r), wanted) for r in found[key].requires or []]
    return found


def test_lock_files_pin_setup_cfg_with_hashes():
    runtime, test = lock_pins("requirements.lock"), lock_pins("requirements-test.lock")
    for requirements, pins, lock in ((RUNTIME, runtime, "requirements.lock"),
                                     (TEST_EXTRA, test, "requirements-test.lock")):
        stale = [f"{r} (lock: {', '.join(sorted(pins.get(canonical(r.name), []))) or 'absent'})"
                 for r in requirements
                 if not pins.get(canonical(r.name))
                 or not all(r.specifier.contains(v, prereleases=True) for v in pins[canonical(r.name)])]
        assert not stale, f"{lock} does not fit setup.cfg, run make lock: {'; '.join(stale)}"
    assert {k: v for k, v in test.items() if k in runtime} == runtime  # same pins in both


def test_installed_runtime_dependencies_are_the_locked_ones():
    """Every direct and indirect runtime dependency is in the lock, at the installed version."""
    pins = lock_pins("requirements.lock")
    off = [f"{name} {dist.version} (lock: {', '.join(sorted(pins.get(name, []))) or 'absent'})"
           for name, dist in sorted(runtime_closure(RUNTIME).items())
           if dist.version not in pins.get(name, set())]
    assert not off, f"installed but not as locked (run make install, or make lock): {'; '.join(off)}"


GPL = re.compile(r"\bA?GPL|GNU (Affero )?General Public License", re.IGNORECASE)


def licence_options(dist) -> list:
    """The licences a distribution is offered under, any one of which may be chosen: the
    alternatives of its License-Expression, else its licence classifiers, else License."""
    meta = dist.metadata
    if meta.get("License-Expression"):
        return [option.strip(" ()") for option in re.split(r"\s+OR\s+", meta["License-Expression"])]
    classifiers = [c.split(" :: ")[-1] for c in meta.get_all("Classifier") or []
                   if c.startswith("License :: ") and c.count(" :: ") > 1]
    if classifiers:
        return classifiers
    licence = (meta.get("License") or "").strip()
    return [licence.splitlines()[0][:80]] if licence and licence != "UNKNOWN" else []


def gpl_only(options: list) -> bool:
    """GPL (or AGPL) with no non-GPL alternative; LGPL is fine."""
    return bool(options) and all(GPL.search(option) for option in options)


def test_licences_of_installed_distributions_and_no_gpl_at_run_time(capsys):
    rows = {}
    for dist in metadata.distributions():
        rows[canonical(dist.metadata["Name"])] = (dist.version, " | ".join(licence_options(dist)) or "unknown")
    with capsys.disabled():
        print("\nLicences of the installed distributions:")
        for name, (version, licence) in sorted(rows.items()):
            print(f"  {name} {version}: {licence}")
    bad = [f"{name} {dist.version}: {' | '.join(licence_options(dist))}"
           for name, dist in sorted(runtime_closure(RUNTIME).items()) if gpl_only(licence_options(dist))]
    assert not bad, f"GPL licence in tracker's runtime dependencies: {'; '.join(bad)}"


@pytest.mark.parametrize("options, gpl", [
    (["GPL-3.0-only"], True), (["GNU General Public License v3 (GPLv3)"], True), (["AGPL-3.0"], True),
    (["LGPL-2.1-or-later"], False), (["GNU Lesser General Public License v3 (LGPLv3)"], False),
    (["MPL-1.1", "GPL-2.0-only", "LGPL-2.1-or-later"], False), (["MIT AND GPL-2.0"], True),
    (["MIT"], False), ([], False),
])
def test_gpl_is_told_from_lgpl_and_from_a_choice_of_licences(options, gpl):
    assert gpl_only(options) is gpl


def test_no_torch_or_cuda_in_the_locks():
    """wordllama's `train` extra would bring torch and multi-GB CUDA wheels; the locks must
    hold its inference files only (tracker/meaning.py needs numpy, tokenizers, safetensors)."""
    for lock in ("requirements.lock", "requirements-test.lock"):
        heavy = sorted(name for name in lock_pins(lock)
                       if name in ("torch", "triton", "transformers", "sentence-transformers")
                       or name.startswith("nvidia-"))
        assert not heavy, f"{lock} pins {', '.join(heavy)}"
    assert "wordllama" in lock_pins("requirements.lock")
