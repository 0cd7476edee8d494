"""The community of one Province: its ISTAT identity and the Comuni it serves."""

from plone.autoform import directives
from plone.dexterity.content import Container
from plone.supermodel import model
from provincecomuni import _
from provincecomuni.domain import codes
from provincecomuni.domain import territories
from provincecomuni.interfaces import ICommunity
from provincecomuni.validation import FieldValueError
from z3c.form.browser.checkbox import CheckBoxFieldWidget
from zope import schema
from zope.interface import implementer


def _checker(pattern, message):
    def check(value):
        if not pattern.match(value or ""):
            raise FieldValueError(message)
        return True

    return check


def check_fiscal_code(value):
    if not codes.is_body_fiscal_code(value or ""):
        raise FieldValueError(
            _(
                "error_fiscal_code",
                default="Codice fiscale: ${value} is not a valid fiscal code "
                "(11 digits with a correct check digit).",
                mapping={"value": value},
            )
        )
    return True


def check_province_code(value):
    if not codes.ISTAT_PROVINCE_CODE.match(value or ""):
        raise FieldValueError(
            _("error_istat_province", default="ISTAT code: use three digits, for example 001.")
        )
    if territories.province(value) is None:
        raise FieldValueError(
            _(
                "error_istat_province_unknown",
                default="ISTAT code: ${value} is not one of the Provinces of the programme.",
                mapping={"value": value},
            )
        )
    return True


class IProvinceCommunity(model.Schema):
    """The data of a Province community."""

    model.fieldset(
        "comuni",
        label=_("fieldset_comuni", default="Comuni"),
        fields=["joined_comuni"],
    )
    model.fieldset(
        "reference",
        label=_("fieldset_reference", default="ISTAT reference data"),
        fields=["istat_code", "sigla", "region", "region_istat_code", "fiscal_code", "nuts3"],
    )

    directives.write_permission(
        istat_code="provincecomuni.EditReferenceData",
        sigla="provincecomuni.EditReferenceData",
        region="provincecomuni.EditReferenceData",
        region_istat_code="provincecomuni.EditReferenceData",
        fiscal_code="provincecomuni.EditReferenceData",
        nuts3="provincecomuni.EditReferenceData",
    )

    istat_code = schema.TextLine(
        title=_("label_istat_code", default="ISTAT code"),
        description=_("help_province_istat_code", default="Three digits, for example 001."),
        constraint=check_province_code,
        required=True,
    )
    sigla = schema.TextLine(
        title=_("label_sigla", default="Abbreviation (sigla)"),
        description=_("help_sigla", default="Two capital letters, for example TO."),
        constraint=_checker(
            codes.SIGLA, _("error_sigla", default="Sigla: use two capital letters, for example TO.")
        ),
        required=True,
    )
    region = schema.TextLine(title=_("label_region", default="Region"), required=True)
    region_istat_code = schema.TextLine(
        title=_("label_region_istat_code", default="ISTAT code of the region"),
        constraint=_checker(
            codes.ISTAT_REGION_CODE,
            _("error_istat_region", default="ISTAT code of the region: use two digits."),
        ),
        required=True,
    )
    fiscal_code = schema.TextLine(
        title=_("label_fiscal_code", default="Fiscal code (codice fiscale)"),
        constraint=check_fiscal_code,
        required=True,
    )
    nuts3 = schema.TextLine(
        title=_("label_nuts3", default="NUTS 3 code"),
        constraint=_checker(
            codes.NUTS3,
            _("error_nuts3", default="NUTS 3 code: use IT followed by three characters."),
        ),
        required=False,
    )

    directives.widget(joined_comuni=CheckBoxFieldWidget)
    joined_comuni = schema.List(
        title=_("label_joined_comuni", default="Comuni that joined the services"),
        description=_(
            "help_joined_comuni",
            default="The Comuni of this Province that joined its shared services "
            "(central procurement, EU funding, digital innovation).",
        ),
        value_type=schema.Choice(vocabulary="provincecomuni.vocabularies.ProvinceComuni"),
        required=False,
        default=[],
        missing_value=[],
    )


@implementer(IProvinceCommunity, ICommunity)
class ProvinceCommunity(Container):
    """A Province community (content class kept thin on purpose)."""

    def comuni(self):
        """The Comuni of this Province, from the ISTAT reference data."""
        return territories.comuni_of(self.istat_code or "")


def comuni_rows(community):
    """The Comuni of a Province community as plain data, with whether each one joined."""
    joined = set(community.joined_comuni or ())
    return [
        {
            "istat_code": comune.istat_code,
            "name": comune.name,
            "fiscal_code": comune.fiscal_code,
            "cadastral_code": comune.cadastral_code,
            "joined": comune.istat_code in joined,
        }
        for comune in community.comuni()
    ]
