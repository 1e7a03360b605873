"""Every judgement constant of the negotiation model, named, documented, one default each.

The record says what delegations did, rarely how much they weighed it; these numbers are
the model's judgement, the same for every scenario. A scenario may override any of them in
its ``model:`` block, and a batch with ``--set model.NAME=VALUE`` or ``--sweep``::

    model:
      veto_cost: 0.45        # vetoes are dearer in this case (judgement, say why)

Units. Everything a member weighs is on the *satisfaction scale*: 1 is the member's ideal
text, 0 the text furthest from it (``1 - sum(salience * distance) / sum(salience)``). A
cost of 0.1 is what a member would give up of its satisfaction with the text to avoid it.

`ModelParams` is the pydantic model of the ``model:`` block (so a scenario file is checked
field by field like the rest); `DEFAULT` is the instance with every default.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_serializer

_Unit = Annotated[float, Field(ge=0.0, le=1.0)]
_Pos = Annotated[float, Field(ge=0.0, le=10.0)]


def _p(default: float, doc: str, kind=_Unit):
    return Field(default=default, description=doc)


class ModelParams(BaseModel):
    """The model's constants (see each field's description)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    # --- private information: what delegations do not know about each other --------------
    private_sd: _Unit = _p(
        0.12,
        "Standard deviation of what each capital has told its delegation and the others do not "
        "know: a shift of its value of unity (how much dislike of a text it will swallow to join "
        "the Council) and of its value of the failure outcome. Drawn once per negotiation; the "
        "source of the variance between runs.")
    firmness: _Pos = _p(
        0.25, "How far a capital's private instructions (its unity shift) move what its "
             "delegation voices: one told to hold firm (a negative shift) objects, amends and "
             "breaks silence more; as penholder, it concedes less. (0.25: in sample, the 2020 "
             "record has no A3 silence-break.)", _Pos)
    decision_sd: _Unit = _p(
        0.02, "Standard deviation of the noise on each single decision (letters, amendments).")

    # --- ballots: the draft against the reversion -------------------------------------------
    rollover_chance: _Unit = _p(
        0.7, "Members' expectation that a failed draft is followed by a technical rollover "
             "(else the mandate lapses): the reversion is this mix of the two.")
    rollover_cost: _Unit = _p(
        0.08, "What a technical rollover costs every member on top of the status quo text: a "
              "mission in limbo, a short mandate, the same fight again in a few months.")
    unity: _Unit = _p(
        0.45, "Default value a member puts on joining the Council's consensus (voting yes rather "
             "than abstaining); a member's own `unity` overrides it.")
    protest_weight: _Pos = _p(
        0.6, "How much a member's dislike of the text (1 - satisfaction) weighs against unity: "
              "an abstention is how a member says it dislikes a text it will not block.", _Pos)
    grievance_weight: _Pos = _p(
        0.25, "How much the objections the penholder ignored (paragraphs a member asked to change "
             "that never moved its way) weigh in its ballot: a protest at the process.", _Pos)
    reversal_grievance: _Unit = _p(
        0.12, "Grievance of a member whose concession the penholder took back.")
    rollover_grievance: _Unit = _p(
        0.06, "Grievance, per earlier rollover of the same mandate, at another short rollover.")
    no_cost: _Unit = _p(
        0.25, "Public cost for an elected member of voting no on a renewal (relations with the "
              "host, the region and the penholder).")
    veto_cost: _Unit = _p(
        0.3, "Default public cost for a permanent member of casting a veto (audience costs); a "
             "member's own `veto_cost` overrides it. A veto comes when the draft is worse than "
             "the reversion by more than this.")
    expressive_no: _Unit = _p(
        0.5, "Weight an elected member gives the consequence of its no when it is not pivotal: "
             "a no is also a statement (a member that wants the mission gone votes no).")
    elected_abstain_cost: _Unit = _p(
        0.05, "What an abstention costs an elected member (its standing with the host, the region "
             "and the penholder), against nothing for a permanent member: abstentions on "
             "P3-penned renewals come mostly from China and Russia (BRIEF §4, a pre-2021 prior).")
    red_line_no: _Unit = _p(
        0.25, "Extra value of voting no (not just abstaining) on a text across a red line.")
    consequence_weight: _Pos = _p(
        1.0, "Weight of the consequence (the draft against the reversion) when a member's ballot "
             "decides the outcome: always for a permanent member's no, by the chance of being "
             "pivotal for the nine votes otherwise.", _Pos)
    group_pull: _Unit = _p(
        1.0, "How much a group's discipline pulls its members' ballots toward the group's mean "
             "(1: by the discipline itself).")

    # --- the host country -----------------------------------------------------------------
    host_deference: _Unit = _p(
        0.25, "Default weight a member gives the host's objection to a text (its consent); a "
              "member's own `host_deference` overrides it (strong for the A3, China, Russia).")
    host_tolerance: _Unit = _p(
        0.3, "The host objects (in a letter) to a draft whose dissatisfaction for it exceeds this.")

    # --- beliefs: what the room infers ------------------------------------------------------
    belief_break: _Unit = _p(
        0.06, "How far a silence-break lowers the room's estimate of the breaker's tolerance "
              "(its unity shift).")
    threat_credibility: _Unit = _p(
        0.5, "The share of the way a threat moves the room's estimate toward the threatened "
             "ballot (0: threats are ignored; 1: believed in full). Below 1 because a threat "
             "may be a bluff.")
    belief_pledge: _Unit = _p(
        0.05, "How far a pledge to accept the text as it stands (a 'yes' to lobbying for the "
              "draft's own text) raises it. A pledge to back a change moves no estimate: it "
              "co-sponsors the amendment, and the member has asked for the change (a grievance "
              "if it is ignored).")
    belief_ballot: _Unit = _p(
        0.3, "How far a no raises the room's estimate of the voter's value of the failure "
             "outcome (an abstention lowers its unity estimate by half this).")
    bluff: _Unit = _p(
        0.8, "A member threatens to veto (or abstain) once its ballot is this share of the way "
             "there: below 1, threats come before the member would carry them out (bluffs).")

    # --- expert rounds and silence ------------------------------------------------------------
    propose_threshold: _Unit = _p(
        0.045, "Objection worth a written amendment, for assertiveness 0.5.")
    max_amendments: Annotated[int, Field(ge=1, le=12)] = Field(
        default=3, description="Amendments a delegation tables per round at most.")
    break_threshold: _Unit = _p(
        0.11, "Objection that breaks silence, for assertiveness 0.5 (fitted, in sample, to the "
              "pre-2021 practice: a first silence is almost always broken; BRIEF §2).")
    pile_on: _Unit = _p(
        0.75, "Once someone has broken silence, others need only this share of their threshold.")
    repeat_restraint: _Pos = _p(
        0.35, "Each earlier break by the same member raises its threshold by this share.", _Pos)
    red_line_weight: _Pos = _p(
        0.5, "Added to an objection when the text crosses a red line.", _Pos)
    futile_discount: _Unit = _p(
        0.4, "Under silence, an objection the rest of the room opposes weighs this much.")
    lobby_assertiveness: _Unit = _p(
        0.5, "A delegation at least this assertive lobbies others to back its amendments.")
    lobby_targets: Annotated[int, Field(ge=0, le=14)] = Field(
        default=2, description="Delegations an agent lobbies per round for its strongest amendment.")
    peer_bonus: _Unit = _p(
        0.03, "How much more readily a member backs a group peer's request.")
    package_cost: _Unit = _p(
        0.05, "A package (back my text there and I back yours here) is offered and taken when "
              "the text given costs the giver less than this.")
    eov_threshold: _Unit = _p(
        0.1, "An unmet objection worth putting on the record in an explanation of vote.")

    # --- the penholder ----------------------------------------------------------------------
    p5_weight: _Pos = _p(
        3.0, "How much more the penholder weighs a permanent member's wishes in the room's stake.",
        _Pos)
    sponsor_weight: _Pos = _p(
        1.5, "... and a delegation that asked for a change of the paragraph: tabled, backed or "
             "co-sponsored an amendment to it or broke silence on it, this round or before (the "
             "penholder remembers who spoke up).", _Pos)
    breadth_weight: _Unit = _p(
        0.0, "What each sponsor of an amendment (its proposer and every co-sponsor) adds to the "
              "penholder's value of granting it, times its salience on the paragraph (half for "
              "meeting it halfway): breadth of support counts, whatever each sponsor's own stake. 0 by "
              "default: fitted in sample on 2016 and 2020, any positive value made members "
              "other than the record's break the first silence (0.05: Egypt and Senegal in 2016).")
    room_scale: _Pos = _p(
        4.0, "The room's summed stake is worth its sum / room_scale to the penholder.", _Pos)
    vote_weight: _Pos = _p(
        0.5, "What the penholder gives up of its own text (on the loss scale of one paragraph: "
             "salience x distance) for one more expected yes, times its consensus value.", _Pos)
    adoption_value: _Pos = _p(
        1.5, "The penholder's value of adoption itself (against the reversion), on the "
             "satisfaction scale: why it concedes to a member whose no would sink the text.", _Pos)
    promise_cost: _Unit = _p(
        0.5, "What the penholder weighs against taking back a concession it made (trust).")
    blue_confidence: _Unit = _p(
        0.8, "The penholder puts a text in blue when it believes it will be adopted with at "
             "least this probability (or when time is out).")
    abstention_tolerance: _Pos = _p(
        4.0, "Votes short of unanimity (expected abstentions and noes) a penholder that puts no "
             "value on consensus would take to a vote; times (1 - its consensus value).", _Pos)
    force_vote: _Unit = _p(
        0.5, "Default value to a penholder of forcing a vote it expects to be vetoed (the "
             "vetoer pays a public cost; the Council's divide is on record), against a rollover; "
             "a member's own `forces_votes` overrides it.")
    # --- rival drafts (game.model.rivals) ------------------------------------------------
    rival_value: _Unit = _p(
        0.0, "Value to a member of putting its own text to the vote against the penholder's "
             "when it expects to vote the penholder's down: the contrast on record, even if its "
             "own fails (Russia's S/2020/658 of July 2020 failed 4-7-4). 0 by default: a rival "
             "is tabled only for the chance that it passes.")
    rival_threshold: _Pos = _p(
        0.1, "What a rival draft must be worth to its sponsor (the room's chance of adopting it "
             "x its gain over the reversion, plus `rival_value`) before it tables one: drafting, "
             "lobbying and isolating oneself in public cost something (10: never). No rival draft "
             "in the 2016 and 2020 records.", _Pos)
    rival_softening: _Pos = _p(
        0.5, "How a sponsor composes its rival: from its best text it steps toward the "
             "penholder's where the room's chance of adopting it, times this, rises more than "
             "its satisfaction falls.", _Pos)
    bilateral_accommodation: _Unit = _p(
        0.5, "How much more accommodating the penholder is in bilaterals than in expert rounds.")
    broken_accommodation: _Unit = _p(
        0.25, "... and after a broken silence.")
    bilateral_restate: _Pos = _p(
        0.5, "In a bilateral the penholder holds after a broken silence, a member restates the "
             "paragraphs it still objects to on the current text (up to three, as in a "
             "silence-break) when its strongest objection reaches this share of its threshold "
             "for breaking silence; below it, it says it can live with the text. (Judgement, not "
             "fitted: no bilaterals in the 2016 and 2020 runs of seeds 0-29.)", _Pos)
    bilateral_threat: _Unit = _p(
        1.0, "The chance that a member whose ballot on the current text would carry a threat "
             "(the rule of `bluff`, game.model.silence.decide_threat) voices it in a bilateral; "
             "the room reads a threat once per member and level (an escalation, abstain to no "
             "or veto, moves it further). Lower it to make threats in bilaterals rarer.")

    # --- co-penholders (a scenario's `co_penholders`) ---------------------------------------
    co_pen_tolerance: _Unit = _p(
        0.04, "A co-penholder agrees to a revision unless a paragraph it changes crosses one of "
              "the co-penholder's red lines or costs it more than this of its satisfaction with the "
              "text; then it objects, and the paragraph is met halfway (if halfway costs it no "
              "more than this) or reverts to the circulated text. (Judgement, not fitted: no case "
              "in the project's pre-2021 set has co-penholders.)")
    co_pen_blue_confidence: _Unit = _p(
        0.8, "A co-penholder refuses to put a text in blue that it believes (the room's count) "
             "will be adopted with less than this probability, and asks for another round, "
             "bilaterals, a silence, or a rollover (whichever is open and, for a rollover, better "
             "for it than the vote). The more cautious step wins (game.rules.most_cautious_step).")

    @model_serializer(mode="wrap")
    def _dump(self, handler):
        """Every field, except those added since log version 2 while they keep their
        default (`LATER`): a scenario that does not use them is written, in a log's header,
        as the engine before them wrote it, so its logs stay byte for byte the same."""
        data = handler(self)
        for name in LATER:
            if name in data and data[name] == _DEFAULTS[name]:
                del data[name]
        return data


LATER = ("rival_value", "rival_threshold", "rival_softening", "co_pen_tolerance",
         "co_pen_blue_confidence", "bilateral_restate", "bilateral_threat")
"""Parameters added after log version 2 (left out of a dump at their default)."""
_DEFAULTS = {name: f.default for name, f in ModelParams.model_fields.items()}

DEFAULT = ModelParams()

NAMES = tuple(ModelParams.model_fields)
