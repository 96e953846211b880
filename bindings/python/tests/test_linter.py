"""Every function of the API, against the command line where both answer."""

import pytest

import claimlint
from conftest import cli_json

RISKY = "Our ketamine infusions are completely safe.\nThis therapy cures depression for good.\n"
FIELDS = ["rule", "category", "severity", "message", "start", "end", "line", "column",
          "end_line", "end_column", "text", "suggestions", "rewrite", "suppressed", "suppression"]


def test_check_finds_what_the_command_line_finds_field_for_field(linter, tmp_path):
    page = tmp_path / "offer.txt"
    page.write_text(RISKY)
    found = linter.check(RISKY)
    assert {f.category for f in found} >= {"safety-absolute", "cure-guarantee"}
    assert [f.to_dict() for f in found] == cli_json(page)[str(page)]


def test_attributes_are_the_json_fields_in_order(linter):
    finding = linter.check(RISKY)[0]
    d = finding.to_dict()
    assert list(d) == FIELDS
    for field in FIELDS:
        assert getattr(finding, field) == d[field], field


def test_spans_point_into_the_source_as_given(linter):
    html = "<p>Our infusions are <em>completely</em> safe.</p>\n"
    found = [f for f in linter.check(html, format="html") if f.category == "safety-absolute"]
    assert found
    encoded = html.encode()
    for f in found:
        assert encoded[f.start:f.end].decode() == f.text
    # As plain text, the markup is copy too, and the claim is no longer one sentence.
    assert linter.check(html, format="markdown") != linter.check(html, format="text")


@pytest.mark.parametrize("format", ["text", "txt", "markdown", "md", "mdx", "html", "HTML"])
def test_every_format_name_is_accepted(linter, format):
    assert isinstance(linter.check("We are completely safe.", format=format), list)


def test_offsets_are_utf8_bytes_and_columns_characters(linter):
    text = "Café — our infusions are completely safe."
    f = next(f for f in linter.check(text) if f.category == "safety-absolute")
    assert text.encode()[f.start:f.end].decode() == f.text == "completely safe"
    assert f.column == text.index("completely") + 1
    assert f.start == len(text[: text.index("completely")].encode())


def test_apply_fixes_applies_safe_edits_and_unsafe_ones_only_when_asked(linter, pack):
    house = claimlint.Linter(packs=[pack], builtin=False)
    text = "A miracle cure for low mood."
    found = house.check(text)
    assert claimlint.apply_fixes(text, found) == "A treatment option for low mood."
    risky = linter.check(RISKY)
    assert claimlint.apply_fixes(RISKY, risky) == RISKY  # the built-in rewrites are unsafe
    fixed = claimlint.apply_fixes(RISKY, risky, unsafe=True)
    assert "completely safe" not in fixed and "cures depression" not in fixed
    assert claimlint.apply_fixes(text, []) == text


def test_a_pack_of_our_own_and_no_builtin(pack):
    house = claimlint.Linter(packs=[str(pack)], builtin=False)
    assert [f.rule for f in house.check("Try our miracle cure today.")] == ["house/miracle"]
    assert house.check("Our infusions are completely safe.") == []
    both = {r["id"] for r in claimlint.Linter(packs=[pack]).rules()}
    assert {"house/miracle", "health-claims/absolute-safety"} <= both


def test_select_and_ignore_keep_what_the_command_line_keeps(tmp_path):
    page = tmp_path / "offer.txt"
    page.write_text(RISKY)
    only = claimlint.Linter(select=["cure-guarantee"])
    assert {f.category for f in only.check(RISKY)} == {"cure-guarantee"}
    without = claimlint.Linter(ignore=["cure-guarantee", "health-claims/results-vary"])
    found = without.check(RISKY)
    assert found and all(f.category != "cure-guarantee" for f in found)
    assert all(f.rule != "health-claims/results-vary" for f in found)
    expected = cli_json("--ignore", "cure-guarantee,health-claims/results-vary", page)[str(page)]
    assert [f.to_dict() for f in found] == expected


def test_suppressed_findings_are_returned_marked(linter):
    text = ("claimlint-disable-next-line safety-absolute -- approved by counsel\n"
            "Our infusions are completely safe.\n")
    found = [f for f in linter.check(text) if f.category == "safety-absolute"]
    assert len(found) == 1 and found[0].suppressed
    assert found[0].suppression["reason"] == "approved by counsel"


def test_rules_lists_what_runs(pack):
    rules = claimlint.Linter(packs=[pack], builtin=False).rules()
    assert [r["id"] for r in rules if r["kind"] != "engine"] == ["house/miracle"]
    assert rules[0] == {"id": "house/miracle", "category": "hype", "severity": "warning",
                        "kind": "claim", "summary": rules[0]["summary"]}
    assert any(r["id"] == "claimlint/unused-suppression" for r in rules)
    full = claimlint.Linter().rules()
    assert len(full) > 100 and {r["kind"] for r in full} == {"claim", "disclosure", "engine"}
    narrowed = claimlint.Linter(select=["fda-status"]).rules()
    assert narrowed and all(r["category"] == "fda-status" for r in narrowed)


def test_explain_tells_the_rule_and_refuses_an_unknown_id(pack):
    house = claimlint.Linter(packs=[pack], builtin=False)
    rule = house.explain("house/miracle")
    assert rule["rationale"] == "Health claims need substantiation."
    assert rule["fire"] == ["A miracle cure for low mood."]
    assert rule["clean"] == ["A treatment option for low mood."]
    assert rule["references"] == ["https://www.ftc.gov/"]
    assert house.explain("claimlint/unused-suppression")["kind"] == "engine"
    with pytest.raises(KeyError, match="no rule `house/nope`"):
        house.explain("house/nope")


def test_format_of_reads_extensions_as_the_command_line_does():
    assert claimlint.format_of("site/index.html") == "html"
    assert claimlint.format_of("post.njk") == "html"
    assert claimlint.format_of("notes/README.md") == "markdown"
    assert claimlint.format_of("page.mdx") == "mdx"
    assert claimlint.format_of("copy.txt") == "text"
    assert claimlint.format_of("logo.png") is None


def test_findings_compare_by_value(linter):
    assert linter.check(RISKY) == linter.check(RISKY)
    assert linter.check(RISKY) != linter.check("Our infusions are completely safe.")
    first = linter.check(RISKY)[0]
    assert repr(first).startswith(f'Finding(rule="{first.rule}", ')
