"""Audit a crawl with Spark: lint every HTML page of WARC files and folders,
write a Parquet table of findings and a per-site summary.

    python examples/audit_spark.py crawl/*.warc.gz --out audit/ --workers 2
    spark-submit --master spark://10.0.0.5:7077 --py-files examples/audit_pages.py \
        examples/audit_spark.py hdfs-mirror/*.warc.gz --out audit/

With --workers N it runs in local mode with N worker threads, each feeding a
Python worker process; otherwise it takes the master spark-submit gives.
The linter is built once here and broadcast: each Python worker unpickles
one (rebuilt from its packs' text) and lints with it.
"""

import os
import time

from pyspark.sql import SparkSession
from pyspark.sql import functions as F

import audit_pages

FOUND = "array<struct<url:string,rule:string,category:string,severity:string,start:long,end:long,text:string>>"
PAGES_COLUMNS = audit_pages.PAGE_COLUMNS + ["found"]
PAGES = f"url string, site string, findings long, errors long, warnings long, infos long, found {FOUND}"


def audit(spark: SparkSession, linter, inputs, out: str) -> dict:
    sc = spark.sparkContext
    sc.addPyFile(audit_pages.__file__)
    shared = sc.broadcast(linter)
    units = audit_pages.units(inputs)

    def lint(batches):
        import pandas as pd

        for batch in batches:
            rows = [row for unit in batch["unit"] for row in audit_pages.lint_unit(shared.value, tuple(unit))]
            yield pd.DataFrame(rows, columns=PAGES_COLUMNS)

    started = time.perf_counter()
    frame = spark.createDataFrame([(list(u),) for u in units], "unit array<string>")
    pages = frame.repartition(max(len(units), 1)).mapInPandas(lint, PAGES).persist()
    findings = pages.select(F.explode("found").alias("f")).select("f.*")
    findings.write.mode("overwrite").parquet(os.path.join(out, "findings.parquet"))
    summary = (
        pages.groupBy("site")
        .agg(
            F.count("url").alias("pages"),
            F.sum((F.col("findings") > 0).cast("long")).alias("flagged_pages"),
            F.sum("findings").alias("findings"),
            F.sum("errors").alias("errors"),
            F.sum("warnings").alias("warnings"),
            F.sum("infos").alias("infos"),
        )
        .orderBy("site")
        .toPandas()
    )
    return audit_pages.finish(summary, out, started)


def main() -> None:
    parser = audit_pages.parser(__doc__)
    parser.add_argument("--workers", type=int, help="run in local mode with this many workers")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    linter = audit_pages.linter_from(args.rules, args.no_builtin)
    builder = SparkSession.builder.appName("claimlint-audit")
    if args.workers:
        builder = builder.master(f"local[{args.workers}]")
    spark = builder.config("spark.ui.showConsoleProgress", "false").getOrCreate()
    spark.sparkContext.setLogLevel("ERROR")
    try:
        result = audit(spark, linter, args.inputs, args.out)
    finally:
        spark.stop()
    audit_pages.report(result)


if __name__ == "__main__":
    main()
