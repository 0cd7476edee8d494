"""Settings and marker interfaces of the funding feature."""

from provincecomuni import _
from zope import schema
from zope.interface import Interface


class IFundingSettings(Interface):
    """Registry records (``provincecomuni.funding.*``), editable in the registry panel."""

    programmes = schema.Dict(
        title=_("label_funding_programmes", default="Funding programmes"),
        description=_(
            "help_funding_programmes",
            default="The managed vocabulary of programmes: token and name.",
        ),
        key_type=schema.TextLine(),
        value_type=schema.TextLine(),
        required=False,
        default={},
    )

    sedia_prefixes = schema.Dict(
        title=_("label_sedia_prefixes", default="EU portal identifier prefixes"),
        description=_(
            "help_sedia_prefixes",
            default="The programme of an EU Funding & Tenders topic from the start of its "
            "identifier, for example HORIZON -> horizon-europe.",
        ),
        key_type=schema.TextLine(),
        value_type=schema.TextLine(),
        required=False,
        default={},
    )

    import_url = schema.TextLine(
        title=_("label_funding_import_url", default="Import address"),
        description=_(
            "help_funding_import_url",
            default="Address (http or https) of a file in the EU Funding & Tenders search "
            "format, imported by the import page and the import script.",
        ),
        required=False,
        default="",
    )


class IFundingCallMarker(Interface):
    """Marker of a funding call."""


class IProjectProposalMarker(Interface):
    """Marker of a project proposal."""
