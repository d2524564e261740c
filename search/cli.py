"""The `morgue` command line: a thin click layer over `indexer` and `search.Archive`.

With `search/clierrors.py` (how a command fails: library errors become a one-line
`morgue: <problem>: <fix>` on stderr and exit 2, in one place), the only module that imports
click or tqdm. A search that matches nothing exits 1; an interrupted `morgue index` exits 130.

Start-up time matters (a search is one process per query, issue 6): at the top this module
imports only click and the search side (tantivy, and orjson, which the index schema needs
anyway); tqdm, csv/json and the ingest pipeline are imported inside the commands that use
them (tests/test_cli.py checks what a search process loads). The commands that only read
the index skip the interpreter's shutdown on the way out (`_end_now`).
"""

from __future__ import annotations

import os
import sys
from collections import Counter
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, NoReturn

import click

from search import render
from search.archive import ENV_VAR, Archive, default_index_path
from search.clierrors import (
    EXIT_ERROR,
    EXIT_INTERRUPTED,
    EXIT_NO_MATCH,
    MorgueGroup,
    drop_stdout,
    one_line,
)
from search.errors import StoryNotFoundError
from search.results import SORTS

if TYPE_CHECKING:
    from indexer.records import Story

__all__ = ["cli", "main"]


#: True once a command that only reads the index has run (`_archive`); `main` then ends the
#: process without the interpreter's shutdown.
_read_only = False


@click.group(
    name="morgue", cls=MorgueGroup, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    help=f"Index directory. Default: ${ENV_VAR}, else ~/.local/share/morgue/index.",
)
@click.version_option(package_name="morgue", prog_name="morgue")
@click.pass_context
def cli(ctx: click.Context, index_dir: Path | None) -> None:
    """morgue: a search engine for archived news.

    Reads WARC/ARC/WET web archives, finds the news stories in the captured pages and makes
    them searchable.

    \b
      morgue index crawl/*.warc.gz
      morgue search 'dateline:aleppo "civil defense" date:2026-01'
      morgue show ID
    """
    ctx.obj = index_dir


def _set_index(ctx: click.Context, _param: click.Parameter, value: Path | None) -> None:
    if value is not None:
        ctx.obj = value


#: `--index` is accepted after the command as well (`morgue search X --index DIR`), so the
#: fix the error messages print, `morgue index --rebuild --index DIR`, runs as written.
_index_option = click.option(
    "--index",
    type=click.Path(file_okay=False, path_type=Path),
    default=None,
    metavar="DIR",
    expose_value=False,
    callback=_set_index,
    help=f"Index directory. Default: ${ENV_VAR}, else ~/.local/share/morgue/index.",
)


def _archive(ctx: click.Context) -> Archive:
    """The index to read, for the commands that only read it (search, show, stats)."""
    global _read_only
    _read_only = True  # nothing for the interpreter's shutdown to finish: see `main`
    path: Path | None = ctx.obj
    return Archive.open(path)


# -- search side ----------------------------------------------------------------------------


class _QueryCommand(click.Command):
    """A command whose arguments are query text, where `-word` is negation (DESIGN.md §5).

    click would read `-tunnel` as the short options `-t -u -n nel` (exit 2) and `-housing` as
    `-h` (help, exit 0: a script silently loses its search). So before click parses, every
    argument that is not a spelling of this command's options (`-n 5`, `-n5`, `--limit=5`,
    `--sort newest`, `-h`…) moves behind a `--`, in order: it is query text. An unknown
    `--long-option` stays an option, so a typo (`--limt 5`) is a usage error, not a search
    for "--limt 5"; a query that starts with `--` goes behind `--`, as before.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        return super().parse_args(ctx, self._query_behind_dashes(ctx, args))

    def _query_behind_dashes(self, ctx: click.Context, args: list[str]) -> list[str]:
        takes_value: dict[str, click.Option] = {}
        flags: set[str] = set()
        for param in self.get_params(ctx):
            if isinstance(param, click.Option):
                names = [*param.opts, *param.secondary_opts]
                if param.is_flag or param.count:
                    flags.update(names)
                else:
                    takes_value.update(dict.fromkeys(names, param))
        options: list[str] = []
        words: list[str] = []
        rest = iter(args)
        for arg in rest:
            if arg == "--":
                words.extend(rest)
            elif arg in flags:
                options.append(arg)
            elif arg in takes_value:
                options.append(arg)
                options.extend(islice(rest, 1))  # its value, whatever it looks like
            elif arg.startswith("--") and len(arg) > 2:
                options.append(arg)  # `--limit=5`, or an unknown option click will name
            elif arg[:2] in takes_value and _converts(ctx, takes_value[arg[:2]], arg[2:]):
                options.append(arg)  # `-n5`; `-nuclear` is not a limit, so it is query text
            else:
                words.append(arg)
        return [*options, "--", *words] if words else options


def _converts(ctx: click.Context, option: click.Option, value: str) -> bool:
    try:
        option.type.convert(value, option, ctx)
    except click.BadParameter:
        return False
    return True


@cli.command(cls=_QueryCommand)
@click.argument("query", nargs=-1, required=True)
@click.option("-n", "--limit", type=click.IntRange(min=0), default=10, show_default=True)
@click.option("--offset", type=click.IntRange(min=0), default=0, help="Hits to skip (paging).")
@click.option(
    "--sort",
    type=click.Choice(SORTS),
    default="relevance",
    show_default=True,
    help="newest/oldest: by publication date, stories without a date last.",
)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "json", "jsonl", "csv"]),
    default="text",
    show_default=True,
)
@_index_option
@click.pass_context
def search(
    ctx: click.Context, query: tuple[str, ...], limit: int, offset: int, sort: Any, fmt: str
) -> None:
    """Search the index; exit 1 when nothing matches.

    \b
    QUERY: words (all must match), "exact phrase", "near words"~3, a OR b, NOT a, -a,
    (groups), headline: dateline: body: caption: byline: lang:,
    site:apnews.com (and its subdomains), url:PREFIX (scheme, www. and case ignored),
    refug* (prefix), xiaohongsu~ (fuzzy), tiktok^2 (boost),
    date:2025-01, date:2025-01-01..2025-03-31, date:>=2024-06, captured:2026-01.
    Several arguments are joined with spaces: `morgue search ferry -tunnel` finds ferry
    stories without the word tunnel.
    """
    with _archive(ctx) as archive:
        results = archive.search(" ".join(query), limit=limit, offset=offset, sort=sort)
    if fmt == "json":
        out = render.search_json(results)
    elif fmt == "jsonl":
        out = render.search_jsonl(results)
    elif fmt == "csv":
        out = render.search_csv(results)
    else:
        out = render.search_text(results, color=_color(sys.stdout))
    click.echo(out, nl=False)
    if results.total == 0:
        ctx.exit(EXIT_NO_MATCH)


@cli.command()
@click.argument("story_ids", metavar="ID...", nargs=-1, required=True)
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@click.option("--raw", is_flag=True, help="Print the archived page, read back from its WARC.")
@_index_option
@click.pass_context
def show(ctx: click.Context, story_ids: tuple[str, ...], fmt: str, raw: bool) -> None:
    """Show whole stories (by the ids `morgue search` prints) with their provenance.

    Several ids print one story after another (json: one object each), so
    `... | xargs morgue show` works. An id that is not in the index gets a line on stderr;
    exit 1 when some ids were missing, 2 when none was found.
    """
    stories: list[Story] = []
    missing: list[str] = []
    with _archive(ctx) as archive:
        for story_id in story_ids:
            try:
                stories.append(archive.get(story_id))  # in any case: Archive.get folds it
            except StoryNotFoundError as exc:
                missing.append(one_line(str(exc)))
        index_dir = archive.path
    if raw:
        _show_raw(index_dir, stories)
    else:
        if fmt == "json":
            out = "".join(render.show_json(story) for story in stories)
        else:
            out = "\n".join(render.show_text(story) for story in stories)  # a blank line between
        click.echo(out, nl=False)
    for message in missing:
        click.echo(f"morgue: {message}", err=True)
    if missing:
        ctx.exit(EXIT_NO_MATCH if stories else EXIT_ERROR)


def _show_raw(index_dir: Path, stories: list[Story]) -> None:
    from indexer.warc import read_raw_record

    terminal = _is_terminal(sys.stdout)
    out = None if terminal else _binary_stdout()
    for story in stories:
        data = read_raw_record(_archive_file(index_dir, story.warc_file), story.warc_offset)
        if out is None:
            click.echo(render.clean(data.decode("utf-8", errors="replace"), multiline=True))
        else:
            out.write(data)
    if out is not None:
        # Inside the command, so that a reader gone (`| head`) is an EPIPE that MorgueGroup
        # turns into exit 0, not a failed flush at exit.
        out.flush()


def _archive_file(index_dir: Path, warc_file: str) -> str:
    """Where the archive of a story is now: `warc_file` as given when it was indexed, else the
    absolute path the index's ledger recorded (a relative path given in another folder)."""
    if os.path.exists(warc_file):
        return warc_file
    from indexer.ledger import Ledger

    for entry in Ledger(index_dir).files():
        if entry.given == warc_file and os.path.exists(entry.path):
            return entry.path
    return warc_file


@cli.command()
@click.option("--format", "fmt", type=click.Choice(["text", "json"]), default="text")
@_index_option
@click.pass_context
def stats(ctx: click.Context, fmt: str) -> None:
    """What the index holds: stories, sites, dates, top sites and dateline places, size."""
    with _archive(ctx) as archive:
        summary = archive.stats()
    click.echo(
        render.stats_json(summary) if fmt == "json" else render.stats_text(summary), nl=False
    )


# -- ingest side ----------------------------------------------------------------------------


@cli.command()
@click.argument("paths", metavar="PATH...", nargs=-1, required=True, type=click.Path(exists=True))
def extract(paths: tuple[str, ...]) -> None:
    """Print the stories of web archives as JSON Lines (no index involved).

    PATH: WARC/ARC/WET files, gzipped or not, or folders of them. A count of the records
    without a story, by reason, goes to stderr.
    """
    import orjson

    from indexer.extract import extract_stories

    skipped: Counter[str] = Counter()
    out = _binary_stdout()
    count = 0
    for story in extract_stories(paths, on_skip=lambda skip: skipped.update((skip.reason,))):
        out.write(orjson.dumps(story.to_dict()) + b"\n")
        count += 1
    out.flush()
    click.echo(render.extract_summary(count, skipped), err=True, nl=False)


@cli.command()
@click.argument("paths", metavar="PATH...", nargs=-1, type=click.Path(exists=True))
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=None,
    help="Extraction processes. Default: one per core.",
)
@click.option("--force", is_flag=True, help="Re-read files already indexed.")
@click.option("--rebuild", is_flag=True, help="Rebuild the whole index from its files (and PATHs).")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar and no summary.")
@_index_option
@click.pass_context
def index(
    ctx: click.Context,
    paths: tuple[str, ...],
    jobs: int | None,
    force: bool,
    rebuild: bool,
    quiet: bool,
) -> None:
    """Extract the stories of web archives and add them to the index.

    PATH: WARC/ARC/WET files, gzipped or not, or folders of them. Running again on the same
    files adds nothing twice; an interrupted run resumes where it stopped.
    """
    if not paths and not rebuild:
        raise click.UsageError("give at least one PATH to index (or --rebuild)")
    from indexer.pipeline import index_paths

    index_dir: Path = ctx.obj if ctx.obj is not None else default_index_path()
    bar = None if quiet or not _is_terminal(sys.stderr) else _ProgressBar()
    try:
        report = index_paths(
            paths,
            index_dir,
            jobs=jobs,
            force=force,
            rebuild=rebuild,
            progress=bar.update if bar is not None else None,
        )
    finally:
        if bar is not None:
            bar.close()
    # What was done is committed: a Ctrl-C while the summary prints or Python shuts down (it
    # waits for the worker pool's clean-up) must not turn the exit code into a death by
    # signal (bench/faults.py "Ctrl-C right after the last commit" measured exit -2).
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)
    if report.problems:
        click.echo(render.problems_text(report.problems), err=True, nl=False)
    if not quiet:
        click.echo(render.index_summary(report), nl=False)
    if report.interrupted:
        ctx.exit(EXIT_INTERRUPTED)


class _ProgressBar:
    """A tqdm bar on stderr fed by `indexer.pipeline.IndexProgress` snapshots."""

    def __init__(self) -> None:
        from tqdm import tqdm

        self._bar = tqdm(
            total=None, unit="B", unit_scale=True, desc="indexing", file=sys.stderr, leave=False
        )

    def update(self, progress: Any) -> None:
        bar = self._bar
        if bar.total != progress.bytes_total:
            bar.total = progress.bytes_total
        bar.set_postfix_str(
            f"files {progress.files_done}/{progress.files_total}, "
            f"records {progress.records:,}, stories {progress.stories:,}",
            refresh=False,
        )
        bar.update(progress.bytes_read - bar.n)

    def close(self) -> None:
        self._bar.close()


# -- terminals ------------------------------------------------------------------------------


def _binary_stdout() -> BinaryIO:
    sys.stdout.flush()
    return sys.stdout.buffer


def _is_terminal(stream: Any) -> bool:
    try:
        return bool(stream.isatty())
    except (AttributeError, ValueError):
        return False


def _color(stream: Any) -> bool:
    """Bold highlights only on a terminal, and never with NO_COLOR set (no-color.org)."""
    return _is_terminal(stream) and not os.environ.get("NO_COLOR")


def _quiet_native_stderr() -> None:
    """Keep native code's raw writes to fd 2 off the terminal.

    Rust's panic hook prints `thread … panicked at …` (and a backtrace under RUST_BACKTRACE)
    straight to fd 2 before tantivy-py raises PanicException, which `MorgueGroup` then reports
    in one line. So Python's `sys.stderr` moves to a copy of fd 2 and fd 2 itself goes to
    /dev/null: everything morgue says still reaches the terminal, native noise does not.
    (Extraction workers inherit the quiet fd 2; they report their failures through their pipe.)
    """
    import io

    try:
        sys.stderr.flush()
        saved = os.dup(2)
        devnull = os.open(os.devnull, os.O_WRONLY)
    except (OSError, ValueError, AttributeError):
        return  # no usable fd 2 (a closed stderr): nothing to protect
    os.dup2(devnull, 2)
    os.close(devnull)
    sys.stderr = io.TextIOWrapper(
        open(saved, "wb", buffering=0, closefd=True),  # noqa: SIM115 (lives as long as the process)
        encoding=sys.stderr.encoding or "utf-8",
        errors="backslashreplace",
        line_buffering=True,
        write_through=True,
    )


def main() -> NoReturn:
    """The `morgue` console script."""
    _quiet_native_stderr()
    try:
        cli.main(prog_name="morgue")
    except SystemExit as exc:
        # Not under a profiler or coverage (a tracer, or sys.monitoring on 3.12+): they write
        # their results at exit.
        watched = (
            sys.gettrace() is not None or sys.getprofile() is not None or "coverage" in sys.modules
        )
        if _read_only and not watched and (exc.code is None or isinstance(exc.code, int)):
            _end_now(exc.code or 0)
        raise
    raise SystemExit(0)  # unreachable: click's standalone main always exits


def _end_now(code: int) -> None:
    """Flush the output and end the process at once, skipping the interpreter's shutdown.

    The shutdown frees the objects of every loaded module one by one and runs a last garbage
    collection: ~8 ms of a ~60 ms `morgue search`, mostly click's and tantivy's (issue 6),
    and none of it matters after a command that only read the index: it registered no
    `atexit` handler, started no process and wrote no file; the OS releases the index's
    mmaps and lock file. (Instagram's "Dismissing Python Garbage Collection" skipped the same
    shutdown with `atexit.register(os._exit, 0)`.) Returns, for the normal exit to report it,
    when the output cannot be flushed.
    """
    try:
        sys.stdout.flush()
        sys.stderr.flush()
    except BrokenPipeError:
        drop_stdout()  # the reader has gone: what it read is what it wanted (exit 0)
        os._exit(0)
    except (OSError, ValueError):
        return
    os._exit(code)


if __name__ == "__main__":
    main()
