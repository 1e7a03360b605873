"""Issue 8, section 3: taking back a concession costs trust "in the model and in the
narration". The model records it (`reverses` in a settlement's reasons); the transcript
must say it, naming the paragraph and those the concession had been made to."""
from __future__ import annotations

from game.narrate import Narrator, transcript
from game.session import Session


def test_the_transcript_says_when_the_penholder_takes_back_a_concession(minusma):
    n = Narrator(minusma)
    taken_back = 0
    for seed in range(10):
        log = Session(minusma, seed).run().log
        text = "\n".join(transcript(minusma, log))
        for ev in log:
            if ev.kind != "decide_amendments":
                continue
            for dec in ev.data["decisions"]:
                reason = (dec.get("reasons") or [{}])[0]
                if reason.get("reverses"):
                    taken_back += 1
                    line = (f"taking back on {n.para(reason['issue'])} what it had conceded to "
                            f"{n.names_list(reason['reverses'])}")
                    assert line in text, (seed, line)
    assert taken_back, "no concession taken back in seeds 0-9: pick other seeds"
