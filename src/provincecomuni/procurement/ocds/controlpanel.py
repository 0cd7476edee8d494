"""Site Setup > OCDS open data: the ocid prefix, in the browser and through REST.

The form and ``@controlpanels/ocds`` validate the prefix with the schema of
``settings.IOcdsSettings`` (the registry's own editor cannot: a registry record keeps
no constraint).
"""

from plone.app.registry.browser.controlpanel import ControlPanelFormWrapper
from plone.app.registry.browser.controlpanel import RegistryEditForm
from plone.restapi.controlpanels import RegistryConfigletPanel
from plone.restapi.interfaces import IControlpanelLayer
from provincecomuni import _
from provincecomuni.procurement.ocds.settings import IOcdsSettings
from provincecomuni.procurement.ocds.settings import RECORD_PREFIX
from zope.component import adapter
from zope.interface import Interface


CONFIGLET_ID = "provincecomuni-ocds"


class OcdsSettingsForm(RegistryEditForm):
    schema = IOcdsSettings
    schema_prefix = RECORD_PREFIX
    label = _("label_ocds_settings", default="OCDS open data")
    description = _(
        "help_ocds_settings",
        default="How the tender dossiers are published as Open Contracting Data Standard "
        "releases (@ocds on a dossier, @ocds-releases on the site).",
    )


class OcdsSettingsView(ControlPanelFormWrapper):
    form = OcdsSettingsForm


@adapter(Interface, IControlpanelLayer)
class OcdsControlpanel(RegistryConfigletPanel):
    schema = IOcdsSettings
    schema_prefix = RECORD_PREFIX
    configlet_id = CONFIGLET_ID
    configlet_category_id = "plone-general"
