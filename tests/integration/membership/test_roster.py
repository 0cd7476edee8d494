"""Community rosters: roles give access inside one community only, by one write."""

from plone import api
from plone.app.testing import login
from plone.app.testing import logout
from plone.app.testing import setRoles
from plone.app.testing import TEST_USER_ID
from plone.app.testing import TEST_USER_NAME
from provincecomuni.membership import api as membership
from provincecomuni.membership.api import MembershipError
from provincecomuni.membership.api import NotAMember

import pytest


PASSWORD = "Una-password-lunga-1"  # noqa: S105


@pytest.fixture
def site(portal):
    setRoles(portal, TEST_USER_ID, ["Manager"])
    for userid in ("anna", "bruno", "carla", "dario"):
        api.user.create(email=f"{userid}@example.org", username=userid, password=PASSWORD)
    cuneo = portal["province"]["cuneo"]
    document = api.content.create(
        container=cuneo, type="Document", id="verbale", title="Verbale Cuneo"
    )
    api.content.transition(obj=document, transition="publish")
    api.content.create(container=cuneo, type="Document", id="bozza", title="Bozza Cuneo")
    return portal


def _as(portal, userid, func):
    logout()
    login(portal, userid)
    try:
        return func()
    finally:
        logout()
        login(portal, TEST_USER_NAME)


def _can(portal, userid, permission, obj):
    return _as(portal, userid, lambda: api.user.has_permission(permission, obj=obj))


def _titles(portal, userid):
    """The documents a user finds in the Province communities."""
    path = "/".join(portal["province"].getPhysicalPath())
    return _as(
        portal,
        userid,
        lambda: sorted(b.Title for b in api.content.find(portal_type="Document", path=path)),
    )


def test_a_reader_sees_published_content_of_their_community_only(site):
    cuneo, modena = site["province"]["cuneo"], site["province"]["modena"]
    assert _titles(site, "anna") == []
    membership.add_member(cuneo, "anna", "lettore")
    assert _titles(site, "anna") == ["Verbale Cuneo"]  # the draft stays with its author
    assert _can(site, "anna", "View", cuneo)
    assert not _can(site, "anna", "View", modena)
    assert not _can(site, "anna", "Modify portal content", cuneo["verbale"])


def test_removing_a_member_takes_access_away_at_once(site):
    cuneo = site["province"]["cuneo"]
    membership.add_member(cuneo, "anna", "lettore")
    membership.remove_member(cuneo, "anna")
    assert _titles(site, "anna") == []
    assert not _can(site, "anna", "View", cuneo)


@pytest.mark.parametrize(
    "role, can_add, can_edit_others, can_manage",
    [
        ("coordinatore", True, True, True),
        ("redattore", True, True, False),
        ("collaboratore", True, False, False),
        ("lettore", False, False, False),
    ],
)
def test_each_community_role_grants_its_permissions(
    site, role, can_add, can_edit_others, can_manage
):
    cuneo = site["province"]["cuneo"]
    membership.add_member(cuneo, "bruno", role)

    def check():
        return (
            api.user.has_permission("Add portal content", obj=cuneo),
            api.user.has_permission("Modify portal content", obj=cuneo["verbale"]),
            api.user.has_permission("provincecomuni: Manage community", obj=cuneo),
        )

    assert _as(site, "bruno", check) == (can_add, can_edit_others, can_manage)


def test_the_coordinatore_sets_the_visibility(site):
    cuneo = site["province"]["cuneo"]
    membership.add_member(cuneo, "carla", "coordinatore")
    membership.add_member(cuneo, "bruno", "redattore")
    workflow = api.portal.get_tool("portal_workflow")
    transitions = _as(site, "bruno", lambda: [t["id"] for t in workflow.getTransitionsFor(cuneo)])
    assert "make_public" not in transitions
    _as(site, "carla", lambda: api.content.transition(obj=cuneo, transition="make_public"))
    assert api.content.get_state(cuneo) == "public"


def test_community_groups_stay_out_of_the_groups_control_panel(site):
    membership.add_member(site["province"]["cuneo"], "anna", "redattore")
    group_ids = {group.getId() for group in api.group.get_groups()}
    assert not [g for g in group_ids if g.startswith("pc.")]
    assert {"upi-coordinamento", "personale-province", "personale-comuni", "revisori"} <= group_ids
    found = site.acl_users.searchGroups(id="pc.")
    assert found == ()
    # ... yet Zope knows anna is in the community's group.
    user = site.acl_users.getUserById("anna")
    assert any(g.startswith("pc.") and g.endswith(".redattore") for g in user.getGroups())


def test_the_sharing_page_cannot_untick_the_community_groups(site):
    # Their roles are computed: the Sharing page shows them as inherited, not as
    # checkboxes an editor could untick to lock a whole community out.
    sharing = site["province"]["cuneo"].restrictedTraverse("@@sharing")
    entries = [e for e in sharing.existing_role_settings() if e["id"].startswith("pc.")]
    assert len(entries) == 4
    for entry in entries:
        assert True not in entry["roles"].values(), entry


def test_the_last_coordinatore_cannot_be_removed_or_demoted(site):
    cuneo = site["province"]["cuneo"]
    membership.add_member(cuneo, "carla", "coordinatore")
    with pytest.raises(MembershipError) as removing:
        membership.remove_member(cuneo, "carla")
    assert "only Coordinatore" in removing.value.message.default
    with pytest.raises(MembershipError):
        membership.change_role(cuneo, "carla", "lettore")
    membership.add_member(cuneo, "dario", "coordinatore")
    membership.change_role(cuneo, "carla", "lettore")
    assert membership.role_of(cuneo, "carla") == "lettore"


def test_bad_input_names_the_problem(site):
    cuneo = site["province"]["cuneo"]
    with pytest.raises(MembershipError) as unknown_user:
        membership.add_member(cuneo, "nessuno", "lettore")
    assert unknown_user.value.field == "userid"
    with pytest.raises(MembershipError) as unknown_role:
        membership.add_member(cuneo, "anna", "presidente")
    assert unknown_role.value.field == "role"
    membership.add_member(cuneo, "anna", "lettore")
    with pytest.raises(MembershipError):
        membership.add_member(cuneo, "anna", "redattore")
    with pytest.raises(NotAMember):
        membership.remove_member(cuneo, "bruno")


def test_joining_follows_the_community_policy(site):
    cuneo = site["province"]["cuneo"]
    with pytest.raises(MembershipError) as closed:
        membership.join(cuneo, "anna")
    assert closed.value.field == "join_policy"
    cuneo.join_policy = "open"
    assert membership.join(cuneo, "anna") == "member"
    assert membership.role_of(cuneo, "anna") == "lettore"
    cuneo.join_policy = "request"
    assert membership.join(cuneo, "bruno") == "pending"
    assert membership.role_of(cuneo, "bruno") is None
    assert [r["userid"] for r in membership.pending_requests(cuneo)] == ["bruno"]
    membership.approve_request(cuneo, "bruno", "collaboratore")
    assert membership.role_of(cuneo, "bruno") == "collaboratore"
    assert membership.pending_requests(cuneo) == []


def test_upi_coordination_reads_every_community_and_coordinates_the_networks(site):
    api.group.add_user(groupname="upi-coordinamento", username="dario")
    modena = site["province"]["modena"]
    network = site["reti-tematiche"]["community-sua"]
    assert _can(site, "dario", "View", modena)
    assert not _can(site, "dario", "Modify portal content", modena)
    assert _can(site, "dario", "provincecomuni: Manage community", network)


def test_revisori_hold_the_good_practice_reviewer_role(site):
    api.group.add_user(groupname="revisori", username="anna")
    assert "GoodPracticeReviewer" in api.user.get_roles(username="anna")


def test_staff_affiliation_is_validated_and_puts_them_in_their_group(site):
    membership.set_affiliation("anna", "comune", "004078")  # Cuneo (CN)
    assert membership.affiliation_of("anna") == {"kind": "comune", "code": "004078"}
    assert "pc.comune.004078" in site.acl_users.getUserById("anna").getGroups()
    assert "anna" in api.group.get(groupname="personale-comuni").getGroupMemberIds()
    with pytest.raises(MembershipError) as unknown:
        membership.set_affiliation("anna", "comune", "999999")
    assert unknown.value.field == "territory"
    membership.set_affiliation("anna", "provincia", "004")  # she moves to the Province
    assert "anna" in api.group.get(groupname="personale-province").getGroupMemberIds()
    assert "anna" not in api.group.get(groupname="personale-comuni").getGroupMemberIds()


def test_deleting_a_community_forgets_its_roster(site):
    community = api.content.create(
        container=site["reti-tematiche"],
        type="ThematicCommunity",
        id="rete-prova",
        title="Rete prova",
    )
    membership.add_member(community, "anna", "lettore")
    api.content.delete(obj=community)
    assert membership.communities_of("anna") == {}


def test_the_roster_shows_current_names_and_forgets_deleted_accounts(site):
    cuneo = site["province"]["cuneo"]
    membership.add_member(cuneo, "anna", "lettore")
    membership.add_member(cuneo, "bruno", "lettore")
    membership.set_affiliation("bruno", "comune", "004078")
    api.user.get(userid="anna").setMemberProperties({"fullname": "Anna Bianchi"})
    api.user.delete(username="bruno")
    members = {m["userid"]: m for m in membership.list_members(cuneo)}
    assert members["anna"]["fullname"] == "Anna Bianchi"
    assert members["anna"]["email"] == "anna@example.org"
    assert "bruno" not in members
    assert membership.communities_of("bruno") == {}
    assert membership.affiliation_of("bruno") is None


def test_upi_coordination_manages_the_indicators(site):
    api.group.add_user(groupname="upi-coordinamento", username="dario")
    section = site["agenda-digitale"]
    indicator = next(iter(section.objectValues()))
    assert _can(site, "dario", "provincecomuni: Manage indicators", section)
    assert _can(site, "dario", "Modify portal content", indicator)
    assert not _can(site, "anna", "provincecomuni: Manage indicators", section)


def test_the_coordinatore_reads_the_journal_and_exports_deposit_packages(site):
    cuneo = site["province"]["cuneo"]
    membership.add_member(cuneo, "carla", "coordinatore")
    membership.add_member(cuneo, "bruno", "redattore")
    for permission in ("provincecomuni: View journal", "provincecomuni: Export deposit package"):
        assert _can(site, "carla", permission, cuneo)
        assert not _can(site, "bruno", permission, cuneo)
        assert not _can(site, "carla", permission, site["province"]["modena"])
