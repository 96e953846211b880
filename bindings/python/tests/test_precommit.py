"""The pre-commit hooks with `language: python` install the wheel and run,
with no Rust toolchain on PATH and no package index: pip finds only the
wheel and the shim's build backend, in CLAIMLINT_WHEELHOUSE."""

import os
import shutil
import subprocess
import sys

import pytest

from conftest import ROOT


def wheelhouse():
    folder = os.environ.get("CLAIMLINT_WHEELHOUSE")
    if not folder:
        if os.environ.get("CI"):
            pytest.fail("CI sets CLAIMLINT_WHEELHOUSE: the folder of the wheel and setuptools")
        pytest.skip("CLAIMLINT_WHEELHOUSE is not set (.ci/run sets it)")
    return folder


def run(args, cwd, env):
    return subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture
def env(tmp_path):
    path = [d for d in os.environ["PATH"].split(os.pathsep)
            if d and not os.path.exists(os.path.join(d, "cargo"))]
    # pre-commit itself, from this virtualenv.
    path.insert(0, os.path.dirname(sys.executable))
    env = dict(os.environ, PATH=os.pathsep.join(path), PRE_COMMIT_HOME=str(tmp_path / "cache"),
               PIP_NO_INDEX="1", PIP_FIND_LINKS=wheelhouse())
    assert shutil.which("cargo", path=env["PATH"]) is None
    return env


@pytest.fixture
def drafts(tmp_path, env):
    site = tmp_path / "site"
    (site / "drafts").mkdir(parents=True)
    (site / "drafts" / "offer.md").write_text("# Spring offer\n\nOur infusions are completely safe.\n")
    (site / "drafts" / "hours.html").write_text("<p>We open at nine on weekdays.</p>\n")
    (site / "drafts" / "styles.css").write_text("p { color: teal; }\n")
    for args in (["init", "-q"], ["add", "."]):
        subprocess.run(["git", *args], cwd=site, env=env, check=True)
    return site


def hook(hook_id, site, env, *files):
    return run([sys.executable, "-m", "pre_commit", "try-repo", str(ROOT), hook_id,
                "--files", *files], site, env)


def test_the_lint_hook_reports_a_risky_draft_without_cargo(drafts, env):
    out = hook("claimlint-python", drafts, env, "drafts/offer.md", "drafts/hours.html")
    assert out.returncode == 1, out.stdout + out.stderr
    assert "health-claims/absolute-safety" in out.stdout
    assert "drafts/offer.md" in out.stdout and "drafts/hours.html" not in out.stdout
    clean = hook("claimlint-python", drafts, env, "drafts/hours.html", "drafts/styles.css")
    assert clean.returncode == 0, clean.stdout + clean.stderr


def test_the_fix_hook_rewrites_a_draft(drafts, env):
    page = drafts / "drafts" / "launch.txt"
    page.write_text("Meet our ground-breaking infusion suite.\n")
    subprocess.run(["git", "add", "."], cwd=drafts, env=env, check=True)
    out = hook("claimlint-fix-python", drafts, env, "drafts/launch.txt")
    # pre-commit fails a hook that changed files, and the safe fix is made.
    assert out.returncode == 1, out.stdout + out.stderr
    assert page.read_text() == "Meet our promising infusion suite.\n"
