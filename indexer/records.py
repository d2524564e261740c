"""The records that flow through ingest: a captured Page in, Story records out.

`Story` is the contract of DESIGN.md §3: the same keys, in the same spelling, from the
extractor through the index, the JSON output and the query language.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Keys of the story record, in the order `morgue extract` writes them.
STORY_KEYS: tuple[str, ...] = (
    "id",
    "url",
    "site",
    "headline",
    "dateline",
    "date",
    "date_source",
    "updated",
    "byline",
    "body",
    "captions",
    "language",
    "story_index",
    "captured_at",
    "warc_file",
    "warc_offset",
    "warc_record_id",
)


@dataclass(frozen=True, slots=True, kw_only=True)
class Page:
    """One captured page, decoded to text, with provenance back to its archive record.

    Exactly one of `html` (an HTML payload) and `text` (a plain-text payload: a WET
    `conversion` record or a `text/plain` resource) is set. `html_utf8` is the same HTML as
    UTF-8 bytes, what the extractor's parser reads (set by indexer.warc, which has them at no
    cost for a page served in UTF-8); when it is None the extractor encodes `html` itself. The
    two must hold the same page: `dataclasses.replace(page, html=...)` passes `html_utf8=None`.
    """

    url: str
    captured_at: str  # WARC-Date, ISO 8601 UTC ("2026-01-02T03:04:05Z")
    warc_file: str
    warc_offset: int
    warc_record_id: str
    html: str | None = None
    text: str | None = None
    html_utf8: bytes | None = None
    content_type: str = ""
    payload_digest: str | None = None  # WARC-Payload-Digest, used to spot identical re-captures


@dataclass(frozen=True, slots=True, kw_only=True)
class Skip:
    """A record that yields no story, and why: counted, reported with file and offset."""

    #: short, stable key: "revisit", "http-status", "redirect", "not-html", "broken", ...
    reason: str
    warc_file: str
    warc_offset: int
    detail: str = ""
    url: str | None = None


@dataclass(frozen=True, slots=True, kw_only=True)
class Story:
    """One news story as DESIGN.md §3 defines it. Unknown values are None (or empty)."""

    id: str
    url: str
    site: str
    headline: str | None
    dateline: str | None
    date: str | None
    date_source: str | None
    updated: str | None
    byline: str | None
    body: str
    captions: tuple[str, ...] = field(default_factory=tuple)
    language: str | None
    story_index: int
    captured_at: str
    warc_file: str
    warc_offset: int
    warc_record_id: str

    def to_dict(self) -> dict[str, Any]:
        """The story record as a plain dict with every key of DESIGN.md §3."""
        d = {key: getattr(self, key) for key in STORY_KEYS}
        d["captions"] = list(self.captions)
        return d

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Story:
        """Build a Story from a story record (as written by `to_dict` or read from JSON)."""
        values: dict[str, Any] = {key: d.get(key) for key in STORY_KEYS}
        values["captions"] = tuple(d.get("captions") or ())
        values["body"] = d.get("body") or ""
        return cls(**values)


def story_id(url: str, story_index: int, headline: str | None, body: str) -> str:
    """A stable id: the same story text at the same URL always gets the same id.

    The capture time is deliberately left out, so an identical re-capture of a page
    (sample_warcs/07-recaptures.warc.gz) maps to the same ids and adds no story on upsert.
    """
    import hashlib  # here, not at the top: it costs ~2 ms on every `morgue search` start

    h = hashlib.blake2b(digest_size=10)
    for part in (url, str(story_index), headline or "", body):
        h.update(part.encode("utf-8", "surrogatepass"))
        h.update(b"\x00")
    return h.hexdigest()


def site_of(url: str) -> str:
    """The host of `url` without `www.` and port, lower-cased (DESIGN.md §3 `site`)."""
    rest = url.split("://", 1)[-1]
    host = rest.split("/", 1)[0].split("?", 1)[0].split("#", 1)[0]
    host = host.rsplit("@", 1)[-1].split(":", 1)[0].lower().rstrip(".")
    return host[4:] if host.startswith("www.") else host
