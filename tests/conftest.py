"""Shared pytest options.

`--update-golden` rewrites tests/golden/*.jsonl from the current extractor instead of comparing
with them; review the change with `git diff tests/golden/` before committing it.
"""

from __future__ import annotations

import pytest
from hypothesis import settings

# No per-example deadline anywhere: Hypothesis' default (200 ms an example) is a timing
# assertion, which a loaded, shared machine can fail at random (tests never assert timings;
# bench/ measures them).
settings.register_profile("morgue", deadline=None)
settings.load_profile("morgue")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--update-golden",
        action="store_true",
        default=False,
        help="rewrite tests/golden/*.jsonl from the current extractor (review the git diff)",
    )


@pytest.fixture
def update_golden(request: pytest.FixtureRequest) -> bool:
    """True when the run was started with --update-golden."""
    return bool(request.config.getoption("--update-golden"))
