"""Archives for the tests of indexer.warc, written with warcio (WARC) or byte by byte (ARC) in
tmp_path, and the readers the tests check them with. Shared by tests/test_warc.py (records),
tests/test_warc_decoding.py (encodings and charsets) and tests/test_warc_resync.py (damage and
byte ranges)."""

from __future__ import annotations

import gzip
import io
from collections.abc import Callable, Sequence
from pathlib import Path

from warcio.warcwriter import WARCWriter

from indexer.records import Page, Skip
from indexer.warc import read_archive

DATE = "2026-01-02T03:04:05Z"
HTML = "<!doctype html><html><head><title>Río</title></head><body><p>Café olé</p></body></html>"

Spec = Callable[[WARCWriter], object]


def http(
    body: bytes,
    status: str = "200 OK",
    headers: Sequence[tuple[str, str]] = (("Content-Type", "text/html; charset=utf-8"),),
) -> bytes:
    head = f"HTTP/1.1 {status}\r\n" + "".join(f"{k}: {v}\r\n" for k, v in headers) + "\r\n"
    return head.encode("latin-1") + body


def response(url: str, payload: bytes, date: str = DATE, **warc: str) -> Spec:
    def build(w: WARCWriter) -> object:
        return w.create_warc_record(
            url,
            "response",
            payload=io.BytesIO(payload),
            length=len(payload),
            warc_headers_dict={"WARC-Date": date, **warc},
        )

    return build


def block(url: str, rec_type: str, data: bytes, content_type: str, **warc: str) -> Spec:
    def build(w: WARCWriter) -> object:
        return w.create_warc_record(
            url,
            rec_type,
            payload=io.BytesIO(data),
            length=len(data),
            warc_content_type=content_type,
            warc_headers_dict={"WARC-Date": DATE, **warc},
        )

    return build


def revisit(url: str) -> Spec:
    def build(w: WARCWriter) -> object:
        return w.create_revisit_record(
            url, "sha1:AAAA", url, DATE, warc_headers_dict={"WARC-Date": DATE}
        )

    return build


def warcinfo() -> Spec:
    return lambda w: w.create_warcinfo_record("x.warc", {"software": "test"})


def write_warc(path: Path, specs: Sequence[Spec], *, gz: bool = True) -> list[int]:
    """Write the records; return each one's byte offset."""
    offsets = []
    with open(path, "wb") as fh:
        writer = WARCWriter(fh, gzip=gz)
        for spec in specs:
            offsets.append(fh.tell())
            writer.write_record(spec(writer))
    return offsets


def page(url: str, body: bytes, **kw: str) -> Spec:
    return response(url, http(body), **kw)


def read(path: Path) -> list[Page | Skip]:
    return list(read_archive(str(path)))


def one(path: Path, spec: Spec) -> Page | Skip:
    write_warc(path, [spec])
    items = read(path)
    assert len(items) == 1, items
    return items[0]


def one_page(tmp_path: Path, spec: Spec) -> Page:
    item = one(tmp_path / "a.warc.gz", spec)
    assert isinstance(item, Page), item
    return item


def one_skip(tmp_path: Path, spec: Spec) -> Skip:
    item = one(tmp_path / "a.warc.gz", spec)
    assert isinstance(item, Skip), item
    return item


def three_pages(path: Path, *, gz: bool) -> list[int]:
    return write_warc(
        path,
        [
            page(f"http://example.com/{i}", f"<html><p>story {i}</p></html>".encode())
            for i in range(3)
        ],
        gz=gz,
    )


def urls(items: Sequence[Page | Skip]) -> list[str | None]:
    return [item.url for item in items if isinstance(item, Page)]


def chunked(data: bytes, size: int = 7) -> bytes:
    parts = [data[i : i + size] for i in range(0, len(data), size)]
    return b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in parts) + b"0\r\n\r\n"


BODY = HTML.encode()


def arc_bytes(records: Sequence[tuple[str, bytes]]) -> tuple[bytes, list[int]]:
    """An ARC v1 file: the filedesc header record, then one record per (url, HTTP bytes)."""
    spec = b"1 0 Test\nURL IP-address Archive-date Content-type Archive-length\n"
    out = [b"filedesc://test.arc 0.0.0.0 20260102030405 text/plain %d\n%s\n" % (len(spec), spec)]
    offsets = []
    pos = len(out[0])
    for url, data in records:
        rec = b"%s 93.184.216.34 20260102030405 text/html %d\n%s\n" % (
            url.encode(),
            len(data),
            data,
        )
        offsets.append(pos)
        out.append(rec)
        pos += len(rec)
    return b"".join(out), offsets


def write_whole_gzip(path: Path, specs: Sequence[Spec]) -> list[int]:
    """Write the records as a plain WARC run through `gzip` whole (one gzip member for the
    file, as `gzip a.warc` makes); return each record's offset in the decompressed stream."""
    plain = path.with_name(path.name + ".plain")
    offsets = write_warc(plain, specs, gz=False)
    path.write_bytes(gzip.compress(plain.read_bytes()))
    plain.unlink()
    return offsets
