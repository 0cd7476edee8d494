"""The course roster on a real FileStorage: concurrent enrolments conflict, never merge.

FileStorage resolves conflicts (BTrees merge insertions of different keys); the
test layers' DemoStorage does not, so this is where the roster's design is proven.
"""

from provincecomuni.training.enrolment import CourseRoster
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError

import pytest
import transaction
import ZODB


@pytest.fixture
def db(tmp_path):
    database = ZODB.DB(FileStorage(str(tmp_path / "Data.fs")))
    with database.transaction() as connection:
        roster = connection.root()["roster"] = CourseRoster()
        for userid in ("anna", "mario"):
            roster.enrolled[userid] = "2026-01-01"
    yield database
    database.close()


def _two_concurrent(db, touch, record):
    """Bruno and Zoe each take a seat in their own transaction, then both commit."""
    managers = [transaction.TransactionManager() for _ in range(2)]
    connections = [db.open(transaction_manager=tm) for tm in managers]
    for tm, connection, userid in zip(managers, connections, ("bruno", "zoe"), strict=True):
        tm.begin()
        roster = connection.root()["roster"]
        assert len(roster.enrolled) == 2  # each sees one seat left of three
        roster.enrolled[userid] = record
        if touch:
            roster.touch()
    managers[0].commit()
    try:
        managers[1].commit()
        return True
    except ConflictError:
        managers[1].abort()
        return False
    finally:
        for connection in connections:
            connection.close()


def _enrolled(db):
    with db.transaction() as connection:
        return sorted(connection.root()["roster"].enrolled)


def test_without_the_revision_counter_a_btree_can_merge_and_overbook(db):
    # BTrees merge two insertions of different keys when they can compare the
    # values (here strings): four people in three seats. Whether they can depends
    # on the values, which is why the roster does not rely on it.
    assert _two_concurrent(db, touch=False, record="2026-01-02") is True
    assert _enrolled(db) == ["anna", "bruno", "mario", "zoe"]


@pytest.mark.parametrize("record", ["2026-01-02", {"since": "2026-01-02"}])
def test_with_the_revision_counter_the_second_transaction_conflicts(db, record):
    assert _two_concurrent(db, touch=True, record=record) is False
    assert _enrolled(db) == ["anna", "bruno", "mario"]
