#!/usr/bin/env python3
"""Extraction quality on the shared sets: `morgue extract` + the shared score.py, one table.

    python bench/quality.py                    # all three sets in ../shared/eval/extraction
    python bench/quality.py --sets aed-dev     # some of them
    python bench/quality.py --pred-dir DIR     # keep the extracted JSON Lines there

For each set it runs `morgue extract SET.warc.gz > bench/out/SET.morgue.jsonl` (the real CLI, as
a subprocess), then `score.py SET.gt.jsonl bench/out/SET.morgue.jsonl --json …`, and prints one
table of every field for every set, then issue 4's targets with the figures just measured.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT.parent / "shared" / "eval" / "extraction"
SETS = ("scrapinghub", "aed-dev", "goose3")

#: Issue 4's targets: (label, set, path into score.py's JSON, threshold, higher is better).
TARGETS: tuple[tuple[str, str, tuple[str, ...], float, bool], ...] = (
    ("body F1, scrapinghub", "scrapinghub", ("body", "f1"), 0.965, True),
    ("body F1, aed-dev", "aed-dev", ("body", "f1"), 0.935, True),
    ("headline (title), aed-dev", "aed-dev", ("title", "strict"), 0.85, True),
    ("headline (title), goose3", "goose3", ("title", "strict"), 0.90, True),
    ("date, aed-dev", "aed-dev", ("date", "acc"), 0.85, True),
    ("byline (author), aed-dev", "aed-dev", ("author", "acc"), 0.75, True),
)
MULTI_TARGET = 0.02  # pages that yield more than one story, share of all pages, at most


def morgue_command() -> list[str]:
    """The installed `morgue` next to this Python (the venv's), else the one on PATH."""
    beside = Path(sys.executable).with_name("morgue")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("morgue")
    if found:
        return [found]
    return [sys.executable, "-c", "from search.cli import main; main()"]


def extract(ds: str, out: Path) -> float:
    """Run `morgue extract` on one set into `out`; returns the seconds it took."""
    start = time.perf_counter()
    with open(out, "wb") as fh:
        proc = subprocess.run(
            [*morgue_command(), "extract", str(EVAL / f"{ds}.warc.gz")],
            stdout=fh,
            stderr=subprocess.PIPE,
            check=False,
        )
    if proc.returncode != 0:
        sys.exit(f"morgue extract failed on {ds} (exit {proc.returncode}):\n{proc.stderr.decode()}")
    return time.perf_counter() - start


def score(ds: str, pred: Path, json_out: Path) -> dict[str, Any]:
    subprocess.run(
        [
            sys.executable,
            str(EVAL / "score.py"),
            str(EVAL / f"{ds}.gt.jsonl"),
            str(pred),
            "--json",
            str(json_out),
        ],
        check=True,
        stdout=subprocess.DEVNULL,
    )
    result: dict[str, Any] = json.loads(json_out.read_text())[ds]["morgue"]
    return result


def fmt(x: float | None, nd: int = 3) -> str:
    return "" if x is None else f"{x:.{nd}f}"


def dig(d: dict[str, Any], path: tuple[str, ...]) -> float | None:
    cur: Any = d
    for key in path:
        if not isinstance(cur, dict) or key not in cur:
            return None
        cur = cur[key]
    return float(cur)


def print_table(cols: list[str], rows: list[list[str]]) -> None:
    widths = [max(len(c), *(len(r[i]) for r in rows)) for i, c in enumerate(cols)]
    for r in [cols, *rows]:
        cells = [
            x.ljust(w) if i == 0 else x.rjust(w)
            for i, (x, w) in enumerate(zip(r, widths, strict=True))
        ]
        print("  ".join(cells))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--sets", nargs="+", default=list(SETS), choices=SETS)
    ap.add_argument("--pred-dir", type=Path, default=ROOT / "bench" / "out")
    args = ap.parse_args(argv)
    if not EVAL.is_dir():
        print(f"no shared eval data at {EVAL}", file=sys.stderr)
        return 2
    args.pred_dir.mkdir(parents=True, exist_ok=True)

    results: dict[str, dict[str, Any]] = {}
    seconds: dict[str, float] = {}
    for ds in args.sets:
        pred = args.pred_dir / f"{ds}.morgue.jsonl"
        seconds[ds] = extract(ds, pred)
        results[ds] = score(ds, pred, args.pred_dir / f"{ds}.scores.json")

    cols = ["set", "pages", "stories", "multi", "no story", "body F1", "P", "R", "acc",
            "lead-start", "lead-in", "title", "title-tok", "date", "nodate-ok", "author",
            "s (CLI)"]  # fmt: skip
    rows = []
    for ds, r in results.items():
        body, lead, title = r.get("body", {}), r.get("lead", {}), r.get("title", {})
        date, author = r.get("date", {}), r.get("author", {})
        rows.append(
            [
                ds,
                str(r["pages"]),
                str(r["stories"]),
                str(r["multi"]),
                str(r["no_story"]),
                f"{fmt(body.get('f1'))} ± {fmt(body.get('f1_std'))}" if body else "",
                fmt(body.get("precision")),
                fmt(body.get("recall")),
                fmt(body.get("accuracy")),
                fmt(lead.get("starts")),
                fmt(lead.get("contains")),
                fmt(title.get("strict")),
                fmt(title.get("token")),
                f"{fmt(date.get('acc'))} (n={date['pages']})" if date else "",
                fmt(date.get("nodate_ok")),
                f"{fmt(author.get('acc'))} (n={author['pages']})" if author else "",
                f"{seconds[ds]:.1f}",
            ]
        )
    print("\n== morgue extract, scored with ../shared/eval/extraction/score.py")
    print_table(cols, rows)

    print("\n== issue 4 targets")
    trows = []
    for label, ds, path, threshold, _ in TARGETS:
        if ds in results:
            got = dig(results[ds], path)
            ok = got is not None and got >= threshold
            trows.append([label, f"≥ {threshold:.3f}", fmt(got, 4), "ok" if ok else "MISSED"])
    pages = sum(r["pages"] for r in results.values())
    multi = sum(r["multi"] for r in results.values())
    share = multi / pages if pages else 0.0
    trows.append(
        [
            "multi-story pages, all sets",
            f"≤ {MULTI_TARGET:.0%}",
            f"{share:.1%}",
            "ok" if share <= MULTI_TARGET else "MISSED",
        ]
    )
    print_table(["target", "wanted", "measured", ""], trows)
    return 0


if __name__ == "__main__":
    sys.exit(main())
