"""The course workflow: every transition, who may make it, and who sees the course."""

from plone import api

import pytest


PATH = [
    ("apri_iscrizioni", "iscrizioni_aperte"),
    ("chiudi_iscrizioni", "iscrizioni_chiuse"),
    ("riapri_iscrizioni", "iscrizioni_aperte"),
    ("chiudi_iscrizioni", "iscrizioni_chiuse"),
    ("avvia", "in_corso"),
    ("concludi", "concluso"),
    ("archivia", "archiviato"),
]


def _transitions(username, obj):
    with api.env.adopt_user(username=username):
        workflow = api.portal.get_tool("portal_workflow")
        return {t["id"] for t in workflow.getTransitionsFor(obj)}


def test_a_course_is_planned_and_hidden_at_first(portal, course):
    assert api.content.get_state(course) == "pianificato"
    assert api.portal.get_tool("portal_workflow").getChainFor(course) == (
        "provincecomuni_course_workflow",
    )
    with api.env.adopt_user(username="anna"):
        assert not api.user.has_permission("View", obj=course)
    # A session has no workflow of its own: it is as visible as its course.
    assert api.portal.get_tool("portal_workflow").getChainFor(course["sessione-1"]) == ()


def test_every_transition_in_order_by_the_training_managers(portal, course):
    for transition, state in PATH:
        for username in ("anna", "coordinatrice", "docente"):
            assert transition not in _transitions(username, course), (username, transition)
        api.content.transition(obj=course, transition=transition)
        assert api.content.get_state(course) == state
        if state != "pianificato":
            with api.env.adopt_user(username="anna"):
                assert api.user.has_permission("View", obj=course)
                assert api.user.has_permission("View", obj=course["sessione-1"])


@pytest.mark.parametrize("state_path", [0, 2, 4, 5, 6])
def test_enrolment_only_while_open(portal, course, state_path):
    from provincecomuni.training import enrolment

    for transition, _state in PATH[: state_path + 1]:
        api.content.transition(obj=course, transition=transition)
    expected_open = api.content.get_state(course) == "iscrizioni_aperte"
    assert enrolment.is_open(course) is expected_open
    if not expected_open:
        with api.env.adopt_user(username="anna"), pytest.raises(enrolment.EnrolmentError) as e:
            enrolment.enrol(course, "anna")
        assert e.value.code == "closed"
