"""indexer.pagedates: which printed stamp of an article header is the publication and which the
update. One row per rule; the date forms themselves are tables in tests/test_dates.py."""

from __future__ import annotations

import pytest

from indexer.pagedates import printed_dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "Harbour fire 2025-01-18 08:55 Last Updated At:09:00 Firefighters said",
            ("2025-01-18T08:55:00", "2025-01-18T09:00:00"),
        ),
        (
            "By Ada Lind Updated Jan. 19, 2025 Published Jan. 18, 2025 at 3:05 pm",
            ("2025-01-18T15:05:00", "2025-01-19"),
        ),
        (
            "By Ada Lind PUBLISHED: March 3, 2025 | UPDATED: March 4, 2025",
            ("2025-03-03", "2025-03-04"),
        ),
        # a date inside a photo caption or a sentence is not the story's timestamp
        ("Boats burn in the harbour on March 1, 2025 [Photo: Ada Lind]", (None, None)),
        ("Crews worked through Saturday, March 1, 2025, in Portmoor", (None, None)),
        ("Publié le 18 janvier 2025", ("2025-01-18", None)),
        ("", (None, None)),
    ],
)
def test_printed_dates(text: str, expected: tuple[str | None, str | None]) -> None:
    assert printed_dates(text) == expected


def test_printed_dates_prefers_a_labeled_stamp_far_below_an_unlabeled_one() -> None:
    bio = "Ada Lind writes about harbours and ferries for the paper. " * 20
    text = f"Harbour fire By Ada Lind {bio} Published on January 18, 2025"
    assert printed_dates(text) == ("2025-01-18", None)
