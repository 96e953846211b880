"""Write a small synthetic crawl of clinic pages, to try the audits on.

    python examples/make_crawl.py OUT --pages 200 --warcs 4

writes OUT/crawl-N.warc.gz (HTTP responses, as a crawler such as Common
Crawl stores them) and the same pages as files, OUT/pages/HOST/NAME.html.
Every sentence is made up: some make risky claims, most do not.
"""

import argparse
import io
import random
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

RISKY = [
    "Our ketamine infusions are completely safe for every patient.",
    "This treatment cures depression for good.",
    "Ketamine is FDA-approved for depression and anxiety.",
    "Ninety-five percent of our patients feel better after one visit.",
    "TMS regrows brain cells that stress has damaged.",
    "There are no side effects at all.",
    "We guarantee results or your money back.",
    "Studies show our protocol works better than antidepressants.",
]
CALM = [
    "Our team includes two board-certified psychiatrists and a nurse practitioner.",
    "Parking is free in the lot behind the building.",
    "Appointments are available on weekday mornings and Saturday afternoons.",
    "Please bring a list of the medicines you take to your first visit.",
    "We accept most major insurance plans; call us to check yours.",
    "The clinic is a short walk from the Elm Street station.",
    "A consultation lets us learn about your history and goals.",
    "Our waiting room has quiet corners and fresh tea.",
]
HOSTS = ["calm-harbor.example", "north-ridge.example", "bright-path.example", "maple-grove.example"]


def page(rng: random.Random, title: str) -> str:
    sentences = [rng.choice(CALM if rng.random() < 0.8 else RISKY) for _ in range(rng.randint(10, 40))]
    paragraphs = "\n".join(f"  <p>{s}</p>" for s in sentences)
    return (
        f"<!doctype html>\n<html>\n<head><title>{title}</title></head>\n<body>\n"
        f"  <h1>{title}</h1>\n{paragraphs}\n</body>\n</html>\n"
    )


def make_crawl(out: Path, pages: int, warcs: int, seed: int = 7) -> list:
    """Write the crawl; return [(url, html)] in the order written."""
    rng = random.Random(seed)
    written = []
    files = [(out / f"crawl-{i}.warc.gz").open("wb") for i in range(warcs)]
    writers = [WARCWriter(f, gzip=True) for f in files]
    for n in range(pages):
        host = HOSTS[n % len(HOSTS)]
        url = f"https://{host}/services/page-{n}.html"
        html = page(rng, f"Services, page {n}")
        body = html.encode("utf-8")
        headers = StatusAndHeaders(
            "200 OK", [("Content-Type", "text/html; charset=utf-8")], protocol="HTTP/1.1"
        )
        record = writers[n % warcs].create_warc_record(
            url, "response", payload=io.BytesIO(body), http_headers=headers
        )
        writers[n % warcs].write_record(record)
        path = out / "pages" / host / f"page-{n}.html"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(body)
        written.append((url, html))
    for f in files:
        f.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--pages", type=int, default=200)
    parser.add_argument("--warcs", type=int, default=4)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    make_crawl(args.out, args.pages, args.warcs)


if __name__ == "__main__":
    main()
