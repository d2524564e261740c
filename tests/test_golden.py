"""Golden story files: `extract_stories` over each sample archive equals tests/golden/<name>.jsonl.

The golden files freeze the whole story record (every field, ids and provenance included), so
any change in extraction shows up as a reviewable diff. They change only on purpose:

    pytest tests/test_golden.py --update-golden && git diff tests/golden/

The archives are passed as `sample_warcs/<name>` from the repository root, so `warc_file` in the
golden files is stable wherever the repository lives.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import orjson
import pytest

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden"
ARCHIVES = sorted(
    p.name for p in (ROOT / "sample_warcs").iterdir() if p.name != "README.md" and p.is_file()
)


def as_jsonl(stories: list[Any]) -> bytes:
    rows = [s.to_dict() if hasattr(s, "to_dict") else dict(s) for s in stories]
    return b"".join(orjson.dumps(r, option=orjson.OPT_APPEND_NEWLINE) for r in rows)


@pytest.mark.parametrize("archive", ARCHIVES)
def test_extraction_matches_golden_file(
    archive: str, update_golden: bool, monkeypatch: pytest.MonkeyPatch
) -> None:
    from indexer.extract import extract_stories

    monkeypatch.chdir(ROOT)
    got = as_jsonl(list(extract_stories([f"sample_warcs/{archive}"])))
    golden = GOLDEN / f"{archive}.jsonl"
    if update_golden:
        GOLDEN.mkdir(exist_ok=True)
        golden.write_bytes(got)
        return
    assert golden.exists(), f"no golden file {golden}; create it with: pytest --update-golden"
    want = golden.read_bytes()
    if got != want:
        pytest.fail(
            f"extraction of {archive} differs from its golden file (if the change is intended: "
            "pytest --update-golden, then review git diff tests/golden/):\n" + describe(want, got)
        )


def describe(want: bytes, got: bytes) -> str:
    """The differences field by field, story by story (whole JSON lines are too long to read)."""
    old = [orjson.loads(line) for line in want.splitlines() if line.strip()]
    new = [orjson.loads(line) for line in got.splitlines() if line.strip()]
    out = [f"  stories: golden {len(old)}, now {len(new)}"] if len(old) != len(new) else []
    for i, (a, b) in enumerate(zip(old, new, strict=False)):
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                out.append(
                    f"  story {i} {key}: golden {_short(a.get(key))} → now {_short(b.get(key))}"
                )
    return "\n".join(out[:40])


def _short(value: Any) -> str:
    text = repr(value)
    return text if len(text) <= 120 else text[:80] + " … " + text[-30:]


def test_every_golden_file_has_an_archive() -> None:
    stale = {p.name for p in GOLDEN.glob("*.jsonl")} - {f"{a}.jsonl" for a in ARCHIVES}
    assert not stale, f"golden files without a sample archive: {sorted(stale)}"
