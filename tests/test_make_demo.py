"""`make demo` installs what the demo needs and nothing for the tests (no browser)."""
import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def planned(target):
    """Every command make would run for target, all prerequisites rebuilt (-B), none run (-n)."""
    result = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_demo_installs_no_browser_and_no_test_dependencies():
    demo = planned("demo")
    assert "requirements.lock" in demo and "tracker serve" in demo
    for test_only in ("chromium", "system-deps", "playwright", "requirements-test.lock", "apt-get"):
        assert test_only not in demo
    assert "system-deps" in planned("install-test")  # the tests do get their browser


def test_demo_takes_port_host_and_db_from_the_command_line():
    result = subprocess.run(["make", "-n", "-B", "demo", "PORT=8123", "HOST=0.0.0.0", "DB=db/other.db"],
                            cwd=ROOT, capture_output=True, text=True)
    assert "tracker serve --db db/other.db --host 0.0.0.0 --port 8123" in result.stdout
