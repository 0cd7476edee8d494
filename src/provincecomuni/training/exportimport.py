"""A course's roster (enrolled, waiting list, attendance) through plone.restapi.

The course's JSON carries ``enrolment`` for whoever may edit the course (the
serializer), and a site manager's write restores it (the deserializer): so
``@@export_content`` / ``@@import_content`` keep who enrolled, who waits, who came.
Sessions keep their UIDs through collective.exportimport, and attendance is keyed
by them.
"""

from BTrees.OOBTree import OOBTree
from BTrees.OOBTree import OOTreeSet
from persistent.list import PersistentList
from plone import api
from plone.restapi.deserializer import json_body
from plone.restapi.deserializer.dxcontent import DeserializeFromJson
from plone.restapi.interfaces import IDeserializeFromJson
from plone.restapi.interfaces import ISerializeToJson
from plone.restapi.serializer.dxcontent import SerializeFolderToJson
from provincecomuni.interfaces import IProvinceComuniLayer
from provincecomuni.training import enrolment
from provincecomuni.training.content import ICourse
from zope.component import adapter
from zope.interface import implementer


def export_roster(course):
    state = enrolment.roster(course, create=False)
    if state is None:
        return {"enrolled": {}, "waiting": [], "attendance": {}}
    return {
        "enrolled": {userid: dict(info) for userid, info in state.enrolled.items()},
        "waiting": [{"userid": u, **dict(state.waiting_info[u])} for u in state.waiting],
        "attendance": {uid: sorted(users) for uid, users in state.attendance.items()},
    }


def import_roster(course, data):
    state = enrolment.roster(course)
    state.enrolled = OOBTree({u: dict(info) for u, info in data.get("enrolled", {}).items()})
    state.waiting = PersistentList(row["userid"] for row in data.get("waiting", []))
    waiting = data.get("waiting", [])
    state.waiting_info = OOBTree(
        {row["userid"]: {k: v for k, v in row.items() if k != "userid"} for row in waiting}
    )
    state.attendance = OOBTree(
        {uid: OOTreeSet(users) for uid, users in data.get("attendance", {}).items()}
    )
    state.touch()


@implementer(ISerializeToJson)
@adapter(ICourse, IProvinceComuniLayer)
class CourseSerializer(SerializeFolderToJson):
    def __call__(self, version=None, include_items=True):
        result = super().__call__(version=version, include_items=include_items)
        result["enrolment_totals"] = enrolment.totals(self.context)
        if api.user.has_permission("Modify portal content", obj=self.context):
            result["enrolment"] = export_roster(self.context)
        return result


@implementer(IDeserializeFromJson)
@adapter(ICourse, IProvinceComuniLayer)
class CourseDeserializer(DeserializeFromJson):
    def __call__(self, validate_all=False, data=None, create=False, mask_validation_errors=True):
        if data is None:
            data = json_body(self.request)
        obj = super().__call__(
            validate_all=validate_all,
            data=data,
            create=create,
            mask_validation_errors=mask_validation_errors,
        )
        roster = data.get("enrolment")
        if isinstance(roster, dict) and api.user.has_permission("Manage portal", obj=obj):
            import_roster(obj, roster)
        return obj
