"""Every judgement constant of the negotiation model, named, documented, one default each.

The record says what delegations did, rarely how much they weighed it; these numbers are
the model's judgement, the same for every scenario. A scenario may override any of them in
its ``model:`` block, and a batch with ``--set model.NAME=VALUE`` or ``--sweep``::

    model:
      veto_cost: 0.45        # vetoes are dearer in this case (judgement, say why)

Units. Everything a member weighs is on the *satisfaction scale*: 1 is the member's ideal
text, 0 the text furthest from it (``1 - sum(salience * distance) / sum(salience)``). A
cost of 0.1 is what a member would give up of its satisfaction with the text to avoid it.

Fitted defaults. Seven of them (unity, private_sd, host_deference, elected_abstain_cost,
veto_cost, red_line_no, abstention_tolerance) come from ``penholder calibrate --agency 100``
on the training corpus, the real decisions taken before 2021 (calibration/fitted.json says
how, with the scores in sample and leave-one-case-out; tests/test_calibrate.py checks that
these defaults are its values). The others are judgement, as each description says.

`ModelParams` is the pydantic model of the ``model:`` block (so a scenario file is checked
field by field like the rest); `DEFAULT` is the instance with every default.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, model_serializer

_Unit = Annotated[float, Field(ge=0.0, le=1.0)]
_Pos = Annotated[float, Field(ge=0.0, le=10.0)]
_Scale = Annotated[float, Field(gt=0.0, le=100.0)]


def _p(default: float, doc: str, kind=_Unit):
    return Field(default=default, description=doc)


class ModelParams(BaseModel):
    """The model's constants (see each field's description)."""

    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)

    # --- private information: what delegations do not know about each other --------------
    private_sd: _Unit = _p(
        0.2366,
        "Standard deviation of what each capital has told its delegation and the others do not "
        "know: a shift of its value of unity (how much dislike of a text it will swallow to join "
        "the Council) and of its value of the failure outcome. Drawn once per negotiation; the "
        "source of the variance between runs.")
    firmness: _Pos = _p(
        0.25, "How far a capital's private instructions (its unity shift) move what its "
             "delegation voices: one told to hold firm (a negative shift) objects, amends and "
             "breaks silence more; as penholder, it concedes less. (0.25: in sample, the 2020 "
             "record has no A3 silence-break.)", _Pos)
    instruction_sd: _Unit = _p(
        0.02, "Standard deviation of what each capital thinks, privately, of each text of each "
              "paragraph, beyond its public position: drawn once per negotiation (with the "
              "unity and failure shifts, `private_sd`), so a delegation is consistent from "
              "round to round. It moves its objection to the text on the table (comments, "
              "silence-break letters), the penholder's choice among candidate texts, its answer "
              "to lobbying and its view of a rival draft. Decisions carry no other noise. "
              "(0.02: the spread of the judgement noise it replaces; judgement, not fitted.)")

    # --- ballots: the draft against the reversion -------------------------------------------
    rollover_chance: _Unit = _p(
        0.7, "Members' expectation that a failed draft is followed by a technical rollover "
             "(else the mandate lapses): the reversion is this mix of the two. Where every "
             "issue declares its `lapse` at the status quo (not a renewal: a failed draft leaves "
             "the texts in force), the reversion is the lapse, with no `rollover_cost`.")
    rollover_cost: _Unit = _p(
        0.08, "What a technical rollover costs every member on top of the status quo text: a "
              "mission in limbo, a short mandate, the same fight again in a few months.")
    rollover_foresight: _Unit = _p(
        1.0, "How far a permanent member that would veto a technical rollover itself (a lapse "
             "worth more to it than the rollover by more than its `veto_cost`) counts a failed "
             "draft as the lapse rather than `rollover_chance`'s mix: it knows its own "
             "instructions, and a rollover needs its vote (Syria cross-border aid, July 2020: "
             "Russia, which wanted the crossings closed, could veto an extension as it did "
             "the draft). 1: in full; 0: the room's mix, as for every member. Judgement: "
             "the ballot rule's own consequence.")
    unity: _Unit = _p(
        0.5354, "Default value a member puts on joining the Council's consensus (voting yes rather "
             "than abstaining); a member's own `unity` overrides it.")
    protest_weight: _Pos = _p(
        0.6, "How much a member's dislike of the text (1 - satisfaction) weighs against unity: "
              "an abstention is how a member says it dislikes a text it will not block.", _Pos)
    grievance_weight: _Pos = _p(
        0.25, "How much the objections the penholder ignored (paragraphs a member asked to change "
             "that never moved its way) weigh in its ballot: a protest at the process.", _Pos)
    reversal_grievance: _Unit = _p(
        0.12, "Grievance of a member whose concession the penholder took back.")
    rollover_dislike: _Unit = _p(
        0.0, "Share of a member's dislike of the text (`protest_weight`) that weighs against its "
             "yes on a technical rollover: the mandate in force, adopted before, extended "
             "unaltered; a yes keeps the mission and endorses no new language. Judgement, not "
             "fitted (no rollover in the 2016 and 2020 cases).")
    rollover_grievance: _Unit = _p(
        0.06, "Grievance, per earlier rollover of the same mandate, at another short rollover.")
    no_cost: _Unit = _p(
        0.25, "Public cost for an elected member of voting no on a renewal (relations with the "
              "host, the region and the penholder).")
    veto_cost: _Unit = _p(
        0.0742, "Default public cost for a permanent member of casting a veto (audience costs); a "
             "member's own `veto_cost` overrides it. A veto comes when the draft is worse than "
             "the reversion by more than this.")
    expressive_no: _Unit = _p(
        0.5, "Weight an elected member gives the consequence of its no when it is not pivotal: "
             "a no is also a statement (a member that wants the mission gone votes no).")
    elected_abstain_cost: _Unit = _p(
        0.1379, "What an abstention costs an elected member (its standing with the host, the region "
             "and the penholder), against nothing for a permanent member: abstentions on "
             "P3-penned renewals come mostly from China and Russia (BRIEF §4, a pre-2021 prior).")
    red_line_no: _Unit = _p(
        0.2191, "Extra value of voting no (not just abstaining) on a text across a red line.")
    consequence_weight: _Pos = _p(
        1.0, "Weight of the consequence (the draft against the reversion) when a member's ballot "
             "decides the outcome: always for a permanent member's no, by the chance of being "
             "pivotal for the nine votes otherwise.", _Pos)
    group_pull: _Unit = _p(
        1.0, "How much a group's discipline pulls its members' ballots toward the group's mean "
             "(1: by the discipline itself).")
    lapse_support: _Pos = _p(
        2.0, "A member's value of a lapse when its scenario entry gives no `lapse_value`: 1 - "
             "this x its `mission_support` (2: a member that values the mission, 0.8, counts a "
             "lapse well below the worst text, -0.6); where issues declare their `lapse`, this "
             "counts for the other issues only. Judgement, not fitted.", _Pos)
    ballot_paragraphs: Annotated[int, Field(ge=0, le=12)] = Field(
        default=2, description="Paragraphs a ballot's reasons name at most (those that weigh most "
                               "on it: the explanation of vote and the debrief read them). "
                               "Judgement, not fitted.")
    pivotal_reason: _Unit = _p(
        0.2, "A yes is recorded with the reason 'pivotal' (not 'support') when the voter's "
             "chance of deciding the nine votes exceeds this and its yes turns on it (the "
             "reason only, not the ballot). Judgement, not fitted.")

    # --- the host country -----------------------------------------------------------------
    host_deference: _Unit = _p(
        0.1766, "Default weight a member gives the host's objection to a text (its consent); a "
              "member's own `host_deference` overrides it (strong for the A3, China, Russia).")
    host_tolerance: _Unit = _p(
        0.3, "The host objects (in a letter) to a draft whose dissatisfaction for it exceeds this.")
    host_unwritten: _Unit = _p(
        0.5, "Share of the host's objection a member weighs (by its `host_deference`) before the "
             "host has written to the Council; in full after. Judgement, not fitted.")
    host_letter_paragraphs: Annotated[int, Field(ge=1, le=12)] = Field(
        default=2, description="Paragraphs the host's letter names at most (those it objects to "
                               "most). Judgement, not fitted.")

    # --- beliefs: what the room infers ------------------------------------------------------
    belief_break: _Unit = _p(
        0.06, "How far a silence-break lowers the room's estimate of the breaker's tolerance "
              "(its unity shift).")
    belief_amendment: _Unit = _p(
        1.0, "The share of the way an amendment moves the room's estimate of the proposer's "
             "unity toward the highest shift that explains it, when its public positions would "
             "not have it table one (`amendments.amendment_inference`; 0: comments tell the room "
             "nothing; 1: to the nearest value they allow). Not fitted to any record: on 300 "
             "runs of each shipped scenario, 1 brings the estimate of the members it moves "
             "nearest their drawn shift (mean error 0.15 -> 0.12; 0.5: 0.14).")
    threat_credibility: _Unit = _p(
        0.5, "The share of the way a threat moves the room's estimate toward the threatened "
             "ballot (0: threats are ignored; 1: believed in full). Below 1 because a threat "
             "may be a bluff.")
    belief_pledge: _Unit = _p(
        0.05, "How far a pledge to accept the text as it stands (a 'yes' to lobbying for the "
              "draft's own text) raises the lobbying delegation's estimate of the member's "
              "unity (said to it alone: the room's does not move). A pledge to back a change "
              "moves no estimate: it "
              "co-sponsors the amendment, and the member has asked for the change (a grievance "
              "if it is ignored).")
    belief_ballot: _Unit = _p(
        0.3, "How far a no raises the room's estimate of the voter's value of the failure "
             "outcome (an abstention lowers its unity estimate by `belief_abstain` of this).")
    bluff: _Unit = _p(
        0.8, "A member threatens to veto (or abstain) once its ballot is this share of the way "
             "there: below 1, threats come before the member would carry them out (bluffs).")
    belief_abstain: _Unit = _p(
        0.5, "Share of `belief_ballot` by which an abstention lowers the room's estimate of the "
             "voter's unity. Judgement, not fitted.")
    count_variance: _Pos = _p(
        0.05, "Variance added to the room's count of the yes votes (the normal approximation of "
              "the tally in `beliefs.forecast`, a rival's count, and each member's chance of "
              "being pivotal): the count's own uncertainty on top of each member's. Judgement, "
              "not fitted.", _Pos)

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
    assertiveness_effect: Annotated[float, Field(ge=0.0, le=2.0)] = Field(
        default=1.0, description="How much a member's assertiveness moves its thresholds for "
        "amending (`propose_threshold`) and breaking silence (`break_threshold`): each is times "
        "1 + this x (0.5 - assertiveness) (0: assertiveness does not matter). Judgement, not "
        "fitted.")
    break_floor: _Unit = _p(
        0.02, "The lowest threshold for breaking silence, however assertive or firm the member "
              "(its capital's instructions, `firmness`). Judgement, not fitted.")
    letter_paragraphs: Annotated[int, Field(ge=1, le=12)] = Field(
        default=3, description="Paragraphs a silence-break letter names at most (and a member "
                               "restates in a bilateral). Judgement, not fitted.")
    letter_minor: _Unit = _p(
        0.5, "After its strongest objection, a silence-break letter names a further paragraph "
             "only when the objection to it is at least this share of the member's threshold. "
             "Judgement, not fitted.")
    letter_earliest: _Unit = _p(
        0.05, "When a member sends its silence-break letter: at placed + window x "
              "(letter_earliest + letter_spread x u x (1 - letter_eagerness x e)), u a uniform "
              "draw and e = objection / (objection + threshold), in office hours; the order of "
              "the letters decides who breaks first (others then pile on, `pile_on`) and which "
              "news each has. This: the earliest share of the silence's window. Judgement, not "
              "fitted.")
    letter_spread: _Unit = _p(
        0.85, "... the share of the window over which the letters spread (see "
              "`letter_earliest`). Judgement, not fitted.")
    letter_eagerness: _Unit = _p(
        0.8, "... how much sooner a member writes the more it objects (see `letter_earliest`). "
             "Judgement, not fitted.")
    lobby_yes_margin: _Unit = _p(
        0.01, "A lobbied member says yes when what backing the text gains it (with its "
              "capital's private view of the two texts, `instruction_sd`) is above minus this: "
              "nearly as good as the current text. Judgement, not fitted.")
    lobby_maybe_margin: _Unit = _p(
        0.05, "... noncommittal (when no package is offered) above minus this; no below. "
              "Judgement, not fitted.")
    eov_base: _Unit = _p(
        0.15, "Chance that a member that voted yes takes the floor after the vote when it has an "
              "unmet objection (`eov_threshold`), for assertiveness 0; and that the penholder "
              "(or a co-penholder) does, before its dislike of the text. Judgement, not fitted.")
    eov_assertive: _Unit = _p(
        0.45, "... plus this x its assertiveness (a member with an unmet objection). Judgement, "
              "not fitted.")
    eov_quiet: _Unit = _p(
        0.05, "Chance that a member that voted yes with no unmet objection explains its vote. "
              "Judgement, not fitted.")
    eov_broke: _Unit = _p(
        0.2, "Added to that chance for a member that broke a silence. Judgement, not fitted.")
    eov_welcome: _Unit = _p(
        0.05, "... and for one that welcomes a paragraph the talks moved its way (by more than "
              "`eov_threshold`). Judgement, not fitted.")
    eov_cap: _Unit = _p(
        0.95, "The highest chance that a member that voted yes explains its vote. Judgement, "
              "not fitted.")
    eov_pen_dislike: _Unit = _p(
        0.5, "The penholder (or a co-penholder) that voted yes explains with chance `eov_base` + "
             "this x (1 - its satisfaction with the text). Judgement, not fitted.")
    eov_pen_rollover: _Unit = _p(
        0.5, "Chance that the penholder (or a co-penholder) speaks after a rollover vote it voted "
             "yes on (those who did not vote yes always do). Judgement, not fitted.")
    eov_concerns: Annotated[int, Field(ge=0, le=12)] = Field(
        default=2, description="Unmet objections an explanation of vote names at most. "
                               "Judgement, not fitted.")
    eov_welcomes: Annotated[int, Field(ge=0, le=12)] = Field(
        default=1, description="Paragraphs moved its way an explanation of vote welcomes at most. "
                               "Judgement, not fitted.")

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
    veto_red_line: _Pos = _p(
        2.0, "How many times `red_line_weight` a permanent member's crossed red line weighs in "
             "the room's stake as the penholder weighs it (a veto holder's red line is a veto). "
             "Judgement, not fitted.", _Pos)
    breadth_partial: _Unit = _p(
        0.5, "How much a sponsor counts in `breadth_weight` when the penholder meets its request "
             "part way (in full when it grants it). Judgement, not fitted (unused while "
             "`breadth_weight` is 0).")
    early_consensus: _Unit = _p(
        0.4, "Share of its consensus value the penholder gives the room's stake at the start of "
             "the talks; the rest comes linearly as the mandate's expiry nears (all of it at "
             "expiry: a failed renewal costs more than a concession). Judgement, not fitted.")
    vote_weight: _Pos = _p(
        0.5, "What the penholder gives up of its own text (on the loss scale of one paragraph: "
             "salience x distance) for one more expected yes, times its consensus value.", _Pos)
    adoption_value: _Pos = _p(
        1.5, "The penholder's value of adoption itself (against the reversion), on the "
             "satisfaction scale: why it concedes to a member whose no would sink the text.", _Pos)
    core_text: _Unit = _p(
        0.75, "How far the penholder holds its core text against the room: on each paragraph the "
              "weight it gives the room's stake and the yes votes it would win (its consensus "
              "weight, `penholder_lambda`) is times 1 - this x (its salience on the paragraph / its "
              "highest salience) ** `core_sharpness`. The chance of adoption (`adoption_value`) "
              "weighs in full: a real penholder gives way on its core text when the text would "
              "otherwise fail, and takes abstentions rather than pay for unanimity with it; the "
              "rest of its text it still trades for consensus. (0: every paragraph alike, the "
              "model before session 12. 0.75: fitted in sample on the pre-2021 corpus, 100 seeds, "
              "the highest value of 0.75, 0.9, 1 that keeps issue 8's agency goals (at 1 GBR's and "
              "Estonia's coalitions in 2021 fall just short): the mean F1 of the members not voting "
              "yes 0.372 -> 0.388; unamid_closure_2020 unanimous 84% -> 76%.)")
    core_sharpness: Annotated[float, Field(ge=1.0, le=32.0)] = Field(
        default=8.0, description="... how fast the penholder's core text gives way to the rest of "
        "its text as its salience falls (see `core_text`): at 8, a paragraph of 0.9 of its highest "
        "salience is held 43% as firmly as the top one, 0.8 17%. Judgement, with `core_text` (1, "
        "linear: every paragraph of a penholder with even saliences is core, and UNAMID 2020's "
        "unanimity falls to 55% of runs).")
    promise_cost: _Unit = _p(
        0.5, "What the penholder weighs against taking back a concession it made (trust).")
    blue_confidence: _Unit = _p(
        0.8, "The penholder puts a text in blue when it believes it will be adopted with at "
             "least this probability (or when time is out).")
    abstention_tolerance: _Pos = _p(
        5.5285, "Votes short of unanimity (expected abstentions and noes) a penholder that puts no "
             "value on consensus would take to a vote; times (1 - its consensus value).", _Pos)
    blue_floor: _Unit = _p(
        0.5, "After a held silence, or after a broken one with no round or silence left, the "
             "penholder puts in blue a text it believes adopted with at least this probability "
             "(even short of `blue_confidence`) without weighing a rollover "
             "(`blue_or_rollover`). Judgement, not fitted.")
    more_rounds_base: _Pos = _p(
        0.5, "In an expert round, with a text that passes and rounds left, the penholder holds "
             "another round rather than a silence with chance (more_rounds_base + its consensus "
             "weight) x the breakers it expects (a permanent member counting `p5_weight`) / "
             "`more_rounds_scale`, at most `more_rounds_cap`. Judgement, not fitted.", _Pos)
    more_rounds_scale: _Scale = _p(
        8.0, "... the expected breakers that make another round certain, for a consensus "
             "weight of 1 - more_rounds_base (see `more_rounds_base`). Judgement, not fitted.")
    more_rounds_cap: _Unit = _p(
        0.95, "... the highest chance of another round with a text that passes (see "
              "`more_rounds_base`). Judgement, not fitted.")
    more_rounds_failing: _Unit = _p(
        0.9, "The chance of another expert round rather than a silence when, rounds left, the "
             "penholder does not believe its text passes. Judgement, not fitted.")
    force_vote: _Unit = _p(
        0.5, "Default value to a penholder of forcing a vote it expects to be vetoed (the "
             "vetoer pays a public cost; the Council's divide is on record), against a rollover; "
             "a member's own `forces_votes` overrides it.")
    rollover_margin: _Unit = _p(
        0.02, "How much more a technical rollover must be worth to the penholder than putting "
              "its own text to the vote before it leaves its text for it (`blue_or_rollover`): "
              "two hopeless options do not send it from one to the other. Judgement, not fitted.")
    rollover_exposure: _Pos = _p(
        1.5, "How much more a penholder values making a member veto a technical rollover (the "
             "mandate in force, extended unaltered) than a contested text: the vetoer of a "
             "mere extension has no quarrel with new language to point to (UNOMIG, June "
             "2009). Times `forces_votes`. Judgement, not fitted.", _Pos)
    # --- rival drafts (game.model.rivals) ------------------------------------------------
    rival_value: _Unit = _p(
        0.0, "Value to a member of putting its own text to the vote against the penholder's "
             "when it expects to vote the penholder's down: the contrast on record, even if its "
             "own fails (Russia's S/2020/658 of July 2020 failed 4-7-4). 0 by default: a rival "
             "is tabled only for the chance that it passes.")
    rival_threshold: _Pos = _p(
        0.1, "What a rival draft must be worth to its sponsor (the room's chance of adopting it "
             "x its gain over the reversion, plus `rival_value` and its capital's private view "
             "of the two texts, `instruction_sd`) before it tables one: drafting, lobbying and "
             "isolating oneself in public cost something (10: never). No rival draft in the 2016 "
             "and 2020 records.", _Pos)
    rival_softening: _Pos = _p(
        0.5, "How a sponsor composes its rival: from its best text it steps toward the "
             "penholder's where the room's chance of adopting it, times this, rises more than "
             "its satisfaction falls.", _Pos)
    rival_hope: _Unit = _p(
        0.5, "What a member that prefers the penholder's text to the reversion weighs a rival "
             "draft against: the reversion raised by this share of what the penholder's text "
             "gains it over the reversion. A veto does not end the matter: the penholder can "
             "table its text again and the Council come back to it, where a rival adopted "
             "settles it for less (sophisticated voting against the text it still hopes for: "
             "after the veto of S/2016/846 on Aleppo, Russia's S/2016/847 failed 4-9-2, and "
             "resolution 2328 came in December). A member weighing a rival it likes less than "
             "that finds no consensus to join (no value of unity). 0: a rival is weighed "
             "against the reversion alone. Judgement, in sample: the four pre-2021 rivals of "
             "the record (Syria 2016, 2017, 2019, 2020; Venezuela 2019) all failed.")
    rival_solidarity: _Unit = _p(
        0.25, "Value, to a member that prefers the penholder's text to a rival draft, of voting "
              "the rival down rather than abstaining: a stand with the penholder against a text "
              "tabled to contrast with it, often by the member that vetoes it (a yes rewards "
              "the veto). It offsets the public cost of a no (`no_cost`, `veto_cost`): the "
              "penholder and its friends ask for that no. (0.25, the elected members' "
              "`no_cost`: judgement; Aleppo, 8 October 2016, nine against S/2016/847.)")
    bilateral_accommodation: _Unit = _p(
        0.5, "How much more accommodating the penholder is in bilaterals than in expert rounds.")
    broken_accommodation: _Unit = _p(
        0.25, "... and after a broken silence.")
    bilateral_restate: _Pos = _p(
        0.5, "In a bilateral the penholder holds after a broken silence, a member restates the "
             "paragraphs it still objects to on the current text (up to `letter_paragraphs`, as "
             "in a silence-break) when its strongest objection reaches this share of its threshold "
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


LATER = ("rival_value", "rival_threshold", "rival_softening", "rival_hope", "rival_solidarity",
         "rollover_foresight",
         "co_pen_tolerance",
         "co_pen_blue_confidence", "bilateral_restate", "bilateral_threat",
         # (named in session 5, issue 8 §6: the literals they replace, at the same defaults)
         "lapse_support", "pivotal_reason", "host_unwritten", "host_letter_paragraphs",
         "belief_abstain", "count_variance", "assertiveness_effect", "break_floor",
         "letter_paragraphs", "letter_minor", "letter_earliest", "letter_spread",
         "letter_eagerness", "lobby_yes_margin", "lobby_maybe_margin", "eov_base",
         "eov_assertive", "eov_quiet", "eov_broke", "eov_welcome", "eov_cap", "eov_pen_dislike",
         "eov_pen_rollover", "eov_concerns", "eov_welcomes", "veto_red_line", "breadth_partial",
         "early_consensus", "blue_floor", "more_rounds_base", "more_rounds_scale",
         "more_rounds_cap", "more_rounds_failing", "ballot_paragraphs",
         # (session 12: the penholder's core text)
         "core_text", "core_sharpness")
"""Parameters added after log version 2 (left out of a dump at their default)."""
_DEFAULTS = {name: f.default for name, f in ModelParams.model_fields.items()}

DEFAULT = ModelParams()

NAMES = tuple(ModelParams.model_fields)


class Constants:
    """A `ModelParams`' values as plain attributes, for the decisions to read (a Council
    holds one: `Council.params`). A pydantic model's attribute goes through its
    ``__getattr__`` hook, which the interpreter cannot specialise: about five times the cost
    of a plain attribute, and a negotiation reads these ~1,500 times (minusma_2021); compiled,
    an extension type whose floats are C doubles (game/model/params.pxd). Read-only (a write
    raises); the scenario keeps the `ModelParams` (validated, and dumped in logs)."""

    __slots__ = NAMES

    def __init__(self, model: ModelParams):
        _fill(self, (getattr(model, name) for name in NAMES))

    def __setattr__(self, name, value):
        raise AttributeError(f"the model's constants are read-only ({name})")

    def __reduce__(self):  # (pickled with a Council: rebuilt from the values)
        return _constants, (tuple(getattr(self, name) for name in NAMES),)


def _constants(values) -> Constants:
    c = Constants.__new__(Constants)  # (compiled, an extension type: its own __new__)
    _fill(c, values)
    return c


def _fill(c: Constants, values) -> None:
    """Set the constants (in NAMES' order) through their slots' descriptors, which
    `Constants.__setattr__` does not guard (object.__setattr__ refuses a compiled Constants)."""
    slots = Constants.__dict__
    for name, value in zip(NAMES, values, strict=True):
        slots[name].__set__(c, value)
