"""The facilitator's kit: the scenario JSON Schema, scaffolding a scenario file, forking a
saved session, and a scripted class seat for demonstrations.

    python main.py schema [--out docs/scenario.schema.json]
    python main.py new-scenario scenarios/my_case.yaml [--from scenarios/minusma_2021.yaml]
    python main.py fork saves/group1.jsonl --at 120 --out saves/group1_whatif.jsonl

(``check --audit`` is in `game.audit`; ``debrief`` and ``class-report`` in `game.debrief`.)

A fork keeps a saved session's events up to ``--at`` and stops at the next decision of the
seat the class plays, so the game's Resume (or `game.replay.restore`) continues it and
``replay --verify`` passes: the fork is an ordinary log. Only a session with a seat played
from outside can be forked as it is: an AI-only log replays identically from any point (its
header holds the seed), so there is no decision to take differently unless ``--seat`` hands a
seat to a student there (a ``take_seat`` event, as the classroom records).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import tempfile
import textwrap
from pathlib import Path
from typing import Any

from game.council import lapse_by_issue
from game.i18n import reader
from game.model.params import DEFAULT as _DEFAULT_MODEL

SCHEMA_NAME = "scenario.schema.json"  # the name `penholder schema` suggests and the docs use
SCHEMA_COMMENT = "# yaml-language-server: $schema="


class FacilitatorError(Exception):
    """A command that cannot be carried out (bad argument, wrong kind of log): the
    message says why and what to do instead."""


# ------------------------------------------------------------------------- the JSON Schema


def schema_text() -> str:
    """The scenario format's JSON Schema (`game.scenario.json_schema`), as shipped in
    docs/scenario.schema.json."""
    from game.scenario import json_schema

    return json.dumps(json_schema(), indent=2, ensure_ascii=False) + "\n"


def schema_ref(yaml_path: str | os.PathLike) -> str:
    """Where a scenario file's schema line points, always relative to the file (never an
    absolute path of the author's machine): inside the project, the shipped
    docs/scenario.schema.json; anywhere else, ``scenario.schema.json`` next to the file
    (``penholder schema --out DIR/scenario.schema.json`` writes it there)."""
    from game.resources import repo_root

    root = repo_root()
    target = Path(yaml_path).resolve().parent
    if root is not None:
        try:
            target.relative_to(root)
        except ValueError:
            pass
        else:
            return os.path.relpath(root / "docs" / SCHEMA_NAME, target).replace(os.sep, "/")
    return SCHEMA_NAME


def schema_comment(yaml_path: str | os.PathLike) -> str:
    """The first line of a scenario file: points editors (yaml-language-server) at the
    schema (see `schema_ref`)."""
    return SCHEMA_COMMENT + schema_ref(yaml_path)


# ----------------------------------------------------------------- writing scenario YAML

_PLAIN_KEY = re.compile(r"^[A-Za-z0-9_]+$")
_IDENT = re.compile(r"^[a-z][a-z0-9_]*$")
_YAML_WORDS = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"}
WIDTH = 96


def _q(text: str | dict) -> str:
    if isinstance(text, dict):  # a text in several languages: {en: "...", fr: "..."}
        return "{" + ", ".join(f"{_key(k)}: {_q(v)}" for k, v in text.items()) + "}"
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _key(k: Any) -> str:
    k = str(k)
    return k if _PLAIN_KEY.match(k) and k.lower() not in _YAML_WORDS else _q(k)


def _num(v: float | int) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return repr(v)


def _scalar(v: Any, date: bool = False) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, int | float):
        return _num(v)
    if isinstance(v, dt.date):
        return v.isoformat()
    if date and isinstance(v, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", v):
        return v
    if isinstance(v, str) and (_IDENT.match(v) or re.fullmatch(r"[A-Z]{3}", v)) and v.lower() not in _YAML_WORDS:
        return v
    return _q(str(v))


def _text(key: str, text: str, pad: str, width: int = WIDTH) -> list[str]:
    """A text field: folded (>-) when long and plain, literal (|) when it has line breaks,
    double-quoted otherwise. Every form reads back to exactly `text`. A text in several
    languages ({en: ..., fr: ...}, game.schema.LocalText) is a mapping of such fields."""
    head = f"{pad}{_key(key)}:"
    if isinstance(text, dict):
        return [head] + [ln for lang, t in text.items() for ln in _text(lang, t, pad + "  ", width)]
    room = max(40, width - len(pad) - 2)
    if "\n" not in text and " ".join(text.split()) == text and len(head) + len(text) + 1 > width:
        lines = textwrap.wrap(text, room, break_long_words=False, break_on_hyphens=False)
        if " ".join(lines) == text:
            return [head + " >-"] + [f"{pad}  {ln}" for ln in lines]
    if "\n" in text:
        body = text[:-1] if text.endswith("\n") else text
        parts = body.split("\n")
        ok = (not text.endswith("\n\n") and parts[0].strip() and
              all(p == p.rstrip() and not p.startswith((" ", "\t")) for p in parts))
        if ok:
            style = "|" if text.endswith("\n") else "|-"
            return [f"{head} {style}"] + [f"{pad}  {p}" if p else "" for p in parts]
    return [f"{head} {_q(text)}"]


def _flow(mapping: dict, date: bool = False) -> str:
    return "{" + ", ".join(f"{_key(k)}: {_scalar(v, date)}" for k, v in mapping.items()) + "}"


def _comment(text: str, pad: str = "") -> list[str]:
    return [f"{pad}# {ln}" if ln else f"{pad}#" for ln in text.split("\n")]


_GUIDE = {
    "situation": "What the players read first: the situation, the stakes, the deadline. Hints for\n"
                 "a first class can go here (there is no separate hints field).",
    "issues": "Issues: the contested operative paragraphs (1-12). Each has a 0-100 scale (say in\n"
              "`scale` what 0 and 100 mean) and 2-8 variants in strictly increasing position.\n"
              "A member's distance to a variant is |variant.position - its position| / 100.",
    "zero_draft": "The penholder's opening text: one variant per issue.",
    "calendar": "Dates and pace. The engine places rounds, silences, blue and the vote on this\n"
                "calendar; it runs out of time at the end of mandate_expiry.",
    "members": "Members: 1-15 (15 for a real Council: nine yes votes and no permanent member's no\n"
               "adopt a text). positions 0-100 per issue, salience 0-1 per issue; see\n"
               "docs/scenario-authoring.md for how each number drives the agents. A commented\n"
               "line (# unity: 0.45) shows a field left to its default (the model's constant, or\n"
               "1 - 2 x mission_support for lapse_value): uncomment it only to give that member its\n"
               "own value, with a source; a value set shadows `--set model.NAME` what-ifs.",
    "groups": "Groups (caucuses): members pull toward the group's line with `discipline` 0-1; a\n"
              "group that speaks jointly tables and explains through its spokesperson.",
    "events": "Injects. With a date: fires on that day in every run. Without: waits for the\n"
              "facilitator (the game's control panel, Session.inject, batch --inject ID@DATE).",
    "history": "What really happened (for comparisons). Anything not documented: \"unknown\".",
    "status_quo": "The current mandate's text, which a technical rollover extends unaltered: what\n"
                  "members weigh a draft against (with a lapse). Issues left out: their lowest variant.",
    "model": "The negotiation model's constants (every one, with its meaning: game/model/params.py).\n"
             "A few are shown at their defaults (as they stand they change nothing); change one, or\n"
             "add another, only with a reason (a source, or 'judgement: ...').",
}

_MODEL_NOTES = {
    "unity": "default value of joining the consensus (a member's `unity` overrides it)",
    "veto_cost": "default public cost of a veto (a permanent member's `veto_cost` overrides it)",
    "no_cost": "cost of an elected member's no vote",
    "host_deference": "default weight of the host's objections (a member's own overrides it)",
    "force_vote": "default value of forcing a vote expected vetoed (a penholder's `forces_votes`)",
    "rollover_chance": "members' expectation that a failed draft is followed by a rollover",
    "rollover_cost": "what a technical rollover costs every member",
}

_CALENDAR_NOTES = {
    "zero_draft": "day the penholder circulates the zero draft",
    "mandate_expiry": "last day of the current mandate",
    "round_days": "working days per expert round (1-14)",
    "silence_hours": "length of a silence procedure (6-168 h)",
    "min_rounds": "rounds before the penholder may go to silence (0-10)",
    "max_rounds": "rounds after which it goes to silence (1-10)",
    "max_silences": "silences after which it goes to blue (1-6)",
    "blue_to_vote_hours": "hours from blue to the vote (1-96)",
}

_MEMBER_NOTES = {
    "positions": "ideal text on each issue's 0-100 scale",
    "salience": "how much each issue matters, 0-1 (weights its amendments, silence breaks, vote)",
    "red_lines": "the text must stay within [min, max] or it will not vote yes (use sparingly)",
    "assertiveness": "0-1: propensity to table amendments and break silence",
    "mission_support": "0-1: value of renewing at all (carries a yes on an imperfect text)",
    "consensus_value": "0-1: as penholder, weight of the room's views against its own text",
    "lapse_value": "-1..1: the mandate lapsing, on the satisfaction scale (default 1 - 2 x mission_support, "
                   "per issue where issues declare their `lapse`)",
    "unity": "0-1: value of joining the consensus (default: the model's unity)",
    "veto_cost": "0-1, permanent members: public cost of a veto (default: the model's veto_cost)",
    "host_deference": "0-1: weight of the host's objections (default: the model's host_deference)",
    "forces_votes": "0-1, as penholder: value of forcing a vote it expects vetoed (default: the model's)",
}


def render_scenario(data: dict, header: list[str] | None = None, guide: bool = True) -> str:
    """Scenario data (`game.scenario.scenario_to_data` form) as a commented YAML file that
    `load_scenario` reads back to the same scenario. `header` lines become comments after
    the schema line; `guide` adds one-line explanations of the fields."""
    out: list[str] = []
    for ln in header or []:
        out.extend(_comment(ln))
    out.append("")

    def guide_block(key: str) -> None:
        if guide and key in _GUIDE:
            out.append("")
            out.append("# " + "-" * (WIDTH - 2))
            out.extend(_comment(_GUIDE[key]))
            out.append("# " + "-" * (WIDTH - 2))

    for key in ("format", "id", "title", "mission", "resolution"):
        if isinstance(data[key], dict):  # in several languages
            out.extend(_text(key, data[key], ""))
        else:
            out.append(f"{key}: {_scalar(data[key])}")
    guide_block("situation")
    out.extend(_text("situation", data["situation"], ""))
    out.append("")
    host = data["host"]
    out.append("host:")
    out.append(f"  id: {host['id']}" + ("   # the country concerned: not a Council member" if guide else ""))
    out.append(f"  name: {_q(host['name'])}")
    _voice(out, host.get("voice") or {}, "  ")
    if host.get("positions"):
        out.append(f"  positions: {_flow(host['positions'])}" +
                   ("   # the host's own views: its letters move members who defer to it" if guide else ""))
        out.append(f"  salience: {_flow(host['salience'])}")
    if host.get("consent") is not None and host["consent"] != 1.0:
        out.append(f"  consent: {_num(host['consent'])}" +
                   ("   # its consent to the mission going on (1: consents; 0: asks for its withdrawal)"
                    if guide else ""))
    out.append(f"penholder: {data['penholder']}")
    if data.get("co_penholders"):
        out.append(f"co_penholders: [{', '.join(data['co_penholders'])}]" +
                   ("   # hold the pen with the penholder: each agrees to every revision and next step"
                    if guide else ""))
    elif guide:
        out.append("# co_penholders: [USA]   # (format 3) members holding the pen with the penholder, if any")
    out.append(f"president: {data['president']}")

    guide_block("issues")
    out.append("issues:")
    for issue in data["issues"]:
        out.append(f"  - id: {issue['id']}")
        out.extend(_text("title", issue["title"], "    "))
        out.append(f"    paragraph: {issue['paragraph']}")
        out.extend(_text("scale", issue["scale"], "    "))
        out.extend(_text("wants_more", issue["wants_more"], "    "))
        out.extend(_text("wants_less", issue["wants_less"], "    "))
        if issue.get("lapse") is not None:
            out.append(f"    lapse: {_num(issue['lapse'])}" +
                       ("   # what a lapse of the mandate amounts to on this issue (a position)" if guide else ""))
        out.append("    variants:")
        for v in issue["variants"]:
            out.append(f"      - id: {v['id']}")
            out.append(f"        position: {_num(v['position'])}")
            if v.get("label"):
                out.extend(_text("label", v["label"], "        "))
            out.extend(_text("text", v["text"], "        "))

    guide_block("zero_draft")
    out.append("zero_draft:")
    for k, v in data["zero_draft"].items():
        out.append(f"  {_key(k)}: {v}")

    if data.get("status_quo") or guide:
        guide_block("status_quo")
        out.append("status_quo:" + (" {}" if not data.get("status_quo") else ""))
        for k, v in (data.get("status_quo") or {}).items():
            out.append(f"  {_key(k)}: {v}")

    guide_block("calendar")
    out.append("calendar:")
    for k, v in data["calendar"].items():
        line = f"  {k}: {_scalar(v, date=True)}"
        if guide and k in _CALENDAR_NOTES:
            line = f"{line:<32}# {_CALENDAR_NOTES[k]}"
        out.append(line)

    guide_block("members")
    out.append("members:")
    for n, (mid, mb) in enumerate(data["members"].items()):
        full = guide and n == 0
        out.append(f"  {mid}:")
        out.append(f"    name: {_q(mb['name'])}")
        out.append(f"    permanent: {_scalar(mb['permanent'])}")
        if mb.get("ideal_point") is not None:
            out.append(f"    ideal_point: {_num(mb['ideal_point'])}" +
                       ("   # UNGA ideal point, for the brief only" if full else ""))
        for field in ("positions", "salience"):
            if full:
                out.append(f"    # {field}: {_MEMBER_NOTES[field]}")
            out.append(f"    {field}: {_flow(mb[field])}")
        if mb.get("red_lines") or full:
            if full:
                out.append(f"    # red_lines: {_MEMBER_NOTES['red_lines']}")
            if not mb.get("red_lines"):
                out.append("    red_lines: {}")
            else:
                out.append("    red_lines:")
                for issue, rl in mb["red_lines"].items():
                    rl = {k: v for k, v in rl.items() if v is not None}
                    why = rl.pop("why", None)
                    public = rl.pop("public", True)
                    body = ", ".join(f"{k}: {_num(v)}" for k, v in rl.items())
                    body += "" if public else ", public: false"
                    out.append(f"      {_key(issue)}: {{{body}" + (f", why: {_q(why)}}}" if why else "}"))
        for field in ("assertiveness", "mission_support", "consensus_value", "lapse_value",
                      "unity", "veto_cost", "host_deference", "forces_votes"):
            if mb.get(field) is None:
                default = _member_default(field, mid, mb, data) if guide else None
                if default is not None:  # shown, not set: a set value would shadow a what-if
                    line = f"    # {field}: {_num(default)}"
                    out.append(f"{line:<32}# {_MEMBER_NOTES[field]}" if full else line)
                continue
            line = f"    {field}: {_num(mb[field])}"
            if full:
                line = f"{line:<32}# {_MEMBER_NOTES[field]}"
            out.append(line)
        _voice(out, mb.get("voice") or {}, "    ")
        if mb.get("note"):
            out.extend(_text("note", mb["note"], "    "))

    if data.get("groups") or guide:
        guide_block("groups")
        if not data.get("groups"):
            out.append("groups: {}")
        else:
            out.append("groups:")
            for g, grp in data["groups"].items():
                out.append(f"  {_key(g)}:")
                out.append(f"    members: [{', '.join(grp['members'])}]")
                out.append(f"    discipline: {_num(grp['discipline'])}")
                if grp.get("spokesperson"):
                    out.append(f"    spokesperson: {grp['spokesperson']}")
                if grp.get("speaks_jointly"):
                    out.append("    speaks_jointly: true")

    if data.get("events") or guide:
        guide_block("events")
        if not data.get("events"):
            out.append("events: []")
        else:
            out.append("events:")
            for ev in data["events"]:
                out.append(f"  - id: {ev['id']}")
                if ev.get("date"):
                    out.append(f"    date: {_scalar(ev['date'], date=True)}")
                if ev.get("mandate_expiry"):
                    out.append(f"    mandate_expiry: {_scalar(ev['mandate_expiry'], date=True)}")
                if ev.get("host_consent") is not None:
                    out.append(f"    host_consent: {_num(ev['host_consent'])}")
                out.extend(_text("message", ev["message"], "    "))
                if ev.get("shifts"):
                    out.append("    shifts:")
                    for s in ev["shifts"]:
                        out.append("      - " + _flow({k: v for k, v in s.items() if v is not None}))

    if data.get("history"):
        guide_block("history")
        _history(out, data["history"])

    changed = {k: v for k, v in (data.get("model") or {}).items() if _DEFAULT_MODEL.model_dump().get(k) != v}
    # with the guide, a few of the constants at their defaults too, so that an author sees the
    # block and where the others are (the values are the defaults: the scenario is the same)
    shown = dict(changed) | ({k: getattr(_DEFAULT_MODEL, k) for k in _MODEL_NOTES if k not in changed}
                             if guide else {})
    if shown:
        guide_block("model")
        out.append("model:")
        for k, v in shown.items():
            line = f"  {k}: {_num(v)}"
            if guide and k in _MODEL_NOTES and k not in changed:
                line = f"{line:<32}# {_MODEL_NOTES[k]}"
            out.append(line)
    return "\n".join(out).rstrip() + "\n"


def _member_default(field: str, mid: str, mb: dict, data: dict) -> float | None:
    """The value the loader gives a member field the file leaves out (None: not one the model
    reads for this member): shown in the scaffold as a commented line. Left unset rather than
    written out, so that `--set model.NAME=...` (or the member's mission_support) still reaches
    it: a value written out would shadow the what-if."""
    prm = _DEFAULT_MODEL
    if field == "lapse_value":
        issues = data["issues"]
        value, _parts = lapse_by_issue(1.0 - prm.lapse_support * mb["mission_support"],
                                       [i.get("lapse") for i in issues],
                                       [mb["positions"][i["id"]] for i in issues],
                                       [mb["salience"][i["id"]] for i in issues])
        return round(value, 6)
    if field == "unity":
        return prm.unity
    if field == "veto_cost":
        return prm.veto_cost if mb["permanent"] else None
    if field == "host_deference":
        return prm.host_deference
    if field == "forces_votes":
        return prm.force_vote if mid == data["penholder"] else None
    return None


def _voice(out: list[str], voice: dict, pad: str) -> None:
    """A delegation's `voice:` block: its texts, its tone and themes, its lists of openings
    and closings (a conditional closing as a mapping) and its arguments per paragraph."""
    voice = {k: v for k, v in voice.items() if v}
    if not voice:
        return
    out.append(f"{pad}voice:")
    inner = pad + "  "
    for k, v in voice.items():
        if k == "themes":
            out.append(f"{inner}themes: [{', '.join(_scalar(t) for t in v)}]")
        elif k in ("openings", "closings"):
            out.append(f"{inner}{k}:")
            for item in v:
                if isinstance(item, str):
                    out.append(f"{inner}  - {_q(item)}")
                    continue
                first = True
                for ck, cv in item.items():
                    if cv is None:
                        continue
                    lead = f"{inner}  - " if first else f"{inner}    "
                    first = False
                    if ck == "text":
                        out.append(f"{lead}text: {_q(cv)}")
                    elif ck == "ballots":
                        out.append(f"{lead}ballots: [{', '.join(cv)}]")
                    else:
                        out.append(f"{lead}{ck}: {_scalar(cv)}")
        elif k == "arguments":
            out.append(f"{inner}arguments:")
            for issue, arg in v.items():
                out.append(f"{inner}  {_key(issue)}:")
                for side, line in arg.items():
                    if line is not None:
                        out.extend(_text(side, line, inner + "    "))
        else:
            out.extend(_text(k, v, inner))


def _history(out: list[str], h: dict) -> None:
    out.append("history:")
    out.append(f"  outcome: {h['outcome']}")
    for key in ("resolution",):
        if h.get(key):
            out.append(f"  {key}: {_q(h[key])}")
    for key in ("vote_date", "in_blue"):
        out.append(f"  {key}: {_scalar(h.get(key, 'unknown'), date=True)}")
    tally = h.get("tally", "unknown")
    if isinstance(tally, dict):
        out.append("  tally:")
        for m, b in tally.items():
            out.append(f"    {m}: {_q(b)}")
    else:
        out.append('  tally: "unknown"')
    silences = h.get("silences", "unknown")
    if isinstance(silences, list):
        out.append("  silences:" + (" []" if not silences else ""))
        for s in silences:
            placed = _scalar(s.get("placed", "unknown"), date=True)
            broken = s.get("broken_by", "unknown")
            broken = f"[{', '.join(broken)}]" if isinstance(broken, list) else '"unknown"'
            out.append(f"    - {{placed: {placed}, broken_by: {broken}}}")
    else:
        out.append('  silences: "unknown"')
    final = h.get("final_text") or {}
    out.append("  final_text:" + (" {}" if not final else ""))
    for k, v in final.items():
        out.append(f"    {_key(k)}: {_q(v) if v == 'unknown' else v}")
    eov = h.get("explanations_of_vote", "unknown")
    out.append("  explanations_of_vote: " + (f"[{', '.join(eov)}]" if isinstance(eov, list) else '"unknown"'))
    sources = h.get("sources") or []
    out.append("  sources:" + (" []" if not sources else ""))
    for s in sources:
        out.append(f"    - {_q(s)}")
    if h.get("notes"):
        out.extend(_text("notes", h["notes"], "  "))


# ---------------------------------------------------------------------- the blank scaffold

# The Council of 2025 (five permanent members; elected: Algeria, Guyana, Republic of Korea,
# Sierra Leone, Slovenia (2024-25) and Denmark, Greece, Pakistan, Panama, Somalia
# (2025-26)). Replace with the Council of your year.
_COUNCIL_2025 = [
    ("CHN", "China", True), ("FRA", "France", True), ("RUS", "Russian Federation", True),
    ("GBR", "United Kingdom", True), ("USA", "United States", True),
    ("DZA", "Algeria", False), ("DNK", "Denmark", False), ("GRC", "Greece", False),
    ("GUY", "Guyana", False), ("PAK", "Pakistan", False), ("PAN", "Panama", False),
    ("KOR", "Republic of Korea", False), ("SLE", "Sierra Leone", False),
    ("SVN", "Slovenia", False), ("SOM", "Somalia", False),
]


def template_data(scenario_id: str = "new_scenario") -> dict:
    """A valid, deliberately plain scenario to start from: the 2025 Council, a fictional
    host (a user-assigned code, XAA), two issues, neutral members. Every TODO is a
    decision for the author."""
    issues = [
        {
            "id": "first_issue", "title": "TODO: the first contested paragraph", "paragraph": 10,
            "scale": "TODO: 0 = the least the Council could say, 100 = the most",
            "wants_more": "TODO: what a member who wants a stronger text says",
            "wants_less": "TODO: what a member who wants a weaker text says",
            "variants": [
                {"id": "existing", "position": 10.0, "label": "Existing language",
                 "text": "TODO: the language of the current mandate."},
                {"id": "compromise", "position": 50.0, "label": "A compromise",
                 "text": "TODO: a text most members could accept."},
                {"id": "ambitious", "position": 85.0, "label": "The penholder's ambition",
                 "text": "TODO: what the penholder would write alone."},
            ],
        },
        {
            "id": "second_issue", "title": "TODO: the second contested paragraph", "paragraph": 20,
            "scale": "TODO: 0 = ..., 100 = ...",
            "wants_more": "TODO: the argument for going further",
            "wants_less": "TODO: the argument for going less far",
            "variants": [
                {"id": "none", "position": 0.0, "label": "No paragraph",
                 "text": "(No operative paragraph on this question.)"},
                {"id": "mention", "position": 40.0, "label": "A mention",
                 "text": "TODO: a general acknowledgement."},
                {"id": "request", "position": 75.0, "label": "A request to the Mission",
                 "text": "TODO: a task for the Mission."},
            ],
        },
    ]
    members = {}
    for mid, name, perm in _COUNCIL_2025:
        pen = mid == "GBR"
        members[mid] = {
            "name": name, "permanent": perm,
            "positions": {"first_issue": 80.0 if pen else 50.0, "second_issue": 70.0 if pen else 40.0},
            "salience": {"first_issue": 0.6, "second_issue": 0.4},
            "red_lines": {},
            "assertiveness": 0.5, "mission_support": 0.85, "consensus_value": 0.6 if pen else 0.5,
            # what it weighs a draft against (docs/scenario-format.md, "What a ballot weighs"):
            # left to the defaults except where the case calls for it (render_scenario shows
            # each default as a commented line)
            "lapse_value": None, "unity": None, "veto_cost": None,
            "host_deference": 0.6 if mid in ("DZA", "SLE", "SOM", "GUY") else None,
            "forces_votes": None,
            "note": "TODO: sources for these numbers, or 'judgement'.",
        }
    return {
        "format": 3,
        "id": scenario_id,
        "title": "TODO: mission renewal, month year (resolution number)",
        "mission": "TODO: United Nations mission in the host country",
        "resolution": "TODO (YEAR)",
        "situation": "TODO: the situation as a briefing tells it, in two or three short paragraphs:\n"
                     "what happened since the last renewal, what the penholder wants, what divides the\n"
                     "Council, and when the mandate expires.\n",
        "host": {"id": "XAA", "name": "TODO: the host country", "voice": {},
                 "positions": {"first_issue": 30.0}, "salience": {"first_issue": 0.8}},
        "penholder": "GBR",
        "president": "DZA",
        "members": members,
        "groups": {"P3": {"members": ["FRA", "GBR", "USA"], "discipline": 0.3,
                          "spokesperson": None, "speaks_jointly": False}},
        "issues": issues,
        "zero_draft": {"first_issue": "ambitious", "second_issue": "request"},
        "status_quo": {"first_issue": "existing", "second_issue": "none"},
        "calendar": {"zero_draft": "2025-06-16", "mandate_expiry": "2025-06-30", "round_days": 3,
                     "silence_hours": 48, "min_rounds": 1, "max_rounds": 2, "max_silences": 2,
                     "blue_to_vote_hours": 20},
        "events": [{"id": "example_inject", "date": None, "mandate_expiry": None,
                    "message": "TODO: an example inject for the facilitator (no date: fired by hand). "
                               "Delete it or write your own.",
                    "shifts": [{"member": "RUS", "issue": "first_issue", "position_by": -10.0,
                                "salience_to": None}]}],
        "history": None,
    }


def _ident(text: str) -> str:
    ident = re.sub(r"[^a-z0-9_]+", "_", text.lower()).strip("_")
    if not ident or not ident[0].isalpha():
        ident = "s_" + ident
    return ident[:40].rstrip("_") or "new_scenario"


def scaffold(path: str | os.PathLike, from_path: str | os.PathLike | None = None,
             force: bool = False) -> tuple[str, Any]:
    """Write a new, valid, commented scenario file at `path` (from `from_path`'s scenario
    if given, with a new id; from `template_data` otherwise). Returns (text, Scenario)."""
    from game.errors import ScenarioError
    from game.events import refuse_overwrite, writable_target, write_atomic
    from game.scenario import load_scenario, scenario_to_data

    path = Path(path)
    writable_target(path)
    if from_path is not None:
        refuse_overwrite(path, [from_path], "PATH")
    if path.exists() and not force:
        raise FacilitatorError(f"{path} exists; choose another name or pass --force to overwrite it")
    if path.suffix not in (".yaml", ".yml"):
        raise FacilitatorError(f"{path}: a scenario file ends in .yaml")
    new_id = _ident(path.stem)
    if from_path is not None:
        try:
            source = load_scenario(from_path)
        except ScenarioError as exc:
            raise FacilitatorError(f"{from_path} is not a valid scenario:\n{exc}") from None
        data = scenario_to_data(source)
        data["id"] = new_id
        header = [
            f"Scaffolded from {Path(from_path).name} (scenario {source.id}): a copy with a new id.",
            "Revise everything that is specific to that case before you use it: title, mission,",
            "resolution, situation, the Council, the issues and their variants, the zero draft,",
            "the calendar, the events, and the history block (or delete history if there is no",
            "record). Keep a source or 'judgement' for every number (see docs/scenario-authoring.md).",
        ]
    else:
        data = template_data(new_id)
        header = [
            "A new scenario, scaffolded by `python main.py new-scenario`. It is valid as it stands",
            "(python main.py check --audit " + path.name + "); replace every TODO.",
            "Guide: docs/scenario-authoring.md. Field reference: docs/scenario-format.md.",
            "Add a `history:` block (see the format reference) when the case has a record.",
        ]
    text = schema_comment(path) + "\n" + render_scenario(data, header)
    with tempfile.TemporaryDirectory(prefix="penholder-scaffold-") as tmpdir:
        tmp = Path(tmpdir) / path.name  # validated where it cannot be mistaken for the file
        tmp.write_text(text, encoding="utf-8")
        try:
            sc = load_scenario(tmp)
        except ScenarioError as exc:  # pragma: no cover - the writer guarantees validity
            raise FacilitatorError(f"internal error: the scaffold does not validate:\n{exc}") from None
    write_atomic(path, text)
    return text, sc


# ----------------------------------------------------------------------------------- fork


def fork_log(log: str | os.PathLike, at: int, out: str | os.PathLike, seat: str | None = None):
    """A new session from event `at` of a saved one, saved to `out`; returns the session.

    Events 1..at are kept; the agents' turns that follow, up to the next decision of a
    seat played from outside, are replayed as they were (they are determined by the
    header's seed), so the fork ends where the class decides next and verifies like any
    saved game. `seat`: a student takes that seat from its agent at event `at` (a
    ``take_seat`` event, as in the classroom), which is what lets an AI-only run be
    forked."""
    from game.events import LogError, same_file, writable_target
    from game.replay import ReplayError, load_log, restore
    from game.session import CommandError

    if same_file(out, log):
        raise FacilitatorError("--out must be a new file: the fork does not overwrite the session it comes from")
    writable_target(out)
    try:
        loaded = load_log(log)
    except LogError as exc:
        raise FacilitatorError(str(exc)) from None
    header, events = loaded.header, loaded.events
    outside = header.get("outside") or []
    if not outside and seat is None:
        raise FacilitatorError(
            f"{log}: no seat in this session was played from outside (an AI-only run): from any "
            "point it replays exactly as recorded, so there is no decision to take differently. "
            "Fork a class session (one played with --delegation), seat a student with --seat "
            "MEMBER, or compare AI runs with `python main.py batch --from-log`.")
    if not 0 <= at <= len(events):
        raise FacilitatorError(f"--at {at}: the log has events 1 to {len(events)} (0 = before the zero draft)")
    try:
        session = restore(header, events, at)
    except ReplayError as exc:
        raise FacilitatorError(f"{log}: {exc}") from None
    if seat is not None:
        if seat not in loaded.scenario.members:
            raise FacilitatorError(f"--seat {seat[:20]}: not a member of this Council "
                                   f"({', '.join(loaded.scenario.members)})")
        try:
            session.take_seat(seat, "student")
        except CommandError as exc:
            raise FacilitatorError(f"--seat {seat}: {exc}") from None
        outside = sorted(session.outside)
    if session.pending is None and not session.finished:
        session.advance()
    if session.pending is None:
        raise FacilitatorError(
            f"from event {at} on, {', '.join(outside)} has no decision left (the negotiation ran to its "
            "end): choose an earlier event")
    session.save(out)
    return session


# ------------------------------------------------------- a scripted class seat (for demos)


class ClassSeat:
    """Plays the seats a session waits for (`outside`) through the same public commands a
    student uses, deciding as the seat's agent would, with its own random generator (never
    the session's: a recorded log must replay without it). `style` makes a different
    group: ``"agent"`` (the agent's choices), ``"hardline"`` (breaks silence whenever it
    has an objection; as penholder concedes nothing), ``"soft"`` (never breaks silence;
    as penholder gives in to every amendment)."""

    def __init__(self, seed: int = 0, style: str = "agent"):
        import numpy as np

        if style not in ("agent", "hardline", "soft"):
            raise ValueError(f"style must be agent, hardline or soft, not {style!r}")
        self.rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed)))
        self.style = style

    def decide(self, session) -> None:
        """Make the pending decision (session.pending)."""
        from game import agents
        from game.events import Event
        from game.narrate import Narrator

        turn = session.pending
        st, c = session.state, session.state.council
        m, j, rng = turn.member, c.index[turn.member], self.rng
        if turn.kind == "amend":
            backs = agents.decide_cosponsorship(st, j)
            props = agents.decide_amendments(st, j, rng)
            wants = {c.issues[i].id: c.issues[i].variant_ids[v] for i, v, _r in props}
            if wants or backs:
                session.propose_amendments(m, wants, backs)
            session.end_turn(m)
        elif turn.kind == "revise":
            settlement = agents.decide_settlement(st, agents.accommodation(st))
            decisions = {}
            for aid, v, _decision, _reason in settlement:
                a = st.amendments[aid - 1]
                if self.style == "hardline":
                    v = st.working[a.issue]
                elif self.style == "soft":
                    v = a.variant
                decisions[aid] = c.issues[a.issue].variant_ids[v]
            if self.style == "soft":  # one text per paragraph: the latest request wins
                last = {}
                for aid in sorted(decisions):
                    last[st.amendments[aid - 1].issue] = decisions[aid]
                decisions = {aid: last[st.amendments[aid - 1].issue] for aid in decisions}
            if decisions:
                session.decide_amendments(m, decisions)
            if st.working != st.draft:
                session.circulate_revision(m)
            getattr(session, agents.decide_next_step(st, rng))(m)
        elif turn.kind == "silence":
            _strength, tau, objections = agents.silence_objection(st, j)
            felt = agents.instructed(st, j, objections, st.draft)  # (as its capital sees them)
            if self.style == "hardline":
                brk = bool(felt)
            elif self.style == "soft":
                brk = False
            else:
                brk = bool(felt) and agents.decide_break(st, felt[0][0], tau)
            if brk:
                reqs = agents.silence_requests(st, j, tau, felt)
                session.break_silence(m, {c.issues[i].id: c.issues[i].variant_ids[v] for i, v, _r in reqs})
            else:
                session.end_turn(m)
        elif turn.kind in ("before_vote", "bilateral"):
            # (a class seat tables no rival: it lets the vote come; invited to a bilateral
            # after breaking silence, it has nothing to add to its letter)
            session.end_turn(m)
        elif turn.kind == "vote":
            ballot, _reasons = agents.decide_vote(st, j, rng)
            session.cast_vote(m, ballot.value)
        elif turn.kind == "explain":
            data = agents.decide_explanation(st, j, rng)
            if data is None:
                session.end_turn(m)
            else:
                text = Narrator(session.scenario).explanation(Event(0, 0, "explain_vote", m, data))
                session.explain_vote(m, text)
        else:  # pragma: no cover
            raise ValueError(f"unknown turn {turn.kind}")

    def play(self, session, until: int | None = None, injects: dict[int, str] | None = None):
        """Run the session, deciding every outside turn, to the end (or until the log holds
        `until` events). `injects` maps a turn count (`session.steps`) to an event id the
        facilitator fires at that turn."""
        injects = dict(injects or {})
        while not session.finished:
            if until is not None and len(session.log) >= until:
                break
            if session.steps in injects and not session.state.finished:
                session.inject(injects.pop(session.steps))
            if session.pending is not None:
                self.decide(session)
            else:
                session.step()
        return session


# ------------------------------------------------------------------------------ commands


def write_public(path, text: str) -> None:
    """Write a file atomically, readable as the user's umask allows (`write_atomic` does
    both; kept for the callers of this name)."""
    from game.events import write_atomic

    write_atomic(path, text)


def cmd_schema(args) -> int:
    _ = reader(args).gettext
    text = schema_text()
    if args.out:
        write_public(args.out, text)
        print(_("JSON Schema for scenario files written to {path}").format(path=args.out))
    else:
        print(text, end="")
    return 0


def cmd_new_scenario(args) -> int:
    from game.events import WriteError

    tongue = reader(args)
    _ = tongue.gettext
    try:
        _text_, sc = scaffold(args.path, args.source, force=args.force)
    except (FacilitatorError, WriteError) as exc:
        print(f"new-scenario: {exc}")
        return 1
    what = dict(path=args.path, source=args.source, title=tongue.text(sc.title),
                members=len(sc.members), issues=len(sc.issues))
    print((_("{path}: written from {source}: {title} ({members} members, {issues} issues); valid.")
           if args.source else _("{path}: written: {title} ({members} members, {issues} issues); valid.")
           ).format(**what))
    if schema_ref(args.path) == SCHEMA_NAME:
        schema_file = Path(args.path).parent / SCHEMA_NAME
        print(_("For completion and checks in your editor: penholder schema --out {path}").format(path=schema_file))
    print(_("Next: edit it (guide: docs/scenario-authoring.md), then python main.py check --audit {path}").format(
        path=args.path))
    return 0


def cmd_fork(args) -> int:
    from game.events import WriteError

    tongue = reader(args)
    lang, _ = tongue.lang, tongue.gettext
    try:
        session = fork_log(args.log, args.at, args.out, getattr(args, "seat", None))
    except (FacilitatorError, WriteError) as exc:
        print(f"fork: {exc}")
        return 1
    from game.narrate import Narrator

    n = Narrator(session.scenario, lang=lang)
    p = session.pending
    kept = len(session.log)
    print((_("{out}: a new session from event {at} of {log}: {kept} events kept (events {first}-{kept} are "
             "the agents' turns up to that decision, as recorded).") if kept > args.at
           else _("{out}: a new session from event {at} of {log}: {kept} events kept.")).format(
               out=args.out, at=args.at, log=args.log, kept=kept, first=args.at + 1))
    when = n.clock(session.state.t) if session.log else _("the start")
    print(_("It waits for {member} ({kind}) at {when}. Resume it in the game, or check it with "
            "python main.py replay {out} --verify").format(member=n.name(p.member) if lang == "en" else tongue.the(n.name(p.member)), kind=p.kind, when=when,
                                                           out=args.out))
    return 0
