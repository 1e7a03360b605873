"""The host country: no vote, but a voice. It writes to the Council when a text under
silence goes beyond what it can accept (its own `positions` and `salience` in the
scenario), and members that defer to it (`host_deference`) weigh its objection in their
ballots (`ballots.host_objection`): `host_unwritten` of it before it has written, in full after.
A host that withdraws its consent to the mission (`consent` below 1) objects to any renewal,
a technical rollover included, and members that defer to it value a lapse more
(`Council.host_refusal`)."""

from __future__ import annotations


def decide_host_letter(state) -> dict | None:
    """The host's letter on the text under silence, or None: the paragraphs it objects to
    most (up to `host_letter_paragraphs`) and how strongly, when its dissatisfaction exceeds `host_tolerance`
    and it has not already written on this revision."""
    c = state.council
    if not c.host_has_views or state.revision in state.host_letters:
        return None
    draft = state.draft
    dis = c.host_dissatisfaction(draft)
    if dis <= c.params.host_tolerance:
        return None
    worst = sorted(((c.host_loss[i][v], i) for i, v in enumerate(draft)), reverse=True)[:c.params.host_letter_paragraphs]
    letter = {
        "revision": state.revision,
        "issues": [c.issues[i].id for loss, i in worst if loss > 0],
        "dissatisfaction": round(dis, 3),
    }
    if c.host_refusal > 0.0:  # it asks for the mission's withdrawal
        letter["consent"] = round(1.0 - c.host_refusal, 3)
    return letter
