"""``<community>/@members``: the roster through the REST API.

GET    @members            -> the roster (members only; e-mail addresses only
                              for those who manage the community)
POST   @members            {"userid": "...", "role": "redattore"}  -> 201
PATCH  @members/<userid>   {"role": "lettore"}                      -> 200
DELETE @members/<userid>                                            -> 204

Errors answer 400 (bad input, last Coordinatore), 404 (not a member) with a
message naming the field; 401/403 come from the permissions in the ZCML.
"""

from plone import api
from plone.protect.interfaces import IDisableCSRFProtection
from plone.restapi.deserializer import json_body
from plone.restapi.services import Service
from provincecomuni import _
from provincecomuni.membership import api as membership
from provincecomuni.membership.api import MembershipError
from provincecomuni.membership.roles import COMMUNITY_ROLES
from provincecomuni.membership.roles import ROLES_BY_ID
from zope.i18n import translate
from zope.interface import alsoProvides
from zope.interface import implementer
from zope.publisher.interfaces import IPublishTraverse


MANAGE = "provincecomuni: Manage community"


@implementer(IPublishTraverse)
class MembersService(Service):
    def __init__(self, context, request):
        super().__init__(context, request)
        self.params = []

    def publishTraverse(self, request, name):
        self.params.append(name)
        return self

    # helpers ---------------------------------------------------------------
    def _t(self, message):
        return translate(message, context=self.request)

    def error(self, status, message, field=None, error_type="BadRequest"):
        self.request.response.setStatus(status)
        error = {"type": error_type, "message": self._t(message)}
        if field:
            error["field"] = field
        return {"error": error}

    def membership_error(self, exc):
        error_type = "NotFound" if exc.status == 404 else "BadRequest"
        return self.error(exc.status, exc.message, exc.field, error_type)

    def body(self):
        try:
            data = json_body(self.request)
        except Exception:  # plone.restapi raises a bare DeserializationError
            data = None
        if not isinstance(data, dict):
            raise MembershipError(
                _("error_json_object", default="The request body must be a JSON object.")
            )
        return data

    def userid_param(self):
        if len(self.params) != 1:
            raise MembershipError(
                _(
                    "error_userid_in_path",
                    default="Name one member in the URL: @members/<userid>.",
                ),
                "userid",
            )
        return self.params[0]

    def member_json(self, member, with_email):
        role = ROLES_BY_ID.get(member["role"])
        data = {
            "@id": f"{self.context.absolute_url()}/@members/{member['userid']}",
            "userid": member["userid"],
            "fullname": member["fullname"],
            "role": member["role"],
            "role_title": self._t(role.title) if role else member["role"],
            "since": member["since"],
        }
        if with_email:
            data["email"] = member["email"]
        return data

    def can_manage(self):
        return api.user.has_permission(MANAGE, obj=self.context)

    def member(self, userid):
        for member in membership.list_members(self.context):
            if member["userid"] == userid:
                return self.member_json(member, self.can_manage())
        return None

    def write(self):
        # Token-authenticated REST writes carry no CSRF token; permission checks apply.
        alsoProvides(self.request, IDisableCSRFProtection)


class MembersGet(MembersService):
    def reply(self):
        manage = self.can_manage()
        if self.params:
            found = self.member(self.params[0]) if len(self.params) == 1 else None
            if found is None:
                return self.error(
                    404,
                    _(
                        "error_not_member",
                        default="'${userid}' is not a member.",
                        mapping={"userid": "/".join(self.params)},
                    ),
                    "userid",
                    "NotFound",
                )
            return found
        items = [self.member_json(m, manage) for m in membership.list_members(self.context)]
        result = {
            "@id": f"{self.context.absolute_url()}/@members",
            "items": items,
            "items_total": len(items),
            "roles": [{"id": r.id, "title": self._t(r.title)} for r in COMMUNITY_ROLES],
            "join_policy": membership.join_policy(self.context),
            "can_manage": manage,
        }
        if manage:
            result["pending_requests"] = [
                {"userid": r["userid"], "fullname": r["fullname"], "since": r["since"]}
                for r in membership.pending_requests(self.context)
            ]
        return result


class MembersPost(MembersService):
    def reply(self):
        self.write()
        try:
            data = self.body()
            userid = data.get("userid")
            if not userid:
                raise MembershipError(
                    _("error_userid_required", default="The field 'userid' is required."),
                    "userid",
                )
            role = data.get("role") or "lettore"
            membership.add_member(self.context, userid, role, by=api.user.get_current().getId())
        except MembershipError as exc:
            return self.membership_error(exc)
        self.request.response.setStatus(201)
        self.request.response.setHeader(
            "Location", f"{self.context.absolute_url()}/@members/{userid}"
        )
        return self.member(userid)


class MembersPatch(MembersService):
    def reply(self):
        self.write()
        try:
            userid = self.userid_param()
            data = self.body()
            if "role" not in data:
                raise MembershipError(
                    _("error_role_required", default="The field 'role' is required."), "role"
                )
            membership.change_role(
                self.context, userid, data["role"], by=api.user.get_current().getId()
            )
        except MembershipError as exc:
            return self.membership_error(exc)
        return self.member(userid)


class MembersDelete(MembersService):
    def reply(self):
        self.write()
        try:
            membership.remove_member(self.context, self.userid_param())
        except MembershipError as exc:
            return self.membership_error(exc)
        return self.reply_no_content()
