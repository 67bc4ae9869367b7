"""The preview site in a real headless Chromium (Debian's chromium and chromium-driver).

These tests fail, not skip, when Chromium is missing: CI installs it (``.ci/run``). Selenium
is pointed at the system's chromedriver and browser, so Selenium Manager never runs and
nothing is downloaded.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from conftest import FACTS, TEMPLATES
from preview_helpers import EVIL, LN, MARKER, copied_locale, evil_facts, serving, site_of
from selenium import webdriver
from selenium.common.exceptions import NoAlertPresentException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.remote.webdriver import WebDriver

from newsgen.document import render_fixture
from newsgen.facts import load_directory
from newsgen.realise import Realiser

CHROMIUM = Path("/usr/bin/chromium")
CHROMEDRIVER = Path("/usr/bin/chromedriver")
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync")


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory,
            monkeypatch_module: pytest.MonkeyPatch) -> Iterator[WebDriver]:
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.is_file()]
    if missing:
        pytest.fail(f"{', '.join(missing)} not found: install Debian's chromium and "
                    "chromium-driver (apt-get install -y chromium chromium-driver)")
    monkeypatch_module.setenv("SE_OFFLINE", "true")  # Selenium Manager, should it run
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={tmp_path_factory.mktemp('chromium-profile')}")
    driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)),
                              options=options)
    try:
        yield driver
    finally:
        driver.quit()


@pytest.fixture(scope="module")
def monkeypatch_module() -> Iterator[pytest.MonkeyPatch]:
    with pytest.MonkeyPatch.context() as mp:
        yield mp


def open_fixture(driver: WebDriver, url: str, fixture: str, length: str) -> None:
    """From the index, follow the English link of ``length`` in the row of ``fixture``."""
    driver.get(url)
    row = driver.find_element(By.ID, fixture)
    row.find_element(By.CSS_SELECTOR, f'a[hreflang="en"][href$=".{length}.html"]').click()


def switch_locale(driver: WebDriver, locale: str) -> None:
    driver.find_element(By.CSS_SELECTOR, f'ul.locale a[hreflang="{locale}"]').click()


def headline(driver: WebDriver) -> str:
    return str(driver.find_element(By.CSS_SELECTOR, "article h1").text)


def no_alert(driver: WebDriver) -> bool:
    try:
        driver.switch_to.alert.dismiss()
    except NoAlertPresentException:
        return True
    return False


def test_switch_to_a_copied_locale_shows_its_headline(browser: WebDriver,
                                                       tmp_path: Path) -> None:
    site = site_of(FACTS, copied_locale(tmp_path, "it"))
    with serving(site.pages) as url:
        open_fixture(browser, url, LN, "headline")
        english = headline(browser)
        assert english and MARKER not in english
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "en"
        switch_locale(browser, "it")
        assert browser.current_url == f"{url}it/{LN}.headline.html"
        assert headline(browser) == f"{MARKER} {english}"
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "it"
        switch_locale(browser, "en")
        assert headline(browser) == english


@pytest.mark.skipif(not (TEMPLATES / "it").is_dir(),
                    reason="templates/it is not on this branch; the copied-locale test above "
                           "covers the switch")
def test_switch_to_italian_shows_the_italian_headline(browser: WebDriver) -> None:
    loaded = load_directory(FACTS)
    realiser = Realiser(TEMPLATES, loaded.facts)
    italian = render_fixture(loaded.facts, LN, realiser, ["it"], ["headline"])[0]
    english = render_fixture(loaded.facts, LN, realiser, ["en"], ["headline"])[0]
    assert italian.front_matter["lang"] == "it", "the Italian headline fell back to English"
    site = site_of(FACTS, TEMPLATES)
    with serving(site.pages) as url:
        open_fixture(browser, url, LN, "full")
        assert headline(browser) == english.front_matter["title"]
        switch_locale(browser, "it")
        assert browser.current_url == f"{url}it/{LN}.full.html"
        assert browser.find_element(By.TAG_NAME, "html").get_attribute("lang") == "it"
        assert headline(browser) == italian.front_matter["title"] != english.front_matter[
            "title"]


def test_html_in_a_fact_shows_as_text_and_never_runs(browser: WebDriver,
                                                      tmp_path: Path) -> None:
    site = site_of(evil_facts(tmp_path), TEMPLATES)
    with serving(site.pages) as url:
        open_fixture(browser, url, LN, "full")
        assert no_alert(browser)
        assert browser.find_elements(By.TAG_NAME, "script") == []
        assert headline(browser).startswith(EVIL)
        assert browser.title.startswith(EVIL)
        assert EVIL in browser.find_element(By.TAG_NAME, "article").text
        panel = browser.find_element(By.CSS_SELECTOR, "aside.facts").text
        assert f"Dejan {EVIL}" in panel
        assert no_alert(browser)

