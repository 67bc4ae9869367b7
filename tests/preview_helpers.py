"""Shared by the preview tests: fact sets and template folders built in temporary
directories, an HTML reader, and the site served on localhost."""

from __future__ import annotations

import shutil
import threading
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from conftest import FACTS, TEMPLATES

from newsgen.facts import load_directory
from newsgen.preview import Site, build_site
from newsgen.realise import Realiser
from newsgen.serve import PreviewServer

LN = "2019-11-27-liverpool-napoli"
EVIL = "<script>alert(1)</script> & Lovren"  # Dejan Lovren's family name, in the evil facts
MARKER = "MARCATORE"  # starts the headline of the copied locale


def evil_facts(tmp: Path) -> Path:
    """A copy of the bundled facts where a player's name is HTML with an ampersand."""
    facts = tmp / "facts"
    shutil.copytree(FACTS, facts)
    people = facts / "reference" / "people.yaml"
    text = people.read_text(encoding="utf-8")
    old = "{id: dejan-lovren, given: Dejan, family: Lovren,"
    assert old in text
    people.write_text(text.replace(old, "{id: dejan-lovren, given: Dejan, family: "
                                   f'"{EVIL}",'), encoding="utf-8")
    return facts


def copied_locale(tmp: Path, locale: str = "it") -> Path:
    """Templates where ``locale`` is a copy of en whose headline starts with ``MARKER``."""
    templates = tmp / "templates"
    shutil.copytree(TEMPLATES / "en", templates / "en")
    shutil.copytree(TEMPLATES / "en", templates / locale)
    headline = templates / locale / "headline.md.j2"
    text = headline.read_text(encoding="utf-8")
    assert "{% for m in plan.messages %}" in text
    headline.write_text(text.replace("{% for m in plan.messages %}",
                                     MARKER + " {% for m in plan.messages %}", 1),
                        encoding="utf-8")
    return templates


def site_of(facts: Path, templates: Path) -> Site:
    loaded = load_directory(facts)
    return build_site(loaded, Realiser(templates, loaded.facts))


@dataclass
class Page(HTMLParser):
    """What a browser would make of a page: its links, element texts and tags."""

    links: list[dict[str, str]] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    text: list[str] = field(default_factory=list)
    stack: list[tuple[str, dict[str, str]]] = field(default_factory=list)
    by_tag: dict[str, list[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        super().__init__(convert_charrefs=True)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        self.tags.append(tag)
        if tag == "a":
            self.links.append(a)
        if tag not in ("br", "meta"):
            self.stack.append((tag, a))
            self.by_tag.setdefault(tag, []).append("")

    def handle_endtag(self, tag: str) -> None:
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        for tag in {t for t, _ in self.stack}:
            self.by_tag[tag][-1] += data
        if self.stack and self.stack[-1][0] == "a":
            self.links[-1]["text"] = self.links[-1].get("text", "") + data

    def inside(self, tag: str) -> list[str]:
        return self.by_tag.get(tag, [])


def read(page: bytes) -> Page:
    p = Page()
    p.feed(page.decode("utf-8"))
    p.close()
    return p


@contextmanager
def serving(pages: Mapping[str, bytes]) -> Iterator[str]:
    """The pages on a free port of localhost; yields the site's URL."""
    server = PreviewServer(("127.0.0.1", 0), lambda: pages)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.1},
                              daemon=True)
    thread.start()
    try:
        yield server.url
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
