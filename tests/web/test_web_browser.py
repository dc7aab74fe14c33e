"""The review and human-coding workflows in headless Debian chromium, against `dyad serve`."""

from __future__ import annotations

from pathlib import Path

import pytest
from web_helpers import seeded_store, serve

from dyad.api import browse
from dyad_testing import chromium_driver

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def driver():
    drv = chromium_driver("1280,1600")
    drv.set_page_load_timeout(60)
    yield drv
    drv.quit()


@pytest.fixture(scope="module")
def served(_store_template: Path, tmp_path_factory: pytest.TempPathFactory, driver):
    path, seeded = seeded_store(_store_template, tmp_path_factory.mktemp("browser"))
    with serve(path) as srv:
        yield srv, seeded


def _by(name: str):
    from selenium.webdriver.common.by import By

    return getattr(By, name)


def _wait_for(driver, element_id: str):
    """The element, once the page that has it has loaded (after a form post)."""
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    try:
        return WebDriverWait(driver, 30).until(
            ec.presence_of_element_located((_by("ID"), element_id)))
    except Exception:
        print(driver.page_source[:3000])
        raise


def _submit_and_wait(driver, action) -> None:
    """Run ``action`` (a click, a key) that submits a form; wait for the next page."""
    from selenium.webdriver.support import expected_conditions as ec
    from selenium.webdriver.support.ui import WebDriverWait

    old = driver.find_element(_by("TAG_NAME"), "html")
    action()
    WebDriverWait(driver, 30).until(ec.staleness_of(old))


def _query(path: Path, sql: str, params: list) -> list:
    with browse.read_store(path) as con:
        return con.execute(sql, params).fetchall()


def _severe(driver) -> list:
    return [e for e in driver.get_log("browser") if e.get("level") == "SEVERE"]


def test_review_workflow(driver, served):
    srv, seeded = served
    driver.get(srv.url + "review")
    section = driver.find_element(_by("CSS_SELECTOR"),
                                  'section[data-contact="web-candidate-a"]')
    _submit_and_wait(driver, section.find_element(_by("CSS_SELECTOR"),
                                                  'button[value="accept"]').click)
    done = _wait_for(driver, "done").text
    assert "web-candidate-a" in done and "confirmed" in done
    assert not driver.find_elements(_by("CSS_SELECTOR"),
                                    'section[data-contact="web-candidate-a"]')
    # one click closes both sources that agree on "Almaty"
    groups = driver.find_elements(_by("CSS_SELECTOR"),
                                  f'section[data-contact="{seeded["grouped"]}"]')
    almaty = [g for g in groups if "say Almaty" in g.text]
    assert len(almaty) == 1 and "(all 2)" in almaty[0].text
    _submit_and_wait(driver, almaty[0].find_element(_by("CSS_SELECTOR"),
                                                    'button[value="replace"]').click)
    assert "2 source(s) closed" in _wait_for(driver, "done").text
    rows = dict(_query(srv.path, "SELECT other_ref, resolution FROM contact_conflicts"
                                 " WHERE contact_id = ?", [seeded["grouped"]]))
    assert rows == {"ref-g1": "replaced", "ref-g2": "replaced", "ref-g3": "open"}
    assert "nan" not in driver.find_element(_by("TAG_NAME"), "main").text.lower().split()
    assert not _severe(driver)


def test_human_coding_workflow_with_keyboard(driver, served):
    from selenium.webdriver.common.action_chains import ActionChains

    srv, seeded = served
    driver.delete_all_cookies()
    driver.get(srv.url + "media/code")
    article = driver.find_element(_by("ID"), "article")
    first = article.get_attribute("data-article")
    assert not driver.find_elements(_by("CSS_SELECTOR"), "input:checked")  # nothing preset
    driver.find_element(_by("ID"), "coder").send_keys("carol")
    driver.find_element(_by("TAG_NAME"), "h1").click()  # leave the name field
    ActionChains(driver).send_keys("1").send_keys("3").send_keys("p").perform()
    checked = [e.get_attribute("value")
               for e in driver.find_elements(_by("CSS_SELECTOR"), "input:checked")]
    topics = [k for k, _ in browse.topics()]
    assert checked == [topics[0], topics[2], "1"]
    ActionChains(driver).send_keys("3").perform()  # toggles off again
    _submit_and_wait(driver, ActionChains(driver).send_keys("\ue007").perform)  # Enter saves
    saved = _wait_for(driver, "saved").text
    assert "stored human:carol" in saved and first in saved
    row = _query(srv.path, "SELECT topics, tone FROM article_codes WHERE coder = ? AND"
                           " article_id = ?", ["human:carol", first])
    assert [(list(r[0]), r[1]) for r in row] == [([topics[0]], 1)]
    # the next article: the name is remembered, nothing is preselected
    assert driver.find_element(_by("ID"), "coder").get_attribute("value") == "carol"
    second = driver.find_element(_by("ID"), "article").get_attribute("data-article")
    assert second != first
    assert not driver.find_elements(_by("CSS_SELECTOR"), "input:checked")
    driver.find_element(_by("TAG_NAME"), "h1").click()
    _submit_and_wait(driver, ActionChains(driver).send_keys("z").send_keys("\ue007").perform)
    assert "Nothing left to code for human:carol" in _wait_for(driver, "nothing").text
    assert not _severe(driver)
