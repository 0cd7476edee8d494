"""What the workflow guards, the dossier page and REST ask before a transition.

The tender workflow's guard expressions call ``@@tender-guard``:
``python:here.restrictedTraverse('@@tender-guard').allowed('prepara_pubblicazione')``;
a transition whose prerequisites are missing is not offered. The page and REST
then say what is missing (``blocked_transitions``).
"""

from plone import api
from Products.Five.browser import BrowserView
from provincecomuni import _
from provincecomuni.procurement.lifecycle import missing_prerequisites
from zope.i18nmessageid import Message


WORKFLOW_ID = "provincecomuni_tender_workflow"


def tender_workflow():
    return api.portal.get_tool("portal_workflow").getWorkflowById(WORKFLOW_ID)


def exit_transitions(dossier):
    """The transitions that leave the dossier's current state (ids, in the definition order)."""
    workflow = tender_workflow()
    state = api.content.get_state(dossier, default=None)
    if workflow is None or state not in workflow.states:
        return ()
    return tuple(workflow.states[state].transitions)


def transition_title(transition_id):
    workflow = tender_workflow()
    transition = workflow.transitions.get(transition_id) if workflow is not None else None
    if transition is None:
        return transition_id
    state = workflow.states.get(transition.new_state_id)
    return state.title if state is not None else transition.title


def blocked_message(transition_id, missing):
    """«To move to "X" this is missing: a; b» (a translatable message)."""
    return _(
        "transition_blocked",
        default="To move to «${state}» this is missing: ${missing}",
        mapping={
            "state": Message(transition_title(transition_id), domain="plone"),
            "missing": "; ".join(missing),
        },
    )


def has_guard_permissions(dossier, transition_id):
    """Whether the user holds the permissions the transition's guard asks (its other
    conditions, the prerequisites, aside)."""
    transition = tender_workflow().transitions.get(transition_id)
    if transition is None:
        return False
    permissions = transition.guard.permissions if transition.guard is not None else ()
    return all(api.user.has_permission(p, obj=dossier) for p in permissions or ())


def blocked_transitions(dossier, request):
    """The transitions out of the current state the user could run but for prerequisites.

    A list of dicts: ``transition``, ``state`` (the destination's title) and ``missing``
    (translated messages). Transitions the user may not run anyway are left out.
    """
    from zope.i18n import translate

    result = []
    for transition_id in exit_transitions(dossier):
        if not has_guard_permissions(dossier, transition_id):
            continue
        missing = missing_prerequisites(dossier, transition_id)
        if missing:
            result.append(
                {
                    "transition": transition_id,
                    "state": translate(
                        Message(transition_title(transition_id), domain="plone"), context=request
                    ),
                    "missing": [translate(m, context=request) for m in missing],
                }
            )
    return result


class TenderGuard(BrowserView):
    """Called by the guard expressions of the tender workflow."""

    def allowed(self, transition_id):
        return not missing_prerequisites(self.context, transition_id)
