"""The roster of every community, kept in BTrees on the site.

One object for the whole site, so the PAS plugin answers "which communities is
this user in" with one BTree lookup (``by_user``) and a community lists its
members with another (``rosters``). BTrees resolve concurrent writes to different
keys, so two Coordinatori adding members at once do not conflict.
"""

from Acquisition import aq_base
from BTrees.OOBTree import OOBTree
from BTrees.OOBTree import OOTreeSet
from datetime import datetime
from datetime import UTC
from persistent import Persistent
from zope.annotation.interfaces import IAnnotations


ANNOTATION_KEY = "provincecomuni.membership"


def now_iso():
    return datetime.now(UTC).isoformat(timespec="seconds")


class MembershipStore(Persistent):
    def __init__(self):
        # community uid -> OOBTree(userid -> {"role", "since", "added_by"})
        self.rosters = OOBTree()
        # userid -> OOBTree(community uid -> role id)
        self.by_user = OOBTree()
        # userid -> {"kind": "provincia" | "comune", "code": ISTAT code}
        self.affiliations = OOBTree()
        # community uid -> OOBTree(userid -> {"message", "since"})
        self.requests = OOBTree()
        # sha256 of the token -> {"community", "email", "role", "expires", ...}
        self.invitations = OOBTree()
        # uid of a followed container -> OOTreeSet(userid)
        self.followers = OOBTree()

    # roster ---------------------------------------------------------------
    def roster(self, community_uid):
        return self.rosters.get(community_uid) or {}

    def role_of(self, community_uid, userid):
        entry = self.roster(community_uid).get(userid)
        return entry["role"] if entry else None

    def set_member(self, community_uid, userid, role_id, by=None):
        roster = self.rosters.get(community_uid)
        if roster is None:
            roster = self.rosters[community_uid] = OOBTree()
        entry = roster.get(userid)
        since = entry["since"] if entry else now_iso()
        roster[userid] = {"role": role_id, "since": since, "added_by": by}
        communities = self.by_user.get(userid)
        if communities is None:
            communities = self.by_user[userid] = OOBTree()
        communities[community_uid] = role_id
        self.discard_request(community_uid, userid)

    def remove_member(self, community_uid, userid):
        roster = self.rosters.get(community_uid)
        if roster is not None and userid in roster:
            del roster[userid]
        communities = self.by_user.get(userid)
        if communities is not None and community_uid in communities:
            del communities[community_uid]

    def communities_of(self, userid):
        return self.by_user.get(userid) or {}

    def forget_community(self, community_uid):
        for userid in list(self.roster(community_uid).keys()):
            self.remove_member(community_uid, userid)
        for tree in (self.rosters, self.requests):
            if community_uid in tree:
                del tree[community_uid]
        for key, invitation in list(self.invitations.items()):
            if invitation["community"] == community_uid:
                del self.invitations[key]

    # join requests ----------------------------------------------------------
    def add_request(self, community_uid, userid, message=""):
        requests = self.requests.get(community_uid)
        if requests is None:
            requests = self.requests[community_uid] = OOBTree()
        requests[userid] = {"message": message, "since": now_iso()}

    def pending_requests(self, community_uid):
        return self.requests.get(community_uid) or {}

    def discard_request(self, community_uid, userid):
        requests = self.requests.get(community_uid)
        if requests is not None and userid in requests:
            del requests[userid]

    # following ----------------------------------------------------------------
    def follow(self, uid, userid):
        followers = self.followers.get(uid)
        if followers is None:
            followers = self.followers[uid] = OOTreeSet()
        followers.add(userid)

    def unfollow(self, uid, userid):
        followers = self.followers.get(uid)
        if followers is not None and userid in followers:
            followers.remove(userid)

    def followers_of(self, uid):
        return self.followers.get(uid) or ()

    # invitations ------------------------------------------------------------------
    # ``invitations`` maps the sha256 of a token to its record (the token itself is
    # never stored). The open invitations of each community are also indexed by
    # community, so a roster page lists them without scanning every invitation;
    # that index is created on first use (stores older than invitations lack it).
    def _open_invitations(self, create=False):
        index = getattr(self, "open_invitations", None)
        if index is None and create:
            index = self.open_invitations = OOBTree()
        return index

    def add_invitation(self, key, record):
        self.invitations[key] = dict(record)
        index = self._open_invitations(create=True)
        keys = index.get(record["community"])
        if keys is None:
            keys = index[record["community"]] = OOTreeSet()
        keys.add(key)

    def invitation(self, key):
        record = self.invitations.get(key)
        return dict(record) if record is not None else None

    def close_invitation(self, key, **changes):
        """Record how an invitation ended (accepted, revoked, replaced)."""
        record = dict(self.invitations[key])
        record.update(changes)
        self.invitations[key] = record
        index = self._open_invitations()
        keys = index.get(record["community"]) if index is not None else None
        if keys is not None and key in keys:
            keys.remove(key)

    def open_invitations_of(self, community_uid):
        """``[(key, record)]`` of the community's invitations not accepted nor revoked."""
        index = self._open_invitations()
        keys = index.get(community_uid, ()) if index is not None else ()
        return [(key, dict(self.invitations[key])) for key in keys if key in self.invitations]

    def forget_user(self, userid):
        """A deleted account leaves every roster, request list and follower list."""
        for community_uid in list(self.communities_of(userid).keys()):
            self.remove_member(community_uid, userid)
        if userid in self.by_user:
            del self.by_user[userid]
        if userid in self.affiliations:
            del self.affiliations[userid]
        for community_uid in list(self.requests.keys()):
            self.discard_request(community_uid, userid)
        for uid in list(self.followers.keys()):
            self.unfollow(uid, userid)


def get_store(portal, create=True):
    """The site's membership store; ``None`` before the first write if not ``create``."""
    if not create:
        # The PAS plugin asks on every user lookup: read the site's attribute
        # annotations directly rather than through the adapter registry.
        annotations = getattr(aq_base(portal), "__annotations__", None)
        return annotations.get(ANNOTATION_KEY) if annotations is not None else None
    annotations = IAnnotations(portal)
    store = annotations.get(ANNOTATION_KEY)
    if store is None and create:
        store = annotations[ANNOTATION_KEY] = MembershipStore()
    return store
