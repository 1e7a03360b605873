"""Does a player's choice matter? For every seat of a scenario, a passive player against
scripted strategies, each played from that seat as an outside seat of `game.session.Session`
through the public commands a student uses (issue 8, section 5).

    python benchmarks/agency.py [--seeds 40] [--workers 2] [--scenario PATH] [--seats FRA,KEN]
                                [--set model.NAME=VALUE ...] [--out FILE]

Strategies for a member (votes are always its own agent's: `game.agents.decide_vote`):

- ``passive``     never amends, lobbies or breaks silence;
- ``amend hard``  tables its best variant (lowest ``Council.loss[m][i]``) on every paragraph
                  where the draft differs from it, every round;
- ``coalition``   builds coalitions, as a capable delegation does, on two *asks* and two
                  *holds* every round. Its asks: paragraphs where the draft is not its best
                  text, asking for the text it can argue for (of those between the draft's
                  and its own, the one with the most gain for it net of what the room, its own
                  stake included, would lose as the penholder weighs the public positions:
                  `Council.room_loss` / `room_scale`), first those nobody else has tabled
                  (they need its voice: one its group's spokesperson has tabled already it
                  backs rather than duplicates), then by that net worth; it tables (or backs)
                  them and lobbies for each the members whose backing weighs most with the
                  penholder (those who could say yes, the text costing them less than
                  `package_cost`, a group peer counting `peer_bonus` more, ranked by their
                  stake in the change, a permanent member's counting `p5_weight` times; three
                  at most; not the penholder, which answers by its settlement, nor the
                  sponsors already; not simply the members closest to it, who already agree),
                  taking the packages they offer when they cost it little. Its holds: the two
                  other paragraphs where the changes others ask for (pending amendments; under
                  silence, what members asked for before) would cost it most: it asks those
                  members to accept the text as it stands, as ``defend`` does, in every round
                  and every silence. It never breaks silence;
- ``champion``    backs (co-sponsors) every pending amendment of others that moves the text its
                  way, and lobbies the three members closest to it to back the two that help
                  it most, every round: what a delegation does for the amendments it likes
                  without tabling its own;
- ``defend``      on the two paragraphs where the changes others ask for would cost it most,
                  lobbies those who ask for them (the sponsors of the pending amendments; under
                  silence, the members who asked for such a change before) to accept the text
                  as it stands, and takes the packages they offer when they cost it little (as
                  an agent would, `game.agents.accept_package`), in every round and every
                  silence; never tables or breaks silence itself: what a delegation content with
                  the draft does against drift;
- ``break``       breaks every silence on its three strongest objections
                  (`game.agents.silence_objection` / `silence_requests`);
- ``threaten``    the same, with a threat in every letter ('veto' for a permanent member, else
                  'abstain'), then votes as its agent would (a threat may be a bluff);
- ``control``     passive, plus one extra draw of the session's random generator at its
                  first turn: how often a run differs from passive's for no reason but the
                  generator's stream shifting (the noise floor of the paired comparison).

Every strategy uses only the commands a student has in the game (``propose_amendments``,
``seek_support``, ``accept_package``, ``break_silence``, ``cast_vote``, ``end_turn``).

For the penholder: ``agent`` (its agent's own settlements and next steps, the reference, in
place of passive), ``bulldozer`` (rejects every amendment and goes to blue at its first
turn), ``accommodating`` (accepts every amendment, the latest request per paragraph, then
its agent's next step), and ``control``.

Seeds are paired: seed k of a strategy is played with seed k of passive (the same capitals'
private instructions, the same generator). Per seat and strategy the table gives the share of
seeds in which the final text, any ballot, and the outcome or tally differ from passive's;
the total variation distance (TVD) between the distributions of final texts and of results
(outcome and tally) over the seeds; and the seat's mean score (`game.scoring`), passive and
with the strategy. The goals of the issue are checked at the end.
"""

from __future__ import annotations

import argparse
import math
import multiprocessing as mp
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:  # run from a checkout without installing
    sys.path.insert(0, str(ROOT))

from game import agents  # noqa: E402
from game.council import Council  # noqa: E402
from game.model.advice import LOBBY_TARGETS, arguable, asking, best_variant, movers, persuadable  # noqa: E402
from game.procedure import Phase, Procedure  # noqa: E402
from game.scenario import load_scenario  # noqa: E402
from game.scoring import score_row  # noqa: E402
from game.session import LOBBY_CALLS, Session  # noqa: E402
from game.stats import run_row  # noqa: E402

MEMBER_STRATEGIES = ("passive", "amend hard", "coalition", "champion", "defend", "break", "threaten", "control")
PENHOLDER_STRATEGIES = ("agent", "bulldozer", "accommodating", "control")
COALITION_PARAGRAPHS = 2  # paragraphs the coalition strategy pushes
PLAYER_SEED = 0xA6E  # the outside player's own generator (the penholder agent's draws)


class Player:
    """Plays one outside seat with one strategy (see the module docstring)."""

    def __init__(self, seat: str, strategy: str, seed: int):
        import numpy as np

        self.seat = seat
        self.strategy = strategy
        self.rng = np.random.Generator(np.random.PCG64(np.random.SeedSequence([PLAYER_SEED, seed])))
        self.burned = strategy != "control"

    def play(self, session: Session) -> Session:
        while (turn := session.advance()) is not None:
            if not self.burned:  # control: shift the session's stream by one draw
                session.rng.random()
                self.burned = True
            getattr(self, "_" + turn.kind)(session)
        return session

    # --- a member's turns -------------------------------------------------------------
    def _amend(self, s: Session) -> None:
        st, c, m = s.state, s.state.council, self.seat
        j = c.index[m]
        # paragraphs where the draft is not its best text and it does not already ask for it
        # (a package deal may have made it a sponsor)
        asked = {(a.issue, a.variant) for a in st.open.values() if a.sponsored_by(m)}
        wanted = [i for i in range(len(c.issues))
                  if st.draft[i] != best_variant(c, j, i) and (i, best_variant(c, j, i)) not in asked]
        if self.strategy == "amend hard" and wanted:
            s.propose_amendments(m, {c.issues[i].id: c.issues[i].variant_ids[best_variant(c, j, i)]
                                     for i in wanted})
        elif self.strategy == "coalition":
            self._coalition(s)
        elif self.strategy == "champion":
            draft, loss = st.draft, c.loss[j]
            backed = sorted(((loss[a.issue][draft[a.issue]] - loss[a.issue][a.variant], a.id)
                             for a in st.open.values()
                             if not a.sponsored_by(m) and loss[a.issue][a.variant] < loss[a.issue][draft[a.issue]]),
                            reverse=True)
            if backed:
                s.propose_amendments(m, backs=[aid for _g, aid in backed])
                for _g, aid in backed[:COALITION_PARAGRAPHS]:
                    a = st.amendments[aid - 1]
                    for k in closest_members(c, j, a.issue):
                        if not a.sponsored_by(c.ids[k]) and st.pledges.get((c.ids[k], a.issue)) != a.variant:
                            s.seek_support(m, c.ids[k], c.issues[a.issue].id, c.issues[a.issue].variant_ids[a.variant])
        elif self.strategy == "defend":
            self._defend(s)
        s.end_turn(m)

    def _coalition(self, s: Session) -> None:
        """In an expert round, work two *asks* and two *holds*. An ask: a paragraph where
        the draft is not its best text, asking for the text it can argue for (`arguable`:
        the most gain for it net of what the room would lose); first those
        nobody else has tabled (they need its voice; one its group's spokesperson has
        tabled already it backs), then by that net worth. It tables (or backs) them and
        lobbies, for each, the members whose backing weighs most with the penholder
        (`persuadable`), taking the packages they offer when they cost it little. A hold: a
        paragraph others ask to move away from what it wants (`movers`), the costliest
        first: it asks the members who want the change to accept the text as it stands
        (`_hold`). Under silence it holds (`_defend`)."""
        st, c, m = s.state, s.state.council, self.seat
        j = c.index[m]
        own = {i: arguable(st, j, i) for i in range(len(c.issues)) if not asking(st, m, i)}
        want = {i: v for i, (v, _net) in own.items() if v is not None}
        carried = {i for i in want for a in st.open.values() if a.issue == i and a.variant == want[i]}
        asks = sorted(want, key=lambda i: (i in carried, -own[i][1], i))[:COALITION_PARAGRAPHS]
        threats = movers(st, j)
        holds = sorted((i for i in threats if i not in asks),
                       key=lambda i: (-max(threats[i].values()), i))[:COALITION_PARAGRAPHS]
        if asks:
            s.propose_amendments(m, {c.issues[i].id: c.issues[i].variant_ids[want[i]] for i in asks})
        calls = 0
        for i in asks:
            v, info = want[i], c.issues[i]
            tabled = next((a for a in st.open.values() if a.issue == i and a.variant == v), None)
            for k in persuadable(st, j, i, v, tabled.sponsors if tabled else ()):
                if st.pledges.get((c.ids[k], i)) == v:
                    continue
                if calls == LOBBY_CALLS:  # (as many calls as a turn has time for)
                    return
                calls += 1
                ev = s.seek_support(m, c.ids[k], info.id, info.variant_ids[v])
                package = ev.data["reasons"][0].get("package")
                if ev.data["answer"] == "yes_if" and agents.accept_package(st, j, package):
                    s.accept_package(m, c.ids[k])
        for i in holds:
            calls = self._hold(s, i, movers(st, j)[i], calls)

    def _defend(self, s: Session) -> None:
        """Ask the members who want to move the paragraphs the seat would lose most on (the
        sponsors of pending amendments that cost it, or, under silence, the members who asked
        for such a change before) to accept the text as it stands; take the packages they
        offer when they cost it little (`agents.accept_package`, as an agent would)."""
        against = movers(s.state, s.state.council.index[self.seat])
        top = sorted(against, key=lambda i: (-max(against[i].values()), i))[:COALITION_PARAGRAPHS]
        calls = 0
        for i in top:
            calls = self._hold(s, i, against[i], calls)

    def _hold(self, s: Session, i: int, askers: dict[str, float], calls: int) -> int:
        """Lobby `askers` ({member: what its change costs the seat}), the costliest first, to
        accept paragraph i as it stands, taking the packages they offer when they cost the
        seat little; `calls` made this turn so far (returned, updated)."""
        st, c, m = s.state, s.state.council, self.seat
        j = c.index[m]
        draft, info = st.draft, c.issues[i]
        for target in sorted(askers, key=lambda x: (-askers[x], x)):
            if st.pledges.get((target, i)) == draft[i]:
                continue
            if calls == LOBBY_CALLS:  # (as many calls as a turn has time for)
                return calls
            calls += 1
            ev = s.seek_support(m, target, info.id, info.variant_ids[draft[i]])
            package = ev.data["reasons"][0].get("package")
            if ev.data["answer"] == "yes_if" and agents.accept_package(st, j, package):
                s.accept_package(m, target)
        return calls

    def _silence(self, s: Session) -> None:
        st, c, m = s.state, s.state.council, self.seat
        if self.strategy in ("defend", "coalition"):  # (under silence, a coalition holds)
            self._defend(s)
        if self.strategy in ("break", "threaten"):
            j = c.index[m]
            _strength, _tau, weighed = agents.silence_objection(st, j)
            if weighed:
                reqs = agents.silence_requests(st, j, 0.0, weighed)  # threshold 0: the top three
                threat = None
                if self.strategy == "threaten":
                    threat = "veto" if c.permanent[j] else "abstain"
                s.break_silence(m, {c.issues[i].id: c.issues[i].variant_ids[v] for i, v, _r in reqs},
                                threat=threat)
                return
        s.end_turn(m)

    def _bilateral(self, s: Session) -> None:
        """A bilateral with the penholder after breaking silence: 'break' and 'threaten' say
        again what the seat still needs (as its agent would), 'threaten' with its threat;
        the other strategies have nothing to add."""
        st, c, m = s.state, s.state.council, self.seat
        if self.strategy in ("break", "threaten"):
            j = c.index[m]
            _strength, _tau, weighed = agents.silence_objection(st, j)
            reqs = {c.issues[i].id: c.issues[i].variant_ids[v]
                    for i, v, _r in agents.silence_requests(st, j, 0.0, weighed) if v != st.working[i]}
            threat = ("veto" if c.permanent[j] else "abstain") if self.strategy == "threaten" else None
            if reqs or threat:
                s.bilateral_talk(m, reqs, threat)
                return
        s.end_turn(m)

    def _vote(self, s: Session) -> None:
        ballot, reasons = agents.decide_vote(s.state, s.state.council.index[self.seat])
        s.cast_vote(self.seat, ballot.value, reasons)

    def _explain(self, s: Session) -> None:
        s.end_turn(self.seat)

    def _before_vote(self, s: Session) -> None:  # (no strategy tables a rival draft)
        s.end_turn(self.seat)

    # --- the penholder's turns -----------------------------------------------------------
    def _revise(self, s: Session) -> None:
        st, c, m = s.state, s.state.council, self.seat
        if self.strategy == "bulldozer":
            if st.open:
                s.decide_amendments(m, {aid: c.issues[a.issue].variant_ids[st.working[a.issue]]
                                        for aid, a in st.open.items()})
            for step in ("put_in_blue", "place_under_silence", "open_expert_round"):
                if s.may(step, m):
                    getattr(s, step)(m)
                    return
            raise RuntimeError(f"no next step for the bulldozer in {st.phase}")
        if self.strategy == "accommodating":
            latest = {}
            for aid in sorted(st.open):
                a = st.open[aid]
                latest[a.issue] = a.variant
            if st.open:
                s.decide_amendments(m, {aid: c.issues[a.issue].variant_ids[latest[a.issue]]
                                        for aid, a in st.open.items()})
        else:  # the agent's own settlement, with its reasons (as Session._agent_penholder)
            prm = c.params
            accommodation = {Phase.BILATERALS: prm.bilateral_accommodation,
                             Phase.SILENCE_BROKEN: prm.broken_accommodation}.get(st.phase, 0.0)
            settlement = agents.decide_settlement(st, accommodation)
            if settlement:
                s._decide(m, [{"amendment": aid, "variant": c.issues[st.amendments[aid - 1].issue].variant_ids[v],
                               "decision": decision, "reasons": [reason]}
                              for aid, v, decision, reason in settlement])
        if st.working != st.draft:
            s.circulate_revision(m)
        getattr(s, agents.decide_next_step(st, self.rng))(m)


def closest_members(c: Council, j: int, i: int, exclude=()) -> list[int]:
    """The members whose positions on issue i are closest to j's (not j, not the penholder,
    who answers amendments by its settlement, not by pledges, and not those in `exclude`:
    the amendment's sponsors already)."""
    own = c.positions_list[j][i]
    others = [k for k in range(len(c.ids)) if k not in (j, c.penholder) and c.ids[k] not in exclude]
    return sorted(others, key=lambda k: (abs(c.positions_list[k][i] - own), c.ids[k]))[:LOBBY_TARGETS]


# --- running ---------------------------------------------------------------------------

_WORKER: dict = {}


def _init(path: str, overrides: tuple[str, ...] = ()) -> None:
    sc = load_scenario(path, overrides)
    _WORKER.update(scenario=sc, council=Council(sc), procedure=Procedure())


def play_one(task: tuple[str, str, int]) -> tuple[str, str, int, dict]:
    """One negotiation: `seat` played with `strategy` on `seed`; what it came to."""
    seat, strategy, seed = task
    sc, council = _WORKER["scenario"], _WORKER["council"]
    session = Session(sc, seed, outside={seat}, procedure=_WORKER["procedure"], council=council)
    Player(seat, strategy, seed).play(session)
    st = session.state
    row = run_row(st)
    j = council.index[seat]
    mine = [a for a in st.amendments if a.proposer == seat]
    answers = Counter(ev.data["answer"] for ev in session.log if ev.kind == "seek_support" and ev.actor == seat)
    return seat, strategy, seed, {
        "sat": council.satisfaction(j, [council.variant_index[i][row["final_text"][info.id]]
                                        for i, info in enumerate(council.issues)]),
        "asked": len(mine),
        "granted": sum(a.status in ("accepted", "partly") for a in mine),
        "answers": answers,
        "text": tuple(row["final_text"][i.id] for i in sc.issues),
        "votes": row["votes"],
        "result": f"{row['outcome']} {row['tally']}".strip(),
        "score": score_row(sc, seat, row, council).total,
    }


def tvd(a: list, b: list) -> float:
    """Total variation distance between the empirical distributions of a and b (an exact
    sum, `math.fsum`: a plain one would depend on the set's order, so on the hash seed, and
    print 0.42 or 0.43 for the same runs)."""
    pa, pb = Counter(a), Counter(b)
    return 0.5 * math.fsum(abs(pa[k] / len(a) - pb[k] / len(b)) for k in set(pa) | set(pb))


def measure(results: dict, seat: str, base: str, strategy: str, seeds: list[int]) -> dict:
    """The strategy's runs against the base strategy's, seed by seed."""
    ref = [results[(seat, base, k)] for k in seeds]
    got = [results[(seat, strategy, k)] for k in seeds]
    n = len(seeds)
    pairs = list(zip(ref, got, strict=True))
    gains = [100 * (g["sat"] - r["sat"]) for r, g in pairs]
    mean_gain = sum(gains) / n
    se = (sum((x - mean_gain) ** 2 for x in gains) / max(1, n - 1) / n) ** 0.5
    answers = sum((g["answers"] for g in got), Counter())
    return {
        "text": sum(r["text"] != g["text"] for r, g in pairs) / n,
        "ballot": sum(r["votes"] != g["votes"] for r, g in pairs) / n,
        "others": sum(_others(r["votes"], seat) != _others(g["votes"], seat) for r, g in pairs) / n,
        "text_or_ballot": sum(r["text"] != g["text"] or r["votes"] != g["votes"] for r, g in pairs) / n,
        "result": sum(r["result"] != g["result"] for r, g in pairs) / n,
        "tvd_text": tvd([r["text"] for r in ref], [g["text"] for g in got]),
        "tvd_result": tvd([r["result"] for r in ref], [g["result"] for g in got]),
        "gain": mean_gain, "gain_se": se,
        "asked": sum(g["asked"] for g in got), "granted": sum(g["granted"] for g in got),
        "answers": answers,
        "score_base": sum(r["score"] for r in ref) / n, "score": sum(g["score"] for g in got) / n,
        "results": Counter(g["result"] for g in got),
    }


def _others(votes: dict, seat: str) -> dict:
    return {m: b for m, b in votes.items() if m != seat}


def pct(x: float) -> str:
    return f"{round(100 * x)}%"


def top(counter: Counter, n: int) -> str:
    return ", ".join(f"{r} {pct(c / n)}" for r, c in counter.most_common(3))


def granted(x: dict) -> str:
    return f"{x['granted']}/{x['asked']}" if x["asked"] else "-"


def lobbying(x: dict) -> str:
    total = sum(x["answers"].values())
    if not total:
        return "-"
    return f"{pct(x['answers']['yes'] / total)} yes of {total}"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--seeds", type=int, default=40, help="paired seeds per seat and strategy (default 40)")
    ap.add_argument("--workers", type=int, default=2, help="worker processes (default 2)")
    ap.add_argument("--scenario", default=str(ROOT / "scenarios" / "minusma_2021.yaml"))
    ap.add_argument("--seats", default="", help="comma-separated seats (default: every seat)")
    ap.add_argument("--set", action="append", default=[], metavar="PATH=VALUE",
                    help="override a scenario field, e.g. model.belief_break=0.1 (repeatable)")
    ap.add_argument("--out", help="also write the Markdown report to this file")
    args = ap.parse_args(argv)
    if not 1 <= args.seeds <= 100_000 or not 1 <= args.workers <= 64:
        ap.error("--seeds is 1 to 100000 and --workers 1 to 64")
    t0 = time.perf_counter()
    overrides = tuple(args.set)
    sc = load_scenario(args.scenario, overrides)
    council = Council(sc)
    seats = [m.strip() for m in args.seats.split(",") if m.strip()] or list(council.ids)
    unknown = [m for m in seats if m not in council.index]
    if unknown:
        ap.error(f"not members of {sc.id}: {', '.join(unknown)}")
    seeds = list(range(args.seeds))
    plan = {m: PENHOLDER_STRATEGIES if m == sc.penholder else MEMBER_STRATEGIES for m in seats}
    tasks = [(m, s, k) for m in seats for s in plan[m] for k in seeds]
    results = {}
    if args.workers > 1:
        with mp.get_context("fork").Pool(args.workers, _init, (args.scenario, overrides)) as pool:
            for seat, strategy, seed, out in pool.imap_unordered(play_one, tasks, chunksize=20):
                results[(seat, strategy, seed)] = out
    else:
        _init(args.scenario, overrides)
        for task in tasks:
            seat, strategy, seed, out = play_one(task)
            results[(seat, strategy, seed)] = out
    elapsed = time.perf_counter() - t0

    measures = {(m, s): measure(results, m, plan[m][0], s, seeds) for m in seats for s in plan[m][1:]}
    command = "python benchmarks/agency.py" + "".join(
        f" {flag} {value}" for flag, value, default in (
            ("--seeds", args.seeds, 40), ("--seats", args.seats, ""), ("--workers", args.workers, 2),
            ("--scenario", args.scenario, str(ROOT / "scenarios" / "minusma_2021.yaml")))
        if value != default) + "".join(f" --set {o}" for o in overrides)
    lines = [f"# Agency: {sc.title}", "",
             f"`{command}`: {len(tasks)} negotiations ({args.seeds} paired seeds per seat and strategy), "
             f"{elapsed:.0f} s with {args.workers} worker{'s' if args.workers != 1 else ''}.", ""]
    lines += strategies_doc(seats, sc.penholder)
    lines += summary_table(sc, council, seats, plan, measures)
    lines += ["", "Goals (issue 8, section 5), measured as stated (paired shares) and net of the control:", ""]
    lines += goals(council, seats, plan, measures)
    lines += ["", "## Every seat and strategy", ""]
    lines += full_table(sc, council, seats, plan, measures, results, seeds)
    report = "\n".join(lines) + "\n"
    print(report)
    if args.out:
        from game.events import atomic_file

        with atomic_file(args.out) as f:
            f.write(report)
        print(f"written to {args.out}")
    return 0


STRATEGY_DOC = {
    "passive": "never amends, lobbies or breaks silence (the base of the comparison)",
    "amend hard": "tables its best text on every paragraph where the draft differs from it, every round",
    "coalition": "every round, two asks and two holds. Asks: where the draft is not its best text, the text "
                 "it can argue for (its gain net of what the room would lose, as the penholder "
                 "weighs the public positions), first those nobody else has tabled, then by that worth; tabled "
                 "(or backed) and lobbied with the members whose backing weighs most with the penholder (who "
                 "could say yes, by their stake in the change, a permanent member's triple; three at most), "
                 "taking cheap packages. Holds: the two other paragraphs where others' requests would cost it "
                 "most, asking those members to accept the text as it stands, in rounds and under silence; it "
                 "never breaks silence",
    "champion": "backs (co-sponsors) every pending amendment of others that moves the text its way and "
                "lobbies the three members closest to it to back the two that help it most, every round",
    "defend": "on the two paragraphs where the changes others ask for would cost it most, lobbies those "
              "who ask for them to accept the text as it stands, taking the packages they offer when they "
              "cost it little, in every round and every silence; never tables or breaks silence itself",
    "break": "breaks every silence on its three strongest objections",
    "threaten": "the same, with a threat in every letter (veto for a permanent member, else abstain), then "
                "votes as its agent would",
    "control": "passive, plus one extra draw of the session's generator: the noise floor of the paired "
               "comparison",
    "agent": "the penholder's own agent (the base of the comparison)",
    "bulldozer": "rejects every amendment and goes to blue at its first turn",
    "accommodating": "accepts every amendment (the latest request per paragraph), then its agent's next step",
}


def strategies_doc(seats, penholder) -> list[str]:
    """The strategies played, one line each (the module docstring says more)."""
    names = list(dict.fromkeys([*(MEMBER_STRATEGIES if set(seats) - {penholder} else ()),
                                *(PENHOLDER_STRATEGIES if penholder in seats else ())]))
    return ["Strategies (votes are always the seat's own agent's; every strategy uses only the commands a "
            "student has in the game):", "",
            *(f"- *{s}*: {STRATEGY_DOC[s]}." for s in names), ""]


def role(sc, council, m: str) -> str:
    r = "P5" if council.permanent[council.index[m]] else "E10"
    return "penholder, " + r if m == sc.penholder else r


def summary_table(sc, council, seats, plan, measures) -> list[str]:
    """One row per seat: for each strategy, text differs / a ballot differs (paired shares)
    and the seat's score change."""
    out = ["Per seat and strategy: the share of seeds in which the final text / any ballot differs from passive "
           "play on the same seed (for the penholder: from its own agent), and the change in the seat's mean "
           "score. `control` is passive play with one extra random draw: the noise floor of a paired comparison.",
           ""]
    members = [m for m in seats if m != sc.penholder]
    if members:
        strategies = MEMBER_STRATEGIES[1:]
        out.append("| seat | " + " | ".join(strategies) + " |")
        out.append("|---|" + "---|" * len(strategies))
        for m in members:
            cells = []
            for s in strategies:
                x = measures[(m, s)]
                cells.append(f"{pct(x['text'])} / {pct(x['ballot'])}, {x['score'] - x['score_base']:+.1f}")
            out.append(f"| {m} ({role(sc, council, m)}) | " + " | ".join(cells) + " |")
    if sc.penholder in seats:
        m = sc.penholder
        strategies = PENHOLDER_STRATEGIES[1:]
        out += ["", "| penholder | " + " | ".join(strategies) + " |", "|---|" + "---|" * len(strategies)]
        out.append(f"| {m} | " + " | ".join(
            f"{pct(measures[(m, s)]['text'])} / {pct(measures[(m, s)]['ballot'])}, "
            f"{measures[(m, s)]['score'] - measures[(m, s)]['score_base']:+.1f}" for s in strategies) + " |")
    return out


def full_table(sc, council, seats, plan, measures, results, seeds) -> list[str]:
    out = ["Columns: paired shares of seeds in which the final text, any member's ballot (and another member's "
           "than the seat's own), the outcome or tally "
           "differ from the base play (passive; the penholder's own agent); total variation distance (TVD) "
           "between the distributions of final texts and of results over the seeds; the mean change in the "
           "seat's satisfaction with the final text (x100, +- standard error; satisfaction is the model's 0-1 "
           "scale); the seat's requests (amendments and silence requests) the penholder granted in full or in "
           "part; the lobbying answers; the seat's mean score (game.scoring), base -> strategy; the three most "
           "frequent results with the strategy.", "",
           "| seat | strategy | text differs | a ballot differs | another member's ballot differs | outcome/tally "
           "differs | TVD texts | TVD results | text for the seat | requests granted | lobbying | score | results |",
           "|---|---|---|---|---|---|---|---|---|---|---|---|---|"]
    n = len(seeds)
    for m in seats:
        base = plan[m][0]
        res = Counter(results[(m, base, k)]["result"] for k in seeds)
        mean_score = sum(results[(m, base, k)]["score"] for k in seeds) / n
        asked = sum(results[(m, base, k)]["asked"] for k in seeds)
        got = sum(results[(m, base, k)]["granted"] for k in seeds)
        out.append(f"| {m} ({role(sc, council, m)}) | {base} | | | | | | | | {f'{got}/{asked}' if asked else '-'} "
                   f"| | {mean_score:.1f} | {top(res, n)} |")
        for s in plan[m][1:]:
            x = measures[(m, s)]
            out.append(f"| {m} | {s} | {pct(x['text'])} | {pct(x['ballot'])} | {pct(x['others'])} | {pct(x['result'])} | "
                       f"{x['tvd_text']:.2f} | {x['tvd_result']:.2f} | {x['gain']:+.1f} +- {x['gain_se']:.1f} | "
                       f"{granted(x)} | {lobbying(x)} | {x['score_base']:.1f} -> {x['score']:.1f} | "
                       f"{top(x['results'], n)} |")
    return out


def goals(council, seats, plan, measures) -> list[str]:
    out = []
    moved, p5, e10 = [], [], []
    for m in seats:
        strategies = [s for s in plan[m][1:] if s != "control"]
        ctl = measures.get((m, "control"), {"text_or_ballot": 0.0, "text": 0.0})
        best = max(strategies, key=lambda s: measures[(m, s)]["text_or_ballot"] - ctl["text_or_ballot"])
        moved.append((m, best, measures[(m, best)]["text_or_ballot"], ctl["text_or_ballot"]))
        if council.permanent[council.index[m]]:
            bt = max(strategies, key=lambda s: measures[(m, s)]["text"])
            p5.append((m, bt, measures[(m, bt)]["text"], ctl["text"]))
        elif "coalition" in plan[m]:
            e10.append((m, "coalition", measures[(m, "coalition")]["text_or_ballot"], ctl["text_or_ballot"]))

    def verdict(rows, need):
        raw = [m for m, _s, x, _c in rows if x < need]
        net = [m for m, _s, x, c in rows if x - c < need]
        return (f"as stated {'HOLDS' if not raw else 'FAILS for ' + ', '.join(raw)}; net of the control "
                f"{'HOLDS' if not net else 'FAILS for ' + ', '.join(net)}")

    def detail(rows):
        return "; ".join(f"{m} {s} {pct(x)} (control {pct(c)})" for m, s, x, c in rows)

    out.append(f"- Every seat can move something (its best strategy changes the text or a ballot in more seeds "
               f"than the control): {verdict(moved, 1e-9)} ({detail(moved)}).")
    dist = []
    for m in seats:
        ctl = measures.get((m, "control"))
        if ctl is None:
            continue
        floor = max(ctl["tvd_text"], ctl["tvd_result"])
        s_best = max((s for s in plan[m][1:] if s != "control"),
                     key=lambda s: max(measures[(m, s)]["tvd_text"], measures[(m, s)]["tvd_result"]))
        x = measures[(m, s_best)]
        dist.append((m, s_best, max(x["tvd_text"], x["tvd_result"]), floor))
    weak = [m for m, _s, x, f in dist if x <= 2 * f]
    out.append("- ... and by distribution (its best strategy's TVD of texts or results more than twice the "
               f"control's): {'HOLDS' if not weak else 'FAILS for ' + ', '.join(weak)} ("
               + "; ".join(f"{m} {s} {x:.2f} (control {f:.2f})" for m, s, x, f in dist) + ").")
    if p5:
        out.append(f"- A permanent member's strategy changes the final text in at least half the seeds: "
                   f"{verdict(p5, 0.5)} ({detail(p5)}).")
    if e10:
        out.append(f"- An elected member's coalition strategy changes a paragraph or a ballot in at least a fifth "
                   f"of the seeds: {verdict(e10, 0.2)} ({detail(e10)}).")
    return out


if __name__ == "__main__":
    sys.exit(main())
