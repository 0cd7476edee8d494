"""The joining policy of a community, set by its Coordinatore.

Visibility (private, internal, public) is the community's workflow state; how
people join is this field.
"""

from plone.autoform import directives
from plone.autoform.interfaces import IFormFieldProvider
from plone.supermodel import model
from provincecomuni import _
from provincecomuni.membership.api import JOIN_BY_COORDINATOR
from provincecomuni.membership.api import JOIN_ON_REQUEST
from provincecomuni.membership.api import JOIN_OPEN
from zope import schema
from zope.interface import provider
from zope.schema.vocabulary import SimpleTerm
from zope.schema.vocabulary import SimpleVocabulary


JOIN_POLICIES = SimpleVocabulary(
    [
        SimpleTerm(
            JOIN_BY_COORDINATOR,
            title=_("join_policy_coordinator", default="Only the Coordinatore adds members"),
        ),
        SimpleTerm(
            JOIN_ON_REQUEST,
            title=_("join_policy_request", default="On request, approved by the Coordinatore"),
        ),
        SimpleTerm(JOIN_OPEN, title=_("join_policy_open", default="Any logged-in user may join")),
    ]
)


@provider(IFormFieldProvider)
class ICommunityPolicy(model.Schema):
    model.fieldset(
        "membership",
        label=_("fieldset_membership", default="Members"),
        fields=["join_policy"],
    )
    directives.write_permission(join_policy="provincecomuni.ManageCommunity")
    join_policy = schema.Choice(
        title=_("label_join_policy", default="Joining"),
        description=_(
            "help_join_policy",
            default="How people become members. Visibility is set from the state menu.",
        ),
        vocabulary=JOIN_POLICIES,
        default=JOIN_BY_COORDINATOR,
        required=True,
    )
