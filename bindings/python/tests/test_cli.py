"""The wheel installs the `claimlint` command: the Rust command line itself."""

import subprocess

import claimlint
from conftest import cli, cli_json


def test_the_command_is_installed_and_is_the_same_version():
    out = subprocess.run([cli(), "--version"], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == f"claimlint {claimlint.__version__}"


def test_the_command_and_the_module_agree_on_a_folder(linter, tmp_path):
    pages = {
        "a.html": "<h1>Care</h1><p>Our infusions are completely safe.</p>",
        "b.md": "# Care\n\nKetamine is FDA-approved for depression.\n",
        "c.txt": "Parking is free behind the building.\n",
    }
    for name, text in pages.items():
        (tmp_path / name).write_text(text)
    by_path = cli_json(tmp_path)
    for name, text in pages.items():
        found = linter.check(text, claimlint.format_of(name))
        assert [f.to_dict() for f in found] == by_path[str(tmp_path / name)], name
    assert by_path[str(tmp_path / "a.html")]


def test_the_exit_code_says_whether_something_was_found(tmp_path):
    page = tmp_path / "page.txt"
    page.write_text("Our infusions are completely safe.\n")
    assert subprocess.run([cli(), "check", "--quiet", "--isolated", str(page)],
                          capture_output=True).returncode == 1
    page.write_text("Parking is free behind the building.\n")
    assert subprocess.run([cli(), "check", "--quiet", "--isolated", str(page)],
                          capture_output=True).returncode == 0
