"""Closing a fascicolo archives its records: nobody can change them, only annul them.

The site speaks Italian first: the messages are checked in Italian.
"""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from AccessControl.SpecialUsers import system as system_user
from OFS.CopySupport import CopyError
from plone import api
from plone.app.testing import login
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from plone.namedfile.file import NamedBlobFile
from provincecomuni.records import archive
from provincecomuni.records.archive import ArchivedRecordError
from zExceptions import Forbidden
from zExceptions import Unauthorized
from zope.event import notify
from zope.lifecycleevent import ObjectModifiedEvent

import hashlib
import pytest


WRITE_PERMISSIONS = (
    "Modify portal content",
    "Delete objects",
    "Manage properties",
    "Add portal content",
    "WebDAV Lock items",
)
# A page (Document) is versioned: reverting it to an old version would change it.
REVERT = "CMFEditions: Revert to previous versions"


@pytest.fixture
def archived(fascicolo, record):
    api.content.transition(obj=fascicolo, transition="close")
    return record


# Who tries: a Manager (stopped by the permissions: Unauthorized or CopyError), or the
# Zope system user, for whom no permission check fails (stopped by the event guards).
REFUSED = (Unauthorized, CopyError, ArchivedRecordError)


@pytest.fixture(params=["manager", "system"])
def actor(request, portal):
    if request.param == "system":
        previous = getSecurityManager()
        newSecurityManager(None, system_user)
        yield ArchivedRecordError
        setSecurityManager(previous)
    else:
        yield REFUSED


def test_records_of_a_fascicolo_follow_the_record_workflow(fascicolo, record):
    workflow = api.portal.get_tool("portal_workflow")
    assert workflow.getChainFor(record) == ("provincecomuni_record_workflow",)
    assert workflow.getChainFor(fascicolo) == ("provincecomuni_fascicolo_workflow",)
    assert api.content.get_state(record) == "private"


def test_closing_the_fascicolo_archives_its_records(fascicolo, archived):
    assert api.content.get_state(fascicolo) == "closed"
    assert api.content.get_state(archived) == "archived"
    assert fascicolo.closing_date is not None
    catalog = api.portal.get_tool("portal_catalog")
    assert [b.getId for b in catalog(review_state="archived")] == ["determina"]


def test_nobody_has_a_write_permission_on_an_archived_record(portal, fascicolo, archived):
    for roles in (["Manager"], ["Site Administrator"], ["Editor", "Owner"]):
        setRoles(portal, TEST_USER_ID, roles)
        login(portal, TEST_USER_NAME)
        for permission in WRITE_PERMISSIONS:
            assert not api.user.has_permission(permission, obj=archived), (roles, permission)
            assert not api.user.has_permission(permission, obj=fascicolo), (roles, permission)
        assert not api.user.has_permission(REVERT, obj=archived), roles
        assert api.user.has_permission("View", obj=archived)


def test_the_archive_transition_is_not_in_anyones_menu(portal, fascicolo, record):
    workflow = api.portal.get_tool("portal_workflow")
    ids = [t["id"] for t in workflow.getTransitionsFor(record)]
    assert "archive" not in ids and "annul" not in ids


def test_zmi_delete_is_refused(fascicolo, archived, actor):
    with pytest.raises(actor):
        fascicolo.manage_delObjects(["determina"])
    with pytest.raises(actor):
        api.content.delete(obj=archived, check_linkintegrity=False)
    assert "determina" in fascicolo


def test_the_guard_says_why(fascicolo, archived):
    previous = getSecurityManager()
    newSecurityManager(None, system_user)
    try:
        with pytest.raises(ArchivedRecordError, match="è archiviato: non può essere eliminato"):
            fascicolo.manage_delObjects(["determina"])
        with pytest.raises(ArchivedRecordError, match="non può essere rinominato"):
            fascicolo.manage_renameObject("determina", "altro")
    finally:
        setSecurityManager(previous)


def test_deleting_the_closed_fascicolo_or_its_community_is_refused(
    community, fascicolo, archived, actor
):
    with pytest.raises(actor):
        community.manage_delObjects([fascicolo.getId()])
    with pytest.raises(actor):
        community.aq_parent.manage_delObjects([community.getId()])
    assert fascicolo.getId() in community


def test_zmi_rename_is_refused(fascicolo, archived, actor):
    with pytest.raises(actor):
        fascicolo.manage_renameObject("determina", "altro")
    with pytest.raises(actor):
        api.content.rename(obj=archived, new_id="altro")
    assert "determina" in fascicolo


def test_move_is_refused(community, archived, actor):
    with pytest.raises(actor):
        api.content.move(source=archived, target=community)
    assert "determina" not in community


def test_file_replacement_is_refused_even_from_trusted_code(archived, pdf):
    archived.file = NamedBlobFile(data=b"falso", filename="determina.pdf")
    with pytest.raises(ArchivedRecordError, match="non può essere modificato"):
        notify(ObjectModifiedEvent(archived))


def test_nothing_can_be_added_to_a_closed_fascicolo(fascicolo, archived, make_file):
    with pytest.raises(ArchivedRecordError, match="è chiuso: non vi si può aggiungere nulla"):
        make_file(fascicolo, id="tardiva")


def test_a_copy_of_an_archived_record_is_a_new_record(community, archived):
    copy = api.content.copy(source=archived, target=community, id="copia")
    assert api.content.get_state(copy) == "private"
    assert copy.registration_number is None
    assert copy.aggregation_id is None
    assert copy.fingerprint == archived.fingerprint
    assert copy.record_identifier != archived.record_identifier


def test_only_a_manager_can_annul(portal, archived):
    setRoles(portal, TEST_USER_ID, ["Site Administrator"])
    with pytest.raises(Forbidden):
        archive.annul(archived, "errore materiale")
    assert api.content.get_state(archived) == "archived"


def test_annulment_needs_a_reason(archived):
    with pytest.raises(ValueError, match="Motivo"):
        archive.annul(archived, "  ")


def test_annulment_keeps_the_original_and_the_trail(archived, pdf):
    entry = archive.annul(archived, "Protocollato per errore")
    assert api.content.get_state(archived) == "annulled"
    assert archived.file.data == pdf
    assert archived.fingerprint == hashlib.sha256(pdf).hexdigest()
    assert archived.change_trail == [entry]
    assert entry["type"] == "annulment"
    assert entry["user"] == TEST_USER_ID
    assert entry["reason"] == "Protocollato per errore"
    assert entry["time"]
    # Still immutable, and it cannot be annulled twice.
    assert not api.user.has_permission("Modify portal content", obj=archived)
    with pytest.raises(ValueError):
        archive.annul(archived, "di nuovo")
    with pytest.raises(REFUSED):
        api.content.delete(obj=archived, check_linkintegrity=False)


def test_an_archived_page_cannot_be_reverted_to_an_old_version(fascicolo):
    from plone.app.textfield.value import RichTextValue

    page = api.content.create(
        container=fascicolo,
        type="Document",
        id="verbale",
        title="Verbale",
        text=RichTextValue("<p>Prima</p>", "text/html", "text/x-html-safe"),
    )
    repository = api.portal.get_tool("portal_repository")
    repository.save(page, comment="prima")
    page.text = RichTextValue("<p>Seconda</p>", "text/html", "text/x-html-safe")
    notify(ObjectModifiedEvent(page))
    repository.save(page, comment="seconda")
    assert page.record_version == 2
    api.content.transition(obj=fascicolo, transition="close")
    with pytest.raises(Unauthorized):
        repository.revert(page, 0)
    assert page.text.raw == "<p>Seconda</p>"
