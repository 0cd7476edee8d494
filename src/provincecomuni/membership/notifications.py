"""Following a community or a folder: email on new content and workflow changes.

- Who follows what lives in ``MembershipStore.followers`` (container uid ->
  userids): following writes one BTree entry and reindexes nothing.
- Content events inside a community are gathered during the transaction and
  mailed from a before-commit hook, so an item created, renamed and published in
  one request gives one email that links to its final address, and an aborted
  transaction sends nothing (the MailHost queue sends only on commit too).
- Each follower gets the email only if they may view the item, checked as that
  user; the person who made the change gets nothing.
- Each email carries a one-click unsubscribe link: the follower's id and the
  container's uid signed with HMAC-SHA256 and the site's plone.keyring secret,
  so it works without logging in and cannot be forged or altered.
"""

from AccessControl.SecurityManagement import getSecurityManager
from AccessControl.SecurityManagement import newSecurityManager
from AccessControl.SecurityManagement import setSecurityManager
from Acquisition import aq_chain
from Acquisition import aq_inner
from Acquisition import aq_parent
from email.charset import Charset
from email.charset import QP
from email.header import Header
from email.mime.text import MIMEText
from email.utils import formataddr
from plone import api
from plone.app.uuid.utils import uuidToObject
from plone.keyring.interfaces import IKeyManager
from plone.uuid.interfaces import IUUID
from Products.CMFCore.interfaces import IFolderish
from Products.CMFCore.interfaces import ISiteRoot
from provincecomuni import _
from provincecomuni.interfaces import ICommunity
from provincecomuni.membership.storage import get_store
from zope.component import getUtility
from zope.component.hooks import getSite
from zope.component.hooks import setSite
from zope.i18n import translate

import base64
import binascii
import hashlib
import hmac
import logging
import transaction


logger = logging.getLogger(__name__)

UNSUBSCRIBE_VIEW = "@@annulla-iscrizione"
_QUEUE_KEY = object()  # this module's slot in transaction.data()


# Following ------------------------------------------------------------------------------


def community_of(obj):
    for item in aq_chain(aq_inner(obj)):
        if ICommunity.providedBy(item):
            return item
        if ISiteRoot.providedBy(item):
            return None
    return None


def can_be_followed(obj):
    """Communities and the folders inside them."""
    if ICommunity.providedBy(obj):
        return True
    return IFolderish.providedBy(obj) and community_of(obj) is not None


def _store(create=False):
    return get_store(api.portal.get(), create=create)


def follow(obj, userid):
    _store(create=True).follow(IUUID(obj), userid)


def unfollow_uid(uid, userid):
    store = _store()
    if store is not None:
        store.unfollow(uid, userid)


def unfollow(obj, userid):
    unfollow_uid(IUUID(obj), userid)


def is_following(obj, userid):
    store = _store()
    return store is not None and userid in store.followers_of(IUUID(obj))


# Signed unsubscribe tokens ----------------------------------------------------------------


def _secrets():
    ring = getUtility(IKeyManager)["_system"]
    return [secret for secret in ring if secret]


def _sign(payload, secret):
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    digest = hmac.new(secret, b"provincecomuni.unfollow\n" + payload, hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).rstrip(b"=").decode("ascii")


def make_token(uid, userid):
    payload = f"{userid}\n{uid}".encode()
    encoded = base64.urlsafe_b64encode(payload).rstrip(b"=").decode("ascii")
    return f"{encoded}.{_sign(payload, _secrets()[0])}"


def read_token(token):
    """``(container uid, userid)`` of a genuine token, else None."""
    encoded, _dot, signature = (token or "").partition(".")
    if not encoded or not signature:
        return None
    try:
        payload = base64.urlsafe_b64decode(encoded + "=" * (-len(encoded) % 4))
        userid, uid = payload.decode("utf-8").split("\n", 1)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        return None
    for secret in _secrets():
        if hmac.compare_digest(_sign(payload, secret), signature):
            return uid, userid
    return None


def unsubscribe_url(uid, userid):
    portal_url = api.portal.get().absolute_url()
    return f"{portal_url}/{UNSUBSCRIBE_VIEW}?t={make_token(uid, userid)}"


# Collecting events ------------------------------------------------------------------------


def _followed_containers(obj, include_self):
    """``[(uid, title, url, {userid})]`` of followed containers, nearest first."""
    store = get_store(api.portal.get(), create=False)
    if store is None:
        return []
    found = []
    chain = aq_chain(aq_inner(obj))
    if not include_self:
        chain = chain[1:]
    for item in chain:
        if ISiteRoot.providedBy(item):
            break
        uid = IUUID(item, None)
        followers = store.followers_of(uid) if uid else ()
        if followers:
            found.append((uid, set(followers)))
        if ICommunity.providedBy(item):
            break
    return found


def _queue(portal):
    txn = transaction.get()
    try:
        return txn.data(_QUEUE_KEY)
    except KeyError:
        entries = []
        txn.set_data(_QUEUE_KEY, entries)
        txn.addBeforeCommitHook(send_queued, (portal, entries))
        return entries


def _enqueue(obj, kind, include_self, **details):
    if IUUID(obj, None) is None or community_of(obj) is None:
        return
    if not _followed_containers(obj, include_self):
        return
    portal = api.portal.get()
    actor = api.user.get_current()
    _queue(portal).append(
        {
            "kind": kind,
            "uid": IUUID(obj, None),
            "include_self": include_self,
            "actor": actor.getId(),
            "actor_name": actor.getProperty("fullname", "") or actor.getId(),
            **details,
        }
    )


def content_added(obj, event):
    if ICommunity.providedBy(obj):
        return
    _enqueue(obj, "added", include_self=False)


def transition_done(obj, event):
    if event.transition is None:  # the initial state of new content
        return
    workflow = event.workflow
    _enqueue(
        obj,
        "transition",
        include_self=True,
        transition=event.transition.title or event.transition.id,
        state=(event.new_state.title or event.new_state.id),
        workflow=workflow.getId(),
    )


# Sending ----------------------------------------------------------------------------------


def _merge(entries):
    """One entry per item: an item added in this transaction is news once."""
    merged = {}
    for entry in entries:
        previous = merged.get(entry["uid"])
        if previous is not None and previous["kind"] == "added":
            continue
        merged[entry["uid"]] = entry
    return list(merged.values())


def _inside_added(obj, added_uids):
    """True for the content of a folder added in the same transaction (a paste, an
    import): the folder's email is news enough, not one email per item in it."""
    for item in aq_chain(aq_inner(obj))[1:]:
        if ISiteRoot.providedBy(item):
            return False
        if IUUID(item, None) in added_uids:
            return True
    return False


def _can_view(user, obj):
    """Whether ``user`` (a user object, with its groups) has View on ``obj``."""
    old = getSecurityManager()
    try:
        newSecurityManager(None, user)
        return bool(getSecurityManager().checkPermission("View", obj))
    finally:
        setSecurityManager(old)


def send_queued(portal, entries):
    """The before-commit hook: one email per follower who may see each item."""
    if not entries:
        return
    old_site = getSite()
    if old_site is not portal:
        setSite(portal)
    try:
        merged = _merge(entries)
        added_uids = {entry["uid"] for entry in merged if entry["kind"] == "added"}
        for entry in merged:
            try:
                _send_entry(entry, added_uids)
            except Exception:
                # A failing notification must not undo the content change itself.
                logger.exception("Could not send the notifications for %s", entry["uid"])
        del entries[:]
    finally:
        if old_site is not portal:
            setSite(old_site)


def _send_entry(entry, added_uids=frozenset()):
    obj = uuidToObject(entry["uid"], unrestricted=True)
    if obj is None:
        return  # deleted before the end of the transaction
    if _inside_added(obj, added_uids):
        return
    if not api.portal.get_registry_record("plone.email_from_address", default=None):
        logger.warning("No sender address in the mail settings: notifications not sent.")
        return
    acl_users = api.portal.get_tool("acl_users")
    mailhost = api.portal.get_tool("MailHost")
    sent_to = set()
    for uid, followers in _followed_containers(obj, entry["include_self"]):
        container = obj if uid == entry["uid"] else uuidToObject(uid, unrestricted=True)
        for userid in sorted(followers - sent_to - {entry["actor"]}):
            sent_to.add(userid)
            user = acl_users.getUserById(userid)
            if user is None or not _can_view(user, obj):
                continue
            email = user.getProperty("email", "")
            if not email:
                continue
            message = build_message(entry, obj, container, user, email)
            mailhost.send(message, immediate=False)


def _language():
    return api.portal.get_default_language() or "it"


def _t(message):
    return translate(message, target_language=_language())


def _workflow_title(text):
    """A state or transition title, translated in the domain its workflow uses."""
    for domain in ("plone", "provincecomuni"):
        translated = translate(text, domain=domain, target_language=_language())
        if translated != text:
            return translated
    return text


def build_message(entry, obj, container, member, email):
    site_title = api.portal.get_registry_record("plone.site_title", default="") or "Plone"
    fullname = member.getProperty("fullname", "") or member.getId()
    title = obj.Title() or obj.getId()
    # Never name what the follower may not see (they may have lost access to it).
    if _can_view(member, container):
        container_title = container.Title() or container.getId()
    else:
        container_title = site_title
    # Where the item is: its folder, if the follower may see that folder too.
    parent = aq_parent(aq_inner(obj))
    if parent is not container and _can_view(member, parent):
        parent_title = parent.Title() or parent.getId()
    else:
        parent_title = container_title
    unsubscribe = unsubscribe_url(IUUID(container), member.getId())
    if entry["kind"] == "added":
        subject = _t(
            _(
                "notify_added_subject",
                default="New in ${container}: ${title}",
                mapping={"container": parent_title, "title": title},
            )
        )
        what = _t(
            _(
                "notify_added_body",
                default="${actor} added \u201c${title}\u201d in \u201c${container}\u201d.",
                mapping={
                    "actor": entry["actor_name"],
                    "title": title,
                    "container": parent_title,
                },
            )
        )
    else:
        transition = _workflow_title(entry["transition"])
        state = _workflow_title(entry["state"])
        subject = _t(
            _(
                "notify_transition_subject",
                default="${title}: ${state}",
                mapping={"title": title, "state": state},
            )
        )
        what = _t(
            _(
                "notify_transition_body",
                default="${actor} changed the state of \u201c${title}\u201d (${transition}): "
                "now it is \u201c${state}\u201d.",
                mapping={
                    "actor": entry["actor_name"],
                    "title": title,
                    "transition": transition,
                    "state": state,
                },
            )
        )
    lines = [
        _t(_("notify_greeting", default="Hello ${name},", mapping={"name": fullname})),
        "",
        what,
        _t(_("notify_open", default="Open it: ${url}", mapping={"url": obj.absolute_url()})),
        "",
        "-- ",
        _t(
            _(
                "notify_why",
                default="You receive this email because you follow \u201c${container}\u201d "
                "on ${site}.",
                mapping={"container": container_title, "site": site_title},
            )
        ),
        _t(
            _(
                "notify_unsubscribe",
                default="To stop following it, open: ${url}",
                mapping={"url": unsubscribe},
            )
        ),
    ]
    return make_email(
        f"[{site_title}] {subject}",
        (fullname, email),
        "\n".join(lines),
        {
            "List-Unsubscribe": f"<{unsubscribe}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )


def make_email(subject, to, body, headers=None):
    """The text of a plain-text UTF-8 email from the site, for ``MailHost.send``.

    A serialized message: MailHost deep-copies a Message object it is given, which
    costs more than building it, and the classic (compat32) email API is several
    times faster than the modern one for a few headers.
    """
    charset = Charset("utf-8")
    charset.body_encoding = QP
    message = MIMEText(body, "plain", charset)
    message["Subject"] = Header(subject, "utf-8")
    message["To"] = formataddr(to, charset="utf-8")
    site_title = api.portal.get_registry_record("plone.site_title", default="") or "Plone"
    sender_name = api.portal.get_registry_record("plone.email_from_name", default="")
    message["From"] = formataddr(
        (sender_name or site_title, api.portal.get_registry_record("plone.email_from_address")),
        charset="utf-8",
    )
    for name, value in (headers or {}).items():
        message[name] = value
    return message.as_string()
