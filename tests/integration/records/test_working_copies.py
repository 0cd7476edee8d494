"""Working copies (plone.app.iterate) of records: check-out, check-in, the records rules."""

from plone import api
from plone.app.iterate.interfaces import ICheckinCheckoutPolicy
from plone.app.iterate.interfaces import IWorkingCopy
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.namedfile.file import NamedBlobFile
from provincecomuni.records.archive import ArchivedRecordError
from zExceptions import Unauthorized
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

import hashlib
import pytest


NEW_PDF = b"%PDF-1.4\n% determina rettificata\n%%EOF\n"


def checkout(obj):
    return ICheckinCheckoutPolicy(obj).checkout(obj.aq_parent)


def checkin(wc, message="rettifica"):
    return ICheckinCheckoutPolicy(wc).checkin(message)


def test_iterate_is_installed_with_the_product(portal):
    setup = portal.portal_setup
    assert setup.getLastVersionForProfile("plone.app.iterate:default") != "unknown"
    actions = portal.portal_actions.object_buttons.objectIds()
    assert "iterate_checkout" in actions


def test_checkout_makes_a_working_copy_next_to_the_record(fascicolo, record):
    wc = checkout(record)
    assert IWorkingCopy.providedBy(wc)
    assert wc.aq_parent is fascicolo
    assert ICheckinCheckoutPolicy(wc).getBaseline() == record
    assert ICheckinCheckoutPolicy(record).getWorkingCopy() == wc
    # The baseline is locked while it is checked out.
    assert record.restrictedTraverse("@@plone_lock_info").is_locked()
    # A working copy is not a second registered record.
    assert wc.registration_number is None


def test_checkin_brings_the_changes_and_a_new_fingerprint(fascicolo, record, pdf):
    record.document_type = "determina"
    old_fingerprint = record.fingerprint
    assert old_fingerprint == hashlib.sha256(pdf).hexdigest()
    old_version = record.record_version
    wc = checkout(record)
    wc.title = "Determina a contrarre (rettificata)"
    wc.document_type = "determina dirigenziale"
    wc.file = NamedBlobFile(data=NEW_PDF, filename="determina-v2.pdf")
    notify(ObjectModifiedEvent(wc))

    baseline = checkin(wc)

    assert baseline.UID() == record.UID()
    assert "copy_of_determina" not in fascicolo.objectIds()
    assert baseline.Title() == "Determina a contrarre (rettificata)"
    assert baseline.document_type == "determina dirigenziale"
    assert baseline.file.data == NEW_PDF
    assert baseline.fingerprint == hashlib.sha256(NEW_PDF).hexdigest()
    assert baseline.record_version == old_version + 1
    assert not baseline.restrictedTraverse("@@plone_lock_info").is_locked()
    # Found in the catalog with its new title, once.
    brains = api.content.find(UID=baseline.UID())
    assert [b.Title for b in brains] == ["Determina a contrarre (rettificata)"]


def test_checkin_of_a_page_saves_a_version_with_the_new_fingerprint(fascicolo):
    from plone.app.textfield.value import RichTextValue

    page = api.content.create(
        container=fascicolo,
        type="Document",
        id="verbale",
        title="Verbale",
        text=RichTextValue("<p>Prima</p>", "text/html", "text/x-html-safe"),
    )
    first = page.fingerprint
    repository = api.portal.get_tool("portal_repository")
    wc = checkout(page)
    before = repository.getHistoryMetadata(page).getLength(countPurged=False)
    wc.text = RichTextValue("<p>Seconda stesura</p>", "text/html", "text/x-html-safe")
    notify(ObjectModifiedEvent(wc))
    baseline = checkin(wc, "seconda stesura")
    assert baseline.fingerprint != first
    history = repository.getHistoryMetadata(baseline)
    comments = [
        history.retrieve(i)["metadata"]["sys_metadata"]["comment"]
        for i in range(before, history.getLength(countPurged=False))
    ]
    assert comments[0] == "seconda stesura"  # the check-in message
    saved = repository.retrieve(baseline, history.getVersionId(before, countPurged=False)).object
    assert saved.fingerprint == baseline.fingerprint
    last = repository.retrieve(baseline).object
    assert last.text.raw == "<p>Seconda stesura</p>"
    assert last.fingerprint == baseline.fingerprint


def test_checkin_of_metadata_only_keeps_the_fingerprint(record):
    old = (record.fingerprint, record.record_version)
    wc = checkout(record)
    wc.record_notes = "Corretto l'oggetto"
    notify(ObjectModifiedEvent(wc))
    baseline = checkin(wc)
    assert baseline.record_notes == "Corretto l'oggetto"
    assert (baseline.fingerprint, baseline.record_version) == old


def test_checkin_keeps_the_registration_of_the_baseline(record):
    from provincecomuni.records import registration

    number = registration.register(record)
    wc = checkout(record)
    baseline = checkin(wc)
    assert baseline.registration_number == number


@pytest.mark.parametrize("annul", [False, True])
def test_an_archived_or_annulled_record_cannot_be_checked_out(fascicolo, record, annul):
    api.content.transition(obj=fascicolo, transition="close")
    if annul:
        from provincecomuni.records import archive

        archive.annul(record, "errore materiale")
        assert api.content.get_state(record) == "annulled"
    else:
        assert api.content.get_state(record) == "archived"
    control = record.restrictedTraverse("@@iterate_control")
    assert not control.checkout_allowed()
    with pytest.raises(ArchivedRecordError) as refused:
        checkout(record)
    assert "archiviat" in str(refused.value) or "archived" in str(refused.value)
    assert "copy_of_determina" not in fascicolo.objectIds()
    assert ICheckinCheckoutPolicy(record).getWorkingCopy() is None


def test_a_record_out_of_any_fascicolo_can_be_checked_out(community, make_file):
    # A record directly in the community follows the community workflow: never archived.
    loose = make_file(community, id="nota", filename="nota.pdf")
    wc = checkout(loose)
    assert wc is not None
    assert ICheckinCheckoutPolicy(loose).getWorkingCopy() == wc


def test_checkin_over_a_baseline_archived_meanwhile_is_refused(portal, fascicolo, record):
    wc = checkout(record)
    # Closing the fascicolo archives both the record and its working copy.
    api.content.transition(obj=fascicolo, transition="close")
    with pytest.raises(ArchivedRecordError):
        checkin(wc)


@pytest.fixture
def outsider(portal):
    api.user.create(
        email="estraneo@example.org",
        username="estraneo",
        password="Una-password-lunga-1",  # noqa: S106
    )
    return "estraneo"


def test_working_copy_in_a_private_community_is_invisible_outside(
    portal, community, fascicolo, record, outsider
):
    api.content.transition(obj=record, transition="publish")
    wc = checkout(record)
    wc_uid = wc.UID()
    assert api.content.get_state(wc) == "private"
    outsider_user = api.user.get(username=outsider)
    assert api.content.get_state(community) == "private"
    assert not api.user.has_permission("View", user=outsider_user, obj=record)
    assert not api.user.has_permission("View", user=outsider_user, obj=wc)
    assert not api.user.has_permission("Access contents information", user=outsider_user, obj=wc)
    login(portal, outsider)
    assert not api.content.find(UID=wc_uid)
    assert wc_uid not in {brain.UID for brain in api.content.find(portal_type="File")}
    with pytest.raises(Unauthorized):
        portal.restrictedTraverse("/".join(wc.getPhysicalPath()))
    login(portal, TEST_USER_NAME)
    setRoles(portal, TEST_USER_ID, ["Manager"])
    assert api.content.find(UID=wc_uid)


def test_working_copy_is_visible_to_the_community_members(portal, community, record, outsider):
    from provincecomuni.membership import api as membership

    wc = checkout(record)
    membership.add_member(community, outsider, "redattore")
    member = api.user.get(username=outsider)
    assert api.user.has_permission("View", user=member, obj=wc)


def test_working_copy_of_a_public_record_stays_private(portal, community, record, outsider):
    wf = api.portal.get_tool("portal_workflow")
    transitions = [t["id"] for t in wf.getTransitionsFor(community)]
    assert "make_public" in transitions
    api.content.transition(obj=community, transition="make_public")
    fascicolo = record.aq_parent
    if "publish" in [t["id"] for t in wf.getTransitionsFor(fascicolo)]:
        api.content.transition(obj=fascicolo, transition="publish")
    api.content.transition(obj=record, transition="publish")
    outsider_user = api.user.get(username=outsider)
    assert api.user.has_permission("View", user=outsider_user, obj=record)
    wc = checkout(record)
    assert not api.user.has_permission("View", user=outsider_user, obj=wc)
