"""``tidy`` runs once per document, so it is written for speed; it must give exactly what
the plain three-pattern version below gives, for any text a template can produce."""

from __future__ import annotations

import re
import unicodedata

from hypothesis import given, settings
from hypothesis import strategies as st

from newsgen.realise import MARK_END, MARK_SEP, MARK_START, tidy


def reference(text: str, length: str) -> str:
    """The plain definition: collapse spaces and tabs, drop spaces before punctuation,
    strip lines, at most one blank line, capitalise paragraph and sentence starts, NFC."""
    start = re.compile(r"(^|[.!?][\"\u201d\u2019]?[ \n]+|\u2014 |\) [-\u2013] )"
                       rf"((?:{MARK_START}[^{MARK_SEP}]*{MARK_SEP})?)([^\W\d_])", re.MULTILINE)

    def cap(m: re.Match[str]) -> str:
        return m.group(1) + m.group(2) + m.group(3).upper()

    lines = [re.sub(r" +([.,;:!?)])", r"\1", re.sub(r"[ \t]+", " ", line)).strip()
             for line in text.splitlines()]
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()
    body = start.sub(cap, body, count=1 if length == "headline" else 0)
    return unicodedata.normalize("NFC", body) + "\n"


# the characters that matter to tidy, and a few that merely fill
PIECES = st.sampled_from([" ", "  ", "\t", "\n", "\n\n\n", ".", ",", ";", ":", "!", "?", ")",
                          "(", "\u2014", "\u2013", "-", "\"", "\u201d", "\u2019", "a", "b",
                          "A", "Z", "\u00c9",
                          "\u00e9", "e\u0301", "1", "\u00b2", "_", "\u2167", "\u217b",
                          "\u00a0", "\u202f", "\r\n", "\x0c",
                          f"{MARK_START}team:x{MARK_SEP}", MARK_END, "van",
                          "ß", "İ", "ǆ"])


@settings(max_examples=400, deadline=None)
@given(st.lists(PIECES, max_size=40), st.sampled_from(["headline", "brief", "full"]))
def test_tidy_matches_the_plain_definition(pieces: list[str], length: str) -> None:
    text = "".join(pieces)
    assert tidy(text, length) == reference(text, length)


def test_tidy_on_a_dateline_and_marks() -> None:
    text = (f"LIVERPOOL (AP) \u2014 {MARK_START}person:x{MARK_SEP}van dijk{MARK_END}  "
            "scored .  the hosts won.\n\n\n\n  un match.")
    assert tidy(text, "full") == reference(text, "full")
    assert "Van dijk" in tidy(text, "full") and "\n\nUn match." in tidy(text, "full")
