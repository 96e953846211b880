"""Audit a crawl with Dask: lint every HTML page of WARC files and folders,
write a Parquet table of findings and a per-site summary.

    python examples/audit_dask.py crawl/*.warc.gz --out audit/ --workers 2
    python examples/audit_dask.py s3-mirror/ --out audit/ --scheduler tcp://10.0.0.5:8786

Without --scheduler it starts a LocalCluster of worker processes on this
machine. The linter is built once here, pickled (as its packs' text) and
broadcast: each worker unpickles one and lints with it.
"""

import os
import time

import dask.bag as db
import pandas as pd
from dask.distributed import Client, LocalCluster

import audit_pages


def audit(client: Client, linter, inputs, out: str) -> dict:
    client.upload_file(audit_pages.__file__)
    shared = client.scatter(linter, broadcast=True)
    units = audit_pages.units(inputs)
    started = time.perf_counter()
    pages = db.from_sequence(units, npartitions=max(len(units), 1)).map_partitions(
        lambda part, linter: [row for unit in part for row in audit_pages.lint_unit(linter, unit)],
        shared,
    )
    pages = client.persist(pages)
    found = pages.map(lambda page: page["found"]).flatten()
    meta = pd.DataFrame({c: pd.Series(dtype="int64" if c in ("start", "end") else "string")
                         for c in audit_pages.FINDING_COLUMNS})
    findings = found.to_dataframe(meta=meta)
    findings.to_parquet(os.path.join(out, "findings.parquet"), write_index=False)
    rows = pages.map(lambda page: {c: page[c] for c in audit_pages.PAGE_COLUMNS})
    table = rows.to_dataframe()
    table["flagged"] = (table["findings"] > 0).astype("int64")
    summary = table.groupby("site").agg(
        pages=("url", "count"), flagged_pages=("flagged", "sum"), findings=("findings", "sum"),
        errors=("errors", "sum"), warnings=("warnings", "sum"), infos=("infos", "sum"),
    ).compute().reset_index().sort_values("site")
    return audit_pages.finish(summary, out, started)


def main() -> None:
    parser = audit_pages.parser(__doc__)
    parser.add_argument("--scheduler", help="a Dask scheduler's address; default: a LocalCluster")
    parser.add_argument("--workers", type=int, default=2, help="LocalCluster worker processes")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    linter = audit_pages.linter_from(args.rules, args.no_builtin)
    if args.scheduler:
        client = Client(args.scheduler)
    else:
        cluster = LocalCluster(n_workers=args.workers, threads_per_worker=1, processes=True,
                               dashboard_address=None)
        client = Client(cluster)
    with client:
        result = audit(client, linter, args.inputs, args.out)
    audit_pages.report(result)


if __name__ == "__main__":
    main()
