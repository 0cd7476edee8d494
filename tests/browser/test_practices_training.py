"""Good practices and courses in a real browser: review, facets, waiting list."""

from pathlib import Path
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from plone.app.textfield.value import RichTextValue
from provincecomuni.membership import api as membership
from provincecomuni.training import enrolment
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import WebDriverWait

import datetime
import pytest
import transaction


pytestmark = pytest.mark.browser

PASSWORD = "Una-password-lunga-1"  # noqa: S105
ARTIFACTS = Path(__file__).parent / "artifacts"


def click(browser, element):
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element
    )
    element.click()


def click_and_wait(browser, element):
    """Click a button or link that loads a new page, and wait until it has."""
    click(browser, element)
    WebDriverWait(browser, 15).until(EC.staleness_of(element))
    wait_for(browser, "#content")


def text_of(browser, selector):
    return browser.find_element(By.CSS_SELECTOR, selector).text.strip()


def wait_for(browser, selector):
    return WebDriverWait(browser, 15).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, selector))
    )


def _users(*names):
    for username in names:
        api.user.create(
            email=f"{username}@example.org",
            username=username,
            password=PASSWORD,
            properties={"fullname": username.capitalize()},
        )


def _html(text):
    return RichTextValue(text, "text/html", "text/x-html-safe")


@pytest.fixture
def submitted_practice(functional_portal):
    portal = functional_portal
    with api.env.adopt_user(username=SITE_OWNER_NAME):
        _users("autrice", "revisore")
        membership.add_member(portal["province"]["cuneo"], "autrice", "collaboratore")
        api.group.add_user(groupname="revisori", username="revisore")
    with api.env.adopt_user(username="autrice"):
        practice = api.content.create(
            container=portal["province"]["cuneo"],
            type="GoodPractice",
            id="gare-telematiche",
            title="Gare telematiche per i piccoli Comuni",
            description="La SUA gestisce le gare dei Comuni.",
            pillar="sua",
            provinces=["004"],
            year=2024,
            problem=_html("<p>Nessun ufficio gare.</p>"),
            solution=_html("<p>Piattaforma unica.</p>"),
            results=_html("<p>120 gare.</p>"),
            resources="Due funzionari.",
            transferability="Una convenzione.",
            contacts="sua@example.org",
        )
        api.portal.get_tool("portal_workflow").doActionFor(practice, "submit")
    transaction.commit()
    return practice


def test_reviewer_rejects_then_publishes_and_anonymous_finds_it_by_facet(
    chromium, login, site_url, submitted_practice, axe_check
):
    browser = chromium
    url = f"{site_url}/province/cuneo/gare-telematiche"
    login(browser, "revisore", PASSWORD)
    browser.get(url)
    browser.find_element(By.ID, "pc-review-comment").send_keys("Indicate i costi, per favore.")
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".pc-review-reject"))
    assert text_of(browser, ".pc-state") == "Respinta"
    assert "Indicate i costi" in text_of(browser, ".pc-review-comment-text")
    assert not browser.find_elements(By.CSS_SELECTOR, ".pc-review-form")

    # The author reads the comment, fixes the practice and submits it again.
    transaction.begin()
    practice = submitted_practice
    with api.env.adopt_user(username="autrice"):
        practice.cost = 30000
        api.portal.get_tool("portal_workflow").doActionFor(practice, "submit")
    transaction.commit()

    browser.get(url)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".pc-review-publish"))
    assert text_of(browser, ".pc-state") == "Pubblicata"

    # An anonymous visitor narrows the catalogue by region and finds it.
    browser.delete_all_cookies()
    browser.get(f"{site_url}/buone-pratiche")
    assert "Gare telematiche" in text_of(browser, ".pc-practices")
    region = browser.find_element(
        By.CSS_SELECTOR, '.pc-facet[data-facet="region"] a[data-value="Piemonte"]'
    )
    assert region.find_element(By.CSS_SELECTOR, ".pc-facet-count").text == "1"
    click_and_wait(browser, region)
    wait_for(browser, '.pc-facet[data-facet="region"] a[aria-current="true"]')
    results = browser.find_elements(By.CSS_SELECTOR, ".pc-practice h2 a")
    assert [a.text for a in results] == ["Gare telematiche per i piccoli Comuni"]
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "buone_pratiche_catalogue_by_region.png"))
    violations = [v for v in axe_check(browser) if v.get("impact") in ("serious", "critical")]
    violations = [v for v in violations if not all(n.get("known") for n in v["nodes"])]
    assert violations == [], violations
    click(browser, results[0])
    assert text_of(browser, "h1") == "Gare telematiche per i piccoli Comuni"


@pytest.fixture
def full_course(functional_portal):
    portal = functional_portal
    today = datetime.date.today()
    with api.env.adopt_user(username=SITE_OWNER_NAME):
        _users("anna", "bruno")
        plan = api.content.create(
            container=portal["formazione"],
            type="TrainingPlan",
            id="piano",
            title="Piano 2026",
            year=2026,
        )
        course = api.content.create(
            container=plan,
            type="Course",
            id="corso",
            title="Agenda digitale",
            pillar="sit",
            audience="Personale SIT",
            objectives="Indicatori.",
            mode="online",
            meeting_url="https://meet.example.org/corso",
            capacity=1,
            enrolment_end=today + datetime.timedelta(days=5),
        )
        api.content.transition(obj=course, transition="apri_iscrizioni")
    with api.env.adopt_user(username="anna"):
        enrolment.enrol(course, "anna", notify=False)
    transaction.commit()
    return course


def test_full_course_waiting_list_then_promotion(chromium, login, site_url, full_course):
    browser = chromium
    url = f"{site_url}/formazione/piano/corso"
    login(browser, "bruno", PASSWORD)
    browser.get(url)
    assert text_of(browser, ".pc-seats-left") == "0"
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".pc-enrol"))
    assert "lista d'attesa" in text_of(browser, ".pc-my-status")
    assert "1" in text_of(browser, ".pc-my-status")

    # Anna cancels in her own browser session; Bruno gets the seat.
    browser.delete_all_cookies()
    login(browser, "anna", PASSWORD)
    browser.get(url)
    click_and_wait(browser, browser.find_element(By.CSS_SELECTOR, ".pc-cancel"))
    assert browser.find_elements(By.CSS_SELECTOR, ".pc-enrol")
    browser.delete_all_cookies()
    login(browser, "bruno", PASSWORD)
    browser.get(url)
    assert text_of(browser, ".pc-my-status") == "Sei iscritto."
    assert text_of(browser, ".pc-total-enrolled") == "1"
    assert text_of(browser, ".pc-total-waiting") == "0"
