"""What the Dask and Spark audits share: reading pages from WARC files and
folders, and linting them into rows. Both ship this module to their workers
(Dask's `upload_file`, Spark's `addPyFile`), so it runs unchanged there.

The unit of work is a WARC file, or a batch of files of a folder: a worker
reads its unit itself, so page text never passes through the driver.
"""

import argparse
import os
import sys
import time
from pathlib import Path
from typing import Iterator, List, Tuple
from urllib.parse import urlsplit

import claimlint

# The columns of the findings table, and of each page's row.
FINDING_COLUMNS = ["url", "rule", "category", "severity", "start", "end", "text"]
PAGE_COLUMNS = ["url", "site", "findings", "errors", "warnings", "infos"]
# Files of a folder linted by one task: enough to outweigh a task's cost.
FILES_PER_UNIT = 64


def units(inputs: List[str]) -> List[Tuple[str, ...]]:
    """The units of work: ("warc", path) for each WARC file, ("files", root,
    path, ...) for batches of the files of each folder that claimlint reads."""
    out: List[Tuple[str, ...]] = []
    for given in inputs:
        if os.path.isdir(given):
            paths = sorted(
                str(p) for p in Path(given).rglob("*") if p.is_file() and claimlint.format_of(p)
            )
            for i in range(0, len(paths), FILES_PER_UNIT):
                out.append(("files", given, *paths[i : i + FILES_PER_UNIT]))
        else:
            out.append(("warc", given))
    return out


def pages(unit: Tuple[str, ...]) -> Iterator[Tuple[str, str, str, str]]:
    """(url, site, format, text) of each page of a unit. A WARC's pages are
    its HTML responses, under their URL and host; a folder's are its files,
    under their path (as `claimlint check FOLDER` names them) and the first
    folder below the one given, one a site."""
    if unit[0] == "warc":
        yield from warc_pages(unit[1])
        return
    root = unit[1]
    for path in unit[2:]:
        with open(path, "rb") as f:
            text = f.read().decode("utf-8", errors="replace")
        site = Path(path).relative_to(root).parts[0]
        yield path, site, claimlint.format_of(path), text


def warc_pages(path: str) -> Iterator[Tuple[str, str, str, str]]:
    # Imported here: only the workers that read WARC files need warcio.
    from warcio.archiveiterator import ArchiveIterator

    with open(path, "rb") as stream:
        for record in ArchiveIterator(stream):
            if record.rec_type != "response" or record.http_headers is None:
                continue
            content_type = record.http_headers.get_header("Content-Type") or ""
            if not content_type.lower().startswith("text/html"):
                continue
            url = record.rec_headers.get_header("WARC-Target-URI")
            body = record.content_stream().read()
            yield url, urlsplit(url).hostname or "", "html", decode(body, content_type)


def decode(body: bytes, content_type: str) -> str:
    """The page's text in its declared charset, else UTF-8; bytes that do not
    decode become U+FFFD rather than failing the page."""
    charset = "utf-8"
    for part in content_type.split(";")[1:]:
        name, _, value = part.strip().partition("=")
        if name.lower() == "charset" and value:
            charset = value.strip("\"'")
    try:
        return body.decode(charset, errors="replace")
    except LookupError:
        return body.decode("utf-8", errors="replace")


def lint_unit(linter: "claimlint.Linter", unit: Tuple[str, ...]) -> Iterator[dict]:
    """One row a page: its PAGE_COLUMNS, and `found`, its findings as rows of
    FINDING_COLUMNS. Findings that a suppression comment covers are approved
    exceptions: left out, as the command line leaves them out of its counts."""
    for url, site, fmt, text in pages(unit):
        found = [f for f in linter.check(text, fmt) if not f.suppressed]
        severities = [f.severity for f in found]
        yield {
            "url": url,
            "site": site,
            "findings": len(found),
            "errors": severities.count("error"),
            "warnings": severities.count("warning"),
            "infos": severities.count("info"),
            "found": [
                {"url": url, "rule": f.rule, "category": f.category, "severity": f.severity,
                 "start": f.start, "end": f.end, "text": f.text}
                for f in found
            ],
        }


def linter_from(packs: List[str], no_builtin: bool) -> "claimlint.Linter":
    """The linter the driver builds once and ships, pickled, to every worker."""
    return claimlint.Linter(packs=packs or None, builtin=not no_builtin)


def parser(doc: str) -> argparse.ArgumentParser:
    """The command line both audits take; each adds how to reach workers."""
    parser = argparse.ArgumentParser(description=doc.splitlines()[0])
    parser.add_argument("inputs", nargs="+", help="WARC files (.warc, .warc.gz) and folders of pages")
    parser.add_argument("--out", required=True, help="folder for findings.parquet and summary.parquet")
    parser.add_argument("--rules", action="append", default=[], metavar="PACK", help="a rule pack TOML file; repeatable")
    parser.add_argument("--no-builtin", action="store_true", help="only the --rules packs")
    return parser


def finish(summary, out: str, started: float) -> dict:
    """Write the per-site summary (a pandas frame); the run's pages and time."""
    seconds = time.perf_counter() - started
    summary.to_parquet(os.path.join(out, "summary.parquet"), index=False)
    return {"pages": int(summary["pages"].sum()), "seconds": seconds, "summary": summary}


def report(result: dict) -> None:
    """The summary on stdout, the throughput on stderr."""
    print(result["summary"].to_string(index=False))
    print(f"{result['pages']} pages in {result['seconds']:.2f} s: "
          f"{result['pages'] / result['seconds']:.0f} pages/s", file=sys.stderr)
