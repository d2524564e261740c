"""Dateline rules (indexer/datelines.py): the opening of a paragraph → the dateline as printed."""

from __future__ import annotations

import pytest

from indexer.datelines import find_dateline


@pytest.mark.parametrize(
    ("paragraph", "dateline", "month_day"),
    [
        ("WASHINGTON (AP) — A Senate committee voted", "WASHINGTON (AP)", None),
        ("ALEPPO, Syria (AP) — Rescuers dug", "ALEPPO, Syria (AP)", None),
        ("LONDON (Reuters) - The flood barrier", "LONDON (Reuters)", None),
        ("BEIJING, Jan. 14 (Xinhua) -- A ferry operator", "BEIJING, Jan. 14 (Xinhua)", "Jan. 14"),
        ("PARIS — Most of the Paris metro", "PARIS", None),
        ("HOLLIS CROSSING — The Mill River bridge", "HOLLIS CROSSING", None),
        ("GRANVILLE FORGE, Ohio (AP) -- The owners", "GRANVILLE FORGE, Ohio (AP)", None),
        ("NEW DELHI, Jan. 15 (Xinhua) -- Dense fog", "NEW DELHI, Jan. 15 (Xinhua)", "Jan. 15"),
        ("Washington (CNN) — The House voted", "Washington (CNN)", None),
        ("SÃO PAULO (Reuters) - Brazil's", "SÃO PAULO (Reuters)", None),
    ],
)
def test_datelines_are_found_without_the_dash(
    paragraph: str, dateline: str, month_day: str | None
) -> None:
    found = find_dateline(paragraph)
    assert found is not None
    assert found.text == dateline
    assert found.month_day == month_day
    assert paragraph[found.end :].strip()[0].isalpha()


@pytest.mark.parametrize(
    "paragraph",
    [
        "The man — who asked not to be named — said",
        "US — the country — has",  # two capitals are too few without an agency
        "Paris is lovely — in spring",  # a title-case city needs an agency
        "WASHINGTON is a city of monuments.",  # no dash
        "“We had to choose,” said Petra Lind.",
        "",
    ],
)
def test_prose_is_not_a_dateline(paragraph: str) -> None:
    assert find_dateline(paragraph) is None
