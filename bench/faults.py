"""Fault benchmark (issue 5): long randomized runs of real `morgue` processes, with figures.

1. Kill loop: `morgue index --jobs 2` over ≥ 5,000 synthetic news pages (tests/faults_corpus.py
   and bench/corpus.py templates) plus sample_warcs/, killed at `--kills` random moments
   (SIGKILL, every fifth time SIGTERM; sent to the main process as `kill -9 PID` does, every
   fourth time to the whole process group).
   After every kill the index must open and search and hold only stories of the clean run,
   field for field; then a rerun must end with exactly the clean run's story set.
2. Ctrl-C: `--interrupts` SIGINTs to the process group at random moments: exit 130, the
   summary printed, and the time from signal to exit (issue 5 asks for ≤ 2 s); then as many
   just after the run's last commit lands, while its ledger and merges are finishing.
3. Malformed archives: tests/faults_corpus.make_malformed (≥ 200 inputs, plus a 1 GB sparse
   file, a 1 GB gzip bomb and a 100 MB text node): `extract_file` on each in a child process
   with a per-file time budget (hangs, exceptions, records not accounted for, peak RSS), then
   one `morgue index` over the whole folder (exit code, peak RSS by /proc VmHWM).
4. Load: the clean run again with `--searchers` processes searching flat out beside it:
   pages/s of the indexer against the run without searchers, searcher queries and errors,
   and whether every searcher saw only growing commits.

Printed at the end (and written to OUT/faults.json): kills survived, malformed inputs tried,
stories lost (must be 0), duplicates (must be 0), pages/s under 4 searchers, peak RSS.

    python bench/faults.py                       # the issue's sizes (≈ 15-30 min on 2 cores)
    python bench/faults.py --pages 800 --kills 3 --interrupts 1 --no-big   # a quick check
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(HERE))

import faults_corpus as fc  # noqa: E402  (tests/, imported by path)
from extract_child import run_extract_child  # noqa: E402
from faults_malformed import make_malformed  # noqa: E402
from morgue_processes import group_gone, start_morgue, stop_group  # noqa: E402

MORGUE = [sys.executable, "-m", "search.cli"]
TRACE_MARKS = ("Traceback", "panicked at", "PanicException")


# -- processes -------------------------------------------------------------------------------------


def _env() -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "MORGUE_INDEX"}
    env["NO_COLOR"] = "1"
    return env


def run_morgue(*args: str, timeout: float = 3600) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [*MORGUE, *args], cwd=REPO, env=_env(), capture_output=True, text=True, timeout=timeout
    )


class PeakRss:
    """Samples VmHWM of a process and its descendants from /proc while it runs."""

    def __init__(self, pid: int) -> None:
        self.pid = pid
        self.main_kb = 0
        self.child_kb = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            self.main_kb = max(self.main_kb, _hwm(self.pid))
            for child in _descendants(self.pid):
                self.child_kb = max(self.child_kb, _hwm(child))
            time.sleep(0.05)

    def stop(self) -> PeakRss:
        self._stop.set()
        self._thread.join()
        return self


def _hwm(pid: int) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def _descendants(pid: int) -> list[int]:
    out: list[int] = []
    todo = [pid]
    while todo:
        p = todo.pop()
        try:
            for tid in os.listdir(f"/proc/{p}/task"):
                with open(f"/proc/{p}/task/{tid}/children") as f:
                    kids = [int(c) for c in f.read().split()]
                out.extend(kids)
                todo.extend(kids)
        except OSError:
            continue
    return out


# -- the story set ---------------------------------------------------------------------------------


def story_set(index_dir: Path) -> tuple[dict[str, bytes], int]:
    """(id → every stored field as canonical bytes, number of ids stored more than once)."""
    import orjson
    import tantivy

    from indexer import schema

    index = schema.open_index(index_dir)
    searcher = index.searcher()
    hits = searcher.search(tantivy.Query.all_query(), limit=max(1, searcher.num_docs)).hits
    out: dict[str, bytes] = {}
    twice = 0
    for _score, address in hits:
        d = searcher.doc(address).to_dict()
        d["record"] = [orjson.loads(d["record"][0])] if "record" in d else []
        key = d["id"][0]
        if key in out:
            twice += 1
        out[key] = orjson.dumps(d, option=orjson.OPT_SORT_KEYS)
    return out, twice


def opens_and_searches(index_dir: Path) -> str | None:
    """None when the index opens, searches and fetches; else what went wrong."""
    from search.archive import Archive
    from search.errors import IndexNotFoundError

    try:
        with Archive.open(index_dir) as archive:
            for hit in archive.search(fc.MARKER, limit=3):
                archive.get(hit.id)
            archive.stats()
    except IndexNotFoundError:
        if (index_dir / "meta.json").exists():
            return "meta.json exists but the index is not found"
    except BaseException as exc:  # any failure here is a finding
        return f"{type(exc).__name__}: {exc}"
    return None


# -- 1 & 2: kills and Ctrl-C -----------------------------------------------------------------------


def kill_loop(
    corpus: Path,
    work: Path,
    clean: dict[str, bytes],
    seconds: float,
    kills: int,
    rng: random.Random,
) -> dict[str, Any]:
    index_dir = work / "killed"
    shutil.rmtree(index_dir, ignore_errors=True)
    survived = landed = completed_cycles = 0
    problems: list[str] = []
    for k in range(kills):
        proc = start_morgue(
            "--index", str(index_dir), "index", "--jobs", "2", str(corpus), env=_env()
        )
        moment = rng.uniform(0.05, 1.0) * seconds
        whole_group = k % 4 == 3
        sig = signal.SIGTERM if k % 5 == 2 else signal.SIGKILL
        time.sleep(moment)
        finished_first = proc.poll() is not None
        try:
            if whole_group:
                os.killpg(proc.pid, sig)
            else:
                proc.send_signal(sig)
        except ProcessLookupError:
            pass
        proc.wait(timeout=60)
        if not group_gone(proc.pid, 30):
            problems.append(f"kill {k}: extraction processes outlived the killed parent")
        stop_group(proc, timeout=60)
        landed += not finished_first
        failure = opens_and_searches(index_dir)
        if failure is None and (index_dir / "meta.json").exists():
            held, twice = story_set(index_dir)
            wrong = [i for i, v in held.items() if clean.get(i) != v]
            if twice or wrong:
                failure = f"{twice} ids twice, {len(wrong)} stories not as in the clean run"
        if failure:
            problems.append(f"kill {k} at {moment:.1f} s: {failure}")
        else:
            survived += 1
        print(
            f"  kill {k + 1:2d}/{kills} at {moment:5.1f} s, {signal.Signals(sig).name}"
            f"{' to the group' if whole_group else ''}"
            f"{' after the run ended' if finished_first else ''}: "
            f"{failure or 'ok'}",
            flush=True,
        )
        if finished_first:  # the job is done: start the next cycle from nothing
            completed_cycles += 1
            shutil.rmtree(index_dir, ignore_errors=True)
    rerun = run_morgue("--index", str(index_dir), "index", "--jobs", "2", str(corpus))
    final, twice = story_set(index_dir)
    lost = len(set(clean) - set(final))
    extra = len(set(final) - set(clean))
    changed = sum(1 for i in set(final) & set(clean) if final[i] != clean[i])
    return {
        "kills": kills,
        "kills_landed_mid_run": landed,
        "kills_survived": survived,
        "rerun_exit": rerun.returncode,
        "stories_lost": lost,
        "duplicates": twice + extra,
        "stories_changed": changed,
        "problems": problems,
    }


def interrupts(
    corpus: Path, work: Path, clean: dict[str, bytes], seconds: float, count: int,
    rng: random.Random,
) -> dict[str, Any]:  # fmt: skip
    latencies: list[float] = []
    problems: list[str] = []
    for k in range(count):
        index_dir = work / f"interrupted-{k}"
        shutil.rmtree(index_dir, ignore_errors=True)
        proc = start_morgue(
            "--index", str(index_dir), "index", "--jobs", "2", str(corpus), env=_env()
        )
        time.sleep(rng.uniform(0.2, 0.9) * seconds)
        if proc.poll() is not None:
            stop_group(proc, timeout=60)
            continue
        sent = time.monotonic()
        os.killpg(proc.pid, signal.SIGINT)
        try:
            out, err = proc.communicate(timeout=60)
        except subprocess.TimeoutExpired:
            out, err = stop_group(proc, timeout=60)
            problems.append(f"Ctrl-C {k}: still running after 60 s")
            continue
        if proc.returncode == 0:  # the run was done before the signal landed
            print(f"  Ctrl-C {k + 1}/{count}: the run ended first", flush=True)
            continue
        latencies.append(time.monotonic() - sent)
        if proc.returncode not in (130, -signal.SIGINT):  # -2: ended by the signal itself
            problems.append(f"Ctrl-C {k}: exit {proc.returncode}: {err.strip()[-300:]}")
        if "records" not in out:
            problems.append(f"Ctrl-C {k}: no summary on stdout")
        if any(m in err for m in TRACE_MARKS):
            problems.append(f"Ctrl-C {k}: a trace on stderr")
        held, twice = story_set(index_dir)
        if twice or any(clean.get(i) != v for i, v in held.items()):
            problems.append(f"Ctrl-C {k}: committed stories differ from the clean run")
        print(
            f"  Ctrl-C {k + 1}/{count}: exit {proc.returncode} after "
            f"{latencies[-1]:.2f} s, {len(held)} stories committed",
            flush=True,
        )
    # Ctrl-C just after the last commit lands (meta.json changes), while the ledger is written
    # and merges are waited for: the summary must still be printed.
    late_codes: list[int] = []
    late_without_summary = 0
    for k in range(count):
        index_dir = work / f"late-{k}"
        shutil.rmtree(index_dir, ignore_errors=True)
        meta = index_dir / "meta.json"
        proc = start_morgue(
            "--index", str(index_dir), "index", "--jobs", "2", str(corpus), env=_env()
        )
        while not meta.exists() and proc.poll() is None:
            time.sleep(0.005)
        before = meta.stat().st_mtime_ns if meta.exists() else 0
        while proc.poll() is None and meta.stat().st_mtime_ns == before:
            time.sleep(0.005)
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGINT)
        out, err = proc.communicate(timeout=120)
        late_codes.append(proc.returncode)
        if proc.returncode != 0 and "records" not in out:
            late_without_summary += 1
            problems.append(f"late Ctrl-C {k}: exit {proc.returncode}, no summary: {err[-200:]}")
    return {
        "interrupts": len(latencies),
        "max_seconds_to_exit": max(latencies, default=0.0),
        "late_interrupt_exits": late_codes,
        "late_interrupts_without_summary": late_without_summary,
        "problems": problems,
    }


# -- 3: malformed archives -------------------------------------------------------------------------


def malformed_run(work: Path, *, big: bool, seed: int) -> dict[str, Any]:
    folder = work / "malformed"
    slow_folder = work / "malformed-slow"
    for old in (folder, slow_folder):
        shutil.rmtree(old, ignore_errors=True)
    made = make_malformed(folder, seed=seed, big=big)
    outcomes = {o.path: o for o in run_extract_child([m.path for m in made], per_file_seconds=120)}
    hung = [m.path.name for m in made if outcomes[str(m.path)].hung]
    errors = [
        f"{m.path.name}: {outcomes[str(m.path)].error}" for m in made if outcomes[str(m.path)].error
    ]
    unaccounted = 0
    unaccounted_files = []
    records_written = intact = accounted = 0
    for m in made:
        o = outcomes[str(m.path)]
        missing = set(m.expect) - set(o.offsets)
        if missing and not o.hung and not o.error:
            unaccounted += len(missing)
            unaccounted_files.append(f"{m.path.name} @ {sorted(missing)}")
        records_written += m.records
        intact += len(m.expect)
        accounted += len(o.offsets)
    slowest = sorted(outcomes.values(), key=lambda o: -o.seconds)[:5]
    index_dir = work / "malformed-idx"
    shutil.rmtree(index_dir, ignore_errors=True)
    folders = [str(f) for f in (folder, slow_folder) if f.is_dir()]
    proc = start_morgue("--index", str(index_dir), "index", "--jobs", "2", *folders, env=_env())
    rss = PeakRss(proc.pid)
    out, err = proc.communicate(timeout=7200)
    rss.stop()
    return {
        "malformed_inputs": len(made),
        "hung": hung,
        "errors": errors,
        "records_written": records_written,
        "intact_records": intact,
        "offsets_accounted": accounted,
        "intact_records_unaccounted": unaccounted,
        "unaccounted_files": unaccounted_files[:20],
        "extract_peak_rss_mb": max(o.max_rss_kb for o in outcomes.values()) / 1024,
        "slowest_files": [(Path(o.path).name, round(o.seconds, 2)) for o in slowest],
        "index_exit": proc.returncode,
        "index_trace": any(m in err for m in TRACE_MARKS),
        "index_summary": out.strip().splitlines(),
        "index_peak_rss_mb": rss.main_kb / 1024,
        "index_worker_peak_rss_mb": rss.child_kb / 1024,
    }


# -- 4: load ---------------------------------------------------------------------------------------

SEARCHER = """
import json, os, sys, time
from search.archive import Archive
from search.errors import IndexNotFoundError
index_dir, stop, word = sys.argv[1], sys.argv[2], sys.argv[3]
totals, errors, n, archive, back = [], [], 0, None, 0
while not os.path.exists(stop):
    try:
        if archive is None:
            try:
                archive = Archive.open(index_dir)
            except IndexNotFoundError:
                time.sleep(0.05)
                continue
        n += 1
        results = archive.search(word, limit=10)
        for hit in results:
            archive.get(hit.id)
        if n % 10 == 0:
            archive.stats()
        if totals and results.total < totals[-1]:
            back += 1
        if not totals or totals[-1] != results.total:
            totals.append(results.total)
    except BaseException as exc:
        errors.append(f"{type(exc).__name__}: {exc}"[:300])
print(json.dumps({"queries": n, "errors": errors, "went_back": back, "states": len(totals)}))
"""

_RATE = re.compile(r"time\s+([\d.]+) s, ([\d,]+) pages/s")
_RECORDS = re.compile(r"records\s+([\d,]+) read")


def summary_rate(out: str) -> tuple[int, float]:
    """(records, records per second) from the closing summary of `morgue index`."""
    records = _RECORDS.search(out)
    rate = _RATE.search(out)
    if not records or not rate:
        return 0, 0.0
    n = int(records.group(1).replace(",", ""))
    return n, n / float(rate.group(1)) if float(rate.group(1)) else 0.0


def _with_searchers(
    index_dir: Path, work: Path, searchers: int, *commands: list[str]
) -> tuple[list[subprocess.CompletedProcess[str]], list[dict[str, Any]], float, tuple[int, int]]:
    """Run `morgue` `commands` one after the other while `searchers` processes search; their
    results, the searchers' reports, seconds, and the peak RSS (kB) of main and workers."""
    stop = work / "stop-searchers"
    stop.unlink(missing_ok=True)
    procs = [
        subprocess.Popen(
            [sys.executable, "-c", SEARCHER, str(index_dir), str(stop), fc.MARKER],
            cwd=REPO,
            env=_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(searchers)
    ]
    started = time.monotonic()
    done: list[subprocess.CompletedProcess[str]] = []
    peak_main = peak_child = 0
    for command in commands:
        proc = start_morgue("--index", str(index_dir), *command, env=_env())
        rss = PeakRss(proc.pid)
        out, err = proc.communicate(timeout=7200)
        rss.stop()
        peak_main, peak_child = max(peak_main, rss.main_kb), max(peak_child, rss.child_kb)
        done.append(subprocess.CompletedProcess(proc.args, proc.returncode, out, err))
    seconds = time.monotonic() - started
    stop.touch()
    reports = [json.loads(p.communicate(timeout=120)[0] or "{}") for p in procs]
    stop.unlink(missing_ok=True)
    return done, reports, seconds, (peak_main, peak_child)


def _searcher_figures(reports: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "searcher_queries": sum(r.get("queries", 0) for r in reports),
        "searcher_errors": sum(len(r.get("errors", [])) for r in reports),
        "searcher_error_samples": sorted({e for r in reports for e in r.get("errors", [])})[:5],
        "searchers_saw_state_go_back": sum(r.get("went_back", 0) for r in reports),
        "commit_states_seen": max((r.get("states", 0) for r in reports), default=0),
    }


def load_run(corpus: Path, work: Path, searchers: int, clean: dict[str, bytes]) -> dict[str, Any]:
    """An indexing run, then two rebuilds, each with `searchers` processes searching beside."""
    index_dir = work / "loaded"
    shutil.rmtree(index_dir, ignore_errors=True)
    (run,), reports, seconds, rss = _with_searchers(
        index_dir, work, searchers, ["index", "--jobs", "2", str(corpus)]
    )
    records, rate = summary_rate(run.stdout)
    final, twice = story_set(index_dir)
    rebuilds, rebuild_reports, _, _ = _with_searchers(
        index_dir, work, searchers, ["index", "--rebuild", "--jobs", "2"], ["index", "--rebuild"]
    )
    rebuilt, rebuilt_twice = story_set(index_dir)
    return {
        "searchers": searchers,
        "index_exit": run.returncode,
        "records": records,
        "records_per_second": rate,
        "wall_seconds": seconds,
        **_searcher_figures(reports),
        "same_stories_as_clean": final == clean and twice == 0,
        "index_peak_rss_mb": rss[0] / 1024,
        "index_worker_peak_rss_mb": rss[1] / 1024,
        "rebuild_exits": [r.returncode for r in rebuilds],
        "rebuild_same_stories": rebuilt == clean and rebuilt_twice == 0,
        "during_rebuilds": _searcher_figures(rebuild_reports),
    }


# -- main ------------------------------------------------------------------------------------------


def build_corpus(folder: Path, pages: int, seed: int) -> int:
    """≥ `pages` pages: 3/4 simple news pages in 10 files, 1/4 bench/corpus.py templates,
    plus the sample archives. Returns the number of page records written."""
    shutil.rmtree(folder, ignore_errors=True)
    simple = pages * 3 // 4
    fc.write_news_archives(folder, files=10, pages=simple, seed=seed)
    try:
        import corpus as templates

        templates.write_warc(folder / "templates.warc.gz", pages=pages - simple, seed=seed)
        written = pages
    except ImportError:
        written = simple
    samples = REPO / "sample_warcs"
    if samples.is_dir():
        for f in samples.iterdir():
            if f.name != "README.md":
                shutil.copy(f, folder / f.name)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--pages", type=int, default=6000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--interrupts", type=int, default=5)
    parser.add_argument("--searchers", type=int, default=4)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--no-big", action="store_true", help="skip the 1 GB inputs")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "faults")
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    work = args.out
    work.mkdir(parents=True, exist_ok=True)
    corpus = work / "corpus"
    t0 = time.monotonic()
    pages = build_corpus(corpus, args.pages, args.seed)
    print(f"corpus: {pages:,} synthetic pages + sample_warcs in {corpus}", flush=True)

    clean_dir = work / "clean"
    shutil.rmtree(clean_dir, ignore_errors=True)
    proc = start_morgue("--index", str(clean_dir), "index", "--jobs", "2", str(corpus), env=_env())
    rss = PeakRss(proc.pid)
    started = time.monotonic()
    out, err = proc.communicate(timeout=7200)
    clean_seconds = time.monotonic() - started
    rss.stop()
    if proc.returncode != 0:
        print(err, file=sys.stderr)
        return 1
    clean, twice = story_set(clean_dir)
    clean_records, clean_rate = summary_rate(out)
    print(f"clean run: {len(clean):,} stories, {clean_records:,} records in {clean_seconds:.1f} s "
          f"({clean_rate:,.0f} records/s), peak RSS {rss.main_kb / 1024:.0f} MB "
          f"(+ workers {rss.child_kb / 1024:.0f} MB)", flush=True)  # fmt: skip
    results: dict[str, Any] = {
        "pages": pages,
        "clean": {
            "stories": len(clean),
            "ids_twice": twice,
            "records": clean_records,
            "seconds": clean_seconds,
            "records_per_second": clean_rate,
            "peak_rss_mb": rss.main_kb / 1024,
            "worker_peak_rss_mb": rss.child_kb / 1024,
        },
    }
    print(f"kill loop ({args.kills} kills):", flush=True)
    results["kills"] = kill_loop(corpus, work, clean, clean_seconds, args.kills, rng)
    print(f"Ctrl-C ({args.interrupts}):", flush=True)
    results["ctrl_c"] = interrupts(corpus, work, clean, clean_seconds, args.interrupts, rng)
    print("malformed archives:", flush=True)
    results["malformed"] = malformed_run(work, big=not args.no_big, seed=args.seed)
    print(f"load ({args.searchers} searchers):", flush=True)
    results["load"] = load_run(corpus, work, args.searchers, clean)
    results["total_seconds"] = time.monotonic() - t0
    (work / "faults.json").write_text(json.dumps(results, indent=2))
    print_figures(results)
    bad = (
        results["kills"]["stories_lost"]
        or results["kills"]["duplicates"]
        or results["kills"]["problems"]
        or results["malformed"]["hung"]
        or results["malformed"]["errors"]
        or results["load"]["searcher_errors"]
    )
    return 1 if bad else 0


def print_figures(r: dict[str, Any]) -> None:
    k, c, m, load = r["kills"], r["ctrl_c"], r["malformed"], r["load"]
    main_rss = max(r["clean"]["peak_rss_mb"], load["index_peak_rss_mb"], m["index_peak_rss_mb"])
    worker_rss = max(
        r["clean"]["worker_peak_rss_mb"],
        load["index_worker_peak_rss_mb"],
        m["index_worker_peak_rss_mb"],
    )
    rows = [
        ("kills survived", f"{k['kills_survived']}/{k['kills']} "
         f"({k['kills_landed_mid_run']} landed mid-run); rerun exit {k['rerun_exit']}"),
        ("stories lost (must be 0)", f"{k['stories_lost']}"),
        ("duplicates (must be 0)", f"{k['duplicates']} (changed stories: {k['stories_changed']})"),
        ("Ctrl-C", f"{c['interrupts']} tried, slowest exit {c['max_seconds_to_exit']:.2f} s "
         "(target ≤ 2 s)"),
        ("Ctrl-C right after the last commit", f"exits {c['late_interrupt_exits']}, "
         f"{c['late_interrupts_without_summary']} without the summary"),
        ("malformed inputs tried", f"{m['malformed_inputs']} ({len(m['hung'])} hung, "
         f"{len(m['errors'])} exceptions, {m['intact_records_unaccounted']} intact records "
         "unaccounted)"),
        ("capture records written", f"{m['records_written']} ({m['intact_records']} left whole "
         f"by the damage; {m['offsets_accounted']} stories/skips offsets came out)"),
        ("`morgue index` malformed corpus", f"exit {m['index_exit']}, trace: {m['index_trace']}"),
        ("records/s clean (no searchers)", f"{r['clean']['records_per_second']:,.0f}"),
        (f"records/s under {load['searchers']} searchers",
         f"{load['records_per_second']:,.0f} ({load['searcher_queries']:,} queries, "
         f"{load['searcher_errors']} errors, went back {load['searchers_saw_state_go_back']}×, "
         f"same stories: {load['same_stories_as_clean']})"),
        ("searchers during 2 --rebuild", f"exits {load['rebuild_exits']}, "
         f"{load['during_rebuilds']['searcher_queries']:,} queries, "
         f"{load['during_rebuilds']['searcher_errors']} errors "
         f"{load['during_rebuilds']['searcher_error_samples'][:2]}, "
         f"same stories: {load['rebuild_same_stories']}"),
        ("peak RSS, index main process", f"{main_rss:.0f} MB"),
        ("peak RSS, extraction worker", f"{worker_rss:.0f} MB"),
        ("peak RSS, extract on malformed", f"{m['extract_peak_rss_mb']:.0f} MB"),
    ]  # fmt: skip
    width = max(len(a) for a, _ in rows)
    print()
    for name, value in rows:
        print(f"{name:<{width}}  {value}")
    for section in ("kills", "ctrl_c"):
        for p in r[section]["problems"][:10]:
            print(f"  problem: {p}")
    for e in m["errors"][:10]:
        print(f"  malformed exception: {e}")
    for f in m["unaccounted_files"][:10]:
        print(f"  unaccounted: {f}")
    print(f"slowest malformed files: {m['slowest_files']}")
    print(f"total {r['total_seconds'] / 60:.1f} min")


if __name__ == "__main__":
    sys.exit(main())
