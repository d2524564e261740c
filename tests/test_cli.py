"""The `morgue` CLI through click's CliRunner (exit codes, exact messages, formats), and once
as a real subprocess over an index of sample_warcs/."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result
from search_fixtures import IDS, build_index, story

from indexer.writer import StoryWriter
from search.archive import Archive
from search.cli import cli
from search.errors import BadArgumentError, SearchError

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "sample_warcs"

needs_extractor = pytest.mark.skipif(
    importlib.util.find_spec("indexer.extract") is None,
    reason="indexer.extract (the extractor, issue 2) is not in the tree yet",
)


@pytest.fixture(scope="module")
def index_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build_index(tmp_path_factory.mktemp("cli") / "index")


def morgue(*args: str, env: dict[str, str] | None = None) -> Result:
    return CliRunner().invoke(cli, list(args), env=env, catch_exceptions=False)


# -- help and usage ----------------------------------------------------------------------


@pytest.mark.parametrize("command", ["extract", "index", "search", "show", "stats"])
def test_every_command_has_help(command: str) -> None:
    result = morgue(command, "--help")
    assert result.exit_code == 0
    assert result.stdout.startswith(f"Usage: morgue {command} ")
    assert len(result.stdout.splitlines()) > 3


def test_the_group_lists_every_command() -> None:
    result = morgue("--help")
    assert result.exit_code == 0
    for command in ("extract", "index", "search", "show", "stats"):
        assert f"  {command} " in result.stdout


def test_bad_usage_exits_2() -> None:
    assert morgue("search").exit_code == 2
    assert morgue("search", "--sort", "best", "x").exit_code == 2
    assert morgue("frobnicate").exit_code == 2


# -- search ------------------------------------------------------------------------------


def test_search_text(index_dir: Path) -> None:
    result = morgue("--index", str(index_dir), "search", "civil", "defense")
    assert result.exit_code == 0
    assert result.stderr == ""
    assert result.stdout == (
        "2 stories match 'civil defense'.\n"
        "\n"
        "Rescuers dig through rubble\n"
        "   2026-01-20 · ALEPPO, Syria (AP) · edition.cnn.com\n"
        "   Civil defense teams pulled survivors from the rubble in Aleppo on Tuesday\n"
        "   id civil\n"
        "\n"
        "Budget protest in London\n"
        "   2024-06-10 · LONDON (Reuters) · reuters.com\n"
        "   Civil servants protested outside the defense ministry in central London on Tuesday\n"
        "   id apart\n"
    )


def test_search_without_a_match_exits_1(index_dir: Path) -> None:
    result = morgue("--index", str(index_dir), "search", "zzzz")
    assert result.exit_code == 1
    assert result.stdout == "0 stories match 'zzzz'.\n"


def test_a_query_error_shows_the_column_with_a_caret(index_dir: Path) -> None:
    result = morgue("--index", str(index_dir), "search", 'refugees "great firewall')
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        'morgue: query error at column 10: unclosed quote\nrefugees "great firewall\n         ^\n'
    )


def test_a_missing_index_exits_2_with_the_fix(tmp_path: Path) -> None:
    result = morgue("--index", str(tmp_path / "none"), "search", "x")
    assert result.exit_code == 2
    assert result.stderr == (
        f"morgue: no index at {tmp_path / 'none'}: "
        f"run `morgue index --index {tmp_path / 'none'} PATH...` first\n"
    )


def test_the_default_index_comes_from_the_environment(index_dir: Path, tmp_path: Path) -> None:
    result = morgue("search", "aleppo", env={"MORGUE_INDEX": str(index_dir)})
    assert result.exit_code == 0
    assert "id civil" in result.stdout
    missing = morgue("stats", env={"MORGUE_INDEX": "", "XDG_DATA_HOME": str(tmp_path)})
    assert missing.exit_code == 2
    assert missing.stderr == (
        f"morgue: no index at {tmp_path / 'morgue' / 'index'}: run `morgue index PATH...` first\n"
    )


def test_a_damaged_index_exits_2_with_the_fix(tmp_path: Path) -> None:
    path = build_index(tmp_path / "index", ())
    (path / "meta.json").write_text("garbage")
    result = morgue("--index", str(path), "search", "x")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"morgue: index {path} cannot be read (")
    assert result.stderr.endswith(f"rebuild it with `morgue index --rebuild --index {path}`\n")
    assert "Traceback" not in result.output


def test_search_json(index_dir: Path) -> None:
    result = morgue("--index", str(index_dir), "search", "--format", "json", "-n", "1", "refugee")
    doc = json.loads(result.stdout)
    assert doc["total"] == 2
    assert [h["id"] for h in doc["hits"]] == ["refugee"]
    assert doc["hits"][0]["captions"] == ["Families wait at the station. (AP Photo/Jane Doe)"]
    assert isinstance(doc["hits"][0]["score"], float)
    assert "snippet" in doc["hits"][0]


def test_search_jsonl_and_csv_have_one_hit_per_line(index_dir: Path) -> None:
    jsonl = morgue("--index", str(index_dir), "search", "--format", "jsonl", "date:2025")
    assert jsonl.exit_code == 0
    assert {json.loads(line)["id"] for line in jsonl.stdout.splitlines()} == {
        "refugee",
        "tiktok",
        "cafe",
        "usa",
    }
    table = morgue("--index", str(index_dir), "search", "--format", "csv", "date:2025")
    rows = list(csv.DictReader(io.StringIO(table.stdout)))
    assert {row["id"] for row in rows} == {"refugee", "tiktok", "cafe", "usa"}
    assert {"score", "snippet", "headline", "warc_offset"} <= set(rows[0])


def test_search_sort_limit_offset(index_dir: Path) -> None:
    result = morgue(
        "--index", str(index_dir), "search", "--sort", "newest", "-n", "2", "--offset", "1",
        "--format", "jsonl", "NOT", "zzz",
    )  # fmt: skip
    assert [json.loads(line)["id"] for line in result.stdout.splitlines()] == ["cafe", "usa"]


def test_a_query_starting_with_a_dash(index_dir: Path) -> None:
    result = morgue("--index", str(index_dir), "search", "--format", "jsonl", "--", "-refugee")
    assert result.exit_code == 0
    assert {json.loads(line)["id"] for line in result.stdout.splitlines()} == IDS - {
        "refugee",
        "storm",
    }


def test_archived_control_characters_never_reach_the_terminal(tmp_path: Path) -> None:
    evil = story(
        id="evil",
        url="https://x.example/e",
        site="x.example",
        headline="Evil \x1b[2J\x1b]0;pwned\x07headline",
        dateline="ROME\r\x00",
        body="Escape \x1b[31mred\x1b[0m and \u202eright-to-left\u202c text \x9b1m here.",
    )
    path = build_index(tmp_path / "index", (evil,))
    for args in (["search", "escape"], ["show", "evil"], ["stats"]):
        out = morgue("--index", str(path), *args).stdout
        assert not any(c in out for c in "\x1b\x07\x00\r\x9b\u202e\u202c"), args


# -- show and stats ----------------------------------------------------------------------


def test_show_text_and_json(index_dir: Path) -> None:
    text = morgue("--index", str(index_dir), "show", "civil")
    assert text.exit_code == 0
    assert text.stdout.startswith(
        "Rescuers dig through rubble\n"
        "2026-01-20 · ALEPPO, Syria (AP) · edition.cnn.com\n"
        "\n"
        "Civil defense teams pulled survivors from the rubble in Aleppo on Tuesday.\n"
    )
    assert "archive      sample.warc.gz @ 300\n" in text.stdout
    record = json.loads(
        morgue("--index", str(index_dir), "show", "--format", "json", "civil").stdout
    )
    assert record["id"] == "civil"
    assert record["warc_offset"] == 300
    assert set(record) == {
        "id", "url", "site", "headline", "dateline", "date", "date_source", "updated", "byline",
        "body", "captions", "language", "story_index", "captured_at", "warc_file",
        "warc_offset", "warc_record_id",
    }  # fmt: skip


def test_show_an_unknown_id_exits_2(index_dir: Path) -> None:
    result = morgue("--index", str(index_dir), "show", "nope")
    assert result.exit_code == 2
    assert result.stderr == (
        f"morgue: no story with id 'nope' in index {index_dir}: "
        "`morgue search` prints the ids of matching stories\n"
    )


def test_show_raw_when_the_archive_has_moved(index_dir: Path) -> None:
    result = morgue("--index", str(index_dir), "show", "--raw", "civil")
    assert result.exit_code == 2
    assert result.stderr.startswith("morgue: sample.warc.gz: archive not found")


def test_stats_text_and_json(index_dir: Path) -> None:
    text = morgue("--index", str(index_dir), "stats")
    assert text.exit_code == 0
    assert "stories    7 from 5 sites\n" in text.stdout
    doc = json.loads(morgue("--index", str(index_dir), "stats", "--format", "json").stdout)
    assert {"stories", "sites", "first_date", "last_date", "index_path", "index_bytes"} <= set(doc)
    assert (doc["stories"], doc["sites"], doc["first_date"]) == (7, 5, "2024-06-10")
    assert doc["index_path"] == str(index_dir.resolve())


def test_stats_lists_dateline_places_with_exact_counts(tmp_path: Path) -> None:
    datelines = (
        "KYIV, Dec 24 (Reuters)",
        "KYIV, Dec 25 (Reuters)",
        "KYIV (AP)",
        "Washington (CNN)",
    )
    path = build_index(
        tmp_path / "index",
        tuple(
            story(id=f"s{n}", url=f"https://wire.example/{n}", site="wire.example", dateline=d)
            for n, d in enumerate(datelines)
        ),
    )
    text = morgue("--index", str(path), "stats")
    assert text.exit_code == 0
    assert text.stdout.endswith("top dateline places:\n  3  KYIV\n  1  WASHINGTON\n")
    doc = json.loads(morgue("--index", str(path), "stats", "--format", "json").stdout)
    assert doc["top_datelines"] == [
        {"dateline": "KYIV", "stories": 3},
        {"dateline": "WASHINGTON", "stories": 1},
    ]
    assert doc["datelines_exact"] is True


# -- start-up (issue 6: one process per query) ---------------------------------------------

#: What a `morgue search` or `morgue stats` process must not import: the ingest pipeline and
#: the libraries only it uses (each costs start-up time on every query).
INGEST_ONLY = {"tqdm", "warcio", "selectolax", "resiliparse", "brotli", "trafilatura"}
INGEST_ONLY |= {"multiprocessing", "concurrent", "csv", "hashlib"}
#: The `indexer` modules the search side reads the index through.
INDEXER_FOR_SEARCH = {"indexer", "indexer.errors", "indexer.records", "indexer.schema"}


@pytest.mark.parametrize(
    "args",
    [["search", "civil", "defense"], ["search", "--format", "json", "refug*"], ["stats"]],
)
def test_a_search_process_imports_nothing_of_the_ingest_side(
    index_dir: Path, args: list[str]
) -> None:
    code = (
        "import sys\n"
        "from search.cli import cli\n"
        f"cli.main(['--index', {str(index_dir)!r}, *{args!r}], standalone_mode=False)\n"
        "print('MODULES', *sorted(sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True
    )
    modules = set(done.stdout.rsplit("MODULES", 1)[1].split())
    assert "search.archive" in modules  # the command did run
    assert {m for m in modules if m.split(".")[0] in INGEST_ONLY} == set()
    assert {m for m in modules if m.split(".")[0] == "indexer"} <= INDEXER_FOR_SEARCH


def test_the_console_script_flushes_everything_before_its_quick_exit(index_dir: Path) -> None:
    """`main` ends read-only commands with `os._exit`: the output and exit codes must be the
    same as through click's own exit."""
    env = {**os.environ, "MORGUE_INDEX": str(index_dir), "NO_COLOR": "1"}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        command = [sys.executable, "-m", "search.cli", *args]
        return subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)

    for args in (["search", "--format", "jsonl", "-n", "50", "NOT zzzz"], ["stats"]):
        real, runner = run(*args), morgue("--index", str(index_dir), *args)
        assert (real.returncode, real.stdout, real.stderr) == (0, runner.stdout, "")
    assert len(run("search", "--format", "jsonl", "NOT zzzz").stdout.splitlines()) == 7
    nothing = run("search", "zzzz")
    assert (nothing.returncode, nothing.stdout) == (1, "0 stories match 'zzzz'.\n")
    bad = run("search", "(unclosed")
    assert (bad.returncode, bad.stdout) == (2, "")
    assert bad.stderr == "morgue: query error at column 1: unclosed '('\n(unclosed\n^\n"
    missing = run("show", "nope")
    assert missing.returncode == 2
    assert missing.stderr.startswith("morgue: no story with id 'nope' in index ")


# -- extract and index -------------------------------------------------------------------


def test_index_needs_a_path() -> None:
    result = morgue("index")
    assert result.exit_code == 2
    assert "give at least one PATH to index (or --rebuild)" in result.stderr


def test_index_of_a_missing_path_is_a_usage_error(tmp_path: Path) -> None:
    result = morgue("--index", str(tmp_path / "i"), "index", str(tmp_path / "nope.warc.gz"))
    assert result.exit_code == 2
    assert "does not exist" in result.stderr


@needs_extractor
def test_index_of_a_locked_index_exits_2(tmp_path: Path) -> None:
    path = build_index(tmp_path / "index", ())
    with StoryWriter(path, heap_size=20_000_000, num_threads=1):
        result = morgue("--index", str(path), "index", "-q", str(SAMPLES / "05-no-stories.warc"))
    assert result.exit_code == 2
    assert result.stderr.startswith(f"morgue: index {path} is locked by another morgue index run")


@needs_extractor
def test_extract_writes_json_lines_and_a_skip_summary() -> None:
    result = morgue("extract", str(SAMPLES / "07-recaptures.warc.gz"))
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert records and all(set(r) >= {"id", "url", "body", "warc_offset"} for r in records)
    assert result.stderr.startswith(f"morgue: {len(records)} stor")
    assert "skipped" in result.stderr


@needs_extractor
def test_index_then_search_show_raw_and_the_summary(tmp_path: Path) -> None:
    warc = tmp_path / "01.warc.gz"
    shutil.copy(SAMPLES / "01-single-articles.warc.gz", warc)
    path = tmp_path / "index"
    result = morgue("--index", str(path), "index", "--jobs", "1", str(warc))
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("files      1 read, 0 already indexed\n")
    assert "stories    7 indexed" in result.stdout
    found = morgue("--index", str(path), "search", "--format", "jsonl", "ferry")
    assert found.exit_code == 0
    story_id = json.loads(found.stdout.splitlines()[0])["id"]
    raw = morgue("--index", str(path), "show", "--raw", story_id)
    assert raw.exit_code == 0
    assert b"<html" in raw.stdout_bytes.lower()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    cwd = os.getcwd()
    os.chdir(elsewhere)  # a relative warc_file is found again through the ledger
    try:
        relative = morgue("--index", str(path), "index", "--jobs", "1", "--force", "../01.warc.gz")
        assert relative.exit_code == 0, relative.output
        os.chdir(tmp_path.parent)
        again = morgue("--index", str(path), "show", "--raw", story_id)
        assert again.exit_code == 0, again.output
        assert again.stdout_bytes == raw.stdout_bytes
    finally:
        os.chdir(cwd)
    warc.unlink()
    moved = morgue("--index", str(path), "show", "--raw", story_id)
    assert moved.exit_code == 2
    assert moved.stderr.startswith("morgue: ")
    assert "01.warc.gz: archive not found" in moved.stderr


@needs_extractor
def test_the_rebuild_command_the_errors_print_runs_as_written(tmp_path: Path) -> None:
    warc = tmp_path / "01.warc.gz"
    shutil.copy(SAMPLES / "01-single-articles.warc.gz", warc)
    path = tmp_path / "index"
    assert morgue("index", "--jobs", "1", "--index", str(path), str(warc)).exit_code == 0
    before = morgue("search", "ferry", "--format", "jsonl", "--index", str(path))
    assert before.exit_code == 0
    rebuilt = morgue("index", "--rebuild", "--jobs", "1", "--index", str(path))
    assert rebuilt.exit_code == 0, rebuilt.output
    assert "stories    7 indexed" in rebuilt.stdout
    after = morgue("search", "ferry", "--format", "jsonl", "--index", str(path))
    assert [json.loads(x)["id"] for x in after.stdout.splitlines()] == [
        json.loads(x)["id"] for x in before.stdout.splitlines()
    ]


# -- a real process ----------------------------------------------------------------------


@needs_extractor
def test_a_real_morgue_process_over_the_sample_warcs(tmp_path: Path) -> None:
    env = {**os.environ, "MORGUE_INDEX": str(tmp_path / "index"), "NO_COLOR": "1"}
    command = [sys.executable, "-m", "search.cli"]

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, *args], env=env, cwd=ROOT, capture_output=True, text=True, timeout=300
        )

    indexed = run("index", "--jobs", "2", "sample_warcs/")
    assert indexed.returncode == 0, indexed.stderr
    assert indexed.stdout.startswith("files      9 read, 0 already indexed\n")
    assert indexed.stderr == ""  # no bar: stderr is not a terminal
    assert re.search(r"^stories +\d+ indexed, \d+ duplicates?$", indexed.stdout, re.M)
    extracted = run("extract", "sample_warcs/")
    count = len({json.loads(line)["id"] for line in extracted.stdout.splitlines()})
    stats = json.loads(run("stats", "--format", "json").stdout)
    assert stats["stories"] == count > 30  # exactly the distinct stories extracted
    again = run("index", "sample_warcs/")
    assert again.stdout.startswith("files      0 read, 9 already indexed\n")
    assert json.loads(run("stats", "--format", "json").stdout)["stories"] == count
    hits = run("search", "--format", "jsonl", "-n", "50", "dateline:reuters")
    assert hits.returncode == 0, hits.stderr
    found = [json.loads(line) for line in hits.stdout.splitlines()]
    assert found and all("Reuters" in hit["dateline"] for hit in found)
    raw = subprocess.run(
        [*command, "show", "--raw", found[0]["id"]], env=env, cwd=ROOT, capture_output=True
    )
    assert raw.returncode == 0
    assert b"<html" in raw.stdout.lower() or b"<!doctype" in raw.stdout.lower()
    # `show --raw ID | head`: the page is smaller than a pipe buffer, so the reader's going is
    # first seen when the bytes are flushed; still exit 0 and nothing said (was exit 120 and
    # "Exception ignored … BrokenPipeError").
    gone = subprocess.Popen(
        [*command, "show", "--raw", found[0]["id"]],
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert gone.stdout is not None and gone.stderr is not None
    gone.stdout.close()
    gone_err = gone.stderr.read()
    gone.stderr.close()
    assert (gone.wait(), gone_err) == (0, b"")
    nothing = run("search", "zzzzqqq")
    assert (nothing.returncode, nothing.stdout) == (1, "0 stories match 'zzzzqqq'.\n")
    bad = run("search", "(unclosed")
    assert bad.returncode == 2
    assert bad.stderr.startswith("morgue: query error at column 1: ")
    assert "Traceback" not in bad.stderr


def test_the_progress_bar_shows_files_records_stories_and_rate(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from types import SimpleNamespace

    from search.cli import _ProgressBar

    bar = _ProgressBar()
    snapshot = SimpleNamespace(
        files_done=3, files_total=5, records=300, stories=30, bytes_read=6_000_000,
        bytes_total=10_000_000,
    )  # fmt: skip
    bar.update(snapshot)
    bar._bar.refresh()
    bar.close()
    err = capsys.readouterr().err
    assert "files 3/5, records 300, stories 30" in err
    assert "6.00M/10.0M" in err


# -- query text that starts with a dash ---------------------------------------------------


def ids_of(result: Result) -> set[str]:
    return {json.loads(line)["id"] for line in result.stdout.splitlines()}


@pytest.mark.parametrize(
    "words",
    [
        ["-refugee"],  # click read it as -r… before
        ["NOT", "zzz", "-tunnel"],  # -t -u -n nel: "invalid value for -n"
        ["-housing", "NOT", "zzz"],  # -h: the help text, exit 0, the search lost
        ["-nuclear"],  # -n uclear
    ],
)
def test_a_dash_word_is_negation_not_an_option(index_dir: Path, words: list[str]) -> None:
    base = ["--index", str(index_dir), "search", "--format", "jsonl", "-n", "50"]
    result = morgue(*base, *words)
    assert (result.exit_code, result.stderr) == (0, "")
    assert ids_of(result) == ids_of(morgue(*base, "--", *words))
    if words == ["-refugee"]:
        assert ids_of(result) == IDS - {"refugee", "storm"}


@pytest.mark.parametrize(
    "options",
    [["-n1"], ["-n", "1"], ["--limit=1"], ["--limit", "1"], ["--sort=newest", "-n1"]],
)
def test_every_option_spelling_still_works_among_dash_words(
    index_dir: Path, options: list[str]
) -> None:
    result = morgue("--index", str(index_dir), "search", "refugee", *options, "-zzz")
    assert result.exit_code == 0
    assert result.stdout.startswith("2 stories match 'refugee -zzz', showing 1–1")


def test_help_and_double_dash_still_work_for_search(index_dir: Path) -> None:
    for flag in ("-h", "--help"):
        assert morgue("search", "x", flag).stdout.startswith("Usage: morgue search ")
    after = morgue("--index", str(index_dir), "search", "--", "--help")
    assert after.stdout == "0 stories match '--help'.\n"


def test_an_unknown_long_option_is_a_usage_error_not_query_text(index_dir: Path) -> None:
    result = morgue("--index", str(index_dir), "search", "--limt", "5", "refugee")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr == (
        "morgue: No such option '--limt'. Did you mean '--limit'? (see `morgue search --help`)\n"
    )


def test_the_console_script_reads_dash_words_as_query_text(index_dir: Path) -> None:
    env = {**os.environ, "MORGUE_INDEX": str(index_dir), "NO_COLOR": "1"}
    for words in (["-housing", "refugee"], ["refugee", "-tunnel"]):
        command = [sys.executable, "-m", "search.cli", "search", "--format", "jsonl", *words]
        done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
        assert (done.returncode, done.stderr) == (0, "")
        assert ids_of_text(done.stdout) == {"refugee", "storm"}


def ids_of_text(stdout: str) -> set[str]:
    return {json.loads(line)["id"] for line in stdout.splitlines()}


# -- usage errors in one line --------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["search"], "morgue: Missing argument 'QUERY...' (see `morgue search --help`)"),
        (
            ["search", "--sort", "best", "x"],
            "morgue: Invalid value for '--sort': 'best' is not one of 'relevance', 'newest', "
            "'oldest' (see `morgue search --help`)",
        ),
        (
            ["index", "--jobs", "0", "x"],
            "morgue: Invalid value for '--jobs': 0 is not in the range x>=1 "
            "(see `morgue index --help`)",
        ),
        (
            ["extract", "/nonexistent/a.warc"],
            "morgue: Invalid value for 'PATH...': Path '/nonexistent/a.warc' does not exist "
            "(see `morgue extract --help`)",
        ),
        (["frobnicate"], "morgue: No such command 'frobnicate' (see `morgue --help`)"),
        (["--bogus"], "morgue: No such option '--bogus' (see `morgue --help`)"),
        (["show"], "morgue: Missing argument 'ID...' (see `morgue show --help`)"),
    ],
)
def test_a_usage_error_is_one_line(args: list[str], message: str) -> None:
    result = morgue(*args)
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == message + "\n"


# -- long query errors ---------------------------------------------------------------------


def test_the_caret_of_a_long_query_shows_a_window_around_the_column(index_dir: Path) -> None:
    query = "word " * 1000 + '"unclosed ' + "tail " * 100
    result = morgue("--index", str(index_dir), "search", query)
    assert result.exit_code == 2
    message, shown, caret = result.stderr.splitlines()
    column = 5 * 1000 + 1
    assert message == f"morgue: query error at column {column}: unclosed quote"
    assert shown.startswith("…") and shown.endswith("…")
    assert len(shown) <= 2 * 60 + 3
    assert caret == " " * caret.index("^") + "^"
    assert shown[caret.index("^")] == '"'


# -- a reader that has gone --------------------------------------------------------------


@needs_extractor
@pytest.mark.parametrize(
    "args",
    [
        ["extract", str(SAMPLES / "01-single-articles.warc.gz")],
        ["search", "refugee"],
        ["search", "--format", "csv", "NOT", "zzz"],
        ["show", "civil"],
        ["stats"],
    ],
)
def test_a_closed_pipe_ends_every_command_with_0_and_no_message(
    index_dir: Path, args: list[str]
) -> None:
    """`morgue extract … | head`: once the reader has gone, exit 0 (1 means "nothing
    matched") and say nothing. The read end is closed before morgue writes, so its first
    write fails whatever the timing."""
    env = {**os.environ, "MORGUE_INDEX": str(index_dir)}
    command = [sys.executable, "-m", "search.cli", *args]
    process = subprocess.Popen(
        command, env=env, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE
    )
    assert process.stdout is not None and process.stderr is not None
    process.stdout.close()
    stderr = process.stderr.read()
    process.stderr.close()
    assert (process.wait(), stderr) == (0, b"")


# -- the Python API's argument errors ------------------------------------------------------


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        ({"sort": "bogus"}, "sort must be one of relevance, newest, oldest, not 'bogus'"),
        ({"limit": -1}, "limit and offset must be whole numbers ≥ 0, not limit=-1"),
        ({"offset": -3}, "limit and offset must be whole numbers ≥ 0, not offset=-3"),
        ({"limit": "5"}, "limit and offset must be whole numbers ≥ 0, not limit='5'"),
    ],
)
def test_the_api_reports_bad_arguments_in_its_own_exception_family(
    index_dir: Path, arguments: dict[str, Any], message: str
) -> None:
    """What the CLI (and any caller catching SearchError) relies on; still a ValueError."""
    with Archive.open(index_dir) as archive, pytest.raises(BadArgumentError) as caught:
        archive.search("x", **arguments)
    assert isinstance(caught.value, SearchError) and isinstance(caught.value, ValueError)
    assert str(caught.value) == message


# -- show several ids --------------------------------------------------------------------


def test_show_takes_several_ids_in_any_case(index_dir: Path) -> None:
    both = morgue("--index", str(index_dir), "show", "CIVIL", "Refugee")
    assert (both.exit_code, both.stderr) == (0, "")
    assert re.findall(r"^id +(\w+)$", both.stdout, re.M) == ["civil", "refugee"]
    assert both.stdout == (
        morgue("--index", str(index_dir), "show", "civil").stdout
        + "\n"
        + morgue("--index", str(index_dir), "show", "refugee").stdout
    )
    records = morgue("--index", str(index_dir), "show", "--format", "json", "civil", "REFUGEE")
    decoder, text, ids = json.JSONDecoder(), records.stdout, []
    while text.strip():
        record, end = decoder.raw_decode(text.lstrip())
        ids.append(record["id"])
        text = text.lstrip()[end:]
    assert ids == ["civil", "refugee"]


def test_show_prints_what_it_finds_and_exits_1_when_some_ids_are_missing(
    index_dir: Path,
) -> None:
    some = morgue("--index", str(index_dir), "show", "nope", "civil")
    assert some.exit_code == 1
    assert re.findall(r"^id +(\w+)$", some.stdout, re.M) == ["civil"]
    assert some.stderr == (
        f"morgue: no story with id 'nope' in index {index_dir}: "
        "`morgue search` prints the ids of matching stories\n"
    )
    none = morgue("--index", str(index_dir), "show", "nope", "nada")
    assert (none.exit_code, none.stdout) == (2, "")
    assert len(none.stderr.splitlines()) == 2


def test_the_console_script_shows_the_ids_xargs_passes(index_dir: Path) -> None:
    env = {**os.environ, "MORGUE_INDEX": str(index_dir)}
    command = [sys.executable, "-m", "search.cli", "show", "CIVIL", "usa", "nope"]
    done = subprocess.run(command, env=env, cwd=ROOT, capture_output=True, text=True)
    assert done.returncode == 1
    assert re.findall(r"^id +(\w+)$", done.stdout, re.M) == ["civil", "usa"]
    assert done.stderr.startswith("morgue: no story with id 'nope' in index ")


def test_a_stacked_fuzzy_suffix_is_a_query_error_with_a_caret(index_dir: Path) -> None:
    result = morgue("--index", str(index_dir), "search", "ferry fuzzy~1~2")
    assert (result.exit_code, result.stdout) == (2, "")
    assert result.stderr == (
        "morgue: query error at column 12: a word takes one fuzzy '~', not both: 'fuzzy~1~2'\n"
        "ferry fuzzy~1~2\n"
        "           ^\n"
    )
