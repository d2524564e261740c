"""Dateline rules (indexer/datelines.py): the opening of a paragraph → the dateline as printed,
and a stored dateline → the place it names."""

from __future__ import annotations

import pytest

from indexer.datelines import dateline_place, find_dateline


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
        # agencies in lower case (German wires above all) and a day-first date
        ("Berlin (dpa) - Die Bundesregierung", "Berlin (dpa)", None),
        ("Düsseldorf (dpa/lnw) - Die Polizei", "Düsseldorf (dpa/lnw)", None),
        ("MADRID, 5 Mar. (EUROPA PRESS) - El Gobierno", "MADRID, 5 Mar. (EUROPA PRESS)", "5 Mar."),
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
    assert dateline_place(found.text) is not None  # every stored dateline names a place


@pytest.mark.parametrize(
    "paragraph",
    [
        "The man — who asked not to be named — said",
        "Apple (maybe) - the phone maker said",  # a lower-case aside is no agency
        "US — the country — has",  # two capitals are too few without an agency
        "Paris is lovely — in spring",  # a title-case city needs an agency
        "WASHINGTON is a city of monuments.",  # no dash
        "“We had to choose,” said Petra Lind.",
        "",
    ],
)
def test_prose_is_not_a_dateline(paragraph: str) -> None:
    assert find_dateline(paragraph) is None


@pytest.mark.parametrize(
    ("dateline", "place"),
    [
        ("ALEPPO, Syria (AP)", "ALEPPO, Syria"),
        ("BEIJING, Jan. 14 (Xinhua)", "BEIJING"),
        ("BEIJING (AP)", "BEIJING"),
        ("KYIV, Dec 24 (Reuters)", "KYIV"),  # no period after the month
        ("LANSHUI, May 3 (Xinhua)", "LANSHUI"),  # a month that is also a word
        ("Washington (CNN)", "WASHINGTON"),  # title case is capitalized
        ("St. Ives, Cornwall (PA)", "ST. IVES, Cornwall"),
        ("PARIS", "PARIS"),
        ("HOLLIS CROSSING", "HOLLIS CROSSING"),
        ("GRANVILLE FORGE, Ohio (AP)", "GRANVILLE FORGE, Ohio"),
        ("KESTREL BAY, Marenthia, Jan. 9 (AP)", "KESTREL BAY, Marenthia"),  # region and date
        ("PORT ELLIS, N.Y.", "PORT ELLIS, N.Y."),
        ("SÃO PAULO (Reuters)", "SÃO PAULO"),
        ("NEW\u00a0DELHI, Jan. 15 (Xinhua)", "NEW DELHI"),  # a no-break space from the page
        ("  ZÜRICH (AP) ", "ZÜRICH"),
    ],
)
def test_a_dateline_names_its_place_without_date_or_agency(dateline: str, place: str) -> None:
    assert dateline_place(dateline) == place


@pytest.mark.parametrize(
    "text",
    [
        "",
        "Paris",  # a title-case city is a dateline only with its agency
        "The man who asked not to be named",
        "BEIJING, Jan. 14 (Xinhua) — A ferry",  # a paragraph, not a stored dateline
    ],
)
def test_what_is_not_a_stored_dateline_names_no_place(text: str) -> None:
    assert dateline_place(text) is None
