"""What happens when a proposal moves through its workflow."""

from provincecomuni.funding import dates


def record_submission(proposal, event):
    """Submitting sets the submission date, an outcome sets the outcome date (if empty)."""
    if event.transition is None:
        return
    state = event.new_state.id
    if state == "presentata" and not proposal.submission_date:
        proposal.submission_date = dates.today()
        proposal.reindexObject()
    elif state in ("finanziata", "non_finanziata") and not proposal.outcome_date:
        proposal.outcome_date = dates.today()
        proposal.reindexObject()
