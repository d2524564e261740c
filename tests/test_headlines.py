"""indexer.headlines.strip_site: `<title>` without the site's name, for the story-level headline
rules and the WET text path. One home with pageheadline.strip_site_name. Titles are made up."""

from __future__ import annotations

import pytest

from indexer.headlines import strip_site


@pytest.mark.parametrize(
    ("title", "site_name", "host", "expected"),
    [
        (
            "Harbour fire guts warehouse | Portmoor Gazette",
            None,
            "portmoor-gazette.example",
            "Harbour fire guts warehouse",
        ),
        (
            "Portmoor Gazette: Harbour fire guts warehouse",
            "Portmoor Gazette",
            "pg.example",
            "Harbour fire guts warehouse",
        ),
        (
            "Harbour fire guts warehouse - Gazette du Pôrtmoor",
            "Gazette du Pôrtmoor",
            "x.example",
            "Harbour fire guts warehouse",
        ),
        # the host has no accents; the site's name in the title has (squash folds them)
        ("Incendie au port - Libération", None, "www.liberation.example", "Incendie au port"),
        # a colon inside the headline stays when what precedes it is not the site
        (
            "Live updates: Veskaria votes | Portmoor Gazette",
            None,
            "portmoor-gazette.example",
            "Live updates: Veskaria votes",
        ),
        ("Portmoor Gazette", None, "portmoor-gazette.example", None),
        ("", None, "portmoor-gazette.example", None),
        (None, None, "portmoor-gazette.example", None),
    ],
)
def test_strip_site(
    title: str | None, site_name: str | None, host: str, expected: str | None
) -> None:
    assert strip_site(title, site_name, host) == expected
