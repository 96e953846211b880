"""Shared fixtures. The tests run against the installed wheel (see
test_installed.py), never the source tree."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

import claimlint

ROOT = Path(__file__).resolve().parents[3]
EXAMPLES = ROOT / "examples"

# A pack of our own: one phrase rule, with examples the linter verifies.
PACK = """\
[pack]
id = "house"
name = "House style"
version = "1.0.0"
description = "Words our reviewers asked us to avoid."

[[rule]]
id = "house/miracle"
category = "hype"
severity = "warning"
message = "'{match}' is hype; describe the treatment instead"
rationale = "Health claims need substantiation."
references = ["https://www.ftc.gov/"]
phrases = [{ phrase = "miracle cure", replace = ["treatment option"] }]
fix = "safe"
fire = ["A miracle cure for low mood."]
clean = ["A treatment option for low mood."]
"""


@pytest.fixture(scope="session")
def linter():
    return claimlint.Linter()


@pytest.fixture
def pack(tmp_path):
    path = tmp_path / "house.toml"
    path.write_text(PACK)
    return path


def cli():
    """The `claimlint` command the wheel installed."""
    path = shutil.which("claimlint")
    assert path, "the wheel installs the claimlint command"
    return path


def cli_json(*args, cwd=None):
    """`claimlint check --format json --isolated ARGS`: {path: diagnostics}."""
    out = subprocess.run(
        [cli(), "check", "--format", "json", "--isolated", "--quiet", *map(str, args)],
        capture_output=True, text=True, cwd=cwd,
    )
    assert out.returncode in (0, 1), out.stderr
    return {f["path"]: f["diagnostics"] for f in json.loads(out.stdout)["files"]}
