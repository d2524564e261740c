"""What each sample page must yield: the human-written spec of extraction (issue 2 §3).

The pages are our own fiction (scripts/make_samples.py builds sample_warcs/), so their text is
quoted here freely. Each page lists its stories in page order with the fields a reader would
write down: headline, dateline, date and where it came from, byline, captions (exact list, each
once), how the body starts and ends, and how many paragraphs it has. On top of that every story
is checked for the page furniture that must never reach a body (NEVER_IN_BODY), for captions and
headlines leaking into bodies, and for one story's text leaking into another's.

Decisions written down here (also in sample_warcs/README.md):
- the dateline stays in the body (the first paragraph as printed); `dateline` drops the dash;
- reporter credit lines ("Velikov reported from Vienna.", "AP journalist … contributed to this
  report.") stay at the end of their own story's body;
- a story without a headline of its own has headline None;
- an expected date written as a day ("2024-10-07") means "the same calendar day"; one with a
  time means "the same instant" (or the same wall-clock time when the page gives no zone).
"""

from __future__ import annotations

import io
import re
import sys
from collections import defaultdict
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

SAMPLES = Path(__file__).resolve().parents[1] / "sample_warcs"

#: Sentinel: this field is not part of the spec for this story.
ANY: Any = object()


@dataclass(frozen=True)
class Expect:
    headline: str | None
    body_starts: str
    body_ends: str
    paragraphs: int | None  # body paragraphs separated by "\n\n"; None = not checked
    dateline: str | None = None
    date: str | None = None
    date_source: str | None = None
    updated: Any = None
    byline: frozenset[str] | None = None  # names, compared case-folded like score.py does
    captions: tuple[str, ...] = ()
    language: str | tuple[str | None, ...] = "en"  # a tuple lists the acceptable values
    contains: tuple[str, ...] = ()  # must appear in the body, in this order
    once: tuple[str, ...] = ()  # must appear exactly once in the body
    not_contains: tuple[str, ...] = ()


#: A page that declares no language: "en" detected from the text, or None, are both fine.
UNDECLARED = ("en", None)


def names(*ns: str) -> frozenset[str]:
    return frozenset(ns)


#: Page furniture that belongs in no story body on any sample page.
NEVER_IN_BODY = (
    "Skip to Content",
    "Skip to content",
    "Recommended Articles",
    "Copy Link copied",
    "Facebook",
    "LinkedIn",
    "ADVERTISEMENT",
    "Advertisement",
    "All rights reserved",
    "All Rights Reserved",
    "Read More",
    "Read more",
    "Most Read",
    "Most popular",
    "newsletter",
    "Subscribe",
    "Share this",
    "Related Stories",
    "Related News",
    "Permalink",
    "Page views",
    "Click here",
)

# --- 01-single-articles.warc.gz -------------------------------------------------------------

FERRY = Expect(
    headline="Port Anselm council approves $48 million ferry terminal rebuild",
    dateline=None,
    date="2025-02-11T16:40:00-05:00",
    date_source="jsonld",
    updated="2025-02-11T18:05:00-05:00",
    byline=names("Delia Marchetti"),
    captions=(
        "The north pier of the Port Anselm ferry terminal, where engineers found corroded "
        "pilings last fall. (Tidewater Gazette/Rafael Quint)",
    ),
    body_starts="The Port Anselm City Council voted 7-2 on Tuesday night to rebuild the city’s "
    "ferry terminal,",
    body_ends="Harbor Master Lionel Achebe said the terminal handled about 610,000 passengers "
    "last year, up 9% from the year before.",
    paragraphs=6,
    not_contains=("Morning Tide", "Sign up", "Island residents push", "Related:", "Topics:"),
)

BRIDGE = Expect(
    headline="Mill River bridge to close for six weeks of deck repairs",
    dateline="HOLLIS CROSSING",
    date="2024-10-07",
    date_source="url",
    updated=None,
    byline=None,
    body_starts="HOLLIS CROSSING — The Mill River bridge on Route 9 will close to all traffic",
    body_ends="has until Nov. 25 to reopen the bridge or pay a penalty of $5,000 a day.",
    paragraphs=4,
    language=UNDECLARED,
    contains=("Barlow & Sons of Kettering Mills",),
    not_contains=("Granite Valley News", "Local Links", "Valley Hardware", "Police log"),
)

FLU = Expect(
    headline="Calloway County hospitals report sharp drop in winter flu admissions",
    date="2025-03-06T14:12:00Z",
    date_source="jsonld",
    updated=ANY,  # dateModified equals datePublished: reporting it or not are both fine
    byline=names("Hana Okonkwo-Reyes", "Martin Saelid"),
    body_starts="Hospitals across Calloway County admitted about 40% fewer flu patients",
    body_ends="add evening hours at its two walk-in sites.",
    paragraphs=5,
    not_contains=("free articles", "Sign in"),
)

WATER = Expect(
    headline="Utility finds lead service lines at 1,900 more Eastbrook homes",
    date="2025-03-18T07:30:00-04:00",
    date_source="time",
    updated=None,
    byline=names("Marta Lindqvist", "Oren Castellano"),
    body_starts="Eastbrook’s water utility has found lead pipes connecting about 1,900 more homes",
    body_ends="request a free filter while they wait.",
    paragraphs=5,
    not_contains=("Comments (14)", "Log in to join"),
)

ORCHARD = Expect(
    headline="Late frost spares most of Brennock Valley’s cherry crop",
    date="2025-04-09T11:20:00-07:00",
    date_source="time",
    updated="2025-04-10T08:00:00-07:00",
    byline=names("Jonah Farrow"),
    body_starts="Growers in the Brennock Valley said Wednesday that an overnight frost",
    body_ends="will publish a fuller estimate after the petals drop in about two weeks.",
    paragraphs=4,
    not_contains=("Posted in", "Previous:", "School board delays", "powered by WordPress"),
)

SENTINEL = Expect(
    headline="Ridgeview fire chief to retire after 31 years with the department",
    date="2025-05-02T15:00:00-05:00",
    date_source="meta",
    byline=names("Priya Castellanos"),
    body_starts="Ridgeview Fire Chief Samuel Okafor will retire at the end of June",
    body_ends="Deputy Chief Aurelia Banks will serve as interim chief.",
    paragraphs=3,
    not_contains=("Public Safety", "West side fire station", "Valley Newspaper Group"),
)

REEF = Expect(
    headline="Divers map a shipwreck off Cape Tolland, 140 years after it sank",
    date="2025-01-22T09:00:00-05:00",
    date_source="jsonld",
    byline=names("Walter Brandt"),
    captions=(
        "Video: A diver swims along the stern of the Margaret Hale. (Tolland Maritime Museum)",
    ),
    body_starts="A team of volunteer divers has mapped the wreck of the schooner Margaret Hale",
    body_ends="The museum will open an exhibit built around the model in June.",
    paragraphs=5,
    once=("You can still see the anchor chain",),  # the pull quote repeats it
    not_contains=("Beacon Briefing",),
)

# --- 02-aggregator.warc.gz / .wet.gz --------------------------------------------------------

AGG_URL = "https://www.wireline-news.example/article/marenthia-floods-salvara-dam-3f9c1a07"
AGG_FURNITURE = (
    "WORLD NEWS",
    "Marenthia ›",
    "Floodwaters reach Salvara as operators open dam spillways",  # the headline (breadcrumbs too)
    "Veskaria’s parliament passes budget",  # a teaser of the recommended list
    "Rescuers free whale",
    "Photos: A week of rain",
    "1 of 3",
    "Fact Check",
    "Terms of Use",
    "Wireline News",
    "By AMARA",
    "By NIRAN",
    "Published",
)
AGG0 = Expect(
    headline="Floodwaters reach Salvara as operators open dam spillways after week of rain",
    dateline="SALVARA, Marenthia (AP)",
    date="2025-03-03T17:02:00Z",
    date_source="jsonld",
    updated="2025-03-03T19:14:00Z",
    byline=names("Amara Okpara", "Tomas Velikov"),
    captions=(
        "Residents wade through a flooded street in Salvara, Marenthia, Monday, March 3, 2025. "
        "(AP Photo/Jonas Ferreira)",
        "Water pours from the spillways of the Upper Lessa dam near Salvara, Marenthia, "
        "Monday, March 3, 2025. (AP Photo/Jonas Ferreira)",
        "A volunteer carries a child to a rescue boat in the Tanner’s Quarter of Salvara, "
        "Marenthia, Sunday, March 2, 2025. (AP Photo/Mira Hollis)",
    ),
    body_starts="SALVARA, Marenthia (AP) — Floodwaters poured into the low-lying districts of "
    "Salvara on Monday",
    body_ends="for pumps and mobile water-treatment units.\n\nVelikov reported from Vienna."
    "\n\nAP journalist Lena Marsh in Geneva contributed to this report.",
    paragraphs=8,
    not_contains=AGG_FURNITURE,
)
AGG1 = Expect(
    headline=None,
    dateline="KESTREL BAY, Marenthia (AP)",
    date="2025-03-02T08:45:00Z",
    date_source="time",
    updated=None,
    byline=names("Niran Chaiwat"),
    captions=(
        "Rice farmer Edda Voss checks her flooded field outside Kestrel Bay, Marenthia, "
        "Sunday, March 2, 2025. (AP Photo/Mira Hollis)",
    ),
    body_starts="KESTREL BAY, Marenthia (AP) — Rice farmers along Marenthia’s southern coast",
    body_ends="a process that can take several months.\n\nChaiwat reported from Bangkok.\n\n"
    "AP journalist Ilse Brandvold contributed to this report.",
    paragraphs=6,
    not_contains=AGG_FURNITURE,
)
# The text path sees no JSON-LD or <time>: dates come from the printed "Published …" lines.
WET0 = replace(AGG0, date="2025-03-03", date_source="text", updated=ANY)
WET1 = replace(AGG1, date="2025-03-02", date_source="text", updated=ANY)

# --- 03-roundups.warc.gz ---------------------------------------------------------------------


def brief(
    headline: str | None,
    dateline: str,
    starts: str,
    ends: str,
    paragraphs: int,
    date: str,
    date_source: str,
) -> Expect:
    return Expect(
        headline=headline,
        dateline=dateline,
        date=date,
        date_source=date_source,
        updated=ANY,
        byline=None,
        body_starts=starts,
        body_ends=ends,
        paragraphs=paragraphs,
        not_contains=(
            "World news in brief",
            "Nation & World",
            "Read yesterday",
            "The stories from around the world",
            "Published January",
        ),
    )


def world(headline: str, dateline: str, starts: str, ends: str, paragraphs: int = 2) -> Expect:
    return brief(headline, dateline, starts, ends, paragraphs, "2025-01-14T06:00:00Z", "meta")


def nation(dateline: str, starts: str, ends: str) -> Expect:
    return brief(None, dateline, starts, ends, 2, "2025-01-15", "text")


ROUNDUP1 = [
    world(
        "Senate panel advances bill on rural broadband grants",
        "WASHINGTON (AP)",
        "WASHINGTON (AP) — A Senate committee voted 14-9 on Monday",
        "faster than 25 megabits per second.",
    ),
    world(
        "Thames barrier closes twice in one week for first time since 2014",
        "LONDON (Reuters)",
        "LONDON (Reuters) - The flood barrier across the River Thames",
        "no homes had flooded.",
    ),
    world(
        "Hainan ferry line adds night sailings for holiday travel",
        "BEIJING, Jan. 14 (Xinhua)",
        "BEIJING, Jan. 14 (Xinhua) -- A ferry operator serving",
        "9,000 vehicles over the holiday period.",
    ),
    world(
        "Paris transit strike halts most metro lines for a day",
        "PARIS",
        "PARIS — Most of the Paris metro stood still on Monday",
        "did not rule out further action next week.",
    ),
    world(
        "Kenyan court orders new count in disputed county race",
        "NAIROBI, Kenya (AP)",
        "NAIROBI, Kenya (AP) — Kenya’s High Court on Monday ordered a recount",
        "days after the results were announced.",
        paragraphs=3,
    ),
    world(
        "Canada extends wildfire crew program to three more provinces",
        "OTTAWA (Reuters)",
        "OTTAWA (Reuters) - Canada will extend a federal program",
        "anywhere in the country during the fire season.",
    ),
    world(
        "Marenthia names new envoy to regional water talks",
        "SALVARA, Marenthia (AFP)",
        "SALVARA, Marenthia (AFP) — Marenthia on Monday named veteran diplomat Oskar Veil",
        "are due to resume in February.",
    ),
    world(
        "Rare cockatoo colony found in pine plantation",
        "CANBERRA, Australia (AP)",
        "CANBERRA, Australia (AP) — Wildlife officials said Tuesday",
        "until the birds finish nesting in March.",
    ),
]
ROUNDUP2 = [
    nation(
        "TOKYO (AP)",
        "TOKYO (AP) — Japan’s weather agency said Wednesday",
        "halted for about 20 minutes while tracks were checked.",
    ),
    nation(
        "BERLIN (Reuters)",
        "BERLIN (Reuters) - German regional train operators",
        "leased from operators in Austria and the Netherlands.",
    ),
    nation(
        "NEW DELHI, Jan. 15 (Xinhua)",
        "NEW DELHI, Jan. 15 (Xinhua) -- Dense fog delayed",
        "dropped below 50 meters for several hours.",
    ),
    nation(
        "MADRID",
        "MADRID — Spain’s parliament approved a law on Wednesday",
        "push visitors toward unlicensed listings.",
    ),
    nation(
        "JOHANNESBURG (AP)",
        "JOHANNESBURG (AP) — South African park rangers moved 11",
        "has not had rhinos since the 1950s.",
    ),
    nation(
        "ROME (Reuters)",
        "ROME (Reuters) - Italian police recovered two 17th-century",
        "during an unrelated investigation.",
    ),
    nation(
        "CAIRO (AP)",
        "CAIRO (AP) — Egypt opened a restored section",
        "bypass the first cataract of the Nile.",
    ),
    nation(
        "OSLO, Norway (AP)",
        "OSLO, Norway (AP) — Norway’s largest ski resort",
        "would run on hydropower by next winter.",
    ),
]

# --- 04-multi-and-live.warc.gz ---------------------------------------------------------------


def edition(
    headline: str,
    by: str,
    date: str,
    starts: str,
    ends: str,
    paragraphs: int,
    captions: tuple[str, ...] = (),
) -> Expect:
    return Expect(
        headline=headline,
        byline=names(by),
        date=date,
        date_source="time",
        updated=None,
        captions=captions,
        body_starts=starts,
        body_ends=ends,
        paragraphs=paragraphs,
        not_contains=("Evening Edition", "Snow totals"),
    )


EVENING = [
    edition(
        "Northgate school board picks former principal as superintendent",
        "Lucia Ferrante",
        "2025-02-27T17:10:00-06:00",
        "The Northgate school board on Thursday chose",
        "to end the district’s staggered start times.",
        3,
    ),
    edition(
        "Grain elevator fire burns for two days outside Carvel",
        "Dmitri Halloran",
        "2025-02-27T15:45:00-06:00",
        "Firefighters from five departments were still",
        "dust explosions were not suspected.",
        3,
        (
            "Smoke rises from the Prairie Gold grain elevator near Carvel on Wednesday. "
            "(Northgate Chronicle/Ana Beltran)",
        ),
    ),
    edition(
        "Library’s seed lending program doubles in its second year",
        "Theo Nakamura",
        "2025-02-27T12:30:00-06:00",
        "The Northgate Public Library lent more than 4,000",
        "Librarian Joan Pettit said about one in five did.",
        2,
    ),
    edition(
        "Northgate Knights rally past Elm Ridge to reach regional final",
        "Carla Munoz",
        "2025-02-27T21:55:00-06:00",
        "Junior guard Malik Torres scored 11 of his 23 points",
        "will play Bellhaven in the regional final on Saturday.",
        2,
    ),
]
CANAL = Expect(
    headline="Lanshui opens its first cross-river metro tunnel",
    dateline="LANSHUI, Jan. 18 (Xinhua)",
    date="2025-01-18T08:55:00",  # no zone on the page: the wall-clock time is what is known
    date_source="text",
    updated="2025-01-18T09:00:00",
    byline=None,
    body_starts="LANSHUI, Jan. 18 (Xinhua) -- The first metro tunnel under the Lan River",
    body_ends="would continue at reduced frequency.",
    paragraphs=3,
    language=UNDECLARED,
    not_contains=("Last Updated", "Source:", "Lanshui metro Line 4 begins trial runs"),
)
LIVE = Expect(
    headline="Live updates: Veskaria votes in snap parliamentary election",
    date="2025-04-06T18:00:00+02:00",
    date_source="jsonld",
    updated="2025-04-06T22:41:00+02:00",
    byline=names("Greta Holm"),
    # A live blog is one story; its entries stay in page order (newest first), each with its
    # title, like the subheads of an article. Whether the entry times ("22:41") stay is open.
    body_starts=ANY,
    body_ends="The first official results are expected within two hours.",
    paragraphs=None,
    contains=(
        "Prime minister concedes",
        "Prime Minister Aldo Rasmussen has conceded defeat",
        "Turnout reaches 71%",
        "The election commission says turnout reached 71%",
        "Queues were still forming outside some polling stations",
        "Polls close",
        "Polling stations across Veskaria have closed.",
    ),
    not_contains=("Key events", "Share this post", "Load more"),
)

# --- 06-encodings.warc.gz --------------------------------------------------------------------

FROMAGERIE = Expect(
    headline="À Saint-Aubrac, la fromagerie coopérative rouvre après l’incendie",
    date="2025-02-03",
    date_source="meta",
    byline=names("Hélène Marchais"),
    language="fr",
    body_starts="Huit mois après l’incendie qui avait détruit ses caves d’affinage,",
    body_ends="au prix de 18,50 € le kilo.",
    paragraphs=4,
    contains=("« Nous avons perdu 4 000 meules", "Élodie Castagné", "sans climatisation… ou"),
    not_contains=("Partager", "Courriel", "Par Hélène", "Tous droits"),
)
EMBALSE = Expect(
    headline="El embalse de Peñascal alcanza su nivel más alto en una década",
    date="2025-03-25T10:30:00+01:00",
    date_source="jsonld",
    byline=names("Lucía Ortega Salvatierra"),
    language="es",
    body_starts="El embalse de Peñascal alcanzó el martes el 94% de su capacidad,",
    body_ends="aumentar su dotación de agua un 20% esta primavera.",
    paragraphs=3,
    contains=("¿Significa esto el fin de las restricciones?", "Andrés Muñoz Ibáñez"),
    not_contains=("Aviso legal", "Ã"),  # "Ã" would be UTF-8 read as Latin-1
)
GZIPPED = Expect(
    headline="Harrow Mills votes to keep its last covered bridge",
    date="2025-06-03T19:00:00-04:00",
    date_source="jsonld",
    byline=names("Nadia Quist"),
    body_starts="The Harrow Mills select board voted 3-0 on Monday",
    body_ends="“Nobody drives an hour to see a steel bridge.”",
    paragraphs=3,
)
BROTLI = Expect(
    headline="Ashford Bay oyster beds reopen after two-year cleanup",
    date="2025-06-10T08:15:00-04:00",
    date_source="jsonld",
    byline=names("Camille Dorsey"),
    body_starts="State regulators reopened 300 acres of oyster beds in Ashford Bay",
    body_ends="to reach local restaurants by the weekend.",
    paragraphs=3,
)
CHUNKED = Expect(
    headline="Trail crews finish the Kettle Ridge boardwalk",
    date="2025-06-12T12:00:00-04:00",
    date_source="jsonld",
    byline=names("Owen Lachance"),
    body_starts="Volunteers finished a mile-long boardwalk across the Kettle Ridge bog",
    body_ends="can last decades without chemical treatment.",
    paragraphs=2,
)

# --- 07-recaptures.warc.gz / 08-legacy.arc.gz ------------------------------------------------

RAIL = Expect(
    headline="Rail union and Coastline Railways reach deal, calling off Monday strike",
    date="2025-05-03T23:40:00-04:00",
    date_source="meta",
    byline=names("Kofi Mensah-Laird"),
    body_starts="The Coastline Railways union and the company reached a four-year contract",
    body_ends="about 85,000 riders on a typical weekday.",
    paragraphs=3,
)
MILL = Expect(
    headline="Granville Forge paper mill to close, idling 240 workers",
    dateline="GRANVILLE FORGE, Ohio (AP)",
    date="2009-06-15",
    date_source="url",
    byline=names("Roy Featherstone"),  # "Associated Press Writer" is a title, not a name
    body_starts="GRANVILLE FORGE, Ohio (AP) -- The owners of the paper mill",
    body_ends='"We will have to figure out what comes next."',
    paragraphs=3,
    language=UNDECLARED,
    not_contains=("Associated Press Writer", "may not be published", "Classifieds"),
)
FAIR = Expect(
    headline="County fair adds a second week for its 150th year",
    date="2009-06-14",
    date_source="text",
    byline=names("Ellen Varga"),  # ", Courier-Press staff" is an affiliation, not a name
    body_starts="The Wyandot Valley County Fair will run for two weeks instead of one",
    body_ends="Ticket prices will stay at $6 for adults.",
    paragraphs=3,
    language=UNDECLARED,
    not_contains=("Back to News", "Sunday, June 14, 2009"),
)

# --- the table: file → URL → stories in page order ------------------------------------------

TG = "https://www.tidewater-gazette.example"
RT = "https://www.ridgelinetimes.example/news"
BP = "https://www.baylinepost.example"
CP = "http://www.valleycourierpress.example/news"
PAGES: dict[str, dict[str, list[Expect]]] = {
    "01-single-articles.warc.gz": {
        f"{TG}/news/local/port-anselm-ferry-terminal-rebuild": [FERRY],
        "http://www.granitevalleynews.example/2024/10/07/mill-river-bridge-closure.html": [BRIDGE],
        "https://www.meridianpost.example/health/calloway-flu-admissions-drop": [FLU],
        "https://www.eastbrookobserver.example/news/city/lead-service-lines-survey": [WATER],
        "https://brennockvalleyrecord.example/2025/04/09/late-frost-cherry-crop/": [ORCHARD],
        "https://www.ridgeviewsentinel.example/news/public-safety/fire-chief-okafor-retires": [
            SENTINEL
        ],
        "https://www.capetollandbeacon.example/news/margaret-hale-shipwreck-mapped": [REEF],
    },
    "02-aggregator.warc.gz": {AGG_URL: [AGG0, AGG1]},
    "02-aggregator.wet.gz": {AGG_URL: [WET0, WET1]},
    "03-roundups.warc.gz": {
        "https://www.ledger-international.example/briefs/world-news-in-brief-jan-14": ROUNDUP1,
        "https://www.harlanvalleytribune.example/nation-world/briefs-0115": ROUNDUP2,
    },
    "04-multi-and-live.warc.gz": {
        "https://www.northgatechronicle.example/evening-edition/2025-02-27": EVENING,
        "http://www.eastgatedaily.example/china/20250118/lanshui-metro-tunnel.shtml": [CANAL],
        "https://www.thecapitalreport.example/live/veskaria-election": [LIVE],
    },
    "05-no-stories.warc": {
        f"{TG}/news/local/": [],
        f"{TG}/about/contact": [],
    },
    "06-encodings.warc.gz": {
        "http://www.leveilleur-causse.example/region/fromagerie-saint-aubrac-rouvre.html": [
            FROMAGERIE
        ],
        "https://www.diariovallenorte.example/comarca/embalse-penascal-nivel": [EMBALSE],
        f"{RT}/harrow-mills-covered-bridge": [GZIPPED],
        f"{RT}/ashford-bay-oysters-reopen": [BROTLI],
        f"{RT}/kettle-ridge-boardwalk": [CHUNKED],
    },
    "07-recaptures.warc.gz": {
        # captured, revisited, captured again with the same payload: one story, from the first
        f"{BP}/transportation/rail-union-deal-strike-called-off": [RAIL],
        f"{BP}/transportation/old-timetable": [],
        f"{BP}/rail-deal": [],
        f"{BP}/img/rail-yard.jpg": [],
    },
    "08-legacy.arc.gz": {
        f"{CP}/2009/06/15/granville-forge-mill-closing.html": [MILL],
        f"{CP}/local/county-fair-150th.html": [FAIR],
    },
}
FIRST_CAPTURE = {f"{BP}/transportation/rail-union-deal-strike-called-off": "2025-05-04T10:00:00Z"}


# --- running the extractor -------------------------------------------------------------------


def as_dict(story: Any) -> dict[str, Any]:
    return story.to_dict() if hasattr(story, "to_dict") else dict(story)


_cache: dict[str, list[dict[str, Any]]] = {}


def stories_of(file: str) -> list[dict[str, Any]]:
    """The story records `indexer.extract.extract_stories` gives for one sample file."""
    if file not in _cache:
        from indexer.extract import extract_stories

        _cache[file] = [as_dict(s) for s in extract_stories([str(SAMPLES / file)])]
    return _cache[file]


# --- comparing -------------------------------------------------------------------------------


def author_names(value: Any) -> frozenset[str]:
    """Names as case-folded word sequences; separators , ; | & "and" and a leading "By" dropped."""
    if not value:
        return frozenset()
    text = value if isinstance(value, str) else ", ".join(value)
    text = re.sub(r"^\s*by\s+", "", text, flags=re.I)
    parts = re.split(r"\s*(?:;|,|\||\band\b|&)\s*", text)
    return frozenset(" ".join(re.findall(r"\w+", p.casefold())) for p in parts if p.strip())


def same_date(expected: str, got: str | None) -> bool:
    if got is None:
        return False
    if len(expected) == 10:
        return got[:10] == expected
    try:
        e, g = datetime.fromisoformat(expected), datetime.fromisoformat(got)
    except ValueError:
        return False
    if e.tzinfo is None or g.tzinfo is None:
        return e.replace(tzinfo=None) == g.replace(tzinfo=None)
    return e == g


def problems(exp: Expect, got: dict[str, Any]) -> list[str]:
    out: list[str] = []
    body: str = got.get("body") or ""

    def check(name: str, ok: bool, shown: Any) -> None:
        if not ok:
            out.append(f"{name}: got {shown!r}")

    check("headline", got.get("headline") == exp.headline, got.get("headline"))
    check("dateline", got.get("dateline") == exp.dateline, got.get("dateline"))
    if exp.date is None:
        check("date (expected None)", got.get("date") is None, got.get("date"))
    else:
        check(f"date (expected {exp.date})", same_date(exp.date, got.get("date")), got.get("date"))
        check(
            f"date_source (expected {exp.date_source})",
            got.get("date_source") == exp.date_source,
            got.get("date_source"),
        )
    if exp.updated is not ANY:
        if exp.updated is None:
            check("updated (expected None)", got.get("updated") is None, got.get("updated"))
        else:
            check(
                f"updated (expected {exp.updated})",
                same_date(exp.updated, got.get("updated")),
                got.get("updated"),
            )
    want_names = author_names(", ".join(sorted(exp.byline))) if exp.byline else frozenset()
    check(
        f"byline (expected {sorted(exp.byline or ())})",
        author_names(got.get("byline")) == want_names,
        got.get("byline"),
    )
    check("captions", list(got.get("captions") or []) == list(exp.captions), got.get("captions"))
    accepted = exp.language if isinstance(exp.language, tuple) else (exp.language,)
    check(
        f"language (expected one of {accepted})",
        got.get("language") in accepted,
        got.get("language"),
    )
    if exp.body_starts is not ANY:
        check(
            f"body start (expected {exp.body_starts[:60]!r}…)",
            body.startswith(exp.body_starts),
            body[:120],
        )
    check(
        f"body end (expected …{exp.body_ends[-60:]!r})", body.endswith(exp.body_ends), body[-160:]
    )
    if exp.paragraphs is not None:
        n = len([p for p in body.split("\n\n") if p.strip()])
        check(f"paragraphs (expected {exp.paragraphs})", n == exp.paragraphs, n)
    pos = 0
    for s in exp.contains:
        i = body.find(s, pos)
        check(f"body contains {s!r} (in order)", i >= 0, None)
        pos = max(pos, i)
    for s in exp.once:
        check(f"body has {s!r} once", body.count(s) == 1, body.count(s))
    for s in (*exp.not_contains, *NEVER_IN_BODY):
        check(f"body must not contain {s!r}", s not in body, s)
    if exp.headline:
        check("headline repeated in body", exp.headline not in body, exp.headline)
    for c in exp.captions:
        check(f"caption in body: {c[:50]!r}", c[:40] not in body, c)
    if "\n\n\n" in body or body != body.strip():
        out.append("body has stray blank lines or surrounding whitespace")
    return out


CASES = [
    pytest.param(file, url, id=f"{file.split('.')[0]}:{url.split('/', 3)[-1][:40]}")
    for file, pages in PAGES.items()
    for url in pages
]


@pytest.mark.parametrize(("file", "url"), CASES)
def test_page_yields_the_expected_stories(file: str, url: str) -> None:
    expected = PAGES[file][url]
    got = [s for s in stories_of(file) if s["url"] == url]
    assert len(got) == len(expected), (
        f"{file} {url}: expected {len(expected)} stories, got {len(got)}: "
        + repr([(s.get("headline"), (s.get("body") or "")[:60]) for s in got])
    )
    report = []
    for i, (exp, story) in enumerate(zip(expected, got, strict=True)):
        issues = problems(exp, story)
        if story.get("story_index") != i:
            issues.append(f"story_index: expected {i}, got {story.get('story_index')!r}")
        # one story's text must not leak into another's (credit lines, second story, briefs)
        for j, other in enumerate(expected):
            if (
                j != i
                and other.body_starts is not ANY
                and other.body_starts[:50] in (story.get("body") or "")
            ):
                issues.append(f"body holds the start of story {j}: {other.body_starts[:50]!r}")
            if j != i:
                for c in other.captions:
                    if c in (story.get("captions") or []):
                        issues.append(f"caption of story {j} listed here: {c[:50]!r}")
        report += [f"story {i}: {p}" for p in issues]
    assert not report, f"{file} {url}:\n  " + "\n  ".join(report)


def test_every_sample_file_is_in_the_table() -> None:
    on_disk = {p.name for p in SAMPLES.iterdir() if p.name != "README.md"}
    assert on_disk == set(PAGES)


def test_no_stories_from_pages_outside_the_table() -> None:
    for file, pages in PAGES.items():
        extra = {s["url"] for s in stories_of(file)} - set(pages)
        assert not extra, f"{file}: stories from unexpected URLs {sorted(extra)}"


def test_sample_set_is_big_enough() -> None:
    """Issue 2 asks for at least 12 pages and 40 stories across the sample set."""
    pages = sum(1 for f in PAGES.values() for stories in f.values() if stories)
    stories = sum(len(s) for f in PAGES.values() for s in f.values())
    assert pages >= 12
    assert stories >= 40


@pytest.mark.parametrize("file", sorted(PAGES))
def test_provenance_and_record_shape(file: str) -> None:
    from indexer.records import STORY_KEYS

    path = str(SAMPLES / file)
    seen_ids: set[str] = set()
    for s in stories_of(file):
        assert list(s) == list(STORY_KEYS), f"keys/order differ: {list(s)}"
        assert s["warc_file"] == path
        assert isinstance(s["warc_offset"], int) and s["warc_offset"] >= 0
        assert s["warc_record_id"], s["url"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", s["captured_at"]), s["captured_at"]
        if s["url"] in FIRST_CAPTURE:
            assert s["captured_at"] == FIRST_CAPTURE[s["url"]]
        assert s["site"] == s["url"].split("/")[2].removeprefix("www.")
        assert s["id"] not in seen_ids, f"duplicate id {s['id']}"
        seen_ids.add(s["id"])


def test_story_ids_are_stable_across_runs() -> None:
    from indexer.extract import extract_stories

    file = "02-aggregator.warc.gz"
    again = [as_dict(s)["id"] for s in extract_stories([str(SAMPLES / file)])]
    assert again == [s["id"] for s in stories_of(file)]


def test_wet_and_html_paths_agree_on_the_aggregator() -> None:
    """Shape d: the WET text of the page gives the same two stories as its HTML."""
    html, text = stories_of("02-aggregator.warc.gz"), stories_of("02-aggregator.wet.gz")
    assert len(html) == len(text) == 2
    for h, t in zip(html, text, strict=True):
        for key in ("headline", "dateline", "body", "captions"):
            assert h[key] == t[key], key
        assert author_names(h["byline"]) == author_names(t["byline"])
        assert (h["date"] or "")[:10] == (t["date"] or "")[:10]


def test_samples_rebuild_identical(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """sample_warcs/ is what scripts/make_samples.py writes: byte for byte on this machine.

    Another zlib or brotli build may compress the same records into other bytes; then every
    record must still be the same once decompressed.
    """
    import importlib.util

    script = SAMPLES.parent / "scripts" / "make_samples.py"
    spec = importlib.util.spec_from_file_location("make_samples", script)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    monkeypatch.setitem(sys.modules, "make_samples", module)  # dataclasses look it up there
    spec.loader.exec_module(module)
    assert module.main(["--out", str(tmp_path)]) == 0
    rebuilt: defaultdict[str, bytes] = defaultdict(bytes)
    for p in tmp_path.iterdir():
        rebuilt[p.name] = p.read_bytes()
    for name in PAGES:
        committed = (SAMPLES / name).read_bytes()
        if rebuilt[name] != committed:
            assert records(rebuilt[name]) == records(committed), f"{name} differs from a rebuild"


_COMPRESSION_DEPENDENT = {"content-length", "warc-block-digest", "warc-payload-digest"}


def records(data: bytes) -> list[tuple[Any, ...]]:
    """Each record's type, headers and decoded payload, minus what depends on the compressor."""
    import brotli
    from warcio.archiveiterator import ArchiveIterator

    out = []
    for rec in ArchiveIterator(io.BytesIO(data), arc2warc=True):
        http = rec.http_headers
        encoding = http.get_header("Content-Encoding") if http else None
        payload = (
            brotli.decompress(rec.raw_stream.read())
            if encoding == "br"
            else rec.content_stream().read()
        )
        heads = [
            (k, v)
            for h in (rec.rec_headers, http)
            if h is not None
            for k, v in h.headers
            if k.lower() not in _COMPRESSION_DEPENDENT
        ]
        out.append((rec.rec_type, http.statusline if http else None, heads, payload))
    return out
