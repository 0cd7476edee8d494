"""Registration counters against a real ZODB (FileStorage), from several threads at once.

Each thread has its own connection and transaction manager, like the worker threads
of a Zope instance (or several instances on one database): the only coordination is
the ZODB's conflict detection and our ``_p_resolveConflict``.
"""

from provincecomuni.records.counters import RegistrationCounters
from ZODB.FileStorage import FileStorage
from ZODB.POSException import ConflictError

import BTrees.OOBTree
import pytest
import threading
import transaction
import ZODB


THREADS = 8
PER_THREAD = 15


@pytest.fixture
def db(tmp_path):
    database = ZODB.DB(FileStorage(str(tmp_path / "Data.fs")))
    with database.transaction() as conn:
        conn.root()["counters"] = RegistrationCounters()
        conn.root()["documents"] = BTrees.OOBTree.OOBTree()
    yield database
    database.close()


def _register(db, code_of, results, conflicts, barrier, thread_number):
    manager = transaction.TransactionManager()
    conn = db.open(transaction_manager=manager)
    barrier.wait()
    try:
        for attempt_number in range(PER_THREAD):
            code = code_of(thread_number)
            while True:
                manager.begin()
                try:
                    number = conn.root()["counters"].next(code, 2026)
                    # The document that gets the number, in the same transaction.
                    key = f"{code}-{thread_number}-{attempt_number}"
                    conn.root()["documents"][key] = number
                    manager.commit()
                except ConflictError as conflict:
                    manager.abort()
                    conflicts.append(conflict.oid)
                    continue
                results.append((code, number))
                break
    finally:
        conn.close()


def _run(db, code_of):
    results, conflicts = [], []
    barrier = threading.Barrier(THREADS)
    threads = [
        threading.Thread(target=_register, args=(db, code_of, results, conflicts, barrier, n))
        for n in range(THREADS)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return results, conflicts


def test_concurrent_registration_in_one_register_is_gapless(db):
    results, conflicts = _run(db, lambda n: "PG")
    numbers = sorted(number for _code, number in results)
    assert numbers == list(range(1, THREADS * PER_THREAD + 1))  # no gap, no duplicate
    # Every number is on exactly one committed document.
    with db.transaction() as conn:
        assert sorted(conn.root()["documents"].values()) == numbers
        assert conn.root()["counters"].last("PG", 2026) == THREADS * PER_THREAD


def test_different_registers_merge_without_retries(db):
    results, conflicts = _run(db, lambda n: f"R{n}")
    with db.transaction() as conn:
        counters_oid = conn.root()["counters"]._p_oid
    # Resolved by _p_resolveConflict: no transaction retried because of the counters
    # (the shared documents BTree may still split a bucket now and then).
    assert counters_oid not in conflicts
    for n in range(THREADS):
        numbers = sorted(number for code, number in results if code == f"R{n}")
        assert numbers == list(range(1, PER_THREAD + 1))
    with db.transaction() as conn:
        counters = conn.root()["counters"]
        assert all(counters.last(f"R{n}", 2026) == PER_THREAD for n in range(THREADS))


def test_resolution_refuses_two_numbers_from_the_same_register():
    counters = RegistrationCounters()
    old = {"values": {"PG/2026": 4, "DET/2026": 1}}
    both_pg = {"values": {"PG/2026": 5, "DET/2026": 1}}
    with pytest.raises(ConflictError):
        counters._p_resolveConflict(old, both_pg, dict(both_pg))
    one_det = {"values": {"PG/2026": 4, "DET/2026": 2}}
    merged = counters._p_resolveConflict(old, both_pg, one_det)
    assert merged["values"] == {"PG/2026": 5, "DET/2026": 2}
    new_year = {"values": {"PG/2026": 4, "DET/2026": 1, "PG/2027": 1}}
    assert counters._p_resolveConflict(old, both_pg, new_year)["values"] == {
        "PG/2026": 5,
        "DET/2026": 1,
        "PG/2027": 1,
    }
