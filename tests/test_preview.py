"""The preview site: index, locale switch, facts panel, escaping, writing and --serve."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from conftest import FACTS, TEMPLATES, locales, played_fixtures
from preview_helpers import EVIL, LN, MARKER, copied_locale, evil_facts, read, site_of

from newsgen.cli import main
from newsgen.derive import derive
from newsgen.facts import Loaded, load_directory
from newsgen.planner import LENGTHS, plan, view
from newsgen.preview import INDEX, Site, build_site, recap_path
from newsgen.realise import Realiser
from newsgen.serve import PreviewServer
from newsgen.writer import SITE_MARK

SMALL = Path(__file__).parent / "data" / "situations"  # few fixtures: quick builds


def first_fixture(facts: Path) -> str:
    return min(f.id for f in load_directory(facts).facts.fixtures.values() if f.played)


@pytest.fixture(scope="module")
def site(bundled: Loaded, realiser: Realiser) -> Site:
    return build_site(bundled, realiser)


@pytest.fixture(scope="module")
def two_locales(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return site_of(FACTS, copied_locale(tmp_path_factory.mktemp("two")))


@pytest.fixture(scope="module")
def evil(tmp_path_factory: pytest.TempPathFactory) -> Site:
    return site_of(evil_facts(tmp_path_factory.mktemp("evil")), TEMPLATES)


def test_index_lists_every_fixture_locale_and_length(site: Site) -> None:
    index = read(site.pages[INDEX])
    hrefs = [a["href"] for a in index.links]
    expected = {recap_path(f, loc, n) for f in played_fixtures() for loc in locales()
                for n in LENGTHS}
    assert len(hrefs) == len(set(hrefs)) and set(hrefs) == expected
    assert set(site.pages) == {INDEX, *expected} and not site.problems
    # each row is named by its teams as the facts spell them
    assert any("Liverpool \u2013 Napoli" in row for row in index.inside("tr"))


def test_index_covers_every_locale_folder(two_locales: Site) -> None:
    hrefs = {a["href"] for a in read(two_locales.pages[INDEX]).links}
    assert {h.split("/")[0] for h in hrefs} == {"en", "it"}
    assert len(hrefs) == 2 * len(played_fixtures()) * len(LENGTHS)


def test_locale_switch_links_the_same_fixture_and_length(two_locales: Site) -> None:
    for fixture in played_fixtures():
        for locale in ("en", "it"):
            for length in LENGTHS:
                path = recap_path(fixture, locale, length)
                page = read(two_locales.pages[path])
                switch = {a["hreflang"]: a for a in page.links if "hreflang" in a}
                assert set(switch) == {"en", "it"}
                for loc, a in switch.items():
                    target = a["href"].removeprefix("../")
                    assert target == recap_path(fixture, loc, length)
                    assert target in two_locales.pages
                    assert ("aria-current" in a) == (loc == locale)


def test_each_locale_shows_its_own_headline(two_locales: Site) -> None:
    en = read(two_locales.pages[recap_path(LN, "en", "headline")])
    it = read(two_locales.pages[recap_path(LN, "it", "headline")])
    (en_title,), (it_title,) = en.inside("h1"), it.inside("h1")
    assert it_title == f"{MARKER} {en_title}" and MARKER not in en_title
    assert 'lang="it"' in two_locales.pages[recap_path(LN, "it", "headline")].decode()


def test_facts_panel_shows_each_message_with_its_rule_and_facts(
        site: Site, bundled: Loaded) -> None:
    facts = bundled.facts
    d = derive(facts, LN)
    short = view(plan(facts, LN, derived=d), "short")
    page = read(site.pages[recap_path(LN, "en", "short")])
    (panel,) = page.inside("aside")
    rules = [r for r in page.inside("span") if "→" in r]
    assert rules == [f"{m.rule} → {m.kind}" for m in short.messages]
    for m in short.messages:
        for fid in m.facts:
            assert fid in page.inside("dt"), fid
    values = dict(zip(page.inside("dt"), page.inside("dd"), strict=True))
    fixture = facts.fixtures[LN]
    assert values[f"fixture:{LN}/score"] == str(fixture.score)
    assert values["person:dejan-lovren"] == facts.people["dejan-lovren"].full_name
    # a derived fact says what it came from
    assert f"derived from {len(d.sources[f'derived:{LN}/table'])} fact(s)" in panel


def test_html_in_a_fact_is_text_everywhere(evil: Site) -> None:
    for path, data in evil.pages.items():
        page = read(data)
        assert "script" not in page.tags, path
        assert "<script" not in data.decode().lower(), path
    page = read(evil.pages[recap_path(LN, "en", "full")])
    (h1,) = page.inside("h1")
    (title,) = page.inside("title")
    assert h1.startswith(EVIL) and title.startswith(EVIL)
    assert EVIL in page.inside("article")[0]
    assert f"Dejan {EVIL}" in page.inside("dd")  # the facts panel
    raw = evil.pages[recap_path(LN, "en", "full")].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Lovren" in raw


def test_markup_in_template_text_is_text_too(tmp_path: Path) -> None:
    templates = copied_locale(tmp_path)
    full = templates / "en" / "full.md.j2"
    full.write_text("<b>bold</b> " + full.read_text(encoding="utf-8"), encoding="utf-8")
    site = site_of(SMALL, templates)
    page = read(site.pages[recap_path(first_fixture(SMALL), "en", "full")])
    assert "b" not in page.tags and "<b>bold</b>" in page.inside("article")[0]


def test_the_site_is_deterministic(bundled: Loaded, site: Site) -> None:
    again = build_site(load_directory(FACTS), Realiser(TEMPLATES, bundled.facts))
    assert again.pages == site.pages


def test_a_broken_template_shows_its_error_where_the_recap_would_be(tmp_path: Path) -> None:
    templates = copied_locale(tmp_path)
    (templates / "it" / "headline.md.j2").write_text("{% if %}\n", encoding="utf-8")
    site = site_of(SMALL, templates)
    fixture = first_fixture(SMALL)
    it = read(site.pages[recap_path(fixture, "it", "full")])
    assert any("it/headline.md.j2:1" in e for e in it.inside("p")), it.inside("p")
    en = read(site.pages[recap_path(fixture, "en", "full")])
    assert en.inside("h1") and not any("headline.md.j2" in p for p in en.inside("p"))
    index = read(site.pages[INDEX])
    assert any("it/headline.md.j2:1" in li for li in index.inside("li"))
    assert site.problems


def test_a_fixture_whose_facts_break_shows_why(tmp_path: Path) -> None:
    facts = tmp_path / "facts"
    shutil.copytree(FACTS, facts)
    broken = facts / "ucl-2019-20" / f"{LN}.yaml"
    text = broken.read_text(encoding="utf-8")
    assert "  score: 1-1\n" in text
    broken.write_text(text.replace("  score: 1-1\n", "  score: one-all\n", 1),
                      encoding="utf-8")
    site = site_of(facts, TEMPLATES)
    page = read(site.pages[recap_path(LN, "en", "full")])
    assert any(f"{LN}.yaml" in p for p in page.inside("p")), page.inside("p")
    index = read(site.pages[INDEX])
    assert any(f"{LN}.yaml" in li for li in index.inside("li"))


# --- the command and the writer ----------------------------------------------------------


def run(*args: str) -> tuple[int, str]:
    err = io.StringIO()
    code = main(["preview", *args], out=io.StringIO(), err=err)
    return code, err.getvalue()


def test_preview_writes_the_site_and_replaces_it_whole(tmp_path: Path, site: Site) -> None:
    out = tmp_path / "site"
    code, err = run("--out", str(out), "--facts", str(FACTS), "--templates", str(TEMPLATES))
    assert code == 0, err
    written = {p.relative_to(out).as_posix(): p.read_bytes()
               for p in out.rglob("*") if p.is_file()}
    assert written == {**site.pages, SITE_MARK: b""}
    stale = out / "xx" / "old.html"
    stale.parent.mkdir()
    stale.write_text("old", encoding="utf-8")
    code, err = run("--out", str(out), "--facts", str(FACTS), "--templates", str(TEMPLATES))
    assert code == 0, err
    assert not stale.exists() and (out / INDEX).read_bytes() == site.pages[INDEX]
    assert [p.name for p in tmp_path.iterdir()] == ["site"]  # no temporary left behind


def test_preview_will_not_replace_a_folder_it_did_not_write(tmp_path: Path) -> None:
    mine = tmp_path / "notes.txt"
    mine.write_text("keep me", encoding="utf-8")
    code, err = run("--out", str(tmp_path), "--facts", str(FACTS), "--templates",
                    str(TEMPLATES))
    assert code == 2 and "did not write" in err
    assert mine.read_text(encoding="utf-8") == "keep me"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["notes.txt"]


def test_preview_exits_1_and_lists_the_problem_when_a_template_breaks(tmp_path: Path) -> None:
    templates = copied_locale(tmp_path)
    (templates / "it" / "brief.md.j2").write_text("{{ nope(\n", encoding="utf-8")
    code, err = run("--out", str(tmp_path / "site"), "--facts", str(SMALL), "--templates",
                    str(templates))
    assert code == 1 and "it/brief.md.j2" in err
    assert (tmp_path / "site" / INDEX).is_file()  # the site still shows everything else


# --- --serve -----------------------------------------------------------------------------


def _get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return response.status, response.read().decode("utf-8")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read().decode("utf-8")


def _until(what: str, check: object, limit: float = 60.0) -> None:
    """Poll ``check`` until it returns true; fail, saying what was awaited, after ``limit``."""
    assert callable(check)
    deadline = time.monotonic() + limit
    while not check():
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting for {what}")
        time.sleep(0.1)


def test_serve_rebuilds_on_a_template_edit_and_survives_a_broken_one(tmp_path: Path) -> None:
    templates = copied_locale(tmp_path)
    played = sorted(f.id for f in load_directory(SMALL).facts.fixtures.values() if f.played)
    first, last = played[0], played[-1]
    log = tmp_path / "server.log"
    with log.open("w") as stderr:
        server = subprocess.Popen(
            [sys.executable, "-m", "newsgen", "preview", "--serve", "--port", "0",
             "--facts", str(SMALL), "--templates", str(templates),
             "--out", str(tmp_path / "site")],
            stdout=subprocess.DEVNULL, stderr=stderr, cwd=tmp_path,
            env={**os.environ, "PYTHONPATH": str(Path(__file__).parent.parent)})
    try:
        url = ""

        def started() -> bool:
            nonlocal url
            assert server.poll() is None, log.read_text(encoding="utf-8")
            for word in log.read_text(encoding="utf-8").split():
                if word.startswith("http://127.0.0.1:"):
                    url = word
            return bool(url)

        _until("the server to start", started)
        page = url + recap_path(first, "en", "headline")
        status, before = _get(page)
        assert status == 200 and "BANNER" not in before
        headline = templates / "en" / "headline.md.j2"
        good = headline.read_text(encoding="utf-8")
        headline.write_text(good.replace("{% for", "BANNER {% for", 1), encoding="utf-8")
        _until("the edit to show", lambda: "<h1>BANNER " in _get(page)[1])
        # every fixture at once, and the written site too
        other = url + recap_path(last, "en", "headline")
        assert "<h1>BANNER " in _get(other)[1]
        assert "<h1>BANNER " in (tmp_path / "site" / recap_path(first, "en", "headline")) \
            .read_text(encoding="utf-8")

        headline.write_text("{% for %}\n", encoding="utf-8")
        _until("the error to show", lambda: "en/headline.md.j2:1" in _get(page)[1])
        assert server.poll() is None
        headline.write_text(good, encoding="utf-8")
        _until("the fix to show", lambda: "<h1>BANNER" not in _get(page)[1]
               and "headline.md.j2:1" not in _get(page)[1])
        assert _get(url + "nowhere.html")[0] == 404
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_a_build_that_fails_altogether_shows_its_error_and_the_server_lives_on() -> None:
    broken = [True]

    def build() -> dict[str, bytes]:
        if broken[0]:
            raise OSError("facts/: <gone> & away")
        return {INDEX: b"<h1>fine</h1>"}

    server = PreviewServer(("127.0.0.1", 0), build)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1})
    thread.start()
    try:
        status, body = _get(server.url + "any/page.html")
        assert status == 500 and "OSError: facts/: &lt;gone&gt; &amp; away" in body
        broken[0] = False
        assert server.rebuild() is None
        assert _get(server.url) == (200, "<h1>fine</h1>")
        broken[0] = True
        assert server.rebuild() == "OSError: facts/: <gone> & away"
        assert _get(server.url)[0] == 500
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
