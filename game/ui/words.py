"""What the screens say about the negotiation model's reasons, in plain words (no pygame):
why a ballot was cast, what a threat in a silence-break letter says and does, what a
package offered in answer to lobbying would mean, and the room's count of a draft.

The reasons are the model's data (`game.model.ballots._why`, `break_silence`'s
``threat``, `seek_support`'s ``package``); these functions only phrase them.
"""

from __future__ import annotations

from game import agents
from game.names import the

# the reason that won a ballot (`cast_vote` reasons[0]["why"]): (a short tag, a sentence
# about the member, "it" being the delegation)
WHY = {
    "support": ("supports the text", "joining the Council's consensus is worth more to it than what it dislikes "
                                     "in the text"),
    "pivotal": ("its vote could decide", "its yes could make the nine votes, and the text is better for it than "
                                         "what follows if it fails"),
    "process": ("protest at the process", "its concerns were set aside, or a concession made to it taken back: it "
                                          "protests at the process, not only at the text"),
    "text": ("dislikes the text", "it dislikes the text more than it values joining the consensus"),
    "host_consent": ("the host's consent", "it defers to the host country, which objects to the text"),
    "will_not_block": ("will not block it", "the text is worse for it than what follows if it fails, but not by "
                                            "enough to vote against it"),
    "red_line": ("a red line", "the text crosses one of its red lines"),
    "veto": ("veto", "the text is worse for it than what follows if it fails, by more than a veto costs it"),
    "against": ("against the text", "the text is worse for it than what follows if it fails"),
}
ROLLOVER_WHY = {  # on a technical rollover, what follows a failure is the lapse of the mandate
    "support": ("supports the rollover", "it would rather extend the mandate unaltered than see it lapse"),
    "pivotal": ("its vote could decide", "its yes could make the nine votes, and a rollover is better for it than "
                                         "a lapse"),
    "will_not_block": ("will not block it", "it would rather see the mandate lapse, but not by enough to vote "
                                            "against the rollover"),
    "veto": ("veto", "it would rather see the mandate lapse, by more than a veto costs it"),
    "against": ("against the rollover", "it would rather see the mandate lapse"),
}

# a threat in a silence-break letter: the selector's words, and what it does
THREAT_CHOICE = {
    None: "No threat",
    "abstain": "Threaten to abstain",
    "no": "Threaten to vote no",
    "veto": "Threaten a veto",
}
THREAT_EXPLAIN = {
    None: ["No threat: the letter asks for changes; how you will vote stays your own counsel.",
           "No threat: the letter only asks for changes.",
           "No threat."],
    "abstain": ["You tell the room you will not vote yes as the text stands. It may believe you and concede, or call "
                "it: your ballot is cast later, freely.",
                "You say you will not vote yes as it stands. The room may concede, or call it: you vote later, freely.",
                "You say you will abstain. It may be called: you vote later, freely."],
    "no": ["You tell the room you will vote no as the text stands. It may believe you and concede, or call it: your "
           "ballot is cast later, freely.",
           "You say you will vote no as it stands. The room may concede, or call it: you vote later, freely.",
           "You say you will vote no. It may be called: you vote later, freely."],
    "veto": ["You tell the room you will veto the text as it stands. The penholder may concede, or call your bluff: "
             "your ballot is cast later, freely.",
             "You say you will veto it as it stands. The penholder may concede, or call it: you vote later, freely.",
             "You say you will veto. It may be called: you vote later, freely."],
}
# ... and the sentence the drafted letter ends with (the delegation speaking)
THREAT_LETTER = {
    "abstain": "As the text stands, we will not be in a position to vote in favour of it.",
    "no": "Should the text remain as it stands, we will vote against it.",
    "veto": "Should the text remain as it stands, we will vote against it, and our vote against is a veto.",
}
# ... and as the letters' readers see it
THREAT_TAG = {
    "abstain": "THREATENS TO ABSTAIN",
    "no": "THREATENS TO VOTE NO",
    "veto": "THREATENS A VETO",
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
    why = reasons[0]["why"]
    table = ROLLOVER_WHY if rollover or reasons[0].get("rollover") else WHY
    tag, sentence = table.get(why) or WHY.get(why) or (why.replace("_", " "), why.replace("_", " "))
    if ev.data.get("ballot") != "yes":
        issues = [r["issue"] for r in reasons[1:] if isinstance(r, dict) and r.get("issue") in narrator.issues]
        if issues:
            sentence += f"; above all on OP {narrator.issues[issues[0]].paragraph} ({narrator.issues[issues[0]].title})"
    return tag, sentence[0].upper() + sentence[1:] + "."


def package_offer(narrator, ev) -> dict | None:
    """The package a `seek_support` answer offers ('yes_if'): who, what it asks of the
    asker, what the asker gets; None when it offers none."""
    d = ev.data
    package = (d.get("reasons") or [{}])[0].get("package")
    if d.get("answer") != "yes_if" or not package:
        return None
    target = the(narrator.name(d["target"]), cap=True)
    gives = f"{narrator.label(package['issue'], package['variant'])} on OP {narrator.issues[package['issue']].paragraph}"
    gets = f"{narrator.label(d['issue'], d['variant'])} on OP {narrator.issues[d['issue']].paragraph}"
    return {
        "target": d["target"],
        "headline": f"{target} agrees if you back {gives}",
        "terms": f"Accept, and {the(narrator.name(d['target']))} backs {gets}; you back {gives} "
                 "(tabling it if it is not on the table). Decline, and nothing changes.",
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
    adopt = round(100 * f.p_adopt)
    abstain = sum(1 for m in st.council.ids if game.stance(m) == "abstain")
    veto = round(100 * f.p_veto)
    ab = f"{abstain} abstention{'s' if abstain != 1 else ''}"
    if game.seat is not None and game.seat == game.scenario.penholder:
        return [f"your count: adopted in {adopt}%, {f.expected_yes:.1f} yes, {ab}, veto risk {veto}%",
                f"your count: adopted in {adopt}%, {ab}, veto {veto}%",
                f"your count: adopted {adopt}%, veto {veto}%",
                f"count: {adopt}%"]
    return [f"the room expects: adopted in {adopt}%, {ab}, veto risk {veto}%",
            f"the room expects: adopted in {adopt}%, {ab}",
            f"room expects: adopted {adopt}%",
            f"expected: {adopt}%"]
