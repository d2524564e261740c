"""Date rules (indexer/dates.py) as tables: printed form → ISO 8601, or None."""

from __future__ import annotations

import pytest

from indexer.dates import (
    from_dateline,
    from_url,
    is_date_line,
    parse_date,
    parse_iso,
    parse_text,
    parse_updated,
)
from indexer.extract import _local_day


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2025-03-03T17:02:00Z", "2025-03-03T17:02:00Z"),
        ("2025-02-11T16:40:00-05:00", "2025-02-11T16:40:00-05:00"),
        ("2025-02-11T16:40:00.000+0100", "2025-02-11T16:40:00+01:00"),
        ("2025-02-03", "2025-02-03"),
        ("2025/02/03 08:55", "2025-02-03T08:55:00"),
        ("0001-01-01T00:00:00Z", None),  # a placeholder, not a date
        ("2025-13-01", None),
        ("yesterday", None),
        ("", None),
        (None, None),
    ],
)
def test_parse_iso(value: str | None, expected: str | None) -> None:
    assert parse_iso(value) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Published January 15, 2025", "2025-01-15"),
        ("Sunday, June 14, 2009", "2009-06-14"),
        ("Published 7:02 PM GMT+2, March 3, 2025", "2025-03-03T19:02:00"),
        ("2025-01-18 08:55 Last Updated At:09:00", "2025-01-18T08:55:00"),
        ("Feb. 11, 2025, 4:40 p.m.", "2025-02-11T16:40:00"),
        ("18 janvier 2025", "2025-01-18"),
        ("3 de marzo de 2025", "2025-03-03"),
        ("Updated 3 hours ago", None),
        ("February 30, 2025", None),
    ],
)
def test_parse_text(text: str, expected: str | None) -> None:
    assert parse_text(text) == expected


def test_visible_last_updated_time_gives_updated() -> None:
    # sample_warcs/04 lanshui page: "2025-01-18 08:55 Last Updated At:09:00"
    text = "2025-01-18 08:55 Last Updated At:09:00"
    assert parse_updated(text, "2025-01-18T08:55:00") == "2025-01-18T09:00:00"
    assert parse_updated("Published Jan. 18", "2025-01-18") is None


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("http://x.example/2024/10/07/mill-river-bridge-closure.html", "2024-10-07"),
        ("http://x.example/china/20250118/lanshui.shtml", "2025-01-18"),
        ("http://x.example/news/2009-06-15-mill.html", "2009-06-15"),
        ("http://x.example/story/12345678/x", None),
        ("http://x.example/2019/nov/19/x", None),
        ("http://2024.example/10/07/", None),  # the host is not the path
        ("http://www.2024-01-18.example/x", None),
        ("http://x.example/2020/3/19/21185093/x", "2020-03-19"),  # one-digit month and day
        ("http://x.example/tuft-cells-20191115/", "2019-11-15"),  # a day at the end of a slug
        ("http://x.example/spotlight-2023-04-22/1100-6296/", "2023-04-22"),
        ("http://x.example/2023/02/30/x", None),  # no such day
        ("http://x.example/1900/01/01/x", None),  # a placeholder year
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
def test_from_url(url: str, expected: str | None) -> None:
    assert from_url(url) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Published January 15, 2025", True),
        ("Sunday, June 14, 2009", True),
        ("Updated 6:05 p.m.", True),
        ("The fair opened on June 14, 2009, after a long wait. It rained all day.", False),
        ("Ticket prices will stay at $6 for adults.", False),
    ],
)
def test_is_date_line(line: str, expected: bool) -> None:
    assert is_date_line(line) is expected


def test_dateline_date_takes_the_year_of_a_known_date() -> None:
    assert from_dateline("Jan. 14", "2025-01-20T10:00:00Z") == "2025-01-14"
    assert from_dateline("Jan. 14", None) is None  # never guessed from the capture date
    assert from_dateline("5 Mar.", "2025-03-06T10:00:00Z") == "2025-03-05"  # day first


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
        ("5 марта 2021 г.", ("2021-03-05", False)),
        # Chinese/Japanese and Korean forms
        ("2019年3月5日", ("2019-03-05", False)),
        ("発行 2018年6月19日（火）5:50", ("2018-06-19T05:50:00", True)),
        ("2019년 8월 20일", ("2019-08-20", False)),
        ("기사입력 2019. 08. 20. 09:31", ("2019-08-20T09:31:00", True)),
        ("Sales fell in 2019. 3 stores closed.", None),
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
    ("value", "story_reading", "page_reading"),
    [
        # a UTC `Z`: kept as written for the story, an offset for the page
        ("2025-03-03T17:02:00Z", "2025-03-03T17:02:00Z", ("2025-03-03T17:02:00+00:00", True)),
        # zone abbreviations and hour-only offsets: only the page reading knows them
        ("2025-01-18 08:55 EST", "2025-01-18T08:55:00", ("2025-01-18T08:55:00-05:00", True)),
        ("2025-01-18T08:55:00+08", "2025-01-18T08:55:00", ("2025-01-18T08:55:00+08:00", True)),
        # a month-name value: the story reading takes ISO forms only
        ("Jan. 14, 2025", None, ("2025-01-14", False)),
        # where they agree
        (
            "2025-02-11T16:40:00-05:00",
            "2025-02-11T16:40:00-05:00",
            ("2025-02-11T16:40:00-05:00", True),
        ),
        ("0001-01-01T00:00:00Z", None, None),
    ],
)
def test_the_two_readings_of_a_structured_value(
    value: str, story_reading: str | None, page_reading: tuple[str, bool] | None
) -> None:
    """parse_iso (indexer.metadata, extract.py) and parse_date (indexer.pagemeta) read the same
    value differently where this table says; the stories' stored dates depend on both."""
    assert parse_iso(value) == story_reading
    assert parse_date(value) == page_reading


@pytest.mark.parametrize(
    ("utc", "other", "switched"),
    [
        # A New York evening story: UTC says the next day, the page prints its own day.
        ("2024-03-05T02:10:00Z", "2024-03-04", True),
        ("2024-03-05T02:10:00Z", "2024-03-04T21:10:00", True),
        ("2024-03-05T02:10:00Z", "2024-03-04T21:10:00-05:00", True),
        # An Asia-Pacific morning story: UTC says the day before.
        ("2024-03-04T20:00:00Z", "2024-03-05", True),
        # No zone is 16 h or more away: the other value is another event (an update).
        ("2024-03-04T17:16:00Z", "2024-03-05T09:04:08Z", False),
        ("2024-03-04T17:16:00Z", "2024-03-05T09:04:08", False),
        ("2024-03-04T09:59:00Z", "2024-03-05", False),
        ("2024-03-04T15:29:00Z", "2024-03-05T14:44:18-05:00", False),
        # Two days away is never a time zone.
        ("2024-03-04T23:00:00Z", "2024-03-06", False),
    ],
)
def test_local_day_switches_only_to_the_same_instant_seen_locally(
    utc: str, other: str, switched: bool
) -> None:
    expected = (other, "time") if switched else (utc, "jsonld")
    assert _local_day(utc, "jsonld", [(other, "time", None)]) == expected
