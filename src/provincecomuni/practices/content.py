"""The GoodPractice type: what a Province did, how, with which results, and how to reuse it."""

from plone.app.textfield import RichText
from plone.app.z3cform.widgets.select import AjaxSelectFieldWidget
from plone.autoform import directives
from plone.dexterity.content import Container
from plone.supermodel import model
from provincecomuni import _
from provincecomuni.domain import territories
from provincecomuni.validation import FieldValueError
from provincecomuni.vocabularies.territories import province_istat_code_of
from zope import schema
from zope.interface import implementer
from zope.interface import Invalid
from zope.interface import invariant
from zope.interface import provider
from zope.schema.interfaces import IContextAwareDefaultFactory

import datetime


FIRST_YEAR = 2000


@provider(IContextAwareDefaultFactory)
def default_provinces(context):
    """A practice written in a Province community involves that Province by default."""
    code = province_istat_code_of(context)
    return [code] if code else []


@provider(IContextAwareDefaultFactory)
def default_year(context):
    return datetime.date.today().year


def check_year(value):
    this_year = datetime.date.today().year
    if value is not None and not FIRST_YEAR <= value <= this_year:
        raise FieldValueError(
            _(
                "error_practice_year",
                default="Year: ${value} is not between ${first} and ${last}.",
                mapping={"value": value, "first": FIRST_YEAR, "last": this_year},
            )
        )
    return True


class IGoodPractice(model.Schema):
    """A good practice of a Province, for the other Provinces to reuse."""

    pillar = schema.Choice(
        title=_("label_pillar", default="Pillar"),
        vocabulary="provincecomuni.vocabularies.Pillars",
        required=True,
    )
    provinces = schema.List(
        title=_("label_practice_provinces", default="Provinces involved"),
        value_type=schema.Choice(vocabulary="provincecomuni.vocabularies.Province"),
        defaultFactory=default_provinces,
        min_length=1,
        required=True,
        missing_value=[],
    )
    directives.widget(
        "comuni", AjaxSelectFieldWidget, vocabulary="provincecomuni.vocabularies.Comuni"
    )
    comuni = schema.List(
        title=_("label_practice_comuni", default="Comuni involved"),
        description=_(
            "help_practice_comuni", default="Comuni of the Provinces involved that took part."
        ),
        value_type=schema.Choice(vocabulary="provincecomuni.vocabularies.Comuni"),
        required=False,
        default=[],
        missing_value=[],
    )
    year = schema.Int(
        title=_("label_practice_year", default="Year"),
        description=_("help_practice_year", default="The year the practice started."),
        defaultFactory=default_year,
        constraint=check_year,
        required=True,
    )
    problem = RichText(title=_("label_practice_problem", default="The problem"), required=True)
    solution = RichText(title=_("label_practice_solution", default="The solution"), required=True)
    results = RichText(
        title=_("label_practice_results", default="Results"),
        description=_(
            "help_practice_results",
            default="What changed, with figures (times, savings, people served...).",
        ),
        required=True,
    )
    resources = schema.Text(
        title=_("label_practice_resources", default="Resources and costs"),
        description=_(
            "help_practice_resources", default="People, tools and money the practice took."
        ),
        required=True,
    )
    cost = schema.Int(
        title=_("label_practice_cost", default="Total cost (euro)"),
        required=False,
        min=0,
    )
    transferability = schema.Text(
        title=_("label_practice_transferability", default="Transferability"),
        description=_(
            "help_practice_transferability",
            default="What another Province needs to reuse it.",
        ),
        required=True,
    )
    contacts = schema.Text(
        title=_("label_practice_contacts", default="Contacts"),
        description=_("help_practice_contacts", default="Who to ask: office, name, e-mail."),
        required=True,
    )

    @invariant
    def comuni_of_the_provinces(data):
        provinces = set(getattr(data, "provinces", None) or ())
        for code in getattr(data, "comuni", None) or ():
            comune = territories.comune(code)
            if comune is not None and comune.province_istat_code not in provinces:
                raise Invalid(
                    _(
                        "error_practice_comune_outside",
                        default="Comuni involved: ${comune} is not in one of the "
                        "Provinces involved.",
                        mapping={"comune": comune.name},
                    )
                )


@implementer(IGoodPractice)
class GoodPractice(Container):
    """A good practice; its attachments are the files and images inside it."""

    def regions(self):
        """The regions of the Provinces involved (for the catalogue's region facet)."""
        names = set()
        for code in self.provinces or ():
            province = territories.province(code)
            if province is not None:
                names.add(province.region)
        return sorted(names)
