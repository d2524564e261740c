"""The fixture the fault test files share: a small index, built once per session.

Loaded by each of them as a pytest plugin (`pytest_plugins = ["faults_fixtures"]`) rather than
imported, so that pytest registers the fixture once (an imported fixture is registered again in
every module that imports it, and built again for each).
"""

from __future__ import annotations

from typing import Any

import pytest
from faults_checks import story_set
from faults_corpus import write_news_archives
from morgue_processes import morgue


@pytest.fixture(scope="session")
def small_index(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """Two synthetic news WARCs (120 pages) indexed in two commits; tests copy it to damage it."""
    folder = tmp_path_factory.mktemp("small")
    archives = write_news_archives(folder / "warcs", files=2, pages=60, seed=3)
    index_dir = folder / "idx"
    for path in archives:  # two commits, so two segments
        assert morgue("--index", str(index_dir), "index", "--jobs", "1", str(path)).returncode == 0
    stories = story_set(index_dir)
    return {"index": index_dir, "stories": stories, "archives": archives}
