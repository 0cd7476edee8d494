"""An invitation, end to end in a real browser.

A Coordinatore invites a person by email on the roster page; the person follows
the emailed link (read from the functional site's mock mail host), creates an
account, lands on the community, and does not see another (private) community.
"""

from email import message_from_bytes
from email import message_from_string
from pathlib import Path
from plone import api
from plone.app.testing.utils import MockMailHost
from Products.MailHost.interfaces import IMailHost
from provincecomuni.membership import api as membership
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions as EC
from selenium.webdriver.support.ui import Select
from selenium.webdriver.support.ui import WebDriverWait
from zope.component import getSiteManager

import pytest
import re
import transaction


pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).parent / "artifacts"
WAIT_SECONDS = 15
PASSWORD = "Una-password-lunga-1"  # noqa: S105
INVITED = "pia.bianchi@example.org"


@pytest.fixture
def site(functional_portal):
    """Mail captured by a mock mail host; Carla Rossi coordinates Cuneo.

    The functional layer throws all of it away after the test.
    """
    portal = functional_portal
    api.portal.set_registry_record("plone.email_from_address", "noreply@example.org")
    mailhost = MockMailHost("MailHost")
    portal.MailHost = mailhost
    getSiteManager(portal).registerUtility(mailhost, provided=IMailHost)
    api.user.create(
        email="carla@example.org",
        username="carla",
        password=PASSWORD,
        properties={"fullname": "Carla Rossi"},
    )
    membership.add_member(portal["province"]["cuneo"], "carla", "coordinatore")
    transaction.commit()
    return portal


def sent_mail(portal):
    """The messages the server's requests sent, as committed to the database."""
    transaction.begin()  # see the server's committed transactions
    result = []
    for raw in portal.MailHost.messages:
        message = message_from_bytes(raw) if isinstance(raw, bytes) else message_from_string(raw)
        body = message.get_payload(decode=True).decode(message.get_content_charset() or "utf-8")
        result.append({"to": message["To"], "body": body})
    return result


def click(browser, element):
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", element
    )
    element.click()


def wait_for(browser, selector):
    return WebDriverWait(browser, WAIT_SECONDS).until(
        EC.presence_of_element_located((By.CSS_SELECTOR, selector))
    )


def status_messages(browser):
    return [e.text for e in browser.find_elements(By.CSS_SELECTOR, ".portalMessage, .alert")]


def test_an_invited_person_creates_an_account_and_sees_only_their_community(
    chromium, login, site_url, site, assert_accessible
):
    browser = chromium
    cuneo_url = f"{site_url}/province/cuneo"

    # The Coordinatore reaches the roster from the community page.
    login(browser, "carla", PASSWORD)
    browser.get(cuneo_url)
    click(browser, wait_for(browser, ".pc-membership-bar a.pc-roster-link"))
    wait_for(browser, ".pc-roster")
    assert browser.current_url == f"{cuneo_url}/@@membri"
    assert browser.find_element(By.TAG_NAME, "h1").text == "Membri di Cuneo"

    # ... and invites a person by email, as Collaboratore.
    browser.find_element(By.ID, "pc-invite-email").send_keys(INVITED)
    Select(browser.find_element(By.ID, "pc-invite-role")).select_by_visible_text("Collaboratore")
    click(browser, browser.find_element(By.CSS_SELECTOR, "form.pc-invite button[type=submit]"))
    wait_for(browser, ".pc-invitations-table")
    assert any(
        f"Invito inviato a {INVITED} come Collaboratore" in text
        for text in status_messages(browser)
    ), status_messages(browser)
    row = browser.find_element(By.CSS_SELECTOR, f".pc-invitations-table tr[data-email='{INVITED}']")
    assert "Collaboratore" in row.text
    assert re.search(r"\d\d/\d\d/\d{4} \d\d:\d\d", row.text)  # the expiry
    ARTIFACTS.mkdir(exist_ok=True)
    browser.execute_script(
        "arguments[0].scrollIntoView({block: 'center', behavior: 'instant'});", row
    )
    browser.save_screenshot(str(ARTIFACTS / "invitation_roster_page.png"))
    assert_accessible(browser)

    # The email, in Italian, carries the link.
    [mail] = sent_mail(site)
    assert mail["to"] == INVITED
    assert "ti invita a partecipare alla community" in mail["body"]
    link = re.search(r"(http\S+@@accetta-invito\?token=[\w-]+)", mail["body"]).group(1)
    assert link.startswith(site_url)

    # The invited person, who has no account, follows it.
    browser.delete_all_cookies()
    browser.get(link)
    wait_for(browser, "form.pc-create-account")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Invito alla community Cuneo"
    assert browser.find_element(By.ID, "pc-account-email").get_attribute("value") == INVITED
    browser.find_element(By.ID, "pc-account-fullname").send_keys("Pia Bianchi")
    browser.find_element(By.ID, "pc-account-username").send_keys("pia")
    browser.find_element(By.ID, "pc-account-password").send_keys(PASSWORD)
    browser.find_element(By.ID, "pc-account-password_confirm").send_keys("Un-errore-di-battitura")
    click(browser, browser.find_element(By.CSS_SELECTOR, "form.pc-create-account button"))
    # A typo in the second password: the form says so, next to the field.
    error = wait_for(browser, "#pc-account-password_confirm-error")
    assert error.text == "Le due password sono diverse."
    browser.save_screenshot(str(ARTIFACTS / "invitation_account_form.png"))
    assert_accessible(browser)

    browser.find_element(By.ID, "pc-account-password").send_keys(PASSWORD)
    browser.find_element(By.ID, "pc-account-password_confirm").send_keys(PASSWORD)
    click(browser, browser.find_element(By.CSS_SELECTOR, "form.pc-create-account button"))

    # Logged in, on the community, as a member.
    wait_for(browser, ".pc-province-community")
    assert browser.current_url.rstrip("/") == cuneo_url
    assert browser.find_element(By.TAG_NAME, "h1").text == "Cuneo"
    assert any("Il tuo account è stato creato" in text for text in status_messages(browser))
    assert "Collaboratore" in browser.find_element(By.CSS_SELECTOR, ".pc-my-role").text
    assert browser.get_cookie("__ac")

    # Another Province's community stays closed.
    browser.get(f"{site_url}/province/modena")
    assert not browser.find_elements(By.CSS_SELECTOR, ".pc-province-community")
    assert "Modena" not in browser.find_element(By.TAG_NAME, "h1").text
    browser.get(f"{site_url}/province")
    links = {a.text for a in browser.find_elements(By.CSS_SELECTOR, "#content a")}
    assert "Cuneo" in links
    assert "Modena" not in links

    # The link worked once.
    browser.get(link)
    wait_for(browser, ".pc-invitation-error")
    assert "già stato usato" in browser.find_element(By.CSS_SELECTOR, ".pc-invitation-error").text

    browser.get(cuneo_url)
    wait_for(browser, ".pc-province-community")


def test_the_coordinatore_manages_the_roster_in_the_browser(
    chromium, login, site_url, site, assert_accessible
):
    """Search and add a user, approve a request with a role, and meet the last-Coordinatore rule."""
    browser = chromium
    cuneo = site["province"]["cuneo"]
    for userid, fullname in (("dario", "Dario Verdi"), ("elena", "Elena Neri")):
        api.user.create(
            email=f"{userid}@example.org",
            username=userid,
            password=PASSWORD,
            properties={"fullname": fullname},
        )
    cuneo.join_policy = membership.JOIN_ON_REQUEST
    membership.join(cuneo, "elena", "Seguo i bandi SUA del mio Comune")
    transaction.commit()
    roster_url = f"{site_url}/province/cuneo/@@membri"

    login(browser, "carla", PASSWORD)
    browser.get(roster_url)
    search = wait_for(browser, "#pc-user-search")
    search.send_keys("verdi")
    click(browser, browser.find_element(By.CSS_SELECTOR, "form.pc-user-search button"))
    row = wait_for(browser, ".pc-search-results tr[data-userid='dario']")
    assert "dario@example.org" in row.text
    request = browser.find_element(By.CSS_SELECTOR, ".pc-request[data-userid='elena']")
    assert "Seguo i bandi SUA del mio Comune" in request.text
    assert_accessible(browser)

    Select(row.find_element(By.TAG_NAME, "select")).select_by_visible_text("Redattore")
    click(browser, row.find_element(By.CSS_SELECTOR, "button[type=submit]"))
    wait_for(browser, ".pc-members-table tr[data-userid='dario']")
    assert "Dario Verdi (dario) aggiunto come Redattore." in " ".join(status_messages(browser))
    member = browser.find_element(By.CSS_SELECTOR, ".pc-members-table tr[data-userid='dario']")
    assert member.find_element(By.CSS_SELECTOR, ".pc-member-role").text == "Redattore"

    request = browser.find_element(By.CSS_SELECTOR, ".pc-request[data-userid='elena']")
    Select(request.find_element(By.TAG_NAME, "select")).select_by_visible_text("Collaboratore")
    click(browser, request.find_element(By.CSS_SELECTOR, "form.pc-approve button"))
    member = wait_for(browser, ".pc-members-table tr[data-userid='elena']")
    assert member.find_element(By.CSS_SELECTOR, ".pc-member-role").text == "Collaboratore"
    assert not browser.find_elements(By.CSS_SELECTOR, ".pc-request")

    # Carla, the only Coordinatore, tries to become a Lettore: refused, nothing changed.
    member = browser.find_element(By.CSS_SELECTOR, ".pc-members-table tr[data-userid='carla']")
    Select(member.find_element(By.TAG_NAME, "select")).select_by_visible_text("Lettore")
    click(browser, member.find_element(By.CSS_SELECTOR, "form.pc-change-role button"))
    wait_for(browser, ".portalMessage.error, .alert-danger")
    assert "'carla' è l'unico Coordinatore della community" in " ".join(status_messages(browser))
    member = browser.find_element(By.CSS_SELECTOR, ".pc-members-table tr[data-userid='carla']")
    assert member.find_element(By.CSS_SELECTOR, ".pc-member-role").text == "Coordinatore"
    assert_accessible(browser)
