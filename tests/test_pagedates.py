"""indexer.pagedates: dates as pages print them → ISO 8601. One row per rule."""

from __future__ import annotations

import pytest

from indexer.dates import from_url as date_from_url
from indexer.pagedates import parse_date, printed_dates


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # ISO 8601 and relatives; an offset is kept, a compact one gets its colon
        ("2025-01-18", ("2025-01-18", False)),
        ("2025-01-18T08:55:00+08:00", ("2025-01-18T08:55:00+08:00", True)),
        ("2025-01-18T08:55:00.000Z", ("2025-01-18T08:55:00+00:00", True)),
        ("2025-01-18 08:55:00 -0500", ("2025-01-18T08:55:00-05:00", True)),
        ("2025/01/18", ("2025-01-18", False)),
        ("20250118", ("2025-01-18", False)),
        # month names, month or day first, with the clock before or after
        ("Jan. 14, 2025", ("2025-01-14", False)),
        ("Tuesday, January 14th, 2025", ("2025-01-14", False)),
        ("14 January 2025", ("2025-01-14", False)),
        ("Published 3:05 PM EST, January 14, 2025", ("2025-01-14T15:05:00-05:00", True)),
        ("December 22, 2023 at 10:32 a.m. ET", ("2023-12-22T10:32:00-05:00", True)),
        ("Fri, 22 Dec 2023 10:00:00 +0000", ("2023-12-22T10:00:00+00:00", True)),
        ("18 janvier 2025", ("2025-01-18", False)),
        ("3. März 2025", ("2025-03-03", False)),
        ("22 de diciembre de 2023", ("2023-12-22", False)),
        # numeric: unambiguous either way, European with dots, ambiguous slashes rejected
        ("22/12/2023", ("2023-12-22", False)),
        ("12/22/2023 4:30 pm", ("2023-12-22T16:30:00", True)),
        ("18.01.2025", ("2025-01-18", False)),
        ("01/02/2025", None),
        # implausible years and impossible days
        ("1970-01-01T00:00:00Z", None),
        ("2150-06-01", None),
        ("2025-02-30", None),
        ("29 February 2023", None),
        ("29 February 2024", ("2024-02-29", False)),
        ("no date here", None),
        ("", None),
    ],
)
def test_parse_date(text: str, expected: tuple[str, bool] | None) -> None:
    assert parse_date(text) == expected


def test_parse_date_day_first_hint_resolves_ambiguity() -> None:
    assert parse_date("01/02/2025", day_first=True) == ("2025-02-01", False)
    assert parse_date("01/02/2025", day_first=False) == ("2025-01-02", False)


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://news.example/2025/01/18/harbour-fire/", "2025-01-18"),
        ("https://news.example/2025/1/8/harbour-fire", "2025-01-08"),
        ("https://news.example/story/2025-01-18/harbour-fire", "2025-01-18"),
        ("https://news.example/harbour-fire-20250118-abc.html", "2025-01-18"),
        ("https://news.example/2025/01/harbour-fire", None),  # a month is not a day
        ("https://news.example/article/12345678/harbour-fire", None),
        ("https://news.example/1888/01/18/harbour-fire", None),
        ("https://news.example/story?date=2025-01-18", None),  # the query is not the path
    ],
)
def test_date_from_url(url: str, expected: str | None) -> None:
    assert date_from_url(url) == expected


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
