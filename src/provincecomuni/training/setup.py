"""What the profile cannot say in XML for training (idempotent)."""

from plone.base.interfaces.constrains import ENABLED
from plone.base.interfaces.constrains import ISelectableConstrainTypes


TRAINING_SECTION = "formazione"


def setup_training(portal):
    """/formazione holds the yearly training plans."""
    section = portal.get(TRAINING_SECTION)
    if section is None:
        return
    constraints = ISelectableConstrainTypes(section)
    if constraints.getConstrainTypesMode() != ENABLED:
        constraints.setConstrainTypesMode(ENABLED)
        constraints.setLocallyAllowedTypes(["TrainingPlan", "Document", "Folder"])
        constraints.setImmediatelyAddableTypes(["TrainingPlan"])
