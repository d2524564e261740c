"""Quality gate: extraction on a frozen sample of the shared real-world pages stays above floors.

The pages are 30 per set of ../shared/eval/extraction (scrapinghub, aed-dev, goose3), drawn
once with `random.Random("morgue-quality-gate-<set>").sample(sorted(urls), 30)` and frozen
below, so the gate holds the hard pages along with the easy ones. They are extracted in this
process with `indexer.extract.extract_page` and scored with the shared score.py itself (its
functions are imported, never copied). Skipped when ../shared is absent.

FLOORS ONLY MOVE UP. They sit just under what the extractor measured when they were set; raise
them when extraction improves, and never lower one to make a change pass — fix the change.
`python bench/quality.py` prints the same metrics on the full sets.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
EVAL = SHARED / "eval" / "extraction"

pytestmark = [
    pytest.mark.eval,
    pytest.mark.skipif(not (EVAL / "score.py").exists(), reason="../shared/eval is absent"),
]

#: set → the frozen sample of page URLs (the ground truth's `url`).
PAGES: dict[str, tuple[str, ...]] = {
    "scrapinghub": (
        "http://jeongdongtheater.com/blog/2018/10/12/palace-tale-jang-noksu-reviews-klook-visitors/",
        "https://blog.comwrap.com/comwrap-auf-der-dmexco-2018",
        "https://digg.com/2019/is-stadia-good-worth-it-reviews",
        "https://news.sky.com/story/jose-mourinho-agrees-deal-to-replace-mauricio-pochettino-as-tottenham-manager-11865382",
        "https://sputniknews.com/columnists/201911181077343476-royal-self-indicting-arrogance/",
        "https://theantijunecleaver.com/2014/09/make-arrowhead-water-a-part-of-your-mountain-hike-survival-kit/",
        "https://thehill.com/homenews/news/471033-south-dakota-governor-doubles-down-on-meth-were-on-it-anti-drug-campaign",
        "https://www.albawaba.com/news/sweden-drops-its-investigation-rape-allegation-against-julian-assange-1322369",
        "https://www.autoindustriya.com/auto-industry-news/all-new-2020-sentra-is-what-we-really-want-from-nissan-ph.html",
        "https://www.bbc.com/news/newsbeat-50470672",
        "https://www.beachbodyondemand.com/blog/ilana-muhlstein-game-day-snacks",
        "https://www.bigbrandsystem.com/success-mindset/",
        "https://www.ctvnews.ca/sci-tech/snooze-cruise-study-sees-future-for-hibernating-astronauts-1.4690347",
        "https://www.dawgsbynature.com/2019/11/18/20970600/browns-defensive-snap-counts-stats-and-notes-week-11",
        "https://www.deccanherald.com/business/economy-business/beijing-tariff-demands-may-expand-us-china-trade-deal-777916.html",
        "https://www.expapp.com/blog/introducing-junior-gaspard-new-ceo-experience/",
        "https://www.floridatoday.com/story/sports/high-school/2019/11/20/hs-roundup-viera-defeats-rockledge-remain-undefeated/4246736002/",
        "https://www.hawaiinewsnow.com/2019/11/19/scientists-use-hawaii-telescope-spot-water-vapor-one-jupiters-moon/",
        "https://www.latimes.com/entertainment-arts/business/story/2019-11-19/disney-plus-kevin-mayer",
        "https://www.morebikes.co.uk/7908/bike-style-book-soundtrack-review/",
        "https://www.mysanantonio.com/news/article/Cat-found-in-New-Mexico-after-going-missing-in-14848175.php",
        "https://www.nj.com/entertainment/2019/11/florida-man-exists-south-dakota-hold-my-beer-meth-were-on-it.html",
        "https://www.politifact.com/truth-o-meter/article/2019/nov/18/politifacts-guide-understanding-tariffs-and-intern/",
        "https://www.sfgate.com/news/article/7-key-questions-heading-into-Wednesday-s-14848176.php",
        "https://www.sfgate.com/news/crime/article/The-Latest-Man-stabbed-to-death-on-San-Francisco-14848218.php",
        "https://www.sportsnet.ca/tennis/argentina-comfortably-wins-davis-cup-opener-chile/",
        "https://www.timesunion.com/news/us/article/PG-E-begins-new-mass-power-shutoff-over-fire-14848251.php",
        "https://www.timesunion.com/sports/article/Nelson-s-OT-goal-lifts-Isles-14848099.php",
        "https://www.twincities.com/2019/11/19/parise-scores-2-goals-wild-beat-sabres-4-1/",
        "https://www.zdnet.com/article/best-tech-gadgets/",
    ),
    "aed-dev": (
        "http://mashable.com/article/iphone-11-to-iphone-15",
        "http://news.sky.com/story/secret-botox-a-betrayal-of-trust-or-just-a-little-white-lie-13025749",
        "http://www.bbcamerica.com/blogs/10-things-you-may-not-know-about-happy-valley--1062187",
        "http://www.infoworld.com/article/3711804/a-first-look-at-windows-ai-studio.html",
        "http://www.teenvogue.com/story/bnxn-july-2023-cover-interview",
        "https://arstechnica.com/space/2023/12/daily-telescope-the-milky-way-shines-bright-above-the-pyrenees/",
        "https://bleacherreport.com/articles/10101976-report-anthony-joshua-deontay-wilder-agree-to-all-terms-for-2-fight-contract",
        "https://ideas.ted.com/how-right-to-repair-legislation-can-reduce-waste/",
        "https://mashable.com/roundup/best-dating-sites-for-men",
        "https://n.rivals.com/news/no-1-2025-og-solomon-thomas-talks-florida-state-commitment",
        "https://phys.org/news/2023-12-jellyfish-regenerate-functional-tentacles-days.html",
        "https://thebottomline.as.ucsb.edu/2023/06/creating-characters-we-love-the-screenwriting-process-in-our-flag-means-death",
        "https://thedailysound.com/latest-technology-trends-2018/",
        "https://www.bostonglobe.com/2023/12/22/metro/officer-involved-shooting-reported-in-norwood/",
        "https://www.ebony.com/video/ebony-evolution-ft-rick-ross/",
        "https://www.escapistmagazine.com/new-avatar-the-last-airbender-images-feature-a-terrifying-bounty-hunter-a-mechanist/",
        "https://www.foxsports.com/stories/college-football/florida-state-board-approves-acc-lawsuit-challenging-contract-572-million-penalty",
        "https://www.foxsports.com/stories/nfl/if-christian-mccaffrey-isnt-nfl-mvp-will-a-running-back-ever-win-again",
        "https://www.independent.co.uk/sport/football/manchester-city-fluminese-club-world-cup-b2468615.html",
        "https://www.mlb.com/news/shohei-ohtani-goes-to-rams-thursday-night-football-game",
        "https://www.motortrend.com/news/us-trade-tariffs-on-chinese-cars-suvs-2024/",
        "https://www.nytimes.com/2023/12/22/opinion/same-sex-blessing-catholic-church.html",
        "https://www.popsci.com/diy/types-of-saws/",
        "https://www.sbnation.com/nfl/2023/12/19/24007719/zach-wilson-mom-head-injury-jets-dolphins-nfl",
        "https://www.sun-sentinel.com/2023/12/22/five-hurricanes-prospects-who-may-be-underrated-after-signing-wednesday/",
        "https://www.tehrantimes.com/news/492999/Export-from-Kordestan-province-rises-26-in-8-months-on-year",
        "https://www.thedailybeast.com/biden-pardons-thousands-more-for-pot-offenses?ref=home",
        "https://www.thedailyworld.com/news/healing-through-art/",
        "https://www.thestreet.com/investing/buying-and-operating-a-franchise-everything-you-need-to-know",
        "https://www.topspeed.com/honda-solid-state-battery-force-to-reckon-with/",
    ),
    "goose3": (
        "http://allnewlyrics.com/only-one-lyrics-pj-morton-ft-stevie-wonder.html",
        "http://blogs.wsj.com/accelerators/2014/06/03/jessica-livingston-why-startups-need-to-focus-on-sales-not-marketing/",
        "http://danielspicar.github.com/goose-bug.html",
        "http://gizmodo.com/the-gear-and-apps-you-need-to-survive-the-next-semester-1141460933",
        "http://gizmodo.com/the-gear-and-apps-you-need-to-survive-the-next-semester-1141460933?eval_dup=test_gizmodo3",
        "http://lifestyle.msn.com/your-life/your-money-today/article.aspx?cp-documentid=31244150",
        "http://lostinjit.blogspot.fr/2011/10/pypy-and-road-towards-scipy.html",
        "http://mashable.com/2014/01/26/square-cofounder-jim-mckelvey/",
        "http://news.cnet.com/8301-30686_3-20014053-266.html?tag=topStories1",
        "http://newsfeed.time.com/2011/08/24/washington-monument-closes-to-repair-earthquake-induced-crack/",
        "http://sports.espn.go.com/espn/commentary/news/story?id=5461430",
        "http://techcrunch.com/2011/08/13/2005-zuckerberg-didnt-want-to-take-over-the-world/",
        "http://www.accountancyage.com/aa/analysis/2111729/institutes-ifrs-bang",
        "http://www.aolnews.com/nation/article/the-few-the-proud-the-marines-getting-a-makeover/19592478",
        "http://www.businessinsider.com/larry-page-the-untold-story-2014-4",
        "http://www.businessinsider.com/larry-page-the-untold-story-2014-4?eval_dup=test_okaymarketing",
        "http://www.businessweek.com/technology/here-comes-apples-real-tv-09132011.html",
        "http://www.cnbc.com/id/44613978",
        "http://www.cnn.com/2010/POLITICS/08/13/democrats.social.security/index.html",
        "http://www.foxnews.com/politics/2010/08/14/russias-nuclear-help-iran-stirs-questions-improved-relations/",
        "http://www.guardian.co.uk/film/2011/nov/18/kristen-wiig-bridesmaids",
        "http://www.huffingtonpost.com/2010/08/13/federal-reserve-pursuing_n_681540.html",
        "http://www.huffingtonpost.com/2011/10/06/alabama-workers-immigration-law_n_997793.html",
        "http://www.liberation.fr/politiques/2012/10/27/ayrault-assume-et-revendique-sa-methode_856451",
        "http://www.politico.com/news/stories/1010/43352.html",
        "http://www.slate.fr/story/64063/tapie-mougeotte-la-provence",
        "http://www.sociedad.elpais.com/sociedad/2012/10/27/actualidad/1351332873_157836.html",
        "http://www.telegraph.co.uk/foodanddrink/foodanddrinknews/8808120/Worlds-hottest-chilli-contest-leaves-two-in-hospital.html",
        "http://www.tulsaworld.com/site/articlepath.aspx?articleid=20111118_61_A16_Opposi344152&rss_lnk=7",
        "http://www.usatoday.com/story/tech/columnist/talkingtech/2014/01/25/namm-2014---ik-multimedias-rings-to-make-music/4863193/",
    ),
}

#: (set, metric) → floor. Metric names are paths into score.py's result ("body.f1").
#: Each sits just under what the extractor measured on this sample when it was set (measured
#: value in the comment). Floors only move up.
FLOORS: dict[tuple[str, str], float] = {
    ("scrapinghub", "body.f1"): 0.963,  # 0.964 (0.961 before session 11)
    ("aed-dev", "body.f1"): 0.948,  # 0.951
    ("aed-dev", "title.strict"): 0.96,  # 0.967 (29 of 30)
    ("aed-dev", "date.acc"): 0.93,  # 0.933 (28 of 30)
    ("aed-dev", "author.acc"): 0.89,  # 0.897 (26 of the 29 with authors)
    ("goose3", "lead.starts"): 0.69,  # 0.700 (21 of 30; 19 before session 11)
    ("goose3", "lead.contains"): 0.86,  # 0.867 (26 of 30; 25 before session 11)
    ("goose3", "title.token"): 0.75,  # 0.750 (3 of the 4 sampled pages that have a title)
}
#: Pages of the sample that may yield more than one story (issue 4: ≤ 2 % of pages; none of
#: the 90 split when this was set). Only moves down.
MAX_MULTI = 0


def load_score() -> ModuleType:
    """The shared score.py as a module, leaving sys.path and sys.modules as they were."""
    saved_path, saved_metrics = list(sys.path), sys.modules.get("metrics")
    try:
        spec = importlib.util.spec_from_file_location("shared_eval_score", EVAL / "score.py")
        assert spec is not None and spec.loader is not None
        module = importlib.util.module_from_spec(spec)
        spec.loader.exec_module(module)
        return module
    finally:
        sys.path[:] = saved_path
        if saved_metrics is None:
            sys.modules.pop("metrics", None)
        else:
            sys.modules["metrics"] = saved_metrics


def extract_sample(ds: str) -> list[dict[str, Any]]:
    from indexer.extract import extract_page
    from indexer.records import Page
    from indexer.warc import read_archive

    wanted = set(PAGES[ds])
    stories: list[dict[str, Any]] = []
    for item in read_archive(str(EVAL / f"{ds}.warc.gz")):
        if isinstance(item, Page) and item.url in wanted:
            stories += [s.to_dict() for s in extract_page(item)]
    return stories


@pytest.fixture(scope="module")
def scores() -> dict[str, dict[str, Any]]:
    score = load_score()
    out = {}
    for ds, urls in PAGES.items():
        gts = [g for g in score.read_jsonl(EVAL / f"{ds}.gt.jsonl") if g["url"] in set(urls)]
        assert len(gts) == len(urls), f"{ds}: sample URLs missing from the ground truth"
        out[ds] = score.score(gts, extract_sample(ds), n_bootstrap=1)
    return out


def metric(result: dict[str, Any], path: str) -> float:
    cur: Any = result
    for key in path.split("."):
        cur = cur.get(key, {}) if isinstance(cur, dict) else {}
    return float(cur) if isinstance(cur, int | float) else 0.0


@pytest.mark.parametrize(("ds", "path"), sorted(FLOORS))
def test_metric_stays_above_its_floor(
    scores: dict[str, dict[str, Any]], ds: str, path: str
) -> None:
    got = metric(scores[ds], path)
    assert got >= FLOORS[ds, path], f"{ds} {path} = {got:.3f}, below its floor {FLOORS[ds, path]}"


def test_pages_yield_one_story(scores: dict[str, dict[str, Any]]) -> None:
    multi = {ds: r["multi"] for ds, r in scores.items()}
    assert sum(multi.values()) <= MAX_MULTI, f"pages split into several stories: {multi}"
