"""Bad packs raise RuleError at their line; bad input never crashes."""

import random

import pytest

import claimlint
from conftest import PACK


def load(tmp_path, text):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    return claimlint.Linter(packs=[path], builtin=False), path


def test_a_syntax_error_is_a_rule_error_at_its_line(tmp_path):
    broken = PACK.replace('severity = "warning"', 'severity = "loud"')
    with pytest.raises(claimlint.RuleError) as info:
        load(tmp_path, broken)
    error = info.value
    line = broken.splitlines().index('severity = "loud"') + 1
    assert (error.line, error.kind) == (line, "syntax")
    assert error.origin.endswith("bad.toml")
    assert str(error).startswith(f"{error.origin}:{line}:{error.column}: ")
    assert error.message in str(error)
    assert isinstance(error, ValueError)


def test_a_bad_pattern_is_a_rule_error_at_its_line(tmp_path):
    broken = PACK.replace('phrases = [{ phrase = "miracle cure", replace = ["treatment option"] }]',
                          "patterns = ['(miracle']")
    with pytest.raises(claimlint.RuleError) as info:
        load(tmp_path, broken)
    assert info.value.kind == "regex"
    assert info.value.line == broken.splitlines().index("patterns = ['(miracle']") + 1


def test_an_example_that_does_not_hold_is_a_rule_error(tmp_path):
    broken = PACK.replace('clean = ["A treatment option for low mood."]',
                          'clean = ["A miracle cure, again."]')
    with pytest.raises(claimlint.RuleError) as info:
        load(tmp_path, broken)
    assert info.value.kind == "example"
    assert info.value.line == broken.splitlines().index('clean = ["A miracle cure, again."]') + 1


def test_a_pack_loaded_twice_is_a_rule_error(pack):
    with pytest.raises(claimlint.RuleError, match="already loaded"):
        claimlint.Linter(packs=[pack, pack])


def test_a_missing_pack_file_is_an_os_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        claimlint.Linter(packs=[tmp_path / "nowhere.toml"])


def test_a_selector_naming_no_rule_is_a_value_error():
    with pytest.raises(ValueError, match="matches no rule"):
        claimlint.Linter(select=["fda-statuss"])
    with pytest.raises(ValueError, match="ignore"):
        claimlint.Linter(ignore=["[unclosed"])


def test_wrong_argument_types_are_type_errors(linter):
    with pytest.raises(TypeError):
        linter.check(b"bytes are not text")
    with pytest.raises(TypeError):
        claimlint.Linter(select="hype")  # a string is not a list of selectors
    with pytest.raises(TypeError):
        claimlint.apply_fixes("text", ["not a finding"])


def test_an_unknown_format_is_a_value_error(linter):
    with pytest.raises(ValueError, match="unknown format"):
        linter.check("text", format="pdf")


def test_text_that_is_not_unicode_scalar_values_is_an_error_not_a_crash(linter):
    with pytest.raises(UnicodeEncodeError):
        linter.check("a lone surrogate \ud800 in copy")


def test_hostile_input_never_crashes(linter):
    rng = random.Random(25)
    alphabet = "<>&;/*_`#-=[]{}()!\n\r\t \u00a0\u200b\x00é中🙂claimlint-disable-next-line safe cure FDA approved"
    for n in range(300):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 400)))
        for fmt in ("text", "markdown", "mdx", "html"):
            found = linter.check(text, format=fmt)
            encoded = text.encode()
            for f in found:
                assert encoded[f.start:f.end].decode() == f.text
            claimlint.apply_fixes(text, found, unsafe=True)


def test_fixes_from_another_text_are_ignored_where_they_do_not_fit(linter):
    long_text = "Our infusions are completely safe. " * 20
    found = linter.check(long_text)
    assert claimlint.apply_fixes("short", found, unsafe=True) == "short"
