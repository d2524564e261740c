"""How the `morgue` command line fails: library errors, usage errors and Ctrl-C become a
one-line `morgue: <problem>: <fix>` on stderr and an exit code, in one place
(`MorgueGroup.invoke`, the group class of `search.cli`). DESIGN.md §4: exit 1 means nothing
matched, 2 an error, 130 an interrupt; never a traceback.
"""

from __future__ import annotations

import errno
import os
import sys
from typing import Any

import click

from indexer.errors import IndexerError
from search import render
from search.errors import QuerySyntaxError, SearchError, is_panic

EXIT_NO_MATCH = 1
EXIT_ERROR = 2
EXIT_INTERRUPTED = 130  # 128 + SIGINT, as shells report a Ctrl-C


class Failure(click.ClickException):
    """A library error as the CLI shows it: `morgue: …` on stderr, then exit 2."""

    exit_code = EXIT_ERROR

    def __init__(self, message: str, *, detail: str = "") -> None:
        super().__init__(message)
        self.detail = detail

    def show(self, file: Any = None) -> None:
        click.echo(f"morgue: {self.message}" + self.detail, err=True)


class Interrupted(Failure):
    """Ctrl-C: exit 130, as a shell reports a process killed by SIGINT."""

    exit_code = EXIT_INTERRUPTED


class UsageFailure(Failure):
    """Bad usage in one line, `morgue: <problem> (<help hint>)`, instead of click's
    three-line `Usage:`/`Try`/`Error:` block (DESIGN.md §4: one line, exit 2)."""

    @classmethod
    def of(cls, exc: click.UsageError) -> UsageFailure:
        command = exc.ctx.command_path if exc.ctx is not None else "morgue"
        message = one_line(exc.format_message()).rstrip(".")
        return cls(f"{message} (see `{command} --help`)")


def _usage_inone_line(exc: click.UsageError) -> bool:
    # click's NoArgsIsHelpError (a bare `morgue`) shows the help text, which is what it is for.
    return type(exc).__name__ != "NoArgsIsHelpError"


class MorgueGroup(click.Group):
    """The one place where library errors become messages and exit codes."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            if not _usage_inone_line(exc):
                raise
            raise UsageFailure.of(exc) from None

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except click.UsageError as exc:
            if not _usage_inone_line(exc):
                raise
            raise UsageFailure.of(exc) from None
        except QuerySyntaxError as exc:
            raise Failure(str(exc), detail=_caret(exc.query, exc.column)) from None
        except (IndexerError, SearchError) as exc:
            raise Failure(one_line(str(exc))) from None
        except OSError as exc:
            if exc.errno == errno.EPIPE:
                # The reader has gone (`morgue extract … | head`): what it read is what it
                # wanted, so exit 0 (`cli._end_now` does the same at exit). click's own
                # handling exits 1, which our exit codes reserve for "nothing matched".
                drop_stdout()
                raise click.exceptions.Exit(0) from None
            raise Failure(_os_message(exc)) from None
        except KeyboardInterrupt:
            raise Interrupted("interrupted") from None
        except BaseException as exc:
            if not is_panic(exc):
                raise
            raise Failure(
                f"the index engine failed ({one_line(str(exc))}): "
                "rebuild the index with `morgue index --rebuild`"
            ) from None


#: Characters of the query shown either side of an error's column: a 2,000-word query must
#: not flood stderr with itself and ~8,000 spaces before the caret.
_CARET_WINDOW = 60


def _caret(query: str, column: int) -> str:
    """The query echoed under the message, with a caret under the 1-based `column`; a long
    query is cut to a window around the column, marked with `…` where cut."""
    at = max(column - 1, 0)
    start = max(at - _CARET_WINDOW, 0)
    end = at + _CARET_WINDOW + 1
    shown = "".join(c if c.isprintable() else " " for c in query[start:end])
    before = "…" if start else ""
    after = "…" if end < len(query) else ""
    return f"\n{before}{shown}{after}\n{' ' * (len(before) + at - start)}^"


def one_line(text: str) -> str:
    return render.clean(" ".join(text.split()))


def _os_message(exc: OSError) -> str:
    where = f": {exc.filename}" if exc.filename else ""
    return render.clean(f"{exc.strerror or exc}{where}")


def drop_stdout() -> None:
    """Point fd 1 at /dev/null, so that what is still buffered for a reader that has gone
    neither fails the exit's flush nor prints `Exception ignored … BrokenPipeError`."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass  # no fd behind stdout (click's CliRunner): nothing will be flushed to a pipe
