"""Pages of the good practices: a practice, its adoption form, the public catalogue."""

from plone import api
from plone.batching import Batch
from plone.protect import CheckAuthenticator
from Products.CMFCore.WorkflowCore import WorkflowException
from Products.Five.browser import BrowserView
from provincecomuni import _
from provincecomuni.domain import territories
from provincecomuni.practices import adoptions
from provincecomuni.practices import catalogue
from provincecomuni.practices.workflow import review_comment
from provincecomuni.vocabularies.pillars import PILLARS
from urllib.parse import urlencode
from zope.i18n import translate


class GoodPracticeView(BrowserView):
    """A practice: its content, the reviewer's comment for the author, its adoptions."""

    def pillar_title(self):
        return dict(PILLARS).get(self.context.pillar, self.context.pillar)

    def provinces(self):
        return [
            territories.province(code).name
            for code in self.context.provinces or ()
            if territories.province(code)
        ]

    def comuni(self):
        return [
            territories.comune(code).name
            for code in self.context.comuni or ()
            if territories.comune(code)
        ]

    def state(self):
        return api.content.get_state(self.context, default=None)

    def state_title(self):
        workflow = api.portal.get_tool("portal_workflow")
        return workflow.getTitleForStateOnType(self.state(), self.context.portal_type)

    def review_comment(self):
        return review_comment(self.context)

    def review_transitions(self):
        """The review transitions the current user may make now (publish, reject)."""
        if api.user.is_anonymous():
            return []
        workflow = api.portal.get_tool("portal_workflow")
        available = {t["id"] for t in workflow.getTransitionsFor(self.context)}
        return [t for t in REVIEW_TRANSITIONS if t in available]

    def attachments(self):
        return api.content.find(
            context=self.context,
            depth=1,
            portal_type=["File", "Image"],
            sort_on="getObjPositionInParent",
        )

    def adoptions(self):
        return adoptions.list_adoptions(self.context)

    def outcome_title(self, outcome):
        return dict(adoptions.OUTCOMES).get(outcome, outcome)

    def declarable_provinces(self):
        if self.state() != "pubblicata":
            return []
        return [
            {"value": code, "title": territories.province(code).name}
            for code in adoptions.declarable_provinces(self.context)
        ]

    def outcomes(self):
        return adoptions.OUTCOMES


REVIEW_TRANSITIONS = ("publish", "reject")


class ReviewPractice(BrowserView):
    """The reviewers' form on the practice: publish, or reject with a comment."""

    def __call__(self):
        request = self.request
        url = self.context.absolute_url()
        if request.method != "POST":
            return request.response.redirect(url)
        CheckAuthenticator(request)
        action = request.form.get("workflow_action")
        if action not in REVIEW_TRANSITIONS:
            return request.response.redirect(url)
        workflow = api.portal.get_tool("portal_workflow")
        try:
            workflow.doActionFor(
                self.context, action, comment=(request.form.get("comment") or "").strip()
            )
        except WorkflowException as error:
            api.portal.show_message(str(error), request=request, type="error")
        else:
            if action == "publish":
                message = _("message_practice_published", default="The practice is published.")
            else:
                message = _(
                    "message_practice_rejected", default="The practice went back to its author."
                )
            api.portal.show_message(message, request=request)
        return request.response.redirect(url)


class DeclareAdoption(BrowserView):
    """The form's target: records the adoption, then back to the practice with a message."""

    def __call__(self):
        request = self.request
        if request.method != "POST":
            return request.response.redirect(self.context.absolute_url())
        CheckAuthenticator(request)
        form = request.form
        try:
            adoptions.declare(
                self.context,
                form.get("province"),
                form.get("date"),
                form.get("outcome"),
                form.get("note", ""),
            )
        except adoptions.AdoptionError as error:
            api.portal.show_message(error.message, request=request, type="error")
        else:
            api.portal.show_message(
                _("message_adoption_recorded", default="Adoption recorded: thank you."),
                request=request,
            )
        return request.response.redirect(self.context.absolute_url() + "#adozioni")


class GoodPracticesCatalogue(BrowserView):
    """The layout of /buone-pratiche: published practices from every community."""

    page_size = 20

    def update(self):
        brains, facets, filters, text, sort = catalogue.search(self.request.form, self.request)
        self.total = len(brains)
        start = int(self.request.form.get("b_start", 0) or 0)
        self.batch = Batch(brains, self.page_size, start=max(start, 0))
        self.facet_groups = facets
        self.active_filters = filters
        self.search_text = text
        self.sort_key = sort

    def __call__(self):
        self.update()
        return self.index()

    def facet_title(self, name):
        titles = {
            "pillar": _("label_pillar", default="Pillar"),
            "region": _("label_region", default="Region"),
            "province": _("facet_province", default="Province"),
            "tag": _("facet_tag", default="Tag"),
            "year": _("label_practice_year", default="Year"),
        }
        return titles[name]

    def _params(self, filters, **extra):
        params = []
        for name, values in filters.items():
            params.extend((name, value) for value in values)
        if self.search_text:
            params.append(("q", self.search_text))
        if self.sort_key != catalogue.DEFAULT_SORT:
            params.append(("sort", self.sort_key))
        params.extend(extra.items())
        return urlencode(params)

    def toggle_url(self, name, value):
        """The catalogue with ``value`` of facet ``name`` added, or removed if chosen."""
        filters = {key: list(values) for key, values in self.active_filters.items()}
        chosen = filters.setdefault(name, [])
        if value in chosen:
            chosen.remove(value)
        else:
            chosen.append(value)
        filters = {key: values for key, values in filters.items() if values}
        query = self._params(filters)
        return self.context.absolute_url() + ("?" + query if query else "")

    def sorts(self):
        titles = {
            "adoptions": _("sort_adoptions", default="Most adopted"),
            "recent": _("sort_recent", default="Most recent"),
            "year": _("sort_year", default="Year"),
            "title": _("sort_title", default="Title"),
        }
        return [{"value": key, "title": titles[key]} for key in catalogue.SORTS]

    def pillar_title(self, value):
        return translate(dict(PILLARS).get(value, value), context=self.request)

    def province_names(self, brain):
        return ", ".join(
            territories.province(code).name
            for code in brain.practice_provinces or ()
            if territories.province(code)
        )
