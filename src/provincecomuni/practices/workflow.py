"""What happens around the review of a practice: comments, e-mails, attachments."""

from plone import api
from Products.CMFCore.WorkflowCore import WorkflowException
from provincecomuni import _
from provincecomuni.membership.setup import REVIEWERS_GROUP
from zope.i18n import translate

import logging


logger = logging.getLogger("provincecomuni.practices")


def review_comment(practice):
    """The comment of the last rejection, while the practice is rejected (else None)."""
    if api.content.get_state(practice, default=None) != "respinta":
        return None
    history = practice.workflow_history.get("provincecomuni_good_practice_workflow", ())
    for entry in reversed(history):
        if entry.get("action") == "reject":
            actor = api.user.get(userid=entry.get("actor"))
            return {
                "comment": entry.get("comments", ""),
                "actor": entry.get("actor"),
                "actor_fullname": (actor.getProperty("fullname") if actor else "")
                or entry.get("actor"),
                "time": entry.get("time").ISO8601() if entry.get("time") else None,
            }
    return None


def _comment(event):
    return ((event.kwargs or {}).get("comment") or "").strip()


def require_rejection_comment(practice, event):
    """A rejection goes back to the author: it must say what to change."""
    if event.transition is not None and event.transition.id == "reject" and not _comment(event):
        raise WorkflowException(
            translate(
                _(
                    "error_reject_comment",
                    default="Comment: say what the author should change.",
                ),
                context=api.env.getRequest(),
            )
        )


def _emails_of_reviewers():
    emails = []
    for user in api.user.get_users(groupname=REVIEWERS_GROUP):
        email = user.getProperty("email")
        if email:
            emails.append(email)
    return sorted(set(emails))


def _emails_of_authors(practice):
    emails = []
    for userid in practice.listCreators():
        user = api.user.get(userid=userid)
        email = user.getProperty("email") if user else None
        if email:
            emails.append(email)
    return emails


def _send(recipients, subject, body):
    if not recipients:
        return
    request = api.env.getRequest()
    try:
        api.portal.send_email(
            recipient=", ".join(recipients),
            subject=translate(subject, context=request),
            body=translate(body, context=request),
        )
    except ValueError:  # no sender address configured: the site still works
        logger.warning("E-mail not sent (no sender configured): %s", subject)


def notify(practice, event):
    if event.transition is None:
        return
    mapping = {"title": practice.Title(), "url": practice.absolute_url()}
    if event.transition.id == "submit":
        _send(
            _emails_of_reviewers(),
            _(
                "mail_practice_submitted_subject",
                default="Good practice to review: ${title}",
                mapping=mapping,
            ),
            _(
                "mail_practice_submitted_body",
                default="A good practice waits for your review:\n\n${title}\n${url}\n",
                mapping=mapping,
            ),
        )
    elif event.transition.id == "reject":
        _send(
            _emails_of_authors(practice),
            _(
                "mail_practice_rejected_subject",
                default="Your good practice needs changes: ${title}",
                mapping=mapping,
            ),
            _(
                "mail_practice_rejected_body",
                default="The reviewer sent back your good practice with this comment:\n\n"
                "${comment}\n\n${url}\n",
                mapping={**mapping, "comment": _comment(event)},
            ),
        )
    elif event.transition.id == "publish":
        _send(
            _emails_of_authors(practice),
            _(
                "mail_practice_published_subject",
                default="Your good practice is published: ${title}",
                mapping=mapping,
            ),
            _(
                "mail_practice_published_body",
                default="Your good practice is now in the public catalogue:\n\n${url}\n",
                mapping=mapping,
            ),
        )


def publish_attachment(obj, event):
    """An attachment (file, image) of a practice is exactly as visible as the practice.

    Inside a community it follows the community content workflow, whose published
    state acquires View: publishing it at once makes it follow the practice.
    """
    from provincecomuni.practices.content import IGoodPractice

    if not IGoodPractice.providedBy(event.newParent) or event.oldParent is not None:
        return
    if api.content.get_state(obj, default=None) == "private":
        with api.env.adopt_roles(["Manager"]):
            api.content.transition(obj=obj, transition="publish")
