"""The same input gives the same output, byte for byte, whatever the string-hash seed.

Each run is a fresh interpreter (`tracker extract`, `tracker ingest`) with its own
PYTHONHASHSEED, so iteration over sets of strings (and objects hashed by address) comes out
in another order in each; the two runs go side by side to keep the test short.
"""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from rows import TABLES, table_rows

ROOT = Path(__file__).resolve().parent.parent
TRACKER = Path(sys.executable).with_name("tracker")
SEEDS_A, SEEDS_B = "1", "2"


def run_twice(make_args):
    """Start `tracker` with each hash seed at once; wait for both; return the seeds."""
    procs = []
    for seed in (SEEDS_A, SEEDS_B):
        env = dict(os.environ, PYTHONHASHSEED=seed)
        procs.append(subprocess.Popen([str(TRACKER), *make_args(seed)], env=env, cwd=ROOT,
                                      stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True))
    for proc in procs:
        out, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err
    return SEEDS_A, SEEDS_B


@pytest.mark.parametrize("gold", ["dev_news_c.jsonl"])
def test_extract_is_the_same_whatever_the_hash_seed(tmp_path, gold):
    source = ROOT / "tests" / "data" / gold
    a, b = run_twice(lambda seed: ["extract", str(source), "-o", str(tmp_path / f"out_{seed}.jsonl")])
    first = (tmp_path / f"out_{a}.jsonl").read_bytes()
    second = (tmp_path / f"out_{b}.jsonl").read_bytes()
    n_docs = sum(1 for line in source.read_text(encoding="utf-8").splitlines() if line.strip())
    assert len(first.splitlines()) == n_docs
    assert sum(len(json.loads(line)["quotes"]) for line in first.splitlines()) > 0
    assert first == second


def test_ingest_is_the_same_whatever_the_hash_seed(tmp_path):
    a, b = run_twice(lambda seed: ["ingest", "seeds", "--db", str(tmp_path / f"{seed}.db"), "--silent"])
    first, second = table_rows(tmp_path / f"{a}.db"), table_rows(tmp_path / f"{b}.db")
    assert len(first["articles"]) == 4 and len(first["quotes"]) == 48
    for name in TABLES:
        assert first[name] == second[name], name
