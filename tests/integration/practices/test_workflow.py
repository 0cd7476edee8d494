"""The review of a good practice: every transition, and who may make it."""

from plone import api
from plone.app.testing import logout
from Products.CMFCore.WorkflowCore import WorkflowException

import pytest


WORKFLOW = "provincecomuni_good_practice_workflow"


def _can(username, transition, obj):
    with api.env.adopt_user(username=username):
        workflow = api.portal.get_tool("portal_workflow")
        return transition in {t["id"] for t in workflow.getTransitionsFor(obj)}


def _do(username, obj, transition, comment=""):
    with api.env.adopt_user(username=username):
        api.portal.get_tool("portal_workflow").doActionFor(obj, transition, comment=comment)
    return api.content.get_state(obj)


def _anonymous_can_view(portal, obj):
    logout()
    try:
        return api.user.has_permission("View", obj=obj)
    finally:
        from plone.app.testing import login
        from plone.app.testing import TEST_USER_NAME

        login(portal, TEST_USER_NAME)


def test_a_practice_starts_as_a_draft_in_its_own_workflow(portal, practice):
    workflow = api.portal.get_tool("portal_workflow")
    assert workflow.getChainFor(practice) == (WORKFLOW,)
    assert api.content.get_state(practice) == "bozza"
    assert practice.provinces == ["004"]
    assert practice.listCreators() == ("autrice",)


def test_the_draft_is_for_the_author_and_the_community_editors(portal, practice):
    with api.env.adopt_user(username="redattore"):
        assert api.user.has_permission("View", obj=practice)
    for outsider in ("revisore", "modena", "esterno"):
        with api.env.adopt_user(username=outsider):
            assert not api.user.has_permission("View", obj=practice), outsider
    assert not _anonymous_can_view(portal, practice)


def test_only_the_author_or_an_editor_submits(portal, practice, mails):
    assert not _can("revisore", "submit", practice)
    assert not _can("esterno", "submit", practice)
    assert _can("redattore", "submit", practice)
    assert _can("autrice", "submit", practice)
    assert _do("autrice", practice, "submit") == "in_revisione"


def test_submitting_emails_the_reviewers(portal, practice, mails):
    _do("autrice", practice, "submit")
    [mail] = mails()
    assert "revisore@example.org" in mail.to
    assert "revisore2@example.org" in mail.to
    assert "autrice@example.org" not in mail.to
    assert practice.Title() in mail.subject
    assert practice.absolute_url() in mail.body


def test_in_review_only_reviewers_publish_or_reject(portal, practice, mails):
    _do("autrice", practice, "submit")
    for username in ("autrice", "redattore", "esterno", "modena"):
        assert not _can(username, "publish", practice), username
        assert not _can(username, "reject", practice), username
    assert _can("revisore", "publish", practice)
    assert _can("revisore", "reject", practice)
    with api.env.adopt_user(username="revisore"):
        assert api.user.has_permission("View", obj=practice)
    # Even a site Manager does not publish: the reviewers do.
    with api.env.adopt_roles(["Manager"]):
        workflow = api.portal.get_tool("portal_workflow")
        assert "publish" not in {t["id"] for t in workflow.getTransitionsFor(practice)}


def test_the_author_cannot_publish_their_own_practice(portal, people, new_practice, mails):
    from provincecomuni.membership import api as membership

    membership.add_member(portal["province"]["cuneo"], "revisore", "redattore")
    own = new_practice("revisore", title="La pratica della revisora")
    _do("revisore", own, "submit")
    assert not _can("revisore", "publish", own)
    with pytest.raises(WorkflowException):
        _do("revisore", own, "publish")
    assert _can("revisore2", "publish", own)
    assert _do("revisore2", own, "publish") == "pubblicata"


def test_published_is_public_even_in_a_private_community(portal, practice, mails):
    cuneo = portal["province"]["cuneo"]
    assert api.content.get_state(cuneo) == "private"
    _do("autrice", practice, "submit")
    assert not _anonymous_can_view(portal, practice)
    assert _do("revisore", practice, "publish") == "pubblicata"
    assert _anonymous_can_view(portal, practice)
    # The published state does not acquire View: the private community stays private.
    roles = [r["name"] for r in practice.rolesOfPermission("View") if r["selected"]]
    assert "Anonymous" in roles
    assert not practice.acquiredRolesAreUsedBy("View")
    assert not _anonymous_can_view(portal, cuneo)
    # And nobody edits it while it is in the catalogue, not even its author.
    with api.env.adopt_user(username="autrice"):
        assert not api.user.has_permission("Modify portal content", obj=practice)


def test_publishing_tells_the_author(portal, practice, mails):
    _do("autrice", practice, "submit")
    _do("revisore", practice, "publish")
    mails = mails()
    assert len(mails) == 2
    assert mails[1].to == "autrice@example.org"


def test_rejection_needs_a_comment_which_the_author_sees(portal, practice, mails):
    _do("autrice", practice, "submit")
    with pytest.raises(WorkflowException, match="Comment"):
        _do("revisore", practice, "reject")
    assert api.content.get_state(practice) == "in_revisione"
    assert _do("revisore", practice, "reject", comment="Aggiungete i costi.") == "respinta"
    # The author is told by e-mail and sees the comment on the page.
    rejected = mails()[-1]
    assert rejected.to == "autrice@example.org"
    assert "Aggiungete i costi." in rejected.body
    with api.env.adopt_user(username="autrice"):
        assert api.user.has_permission("Modify portal content", obj=practice)
        html = practice.restrictedTraverse("@@view")()
    assert "Aggiungete i costi." in html
    assert "Rita Revisore" in html


def test_after_a_rejection_the_author_submits_again(portal, practice, mails):
    _do("autrice", practice, "submit")
    _do("revisore", practice, "reject", comment="Mancano i risultati.")
    assert not _can("revisore", "submit", practice)
    assert _do("autrice", practice, "submit") == "in_revisione"
    assert _do("revisore", practice, "publish") == "pubblicata"


def test_withdrawing_and_reopening(portal, practice, mails):
    _do("autrice", practice, "submit")
    _do("revisore", practice, "publish")
    assert not _can("esterno", "withdraw", practice)
    assert not _can("modena", "withdraw", practice)
    assert _can("revisore", "withdraw", practice)
    assert _can("redattore", "withdraw", practice)
    assert _do("autrice", practice, "withdraw") == "ritirata"
    assert not _anonymous_can_view(portal, practice)
    with api.env.adopt_user(username="revisore"):
        assert api.user.has_permission("View", obj=practice)
    assert not _can("revisore", "reopen", practice)
    assert _do("autrice", practice, "reopen") == "bozza"


def test_a_rejected_practice_can_be_withdrawn(portal, practice, mails):
    _do("autrice", practice, "submit")
    _do("revisore", practice, "reject", comment="Fuori tema.")
    assert _do("autrice", practice, "withdraw") == "ritirata"


def test_attachments_follow_the_practice(portal, practice, mails):
    with api.env.adopt_user(username="autrice"):
        attachment = api.content.create(
            container=practice, type="File", id="capitolato", title="Capitolato tipo"
        )
    assert not _anonymous_can_view(portal, attachment)
    _do("autrice", practice, "submit")
    _do("revisore", practice, "publish")
    assert _anonymous_can_view(portal, attachment)
