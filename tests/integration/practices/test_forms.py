"""The add forms of the new types render, in Italian, with their fields."""

from plone import api
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID


def _add_form(container, portal_type):
    view = container.restrictedTraverse(f"++add++{portal_type}")
    view.update()
    return view.render()


def test_the_good_practice_add_form(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    html = _add_form(portal["province"]["cuneo"], "GoodPractice")
    for label in (
        "Pilastro",
        "Province coinvolte",
        "Comuni coinvolti",
        "Il problema",
        "Trasferibilità",
        "Contatti",
        "Anno",
    ):
        assert label in html, label
    # The Comuni are searched as you type, not listed 5,554 times.
    assert html.count("<option") < 500


def test_the_training_add_forms(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    html = _add_form(portal["formazione"], "TrainingPlan")
    assert "Analisi dei fabbisogni" in html
    plan = api.content.create(
        container=portal["formazione"], type="TrainingPlan", id="p", title="P", year=2026
    )
    html = _add_form(plan, "Course")
    for label in ("Destinatari", "Moduli", "Posti", "Modalità", "Cancellazione possibile fino al"):
        assert label in html, label
    course = api.content.create(
        container=plan,
        type="Course",
        id="c",
        title="C",
        pillar="sit",
        audience="a",
        objectives="o",
        mode="online",
        meeting_url="https://meet.example.org/c",
        capacity=3,
    )
    html = _add_form(course, "CourseSession")
    assert "Luogo o link" in html
