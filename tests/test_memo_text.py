"""`Council.memo_text`: the per-text memos return what the function computes, and are
emptied together at MEMO_LIMIT entries (a batch worker's memory stays flat)."""

from game import council as council_module
from game.council import Council


def test_the_per_text_memos_compute_once_and_are_bounded(minusma):
    c = Council(minusma)
    calls = []

    def compute(text):
        calls.append(text)
        return [len(calls)]

    table = c.draft_table_memo[0]
    text = tuple(0 for _ in c.issues)
    first = c.memo_text(table, text, compute, text)
    assert c.memo_text(table, tuple(list(text)), compute, text) is first and len(calls) == 1
    c.objections_memo[1][0][text] = ["kept"]
    c._text_entries = council_module.MEMO_LIMIT  # (full: the next new entry empties every table)
    other = tuple(1 for _ in c.issues)
    assert c.memo_text(c.silence_memo[0], other, compute, other) == [2]
    assert c._text_entries == 1 and not table and not c.objections_memo[1][0]
    assert c.silence_memo[0] == {other: [2]}
