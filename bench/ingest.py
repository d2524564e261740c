"""Ingest benchmark: how fast `morgue extract` and `morgue index` chew through a WARC.

Over one synthetic archive (bench/corpus.py, 20,000 pages by default) it runs, each in its own
process so that RSS and CPU are that process tree's alone, and interleaved so that a change in
the machine's load hits every configuration alike:

* `morgue extract WARC` (one process) → the story records as JSON Lines,
* `morgue index WARC --jobs 1` and `--jobs 2` into a fresh index,
* raw tantivy-py adding those already-extracted records with the same schema, writer heap
  and threads as `indexer.writer.StoryWriter` (the engine's ceiling: no extraction at all),

then prints, per configuration, the median over `--runs` of pages/s, stories/s, MB/s of the
compressed and uncompressed archive, CPU seconds, the peak RSS of every process of the tree
(with its largest RssAnon and RssFile: heaps versus mmap'd index files) and its CPU seconds,
the other tenants' CPU while it ran, and the index size per story and against the stories'
text; then the issue's targets as ratios measured in this run.

    python bench/ingest.py --pages 20000 --runs 3         # the issue's size
    python bench/ingest.py --pages 2000 --runs 1          # a quick check
"""

from __future__ import annotations

import argparse
import gzip
import os
import shutil
import statistics
import subprocess
import sys
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
TEXT_KEYS = ("headline", "dateline", "byline", "body")
TANTIVY_SUFFIXES = (".store", ".idx", ".pos", ".term", ".fieldnorm", ".fast", ".del")
#: /proc sampling period for per-process peak RSS (VmHWM is monotonic, so only growth in the
#: last period of a short-lived process can be missed; wait4() gives the exact tree maximum).
SAMPLE_S = 0.05


# ---------------------------------------------------------------------------------------------
# Measuring one process tree


def _cpu_busy_jiffies() -> int:
    with open("/proc/stat") as f:
        fields = f.readline().split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = map(int, fields[:8])
    return user + nice + system + irq + softirq + steal


def _children(pid: int) -> list[int]:
    out: list[int] = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as f:
                out.extend(int(c) for c in f.read().split())
    except OSError:
        pass
    return out


@dataclass(frozen=True, slots=True, kw_only=True)
class Peak:
    """One process of a measured tree: its peak RSS, split, and the CPU it had used."""

    name: str
    hwm: int  # VmHWM, bytes: the peak of RssAnon + RssFile + RssShmem
    anon: int  # the largest RssAnon sampled (heaps: Python objects, tantivy's arena)
    file: int  # the largest RssFile sampled (mapped files: tantivy's mmap'd segments)
    cpu_s: float  # user + system CPU seconds at the last sample

    def merged(self, later: Peak) -> Peak:
        return Peak(
            name=self.name or later.name,  # an exiting process's cmdline reads empty
            hwm=max(self.hwm, later.hwm),
            anon=max(self.anon, later.anon),
            file=max(self.file, later.file),
            cpu_s=max(self.cpu_s, later.cpu_s),
        )


def _status(pid: int) -> Peak | None:
    """The memory and CPU figures of a live process, or None once it is gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            text = f.read()
        with open(f"/proc/{pid}/stat") as f:
            stat = f.read().rsplit(")", 1)[1].split()
        with open(f"/proc/{pid}/cmdline", "rb") as f:
            argv = f.read().split(b"\0")
    except OSError:
        return None
    kb = {}
    for line in text.splitlines():
        key, _, value = line.partition(":")
        if key in ("VmHWM", "RssAnon", "RssFile"):
            kb[key] = int(value.split()[0]) * 1024
    cpu = (int(stat[11]) + int(stat[12])) / os.sysconf("SC_CLK_TCK")  # utime + stime
    args = [a.decode(errors="replace") for a in argv if a]
    if "-c" in args:  # multiprocessing children: say which (spawn_main or resource_tracker)
        code = args[args.index("-c") + 1] if args.index("-c") + 1 < len(args) else ""
        role = "resource_tracker" if "resource_tracker" in code else "worker"
        name = f"{Path(args[0]).name} -c ({role})"
    else:
        name = " ".join(Path(a).name if i == 0 else a for i, a in enumerate(args[:3]))
    return Peak(
        name=name,
        hwm=kb.get("VmHWM", 0),
        anon=kb.get("RssAnon", 0),
        file=kb.get("RssFile", 0),
        cpu_s=cpu,
    )


@dataclass(slots=True, kw_only=True)
class Measured:
    wall_s: float
    cpu_s: float  # user + system of the whole tree (wait4 includes reaped descendants)
    tree_peak_rss: int  # the largest single process of the tree (wait4 ru_maxrss)
    peaks: dict[int, Peak] = field(default_factory=dict)  # pid → its figures
    others_cpu: float = 0.0  # cores used by everything else on the machine meanwhile
    returncode: int = 0


def run_measured(argv: Sequence[str], *, stdout_path: Path | None, log_path: Path) -> Measured:
    """Run `argv` to completion, sampling the VmHWM of it and every descendant."""
    peaks: dict[int, Peak] = {}
    busy0 = _cpu_busy_jiffies()
    start = time.perf_counter()
    with (
        log_path.open("wb") as log,
        stdout_path.open("wb") if stdout_path else open(os.devnull, "wb") as out,
    ):
        proc = subprocess.Popen(list(argv), stdout=out, stderr=log)
        done = threading.Event()

        def sample() -> None:
            while not done.is_set():
                stack = [proc.pid]
                while stack:
                    pid = stack.pop()
                    st = _status(pid)
                    if st is not None:
                        peaks[pid] = peaks[pid].merged(st) if pid in peaks else st
                    stack.extend(_children(pid))
                done.wait(SAMPLE_S)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        _pid, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - start
        done.set()
        sampler.join()
        proc.returncode = os.waitstatus_to_exitcode(status)
    busy = (_cpu_busy_jiffies() - busy0) / os.sysconf("SC_CLK_TCK")
    cpu = usage.ru_utime + usage.ru_stime
    return Measured(
        wall_s=wall,
        cpu_s=cpu,
        tree_peak_rss=usage.ru_maxrss * 1024,
        peaks=peaks,
        others_cpu=max(0.0, busy - cpu) / wall,
        returncode=proc.returncode,
    )


# ---------------------------------------------------------------------------------------------
# The configurations


def morgue_argv() -> list[str]:
    script = Path(sys.executable).parent / "morgue"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-c", "from search.cli import main; main()"]


def raw_tantivy_index(jsonl: Path, index_dir: Path) -> int:
    """The engine's ceiling: add extracted story records with StoryWriter's schema and heap.

    No upsert (no delete-by-id per story), no capture bookkeeping, one commit at the end.
    """
    import orjson
    import tantivy

    from indexer import schema
    from indexer.records import Story
    from indexer.writer import DEFAULT_HEAP_SIZE, document_of

    index = schema.open_index(index_dir, create=True)
    tschema = index.schema
    writer = index.writer(heap_size=DEFAULT_HEAP_SIZE)
    n = 0
    with jsonl.open("rb") as f:
        for line in f:
            story = Story.from_dict(orjson.loads(line))
            writer.add_document(tantivy.Document.from_dict(document_of(story), tschema))
            n += 1
    writer.commit()
    writer.wait_merging_threads()
    index.reload()
    docs = int(index.searcher().num_docs)
    if docs != n:
        raise SystemExit(f"raw tantivy: {n} stories added but the index holds {docs}")
    return n


@dataclass(frozen=True, slots=True, kw_only=True)
class Archive:
    path: Path  # one WARC file, or a folder of them (what the morgue commands are given)
    files: int
    pages: int
    compressed: int
    uncompressed: int


@dataclass(frozen=True, slots=True, kw_only=True)
class Extracted:
    stories: int
    text_bytes: int  # UTF-8 bytes of headline, dateline, byline, body and captions


def prepare_archive(workdir: Path, pages: int, seed: int, files: int) -> Archive:
    sys.path.insert(0, str(HERE))
    import corpus

    if files == 1:
        path = workdir / f"pages-{pages}-s{seed}.warc.gz"
    else:
        path = workdir / f"pages-{pages}-s{seed}-{files}files"
    paths = corpus.archive_paths(path, files)
    if not all(p.exists() for p in paths):
        print(f"generating {path} ...", flush=True)
        corpus.write_warcs(paths, pages=pages, seed=seed, jobs=os.cpu_count() or 1)
    uncompressed = 0
    for p in paths:
        with gzip.open(p, "rb") as f:
            while chunk := f.read(1 << 20):
                uncompressed += len(chunk)
    return Archive(
        path=path,
        files=files,
        pages=pages,
        compressed=sum(p.stat().st_size for p in paths),
        uncompressed=uncompressed,
    )


def count_extracted(jsonl: Path) -> Extracted:
    import orjson

    stories = text = 0
    with jsonl.open("rb") as f:
        for line in f:
            rec = orjson.loads(line)
            stories += 1
            text += sum(len((rec.get(k) or "").encode()) for k in TEXT_KEYS)
            text += sum(len(c.encode()) for c in rec.get("captions") or ())
    return Extracted(stories=stories, text_bytes=text)


def dir_bytes(path: Path) -> int:
    return sum(p.stat().st_size for p in path.rglob("*") if p.is_file())


def index_layout(path: Path) -> dict[str, int]:
    """Bytes by kind of file: tantivy's .store/.idx/.pos/.term/..., and everything else."""
    out: dict[str, int] = {}
    for p in path.rglob("*"):
        if p.is_file():
            kind = p.suffix if p.suffix in TANTIVY_SUFFIXES else p.name
            out[kind] = out.get(kind, 0) + p.stat().st_size
    return out


def index_docs(path: Path) -> int:
    from indexer import schema

    return int(schema.open_index(path).searcher().num_docs)


# ---------------------------------------------------------------------------------------------
# Report


@dataclass(slots=True, kw_only=True)
class Result:
    name: str
    runs: list[Measured] = field(default_factory=list)
    stories: int = 0
    index_bytes: int | None = None
    layout: dict[str, int] = field(default_factory=dict)

    @property
    def wall(self) -> float:
        return statistics.median(r.wall_s for r in self.runs)

    @property
    def cpu(self) -> float:
        return statistics.median(r.cpu_s for r in self.runs)


def mb(n: float) -> str:
    return f"{n / 1e6:,.1f}"


def describe(peak: Peak, cpu_s: float) -> str:
    return f"{mb(peak.hwm)} (anon {mb(peak.anon)}, file {mb(peak.file)}), CPU {cpu_s:.1f} s"


def print_report(
    results: list[Result], archive: Archive, extracted: Extracted, load: tuple[str, str]
) -> None:
    print()
    print(
        f"archive: {archive.path} ({archive.files} file(s)) — {archive.pages:,} pages, "
        f"{mb(archive.compressed)} MB "
        f"gzipped, {mb(archive.uncompressed)} MB uncompressed; {extracted.stories:,} stories, "
        f"{mb(extracted.text_bytes)} MB of story text"
    )
    print(f"load average at start {load[0]}, at end {load[1]}; {os.cpu_count()} cores")
    print()
    head = (
        "| config | runs | wall s (median) | pages/s | stories/s | MB/s gz | MB/s raw | CPU s "
        "| cores used | others' cores | tree peak RSS MB | index MB | bytes/story | × text |"
    )
    print(head)
    print("|" + " --- |" * (head.count("|") - 1))
    for r in results:
        w = r.wall
        idx = r.index_bytes
        print(
            f"| {r.name} | {len(r.runs)} | {w:.2f} | {archive.pages / w:,.0f} | "
            f"{r.stories / w:,.0f} | {mb(archive.compressed / w)} | "
            f"{mb(archive.uncompressed / w)} | {r.cpu:.1f} | {r.cpu / w:.2f} | "
            f"{statistics.median(x.others_cpu for x in r.runs):.2f} | "
            f"{mb(max(x.tree_peak_rss for x in r.runs))} | "
            + (
                f"{mb(idx)} | {idx / max(1, r.stories):,.0f} | "
                f"{idx / max(1, extracted.text_bytes):.2f} |"
                if idx
                else "– | – | – |"
            )
        )
    print()
    print(
        "every process: peak RSS MB (sampled VmHWM; of which the largest RssAnon and RssFile "
        "sampled), max over runs; CPU s, median over runs:"
    )
    for r in results:
        # Processes in the order they were first seen (the root first), so "#2" is the same
        # role (e.g. the first worker) in every run.
        by_role: dict[str, Peak] = {}
        cpus: dict[str, list[float]] = {}
        for run in r.runs:
            for k, peak in enumerate(run.peaks.values()):
                role = f"#{k + 1} {peak.name}"
                by_role[role] = by_role[role].merged(peak) if role in by_role else peak
                cpus.setdefault(role, []).append(peak.cpu_s)
        print(f"  {r.name}:")
        for role, peak in by_role.items():
            print(f"    {role!r}: {describe(peak, statistics.median(cpus[role]))}")
    for r in results:
        if r.layout:
            parts = sorted(r.layout.items(), key=lambda kv: -kv[1])
            top = ", ".join(
                f"{k} {v / max(1, extracted.text_bytes):.2f}" for k, v in parts if v > 10_000
            )
            print(f"  index files of {r.name}, × story text: {top}")
    print()
    by = {r.name: r for r in results}
    ex, i1, i2 = by.get("extract"), by.get("index --jobs 1"), by.get("index --jobs 2")
    print("targets (ratios in this run):")
    if ex and i1:
        ratio = (archive.pages / i1.wall) / (archive.pages / ex.wall)
        verdict = "met" if ratio >= 0.8 else "NOT met"
        print(f"  index --jobs 1 / extract throughput = {ratio:.2f} (target ≥ 0.80): {verdict}")
    if i1 and i2:
        ratio = i1.wall / i2.wall
        verdict = "met" if ratio >= 1.8 else "NOT met"
        print(f"  index --jobs 2 / --jobs 1 throughput = {ratio:.2f} (target ≥ 1.80): {verdict}")
    for built in (i1, i2):
        if built and built.index_bytes:
            ratio = built.index_bytes / extracted.text_bytes
            verdict = "met" if ratio <= 1.3 else "NOT met"
            print(
                f"  {built.name}: index size / story text = {ratio:.2f} (target ≤ 1.30): {verdict}"
            )


# ---------------------------------------------------------------------------------------------


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=20_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument(
        "--files",
        type=int,
        default=1,
        help="split the archive over this many WARC files (morgue's workers take whole files)",
    )
    parser.add_argument("--workdir", type=Path, default=HERE / "out")
    parser.add_argument(
        "--only", default="extract,index1,index2,raw", help="comma-separated subset to run"
    )
    parser.add_argument(
        "--rss-pages",
        type=int,
        default=0,
        help="also index an archive of this many pages once (--jobs 2) and compare peak RSS",
    )
    parser.add_argument("--raw-index", nargs=2, metavar=("JSONL", "DIR"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.raw_index:
        raw_tantivy_index(Path(args.raw_index[0]), Path(args.raw_index[1]))
        return 0

    load_start = " ".join(f"{x:.2f}" for x in os.getloadavg())
    work = args.workdir / f"ingest-{args.pages}-{args.files}files"
    work.mkdir(parents=True, exist_ok=True)
    archive = prepare_archive(args.workdir, args.pages, args.seed, args.files)
    morgue = morgue_argv()
    jsonl = work / "stories.jsonl"
    wanted = set(args.only.split(","))
    configs: list[tuple[str, str]] = [
        (key, name)
        for key, name in (
            ("extract", "extract"),
            ("index1", "index --jobs 1"),
            ("index2", "index --jobs 2"),
            ("raw", "raw tantivy-py (records → index)"),
        )
        if key in wanted
    ]
    results = {key: Result(name=name) for key, name in configs}
    for run in range(args.runs):
        for key, name in configs:
            if key == "raw" and not jsonl.exists():
                with jsonl.open("wb") as out:
                    subprocess.run(
                        [*morgue, "extract", str(archive.path)],
                        check=True,
                        stdout=out,
                        stderr=subprocess.DEVNULL,
                    )
            m = measure(key, archive, work, morgue, jsonl)
            if m is None:
                return 1
            res = results[key]
            res.runs.append(m)
            if key != "extract":
                index_dir = work / f"index-{key}"
                res.index_bytes = dir_bytes(index_dir)
                res.stories = index_docs(index_dir)
                res.layout = index_layout(index_dir)
            print(
                f"run {run + 1}/{args.runs} {name}: {m.wall_s:.2f} s, cpu {m.cpu_s:.1f} s, "
                f"others {m.others_cpu:.2f} cores",
                flush=True,
            )
    if not jsonl.exists():  # the story text is the yardstick of index size: extract once
        with jsonl.open("wb") as out:
            subprocess.run(
                [*morgue, "extract", str(archive.path)],
                check=True,
                stdout=out,
                stderr=subprocess.DEVNULL,
            )
    extracted = count_extracted(jsonl)
    if "extract" in results:
        results["extract"].stories = extracted.stories
    load_end = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print_report(list(results.values()), archive, extracted, (load_start, load_end))
    if args.rss_pages:
        big = prepare_archive(args.workdir, args.rss_pages, args.seed, args.files)
        big_work = args.workdir / f"ingest-{args.rss_pages}-{args.files}files"
        big_work.mkdir(parents=True, exist_ok=True)
        m = measure("index2", big, big_work, morgue, jsonl)
        if m is None:
            return 1
        small = max(x.tree_peak_rss for x in results["index2"].runs) if "index2" in results else 0
        print()
        print(
            f"peak RSS of `morgue index --jobs 2`: {mb(small)} MB at {args.pages:,} pages, "
            f"{mb(m.tree_peak_rss)} MB at {args.rss_pages:,} pages "
            f"({m.wall_s:.0f} s, {args.rss_pages / m.wall_s:,.0f} pages/s)"
        )
        if "index2" in results:
            # The root process is sampled first: peaks keep their insertion order.
            mains = [next(iter(x.peaks.values())) for x in results["index2"].runs if x.peaks]
            if mains:
                worst = max(mains, key=lambda p: p.hwm)
                print(f"  main process at {args.pages:,} pages: {describe(worst, worst.cpu_s)}")
        print(f"  at {args.rss_pages:,} pages:")
        for _pid, peak in sorted(m.peaks.items()):
            print(f"    {peak.name!r}: {describe(peak, peak.cpu_s)}")
        if small:
            ratio = m.tree_peak_rss / small
            verdict = "met" if abs(ratio - 1) <= 0.10 else "NOT met"
            print(f"  ratio {ratio:.2f} (target: within 10 %): {verdict}")
    return 0


def measure(
    key: str, archive: Archive, work: Path, morgue: list[str], jsonl: Path
) -> Measured | None:
    """One run of configuration `key` in a fresh index directory; None (log shown) on failure."""
    index_dir = work / f"index-{key}"
    shutil.rmtree(index_dir, ignore_errors=True)
    out: Path | None = None
    if key == "extract":
        cmd = [*morgue, "extract", str(archive.path)]
        out = jsonl
    elif key == "raw":
        cmd = [sys.executable, __file__, "--raw-index", str(jsonl), str(index_dir)]
    else:
        cmd = [*morgue, "--index", str(index_dir), "index", str(archive.path), "--jobs", key[-1]]
    log = work / f"{key}.log"
    m = run_measured(cmd, stdout_path=out, log_path=log)
    if m.returncode != 0:
        print(f"{' '.join(cmd)} failed ({m.returncode}):\n{log.read_text()[-3000:]}")
        return None
    return m


if __name__ == "__main__":
    sys.exit(main())
