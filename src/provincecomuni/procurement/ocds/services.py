"""``GET @ocds`` (a dossier's release) and ``GET @ocds-releases`` (the release package)."""

from datetime import datetime
from datetime import UTC
from plone import api
from plone.restapi.services import Service
from provincecomuni import _
from provincecomuni.procurement import lifecycle
from provincecomuni.procurement.ocds import release as ocds
from urllib.parse import urlencode
from zope.i18n import translate


DEFAULT_PAGE_SIZE = 25
MAX_PAGE_SIZE = 100


class OcdsGet(Service):
    """The OCDS release of one tender dossier."""

    def reply(self):
        return ocds.release(self.context)


def _positive_int(form, name, default, maximum=None):
    raw = form.get(name)
    if raw in (None, ""):
        return default
    if not str(raw).isdigit() or int(raw) < 1 or (maximum and int(raw) > maximum):
        raise ValueError(name)
    return int(raw)


def _error(request, name, maximum):
    request.response.setStatus(400)
    if maximum:
        message = _(
            "error_ocds_page_size",
            default="${field}: write a whole number from 1 to ${maximum}.",
            mapping={"field": name, "maximum": maximum},
        )
    else:
        message = _(
            "error_ocds_page",
            default="${field}: write a whole number from 1 on.",
            mapping={"field": name},
        )
    return {
        "error": {
            "type": "BadRequest",
            "field": name,
            "message": translate(message, context=request),
        }
    }


class OcdsReleasesGet(Service):
    """The release package of the public dossiers under the context the caller may see.

    Catalog only: one query for the page, then the page's dossiers. The order is
    creation (to the minute, the resolution of the catalog's date index) then UID:
    neither ever changes, so the pages stay the same while dossiers change.
    ``page`` starts at 1; ``page_size`` is at most 100.
    """

    def reply(self):
        form = self.request.form
        try:
            page = _positive_int(form, "page", 1)
        except ValueError:
            return _error(self.request, "page", None)
        try:
            size = _positive_int(form, "page_size", DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE)
        except ValueError:
            return _error(self.request, "page_size", MAX_PAGE_SIZE)
        catalog = api.portal.get_tool("portal_catalog")
        start = (page - 1) * size
        brains = catalog(
            portal_type="TenderDossier",
            review_state=lifecycle.PUBLIC_STATES,
            path="/".join(self.context.getPhysicalPath()),
            sort_on=("created", "UID"),
            b_start=start,
            b_size=size,
        )
        # The catalog answers with this page only and counts the whole result.
        total = brains.actual_result_count
        releases = [ocds.release(brain.getObject()) for brain in brains] if start < total else []
        base = f"{self.context.absolute_url()}/@ocds-releases"

        def link(number):
            return f"{base}?{urlencode({'page': number, 'page_size': size})}"

        links = {}
        if start + size < total:
            links["next"] = link(page + 1)
        if page > 1:
            links["prev"] = link(min(page - 1, max(1, -(-total // size))))
        portal = api.portal.get()
        package = {
            "uri": link(page),
            "version": ocds.OCDS_VERSION,
            "extensions": [ocds.LOTS_EXTENSION],
            "publishedDate": datetime.now(UTC).isoformat(timespec="seconds"),
            "publisher": {
                "name": api.portal.get_registry_record("plone.site_title", default="")
                or portal.Title(),
                "uri": portal.absolute_url(),
            },
            "releases": releases,
            "links": links,
            "page": page,
            "page_size": size,
            "total": total,
        }
        return package
