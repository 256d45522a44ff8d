"""Without a browser, test_browser.py skips outside CI and fails when CI is set, so a green
CI run always drove a real Chromium."""
import os
import subprocess
import sys
from pathlib import Path

TESTS = Path(__file__).resolve().parent

HIDE_CHROMIUM = '''
import shutil
_which = shutil.which
shutil.which = lambda name, *a, **k: None if "chromium" in str(name) else _which(name, *a, **k)
'''


def run_without_chromium(tmp_path, ci):
    (tmp_path / "hide_chromium.py").write_text(HIDE_CHROMIUM)
    env = {k: v for k, v in os.environ.items() if k != "CI"}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(tmp_path), env.get("PYTHONPATH")]))
    if ci:
        env["CI"] = ci
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "hide_chromium",
         str(TESTS / "test_browser.py")],
        cwd=TESTS.parent, env=env, capture_output=True, text=True)


def test_missing_chromium_is_a_skip_with_the_reason_outside_ci(tmp_path):
    result = run_without_chromium(tmp_path, ci=None)
    assert result.returncode == 0, result.stdout
    assert "skipped" in result.stdout and "no chromium on PATH or at /usr/bin/chromium" in result.stdout
    assert "passed" not in result.stdout


def test_missing_chromium_fails_in_ci(tmp_path):
    result = run_without_chromium(tmp_path, ci="true")
    assert result.returncode == 1, result.stdout
    assert "CI is set, so the browser tests must run" in result.stdout
    assert "skipped" not in result.stdout
