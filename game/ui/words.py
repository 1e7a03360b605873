"""What the screens say about the negotiation model's reasons, in plain words (no pygame):
why a ballot was cast, what a threat in a silence-break letter says and does, what a
package offered in answer to lobbying would mean, and the room's count of a draft.

The reasons are the model's data (`game.model.ballots._why`, `break_silence`'s
``threat``, `seek_support`'s ``package``); these functions only phrase them.
"""

from __future__ import annotations

from game import agents
from game.i18n import ENGLISH, N_

# the reason that won a ballot (`cast_vote` reasons[0]["why"]): (a short tag, a sentence
# about the member, "it" being the delegation)
WHY = {
    "support": (N_("supports the text"), N_("joining the Council's consensus is worth more to it than what it dislikes in the text")),
    "pivotal": (N_("its vote could decide"), N_("its yes could make the nine votes, and the text is better for it than what follows if it fails")),
    "process": (N_("protest at the process"), N_("its concerns were set aside, or a concession made to it taken back: it protests at the process, not only at the text")),
    "text": (N_("dislikes the text"), N_("it dislikes the text more than it values joining the consensus")),
    "host_consent": (N_("the host's consent"), N_("it defers to the host country, which objects to the text")),
    "will_not_block": (N_("will not block it"), N_("the text is worse for it than what follows if it fails, but not by enough to vote against it")),
    "red_line": (N_("a red line"), N_("the text crosses one of its red lines")),
    "veto": ("veto", N_("the text is worse for it than what follows if it fails, by more than a veto costs it")),
    "against": (N_("against the text"), N_("the text is worse for it than what follows if it fails")),
}
ROLLOVER_WHY = {  # on a technical rollover, what follows a failure is the lapse of the mandate
    "support": (N_("supports the rollover"), N_("it would rather extend the mandate unaltered than see it lapse")),
    "pivotal": (N_("its vote could decide"), N_("its yes could make the nine votes, and a rollover is better for it than a lapse")),
    "will_not_block": (N_("will not block it"), N_("it would rather see the mandate lapse, but not by enough to vote against the rollover")),
    "veto": ("veto", N_("it would rather see the mandate lapse, by more than a veto costs it")),
    "against": (N_("against the rollover"), N_("it would rather see the mandate lapse")),
}

# a threat in a silence-break letter: the selector's words, and what it does
THREAT_CHOICE = {
    None: N_("No threat"),
    "abstain": N_("Threaten to abstain"),
    "no": N_("Threaten to vote no"),
    "veto": N_("Threaten a veto"),
}
THREAT_EXPLAIN = {
    None: [N_("No threat: the letter asks for changes; how you will vote stays your own counsel."),
           N_("No threat: the letter only asks for changes."),
           N_("No threat.")],
    "abstain": [N_("You tell the room you will not vote yes as the text stands. It may believe you and concede, or call it: your ballot is cast later, freely."),
                N_("You say you will not vote yes as it stands. The room may concede, or call it: you vote later, freely."),
                N_("You say you will abstain. It may be called: you vote later, freely.")],
    "no": [N_("You tell the room you will vote no as the text stands. It may believe you and concede, or call it: your ballot is cast later, freely."),
           N_("You say you will vote no as it stands. The room may concede, or call it: you vote later, freely."),
           N_("You say you will vote no. It may be called: you vote later, freely.")],
    "veto": [N_("You tell the room you will veto the text as it stands. The penholder may concede, or call your bluff: your ballot is cast later, freely."),
             N_("You say you will veto it as it stands. The penholder may concede, or call it: you vote later, freely."),
             N_("You say you will veto. It may be called: you vote later, freely.")],
}
# ... and the sentence the drafted letter ends with (the delegation speaking)
THREAT_LETTER = {
    "abstain": "As the text stands, we will not be in a position to vote in favour of it.",
    "no": "Should the text remain as it stands, we will vote against it.",
    "veto": "Should the text remain as it stands, we will vote against it, and our vote against is a veto.",
}
# ... and as the letters' readers see it
THREAT_TAG = {
    "abstain": N_("THREATENS TO ABSTAIN"),
    "no": N_("THREATENS TO VOTE NO"),
    "veto": N_("THREATENS A VETO"),
}


def threats_for(game) -> tuple[str, ...]:
    """The threats the player's seat may make (game.session.THREATS / THREATS_P5)."""
    from game.session import THREATS, THREATS_P5

    return THREATS_P5 if game.scenario.members[game.seat].permanent else THREATS


def ballot_reason(narrator, ev, rollover: bool = False) -> tuple[str, str] | None:
    """(tag, sentence) for a `cast_vote` event: why the ballot won, and which paragraph
    weighed most when it is not a yes; None when no reason was recorded (a player's own
    ballot)."""
    reasons = ev.data.get("reasons") or []
    if not reasons or not isinstance(reasons[0], dict) or "why" not in reasons[0]:
        return None
    _ = getattr(narrator, "tongue", ENGLISH).gettext  # (the screens' narrator speaks the reader's language)
    why = reasons[0]["why"]
    table = ROLLOVER_WHY if rollover or reasons[0].get("rollover") else WHY
    tag, sentence = table.get(why) or WHY.get(why) or (why.replace("_", " "), why.replace("_", " "))
    tag, sentence = _(tag), _(sentence)
    if ev.data.get("ballot") != "yes":
        issues = [r["issue"] for r in reasons[1:] if isinstance(r, dict) and r.get("issue") in narrator.issues]
        if issues:
            info = narrator.issues[issues[0]]
            sentence += _("; above all on OP {n} ({title})").format(n=info.paragraph, title=info.title)
    return tag, sentence[0].upper() + sentence[1:] + "."


def package_offer(narrator, ev) -> dict | None:
    """The package a `seek_support` answer offers ('yes_if'): who, what it asks of the
    asker, what the asker gets; None when it offers none."""
    d = ev.data
    package = (d.get("reasons") or [{}])[0].get("package")
    if d.get("answer") != "yes_if" or not package:
        return None
    _ = getattr(narrator, "tongue", ENGLISH).gettext
    target = narrator.the(d["target"], cap=True)
    gives = _("{text} on OP {n}").format(text=narrator.label(package["issue"], package["variant"]),
                                         n=narrator.issues[package["issue"]].paragraph)
    gets = _("{text} on OP {n}").format(text=narrator.label(d["issue"], d["variant"]),
                                        n=narrator.issues[d["issue"]].paragraph)
    return {
        "target": d["target"],
        "headline": _("{member} agrees if you back {gives}").format(member=target, gives=gives),
        "terms": _("Accept, and {member} backs {gets}; you back {gives} (tabling it if it is not on the table). "
                   "Decline, and nothing changes.").format(member=narrator.the(d["target"]), gets=gets, gives=gives),
    }


def room_count(game) -> list[str] | None:
    """The room's count of the text as it stands, with each member's ballot as it would be
    cast (`game.agents.forecast_cast`: the count the penholder makes before choosing between
    the vote and a rollover), longest phrasing first: the penholder's own count for the
    penholder's seat, what the room expects for the others (as the student's delegation
    counts it: with what it heard in private); None before there is a draft."""
    st = game.shown
    if not st.draft or st.finished:
        return None
    f = agents.forecast_cast(st, st.draft, rollover=False, view=game.view)
    tongue = getattr(game, "tongue", ENGLISH)
    _ = tongue.gettext
    adopt = round(100 * f.p_adopt)
    abstain = sum(1 for m in st.council.ids if game.stance(m) == "abstain")
    veto = round(100 * f.p_veto)
    ab = tongue.counted(abstain, "abstention")
    yes = tongue.number(f.expected_yes, "0.0")
    if game.seat is not None and game.seat == game.scenario.penholder:
        return [_("your count: adopted in {adopt}%, {yes} yes, {ab}, veto risk {veto}%").format(
                    adopt=adopt, yes=yes, ab=ab, veto=veto),
                _("your count: adopted in {adopt}%, {ab}, veto {veto}%").format(adopt=adopt, ab=ab, veto=veto),
                _("your count: adopted {adopt}%, veto {veto}%").format(adopt=adopt, veto=veto),
                _("count: {adopt}%").format(adopt=adopt)]
    return [_("the room expects: adopted in {adopt}%, {ab}, veto risk {veto}%").format(adopt=adopt, ab=ab, veto=veto),
            _("the room expects: adopted in {adopt}%, {ab}").format(adopt=adopt, ab=ab),
            _("room expects: adopted {adopt}%").format(adopt=adopt),
            _("expected: {adopt}%").format(adopt=adopt)]
