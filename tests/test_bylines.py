"""Byline rules (indexer/bylines.py): printed credits and structured authors → names."""

from __future__ import annotations

import pytest

from indexer.bylines import clean_byline, is_byline_line, names_from_jsonld


@pytest.mark.parametrize(
    ("printed", "names"),
    [
        ("By AMARA OKPARA and TOMAS VELIKOV", "AMARA OKPARA, TOMAS VELIKOV"),
        ("By Marta Lindqvist and Oren Castellano", "Marta Lindqvist, Oren Castellano"),
        ("By Roy Featherstone\nAssociated Press Writer", "Roy Featherstone"),
        ("By Ellen Varga, Courier-Press staff", "Ellen Varga"),
        ("Par Hélène Marchais", "Hélène Marchais"),
        ("Posted on April 9, 2025 by Jonah Farrow", "Jonah Farrow"),
        ("Lucía Ortega Salvatierra", "Lucía Ortega Salvatierra"),
        ("Story by Ada Lind | Photos by Bo Varga", "Ada Lind"),
        ("By Ada Lind 12/21/2024", "Ada Lind"),
        ("By Ada Lind, 21 Dec 2024", "Ada Lind"),
        ("By Ada Lind. Illustration by Bo Varga", "Ada Lind"),
        ("By", None),
        ("https://example.com/staff/delia", None),
        ("by the river the mill stood for a century and more", None),
        ("", None),
    ],
)
def test_clean_byline(printed: str, names: str | None) -> None:
    assert clean_byline(printed) == names


def test_byline_lines_need_the_word_by() -> None:
    assert is_byline_line("By Walter Brandt")
    assert not is_byline_line("Walter Brandt")
    assert not is_byline_line("By the end of the year the bridge will reopen, officials said.")


def test_names_from_jsonld_author_shapes() -> None:
    assert names_from_jsonld({"@type": "Person", "name": "Delia Marchetti"}) == "Delia Marchetti"
    people = [{"@type": "Person", "name": "Hana Okonkwo-Reyes"}, {"name": "Martin Saelid"}]
    assert names_from_jsonld(people) == "Hana Okonkwo-Reyes, Martin Saelid"
    assert names_from_jsonld("Greta Holm") == "Greta Holm"
    assert names_from_jsonld([{"url": "https://x.example"}]) is None
