"""Gapless registration counters that are safe across threads and Zope instances.

Why not ``BTrees.Length``: its conflict resolution *adds up* concurrent increments.
Two transactions that both read 41 and write 42 would be merged into 43, yet both
would already have handed out number 42: a duplicate. A register number is read and
used inside the transaction, so two transactions that take a number from the same
register must never both commit.

So each community has one small ``RegistrationCounters`` object (its own database
record, separate from the community and its documents), holding one counter per
register and year. Its ``_p_resolveConflict`` merges concurrent commits that took
numbers from *different* registers (or years), and refuses (``ConflictError``) when
both took a number from the *same* one. The refused transaction is aborted and
retried by the publisher (or by the caller), reads the committed value and takes the
next number. The number is taken in the same transaction that writes it on the
record, so an aborted transaction consumes nothing: no gaps, no duplicates, and no
lock in memory, so it holds across several Zope instances on one database (ZEO or
RelStorage do the same conflict check on the server).
"""

from persistent import Persistent
from ZODB.POSException import ConflictError


class RegistrationCounters(Persistent):
    """The last number taken in each register of one community, by year."""

    def __init__(self):
        self.values = {}

    @staticmethod
    def key(register_code, year):
        return f"{register_code}/{year}"

    def last(self, register_code, year):
        return self.values.get(self.key(register_code, year), 0)

    def next(self, register_code, year):
        """Take the next number of a register; it is only yours if the transaction commits."""
        key = self.key(register_code, year)
        number = self.values.get(key, 0) + 1
        values = dict(self.values)
        values[key] = number
        self.values = values
        return number

    def _p_resolveConflict(self, old_state, committed_state, new_state):
        old = old_state.get("values", {})
        committed = committed_state.get("values", {})
        new = new_state.get("values", {})
        merged = dict(committed)
        for key in set(committed) | set(new):
            before = old.get(key, 0)
            theirs = committed.get(key, 0)
            ours = new.get(key, 0)
            if theirs != before and ours != before:
                # Both transactions took a number from this register: one must retry.
                raise ConflictError("concurrent registration in the same register")
            merged[key] = max(theirs, ours)
        state = dict(committed_state)
        state["values"] = merged
        return state
