"""Journal entries written by concurrent transactions do not conflict (real FileStorage)."""

from datetime import datetime
from datetime import UTC
from persistent.mapping import PersistentMapping
from provincecomuni.records.journal import CommunityJournal
from ZODB.FileStorage import FileStorage

import pytest
import transaction
import ZODB


@pytest.fixture
def db(tmp_path):
    database = ZODB.DB(FileStorage(str(tmp_path / "Data.fs")))
    with database.transaction() as conn:
        root = conn.root()
        root["journal"] = CommunityJournal()
        root["doc_a"] = PersistentMapping()
        root["doc_b"] = PersistentMapping()
        for n in range(10):  # an existing journal
            root["journal"].append({"action": "create", "detail": n}, datetime.now(UTC))
    yield database
    database.close()


def test_two_edits_in_one_community_both_journal_and_both_commit(db):
    managers = [transaction.TransactionManager() for _ in range(2)]
    conns = [db.open(transaction_manager=tm) for tm in managers]
    for tm in managers:
        tm.begin()
    # Two users edit two documents of the same community at the same moment.
    for conn, doc in zip(conns, ("doc_a", "doc_b"), strict=True):
        conn.root()[doc]["title"] = "changed"
        conn.root()["journal"].append({"action": "edit", "detail": doc}, datetime.now(UTC))
    managers[0].commit()
    managers[1].commit()  # would raise ConflictError if the journal were a hot spot
    with db.transaction() as conn:
        entries = list(conn.root()["journal"].query(reverse=False))
        assert [e["detail"] for e in entries if e["action"] == "edit"] in (
            ["doc_a", "doc_b"],
            ["doc_b", "doc_a"],
        )
        assert len(entries) == 12
    for conn in conns:
        conn.close()
