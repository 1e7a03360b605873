"""Words for names, counts and spans of time, as a diplomat writes them (pure functions,
no pygame: the game's screens and the reports share them).

    the("United Kingdom")            -> "the United Kingdom"
    the("United Kingdom", cap=True)  -> "The United Kingdom"   (at the start of a sentence)
    the("France")                    -> "France"
    plural(2, "delegation")          -> "2 delegations"
    plural(1, "item")                -> "1 item"
    span(14.6 * 1440)                -> "14 days and 14 hours"
    counted(6, "delegation")         -> "six delegations"   (in running prose)
    ordinal(2)                       -> "second"

Member names that take the article follow UN usage (the United Kingdom, the United
States, the Russian Federation, the Niger, the Philippines, the Sudan, the Gambia, the
Congo, the Netherlands, the Republic of Korea, ...): a name of a form such as "Republic",
"Kingdom", "Federation", "States" or "Islands", a plural name, and a short list of names
the UN writes with "the". A name a scenario already writes with "the" is left alone.
"""

from __future__ import annotations

import re

# names the UN writes with "the" although nothing in their form says so (exact names)
_THE_EXACT = frozenset({
    "niger", "sudan", "gambia", "congo", "holy see", "philippines", "netherlands", "bahamas", "comoros",
})
# words that make a name take the article wherever they stand ("the Republic of Korea",
# "the Lao People's Democratic Republic", "the United Arab Emirates")
_THE_WORDS = re.compile(
    r"\b(republic|kingdom|federation|states|state of|union|islands|emirates|confederation|"
    r"united|plurinational)\b",
    re.IGNORECASE,
)
# ... except in these names, which the UN writes without it
_NO_THE = frozenset({
    "saint vincent and the grenadines", "saint kitts and nevis", "bosnia and herzegovina", "trinidad and tobago",
    "antigua and barbuda", "sao tome and principe", "são tomé and príncipe", "timor-leste", "cabo verde",
    "micronesia (federated states of)",
})


def takes_article(name: str) -> bool:
    """Whether the member's name is written with "the" inside a sentence."""
    n = " ".join(str(name).split()).strip()
    low = n.lower()
    if not n or low.startswith("the "):
        return False
    if low in _NO_THE:
        return False
    if low in _THE_EXACT:
        return True
    return bool(_THE_WORDS.search(n))


def the(name: str, cap: bool = False) -> str:
    """The name as it reads inside a sentence ("Why did the United Kingdom ...");
    `cap` for the start of a sentence ("The United Kingdom objected")."""
    n = str(name)
    if takes_article(n):
        return ("The " if cap else "the ") + n
    if cap and n[:4] == "the ":
        return "The " + n[4:]
    return n


def names_list(names, cap: bool = False) -> str:
    """"the United Kingdom, France and the Niger": each name with its article, the first
    capitalised at the start of a sentence with `cap`."""
    out = [the(n, cap=cap and k == 0) for k, n in enumerate(names)]
    if len(out) <= 1:
        return "".join(out)
    return ", ".join(out[:-1]) + " and " + out[-1]


def plural(n: int, word: str, many: str | None = None) -> str:
    """'1 delegation', '2 delegations', '0 amendments' (`many`: an irregular plural)."""
    if n == 1:
        return f"1 {word}"
    if many is None:
        if word.endswith(("s", "sh", "ch", "x")):
            many = word + "es"
        elif word.endswith("y") and word[-2:-1] not in "aeiou":
            many = word[:-1] + "ies"
        else:
            many = word + "s"
    return f"{n} {many}"


def span(minutes: float) -> str:
    """A length of time as a diplomat says it: '14 days and 14 hours', '2 days',
    '1 day and 1 hour', '41 hours' (under two days, in hours), '35 minutes'."""
    m = max(0, int(round(float(minutes))))
    if m < 60:
        return plural(m, "minute")
    hours = m // 60 + (1 if m % 60 >= 30 else 0)
    if hours < 48:
        return plural(hours, "hour")
    days, hours = divmod(hours, 24)
    if hours == 0:
        return plural(days, "day")
    return f"{plural(days, 'day')} and {plural(hours, 'hour')}"


_WORDS = ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
          "eleven", "twelve", "thirteen", "fourteen", "fifteen")
_ORDINALS = ("zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth",
             "ninth", "tenth")


def number(n: int) -> str:
    """A count as running prose writes it: 'six', 'fifteen', '16' (words up to fifteen, the
    size of the Council)."""
    return _WORDS[n] if 0 <= n < len(_WORDS) else str(n)


def counted(n: int, word: str, many: str | None = None) -> str:
    """'six delegations', 'one amendment', 'no objection' ... in words (see `number`)."""
    return number(n) + plural(n, word, many)[len(str(n)):]


def ordinal(n: int) -> str:
    """'first', 'second' ... 'tenth', then '11th', '12th', '21st'."""
    if 0 <= n < len(_ORDINALS):
        return _ORDINALS[n]
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def times(n: int) -> str:
    """'once', 'twice', 'three times'."""
    return {1: "once", 2: "twice"}.get(n, f"{number(n)} times")
