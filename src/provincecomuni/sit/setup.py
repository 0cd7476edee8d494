"""The digital agenda's section and its default indicators (created when missing)."""

from Acquisition import aq_base
from importlib import resources
from plone import api
from plone.base.interfaces.constrains import ENABLED
from plone.base.interfaces.constrains import ISelectableConstrainTypes
from provincecomuni.sit.interfaces import IDigitalAgendaSection
from zope.interface import alsoProvides

import json
import logging


logger = logging.getLogger("provincecomuni")

SECTION_ID = "agenda-digitale"
SECTION_LAYOUT = "digital-agenda-overview"
SECTION_TYPES = ("Indicator", "DigitalAgenda")


def default_indicators():
    text = resources.files("provincecomuni.sit").joinpath("data/indicators.json").read_text("utf-8")
    return json.loads(text)


def indicator_id(code):
    return code.lower().replace("_", "-")


def ensure_section(portal):
    section = portal.get(SECTION_ID)
    if section is None:
        section = api.content.create(
            container=portal,
            type="Folder",
            id=SECTION_ID,
            title="Agenda digitale",
            description="Gli indicatori di maturità digitale di Province e Comuni: "
            "benchmark, monitoraggio e agende digitali.",
            safe_id=False,
        )
        ISelectableConstrainTypes(section).setConstrainTypesMode(ENABLED)
        api.content.transition(obj=section, to_state="published")
    constraints = ISelectableConstrainTypes(section)
    if constraints.getConstrainTypesMode() == ENABLED:
        # Only the types set on the section itself (the getter falls back to all types).
        allowed = list(getattr(aq_base(section), "locally_allowed_types", None) or ())
        wanted = allowed + [t for t in SECTION_TYPES if t not in allowed]
        if wanted != allowed:
            constraints.setLocallyAllowedTypes(wanted)
            constraints.setImmediatelyAddableTypes(wanted)
    if not IDigitalAgendaSection.providedBy(section):
        alsoProvides(section, IDigitalAgendaSection)
        section.reindexObject(idxs=["object_provides"])
    section.setLayout(SECTION_LAYOUT)
    return section


def ensure_indicators(section):
    existing = {obj.code for obj in section.objectValues() if obj.portal_type == "Indicator"}
    created = 0
    for data in default_indicators():
        if data["code"] in existing or indicator_id(data["code"]) in section.objectIds():
            continue
        api.content.create(
            container=section,
            type="Indicator",
            id=indicator_id(data["code"]),
            safe_id=False,
            **data,
        )
        created += 1
    return created


def ensure_digital_agenda(portal):
    section = ensure_section(portal)
    created = ensure_indicators(section)
    logger.info("Digital agenda in place (%d indicators created).", created)


def get_section(portal=None):
    portal = portal or api.portal.get()
    section = portal.get(SECTION_ID)
    return section if section is not None and IDigitalAgendaSection.providedBy(section) else None


def indicator_objects(portal=None):
    section = get_section(portal)
    if section is None:
        return []
    return [obj for obj in section.objectValues() if obj.portal_type == "Indicator"]


def indicator_specs(portal=None):
    """``{code: IndicatorSpec}`` of every indicator definition of the site."""
    return {obj.code: obj.spec() for obj in indicator_objects(portal)}
