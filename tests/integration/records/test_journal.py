"""The community journal: who did what and when, append-only, filterable."""

from datetime import datetime
from datetime import timedelta
from datetime import UTC
from plone import api
from provincecomuni.records import archive
from provincecomuni.records import journal
from provincecomuni.records import registration


def _actions(community, **filters):
    entries = journal.journal_of(community).query(**filters)
    return [(e["action"], e["path"].rsplit("/", 1)[-1]) for e in entries]


def test_the_life_of_a_record_is_journaled(community, fascicolo, record):
    registration.register(record)
    record.document_type = "determina"
    from zope.event import notify
    from zope.lifecycleevent import ObjectModifiedEvent

    notify(ObjectModifiedEvent(record))
    api.content.transition(obj=fascicolo, transition="close")
    archive.annul(record, "errore")
    actions = _actions(community, reverse=False)
    assert actions == [
        ("create", "gara-scuole"),
        ("create", "determina"),
        ("registration", "determina"),
        ("edit", "determina"),
        ("archive", "determina"),
        ("archive", "gara-scuole"),
        ("annulment", "determina"),
    ]
    entry = next(journal.journal_of(community).query(action="annulment"))
    assert entry["detail"] == "errore"
    assert entry["user"] == "test_user_1_"


def test_sharing_and_transitions_are_journaled(community):
    page = api.content.create(container=community, type="Document", id="p", title="P")
    api.content.transition(obj=page, transition="publish")
    api.user.create(email="a@example.org", username="anna")
    api.user.grant_roles(username="anna", obj=page, roles=["Editor"])
    from plone.app.workflow.events import LocalrolesModifiedEvent
    from zope.event import notify

    notify(LocalrolesModifiedEvent(page, community.REQUEST))
    assert _actions(community, limit=2) == [("sharing", "p"), ("transition", "p")]
    transition = next(journal.journal_of(community).query(action="transition"))
    assert transition["detail"] == "private -> published"


def test_filters_by_period_and_user(community, fascicolo):
    now = datetime.now(UTC)
    assert _actions(community, start=now - timedelta(minutes=1)) == [("create", "gara-scuole")]
    assert _actions(community, end=now - timedelta(days=1)) == []
    assert _actions(community, user="nobody") == []


def test_entries_of_the_same_instant_never_overwrite_each_other(community):
    log = journal.journal_of(community, create=True)
    moment = datetime.now(UTC)
    keys = {log.append({"action": "edit", "user": "u", "detail": n}, moment) for n in range(2000)}
    assert len(keys) == 2000
