"""A Coordinatore enrols a member of their community from the course page."""

from pathlib import Path
from plone import api
from plone.app.testing import SITE_OWNER_NAME
from provincecomuni.membership import api as membership
from provincecomuni.training import enrolment
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.ui import WebDriverWait

import datetime
import pytest
import transaction


pytestmark = pytest.mark.browser

PASSWORD = "Una-password-lunga-1"  # noqa: S105
ARTIFACTS = Path(__file__).parent / "artifacts"


@pytest.fixture
def course_with_staff(functional_portal):
    portal = functional_portal
    today = datetime.date.today()
    with api.env.adopt_user(username=SITE_OWNER_NAME):
        for username, fullname in (
            ("anna", "Anna Neri"),
            ("coordinatrice", "Carla Bianchi"),
            ("dario", "Dario Rossi"),
        ):
            api.user.create(
                email=f"{username}@example.org",
                username=username,
                password=PASSWORD,
                properties={"fullname": fullname},
            )
        membership.add_member(portal["province"]["cuneo"], "coordinatrice", "coordinatore")
        membership.add_member(portal["province"]["cuneo"], "dario", "lettore")
        plan = api.content.create(
            container=portal["formazione"],
            type="TrainingPlan",
            id="piano",
            title="Piano",
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


def test_coordinatore_enrols_staff_on_a_full_course(
    chromium, login, site_url, course_with_staff, assert_accessible
):
    browser = chromium
    login(browser, "coordinatrice", PASSWORD)
    browser.get(f"{site_url}/formazione/piano/corso")
    select = Select(browser.find_element(By.ID, "pc-staff-userid"))
    assert [o.text for o in select.options] == ["Dario Rossi"]
    select.select_by_value("dario")
    button = browser.find_element(By.CSS_SELECTOR, ".pc-staff-enrol-button")
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", button
    )
    button.click()
    WebDriverWait(browser, 15).until(EC.staleness_of(button))
    WebDriverWait(browser, 15).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, ".pc-staff-cancel"))
    )
    assert "Il corso è pieno: Dario Rossi è nella lista d'attesa." in browser.page_source
    section = browser.find_element(By.CSS_SELECTOR, ".pc-staff-enrolment")
    assert "Dario Rossi (in lista d'attesa)" in section.text
    ARTIFACTS.mkdir(exist_ok=True)
    browser.save_screenshot(str(ARTIFACTS / "corso_iscrizione_personale.png"))
    assert_accessible(browser)  # WCAG 2.1 AA, Plone's known toolbar issue aside
