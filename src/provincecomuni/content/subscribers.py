"""What happens to a community's content when a community is created or changes visibility."""

from Products.CMFPlacefulWorkflow.PlacefulWorkflowTool import WorkflowPolicyConfig_id


CONTENT_POLICY = "provincecomuni_community"


def apply_content_policy(community, event):
    """Content inside a community follows the community content workflow.

    Its published state acquires View from the community, so a document published in
    a private community stays private to the community.
    """
    if WorkflowPolicyConfig_id not in community.objectIds():
        community.manage_addProduct["CMFPlacefulWorkflow"].manage_addWorkflowPolicyConfig()
    config = getattr(community, WorkflowPolicyConfig_id)
    config.setPolicyIn("")  # the community itself keeps its own workflow
    config.setPolicyBelow(CONTENT_POLICY)


def reindex_security_below(community, event):
    """After a change of visibility, search results follow it for the whole community.

    Published content acquires View from the community, so the permission itself is
    already right; the catalog's record of who may see each item is not until reindexed.
    """
    community.reindexObjectSecurity()
