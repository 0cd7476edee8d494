"""``@members`` on a community, over HTTP: each role, and every kind of bad input."""

from plone import api
from provincecomuni.membership import api as membership

import pytest
import transaction


PASSWORD = "Una-password-lunga-1"  # noqa: S105
ROLES = ("coordinatore", "redattore", "collaboratore", "lettore")


@pytest.fixture
def roster(functional_portal):
    """Cuneo with one member per role, plus an outsider who is a member of Modena."""
    portal = functional_portal
    with api.env.adopt_roles(["Manager"]):
        for userid in (*ROLES, "esterno", "nuovo"):
            api.user.create(
                email=f"{userid}@example.org",
                username=userid,
                password=PASSWORD,
                properties={"fullname": userid.capitalize()},
            )
        for role in ROLES:
            membership.add_member(portal["province"]["cuneo"], role, role)
        membership.add_member(portal["province"]["modena"], "esterno", "coordinatore")
    transaction.commit()
    return portal


@pytest.fixture
def as_user(request_factory, roster):
    def session(userid):
        if userid == "anonymous":
            return request_factory(role="Anonymous")
        return request_factory(basic_auth=(userid, PASSWORD))

    return session


JSON = {"Accept": "application/json"}


@pytest.mark.parametrize(
    "userid, get_status, post_status",
    [
        ("coordinatore", 200, 201),
        ("redattore", 200, 401),
        ("collaboratore", 200, 401),
        ("lettore", 200, 401),
        ("esterno", 401, 401),
        ("anonymous", 401, 401),
    ],
)
def test_who_may_read_and_change_the_roster(as_user, userid, get_status, post_status):
    session = as_user(userid)
    assert session.get("/province/cuneo/@members", headers=JSON).status_code == get_status
    response = session.post(
        "/province/cuneo/@members", json={"userid": "nuovo", "role": "lettore"}, headers=JSON
    )
    assert response.status_code == post_status


def test_members_read_the_roster_without_email_addresses(as_user):
    body = as_user("lettore").get("/province/cuneo/@members", headers=JSON).json()
    assert [m["userid"] for m in body["items"]] == list(ROLES)  # Coordinatori first
    assert body["items"][0]["role_title"] == "Coordinatore"
    assert "email" not in body["items"][0]
    assert body["can_manage"] is False
    coordinator_view = as_user("coordinatore").get("/province/cuneo/@members", headers=JSON)
    assert coordinator_view.json()["items"][0]["email"] == "coordinatore@example.org"


def test_the_coordinatore_adds_changes_and_removes_a_member(as_user):
    session = as_user("coordinatore")
    added = session.post(
        "/province/cuneo/@members", json={"userid": "nuovo", "role": "collaboratore"}, headers=JSON
    )
    assert added.status_code == 201
    assert added.json()["role"] == "collaboratore"
    assert added.headers["Location"].endswith("/province/cuneo/@members/nuovo")
    # The new member can now read the community.
    assert as_user("nuovo").get("/province/cuneo", headers=JSON).status_code == 200

    changed = session.patch(
        "/province/cuneo/@members/nuovo", json={"role": "redattore"}, headers=JSON
    )
    assert changed.status_code == 200
    assert changed.json()["role"] == "redattore"

    removed = session.delete("/province/cuneo/@members/nuovo", headers=JSON)
    assert removed.status_code == 204
    assert as_user("nuovo").get("/province/cuneo", headers=JSON).status_code == 401


@pytest.mark.parametrize(
    "method, path, body, status, field, words",
    [
        ("post", "", {"userid": "fantasma", "role": "lettore"}, 400, "userid", "fantasma"),
        ("post", "", {"userid": "nuovo", "role": "sindaco"}, 400, "role", "sindaco"),
        ("post", "", {"role": "lettore"}, 400, "userid", "userid"),
        ("post", "", {"userid": "lettore", "role": "lettore"}, 400, "userid", "già"),
        ("patch", "/lettore", {"role": "sindaco"}, 400, "role", "sindaco"),
        ("patch", "/lettore", {}, 400, "role", "role"),
        ("patch", "/fantasma", {"role": "lettore"}, 404, "userid", "fantasma"),
        ("patch", "/coordinatore", {"role": "lettore"}, 400, "userid", "unico Coordinatore"),
        ("delete", "/coordinatore", None, 400, "userid", "unico Coordinatore"),
        ("delete", "/fantasma", None, 404, "userid", "fantasma"),
        ("delete", "", None, 400, "userid", "@members/"),
    ],
)
def test_bad_requests_name_the_problem(as_user, method, path, body, status, field, words):
    session = as_user("coordinatore")
    kwargs = {"headers": {**JSON, "Accept-Language": "it"}}
    if body is not None:
        kwargs["json"] = body
    response = getattr(session, method)(f"/province/cuneo/@members{path}", **kwargs)
    assert response.status_code == status
    error = response.json()["error"]
    assert error["field"] == field
    assert words in error["message"]


def test_a_body_that_is_not_json_is_refused(as_user):
    response = as_user("coordinatore").post(
        "/province/cuneo/@members",
        data="userid=nuovo",
        headers={**JSON, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert "JSON" in response.json()["error"]["message"]
