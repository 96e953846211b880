"""The crawl audits of examples/, run as a user runs them, find exactly
what `claimlint check` finds on the same pages."""

import subprocess
import sys
from urllib.parse import urlsplit

import pandas as pd
import pytest

from conftest import EXAMPLES, cli_json

sys.path.insert(0, str(EXAMPLES))
from make_crawl import make_crawl  # noqa: E402

COLUMNS = ["url", "rule", "category", "severity", "start", "end", "text"]


@pytest.fixture(scope="module")
def crawl(tmp_path_factory):
    out = tmp_path_factory.mktemp("crawl")
    written = make_crawl(out, pages=60, warcs=3)
    # A page for the house pack, among the files only.
    (out / "pages" / "calm-harbor.example" / "offer.md").write_text("# Offer\n\nA miracle cure for low mood.\n")
    return out, written


def expected(cli, to_url):
    """The command line's unsuppressed findings, as sorted rows."""
    rows = [
        (to_url(path), d["rule"], d["category"], d["severity"], d["start"], d["end"], d["text"])
        for path, diagnostics in cli.items()
        for d in diagnostics
        if not d["suppressed"]
    ]
    return sorted(rows)


def audited(out):
    table = pd.read_parquet(out / "findings.parquet")
    assert list(table.columns) == COLUMNS
    return sorted(tuple(r) for r in table[COLUMNS].itertuples(index=False, name=None))


def url_of(crawl_dir):
    prefix = str(crawl_dir / "pages") + "/"

    def to_url(path):
        host, name = path[len(prefix):].split("/")
        return f"https://{host}/services/{name}"
    return to_url


def check_summary(out, rows, pages_by_site):
    summary = pd.read_parquet(out / "summary.parquet").set_index("site")
    assert summary["pages"].to_dict() == pages_by_site
    by_site = {}
    for row in rows:
        site = urlsplit(row[0]).hostname or row[0].split("/")[-2]
        by_site[site] = by_site.get(site, 0) + 1
    assert summary["findings"].to_dict() == {s: by_site.get(s, 0) for s in pages_by_site}
    assert (summary["errors"] + summary["warnings"] + summary["infos"] == summary["findings"]).all()


def run(script, *args):
    out = subprocess.run([sys.executable, str(EXAMPLES / script), *map(str, args)],
                         capture_output=True, text=True, timeout=600)
    assert out.returncode == 0, out.stderr[-3000:]
    assert "pages/s" in out.stderr


def warc_pages_by_site(written):
    sites = {}
    for url, _ in written:
        host = urlsplit(url).hostname
        sites[host] = sites.get(host, 0) + 1
    return sites


def test_dask_on_warc_files_finds_what_the_cli_finds(crawl, tmp_path):
    crawl_dir, written = crawl
    run("audit_dask.py", *sorted(crawl_dir.glob("*.warc.gz")), "--out", tmp_path, "--workers", 2)
    cli = {p: d for p, d in cli_json(crawl_dir / "pages").items() if p.endswith(".html")}
    rows = expected(cli, url_of(crawl_dir))
    assert len(rows) > 60
    assert audited(tmp_path) == rows
    check_summary(tmp_path, rows, warc_pages_by_site(written))


def test_dask_on_a_folder_with_a_pack_finds_what_the_cli_finds(crawl, tmp_path, pack):
    crawl_dir, _ = crawl
    pages = crawl_dir / "pages"
    run("audit_dask.py", pages, "--out", tmp_path, "--workers", 1, "--rules", pack, "--no-builtin")
    rows = expected(cli_json("--rules", pack, "--no-builtin", pages), lambda path: path)
    assert [row[1] for row in rows] == ["house/miracle"]
    assert audited(tmp_path) == rows
    summary = pd.read_parquet(tmp_path / "summary.parquet")
    assert summary["pages"].sum() == 61


def test_spark_on_warc_files_finds_what_the_cli_finds(crawl, tmp_path):
    crawl_dir, written = crawl
    run("audit_spark.py", *sorted(crawl_dir.glob("*.warc.gz")), "--out", tmp_path, "--workers", 2)
    cli = {p: d for p, d in cli_json(crawl_dir / "pages").items() if p.endswith(".html")}
    rows = expected(cli, url_of(crawl_dir))
    assert audited(tmp_path) == rows
    check_summary(tmp_path, rows, warc_pages_by_site(written))
