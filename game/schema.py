"""The scenario file format, as pydantic models.

This module *is* the format's specification: every field, its type, its range and
what it means for the agents. `docs/scenario-format.md` explains it for authors and
`game.scenario.load_scenario` turns a YAML file into these (frozen) objects, reporting
every problem at once as ``file:line: path.to.field: message``.

Models are strict (no silent coercion from strings to numbers) and forbid unknown keys,
so a typo is an error, never a silent fallback to a default.
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    StringConstraints,
    WithJsonSchema,
    model_serializer,
    model_validator,
)
from pydantic_core import PydanticCustomError

from game.model.params import ModelParams

FORMAT_VERSION = 3
"""Format 2 (December 2026) adds what the negotiation model weighs a draft against: the
`status_quo` text a technical rollover extends, each member's `lapse_value`, `unity`,
`veto_cost`, `host_deference` and `forces_votes`, the host's own positions, and the
`model:` block. Format-1 files still load: every new field has a documented default.
Format 3 adds `co_penholders` (members holding the pen with the penholder); a file that
names co-penholders must say `format: 3` (so that an older Penholder refuses it by its
format number rather than by an unknown field); format-1 and -2 files load unchanged."""

MemberId = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$")]
"""ISO 3166-1 alpha-3 code, e.g. ``FRA``. (Alpha-3, not alpha-2: Norway is ``NOR``.)"""

Ident = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]*$", max_length=40)]
"""A lower-case identifier for issues, variants and events, e.g. ``g5_support``."""

GroupId = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9][A-Za-z0-9+_ -]{0,15}$")]
"""A caucus name as the Council says it: ``P3``, ``A3+1``, ``E10``."""

Unit = Annotated[float, Field(ge=0.0, le=1.0)]
Scale = Annotated[float, Field(ge=0.0, le=100.0)]
ShortText = Annotated[str, StringConstraints(min_length=1, max_length=200)]
LongText = Annotated[str, StringConstraints(min_length=1, max_length=4000)]
Ballot = Literal["yes", "no", "abstain"]

LANGUAGES = ("en", "fr")
"""The languages a scenario text may be written in: English (always) and French."""


class LocalText(str):
    """A scenario text written in several languages: ``{en: ..., fr: ...}`` in the file.

    It *is* the English string (the engine, the canonical order of the Council and a log
    read the same values as from a plain string); `in_` gives the same text shown in
    another language (`game.i18n.localized` does it for a whole scenario, for the
    screens and the reports). It dumps back as the mapping, whatever language it shows,
    so a scenario's data and hash do not depend on the language it is read in.

    `plain`: the file wrote a plain (English) string and the game supplied the other
    versions (a member's name from `game.i18n.FR_NAMES`): it dumps back as that string."""

    def __new__(cls, versions: dict[str, str], lang: str = "en", plain: bool = False):
        obj = super().__new__(cls, versions.get(lang) or versions["en"])
        obj.versions = dict(versions)
        obj.lang = lang if lang in versions else "en"
        obj.plain = plain
        return obj

    def in_(self, lang: str) -> LocalText:
        """The same text, shown in `lang` (English where it has no `lang` version)."""
        return self if lang == self.lang else LocalText(self.versions, lang, self.plain)

    def __reduce__(self):  # pickling and deep copies keep every version
        return (LocalText, (self.versions, self.lang, self.plain))

    # It sorts by its English version, in every language: the Council sits in the English
    # alphabetical order of its members' names (game.council), whatever the screen shows.
    def __lt__(self, other):
        return english(self) < english(other)

    def __le__(self, other):
        return english(self) <= english(other)

    def __gt__(self, other):
        return english(self) > english(other)

    def __ge__(self, other):
        return english(self) >= english(other)

    __hash__ = str.__hash__


def english(text):
    """A scenario text's English version (a plain string is one)."""
    return text.versions["en"] if isinstance(text, LocalText) else text


def _local_text(max_length: int):
    def check(text: str) -> None:  # the errors a plain ShortText / LongText gives (same messages)
        if not text:
            raise PydanticCustomError("string_too_short", "must not be empty", {"min_length": 1})
        if len(text) > max_length:
            raise PydanticCustomError("string_too_long", "too long", {"max_length": max_length})

    def validate(value):
        if isinstance(value, LocalText):
            return value
        if isinstance(value, str):  # a plain string stays a plain string (same data, same hash)
            check(value)
            return value
        if isinstance(value, dict):
            extra = sorted(set(map(str, value)) - set(LANGUAGES))
            if extra:
                raise PydanticCustomError(
                    "local_text", "unknown language '{lang}' (the languages are {langs})",
                    {"lang": extra[0], "langs": " and ".join(LANGUAGES)})
            if "en" not in value:
                raise PydanticCustomError(
                    "local_text", "a text in several languages needs its English version (en:)")
            for text in value.values():
                if not isinstance(text, str):
                    raise PydanticCustomError("string_type", "Input should be a valid string")
                check(text)
            return LocalText({k: value[k] for k in LANGUAGES if k in value})
        raise PydanticCustomError("local_text", "must be text or {{en: ..., fr: ...}}")

    validate.local_text = True  # (game.i18n.missing_french finds the player-visible fields)

    def dump(value):
        if isinstance(value, LocalText):
            return value.versions["en"] if value.plain else dict(value.versions)
        return str(value)

    one = {"type": "string", "minLength": 1, "maxLength": max_length}
    schema = {"anyOf": [one, {
        "type": "object", "properties": {k: one for k in LANGUAGES}, "required": ["en"],
        "additionalProperties": False,
        "description": "The text in English (en, required) and French (fr)."}]}
    return Annotated[str, PlainValidator(validate), PlainSerializer(dump), WithJsonSchema(schema)]


ShortLocal = _local_text(200)
"""A short text a player reads: a plain string, or ``{en: ..., fr: ...}``."""
LongLocal = _local_text(4000)
"""A long text a player reads: a plain string, or ``{en: ..., fr: ...}``."""
_LOCAL_SHORT = ShortLocal.__metadata__[0].func  # (ShortLocal's validator: Closing uses its errors)


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Variant(_Strict):
    """One way the operative paragraph on an issue could read."""

    id: Ident
    position: Scale = Field(
        description="Where this text sits on the issue's 0-100 scale (0 = the least, 100 = the most)."
    )
    text: LongLocal = Field(description="The operative-paragraph language shown to players.")
    label: ShortLocal | None = Field(
        default=None, description="A few words for tables and the horseshoe (default: the id)."
    )


def _dump_without_default(model, handler, field: str, default):
    """`model` as pydantic dumps it, but without `field` when it holds its default: for a
    field added to the format later, so that a scenario that does not use it keeps its
    data, its hash and a log's header as before the field."""
    data = handler(model)
    if getattr(model, field) == default:
        data.pop(field, None)
    return data


class Issue(_Strict):
    """A contested element of the draft: an operative paragraph with its possible texts."""

    id: Ident
    title: ShortLocal
    paragraph: Annotated[int, Field(ge=1, le=999)] = Field(
        description="Operative-paragraph number shown to players (OP n)."
    )
    scale: ShortLocal = Field(
        default="0 = least, 100 = most",
        description="What the 0-100 scale measures on this issue, in words.",
    )
    variants: Annotated[list[Variant], Field(min_length=2, max_length=8)]
    wants_more: ShortLocal = Field(
        description="How a member who wants the text further up the scale puts its case: the "
        "side's case in a few words (a delegation's letters use its own `voice.arguments`, else a "
        "sentence of its doctrine, so that no two read the same).",
    )
    wants_less: ShortLocal = Field(
        description="How a member who wants the text further down the scale says so.",
    )
    lapse: Scale | None = Field(
        default=None,
        description="What a lapse of the mandate amounts to on this issue, as a position on its "
        "0-100 scale (like a variant's `position`; it need not be one): e.g. 0 on a sanctions "
        "issue, where a lapse ends the regime. A member whose entry gives no `lapse_value` then "
        "values a lapse, on this issue, as it would a text at this position (a member opposed to "
        "the regime likes it), and on the issues that declare none as `1 - 2 x mission_support`, "
        "weighted by its salience. Default: none (the issue counts at 1 - 2 x mission_support).",
    )

    @model_serializer(mode="wrap")
    def _dump(self, handler):
        return _dump_without_default(self, handler, "lapse", None)


class RedLine(_Strict):
    """The text on this issue must stay within [min, max] or the member will not vote yes."""

    min: Scale | None = None
    max: Scale | None = None
    why: ShortLocal | None = Field(default=None, description="Said when the line is crossed.")
    public: bool = Field(
        default=True,
        description="Whether the room knows this red line from the start (a capital's stated "
        "line). false: a private instruction; the other delegations, the penholder first, count "
        "the member's votes without it until the member shows it: by asking in writing for a "
        "change of the paragraph (a comment, an amendment, a silence-break letter, a bilateral) "
        "or by voting against a text that crosses it.",
    )

    @model_serializer(mode="wrap")
    def _dump(self, handler):
        return _dump_without_default(self, handler, "public", True)


Register = Literal["formal", "blunt", "legalistic"]
"""How a delegation writes: `formal` (the measured language of most missions), `blunt` (short,
plain, says what it will do), `legalistic` (the Charter, the resolutions, the terms of the text)."""

Theme = Literal[
    "sovereignty", "host_consent", "troop_safety", "resources", "climate", "climate_development",
    "accountability", "civilians", "regional_ownership", "counter_terrorism_line", "elections",
    "council_unity", "burden_sharing",
]
"""A recurring theme of a delegation's doctrine (what it says whatever the paragraph):
`sovereignty` (the host's sovereignty and ownership), `host_consent` (the consent of the host
country), `troop_safety` (the safety of peacekeepers and the views of troop contributors),
`resources` (mandates matched by resources), `climate` (climate-related security risks belong
in the mandate), `climate_development` (climate is a matter for development, not for the
Council), `accountability` (accountability for violations and abuses), `civilians` (the
protection of civilians first), `regional_ownership` (African and regional solutions, with
predictable support), `counter_terrorism_line` (peacekeeping kept distinct from
counter-terrorism), `elections` (the electoral timetable), `council_unity` (a Council that
speaks with one voice), `burden_sharing` (costs and a fair share of them)."""

THEME_WORDS: dict[str, tuple[str, ...]] = {
    "sovereignty": ("sovereign", "authorities", "national", "government", "owned", "ownership", "-led"),
    "host_consent": ("consent", "host", "authorities", "government", "consultation"),
    "troop_safety": ("troop", "peacekeep", "contingent", "uniformed", "personnel", "force"),
    "resources": ("resource", "cost", "ceiling", "budget", "fund", "capabilit", "capacit", "within existing"),
    "climate": ("climate",),
    "climate_development": ("climate",),
    "accountability": ("accountab", "abuse", "violation", "human rights", "perpetrat", "impunity"),
    "civilians": ("civilian",),
    "regional_ownership": ("african union", "ecowas", "regional", "region", "g5", "joint force"),
    "counter_terrorism_line": ("terror", "chapter vii", "all necessary measures", "joint force"),
    "elections": ("election", "electoral", "constitutional", "transition"),
    "council_unity": (),
    "burden_sharing": ("cost", "assessed contributions", "fund", "financ", "budget"),
}
"""The words (lower case, in the English text) that show a paragraph touches a theme: a
member without a line of its own on a paragraph argues from the first of its themes the
paragraph touches (its title, scale, the issue's words and its variants' texts), else from
the unity of the Council (game.narrate.Narrator.argument, templates `argument.j2`)."""


class Closing(_Strict):
    """A last sentence of an explanation of vote that is true only of some texts or ballots:
    said only when the adopted paragraph on `issue` sits within [`min`, `max`] on its scale
    and the delegation's ballot is one of `ballots` (each condition optional)."""

    text: ShortLocal
    issue: Ident | None = Field(default=None, description="The paragraph the sentence speaks of.")
    min: Scale | None = Field(default=None, description="Said only if that paragraph's adopted text is at least here.")
    max: Scale | None = Field(default=None, description="Said only if that paragraph's adopted text is at most here.")
    ballots: list[Ballot] | None = Field(default=None, description="Said only after these ballots.")

    @model_validator(mode="before")
    @classmethod
    def _not_a_text_in_languages(cls, data):
        # In a voice's `closings`, a mapping with none of these fields is a plain line in
        # several languages ({en: ..., fr: ...}), not a closing with a condition: it fails
        # here with the text's own error ("unknown language 'de'"), which the loader reports
        # for the mapping, rather than with "unknown field 'en'"; a valid one is taken by the
        # plain-text branch of the list.
        if isinstance(data, dict) and not set(map(str, data)) & set(cls.model_fields):
            _LOCAL_SHORT(data)
            raise PydanticCustomError("local_text", "a text in several languages, not a closing")
        return data

    @model_serializer(mode="wrap")
    def _dump(self, handler):
        data = handler(self)
        return {k: v for k, v in data.items() if v is not None}


class Argument(_Strict):
    """A delegation's own words on one paragraph, by the way it pushes the text: said in its
    letters and comments instead of the issue's `wants_more` / `wants_less`."""

    more: ShortLocal | None = Field(default=None, description="When it wants the text further up the scale.")
    less: ShortLocal | None = Field(default=None, description="When it wants the text further down the scale.")

    @model_serializer(mode="wrap")
    def _dump(self, handler):
        data = handler(self)
        return {k: v for k, v in data.items() if v is not None}


class Voice(_Strict):
    """How a delegation phrases itself in letters, comments and explanations of vote (all
    optional). The sentences themselves are written by the templates in game/voices/ from the
    decision's reasons; these fields give each delegation its register, its doctrine and its
    own lines. A member without a voice gets one derived from what it is (permanent or
    elected, its group, its positions): game.voices.profile."""

    opening: ShortLocal | None = Field(default=None, description="First sentence of an EoV after a yes "
                                      "(one more choice among `openings`).")
    closing: ShortLocal | None = Field(default=None, description="Last sentence of an EoV, said whatever the "
                                      "text: doctrine, never a fact about the text (use `closings` for those).")
    tone: Register | None = Field(default=None, description="Its register: formal, blunt or legalistic (default: "
                                      "derived from the member: assertive permanent members blunt, others formal).")
    themes: Annotated[list[Theme], Field(max_length=5)] = Field(
        default_factory=list, description="Recurring themes of its doctrine, most important first.")
    speaks_as: ShortLocal | None = Field(default=None, description="What it speaks as, beyond its seat: "
                                        "'a major troop contributor', 'a neighbour of the Sahel'.")
    openings: Annotated[list[ShortLocal], Field(max_length=6)] = Field(
        default_factory=list, description="First sentences of an EoV after a yes, one chosen per speech.")
    closings: Annotated[list[Closing | ShortLocal], Field(max_length=8)] = Field(
        default_factory=list, description="Last sentences of an EoV, one chosen among those true of the "
        "adopted text and the ballot.")
    arguments: dict[Ident, Argument] = Field(
        default_factory=dict, description="Its own words on a paragraph, by direction (issue id: {more, less}).")
    source: ShortText | None = Field(default=None, description="Where the words come from (an S/PV "
                                     "record, a press release) or 'judgement'.")

    @model_serializer(mode="wrap")
    def _dump(self, handler):
        # a field left at its default is not dumped: a scenario that does not use the newer
        # fields keeps its data, its hash and a log's header as before them
        data = handler(self)
        return {k: v for k, v in data.items() if v not in (None, [], {})} | {
            k: data[k] for k in ("opening", "closing") if k in data}


class Member(_Strict):
    """A member of the Council and the parameters of its agent model."""

    name: ShortLocal
    permanent: bool
    ideal_point: float | None = Field(
        default=None,
        ge=-5,
        le=5,
        description="UNGA ideal point (Bailey, Strezhnev & Voeten), for the brief; not used by the agent.",
    )
    positions: dict[Ident, Scale] = Field(
        description="Ideal point on each issue's 0-100 scale."
    )
    salience: dict[Ident, Unit] = Field(description="How much each issue matters, 0-1.")
    red_lines: dict[Ident, RedLine] = Field(default_factory=dict)
    assertiveness: Unit = Field(
        default=0.5,
        description="Propensity to push amendments and to break silence (0 = quiet, 1 = combative).",
    )
    mission_support: Unit = Field(
        default=0.7,
        description="How much the member values renewing the mandate at all: the reason it "
        "votes yes on an imperfect text and accepts a technical rollover.",
    )
    consensus_value: Unit = Field(
        default=0.5,
        description="As penholder, the value put on a unanimous adoption against its own text.",
    )
    lapse_value: Annotated[float, Field(ge=-1.0, le=1.0)] | None = Field(
        default=None,
        description="What the member thinks of the mandate lapsing, on the satisfaction scale "
        "(1 = as good as its ideal text, 0 = as bad as the worst text, below 0 = worse than "
        "any text): low for a member that values the mission, high for one that wants it "
        "gone. Default: 1 - 2 x mission_support; where issues declare their `lapse`, the "
        "salience-weighted mean of its satisfaction with each such issue's lapse position and "
        "of 1 - 2 x mission_support for the other issues. Set, it wins over both.",
    )
    unity: Unit | None = Field(
        default=None,
        description="Value of joining the Council's consensus: how much dislike of a text the "
        "member swallows to vote yes rather than abstain. Default: the model's `unity`.",
    )
    veto_cost: Unit | None = Field(
        default=None,
        description="(Permanent members) the public cost of a veto: it vetoes a draft worse for "
        "it than the reversion by more than this. Default: the model's `veto_cost`.",
    )
    host_deference: Unit | None = Field(
        default=None,
        description="Weight the member gives the host country's objections (its consent). "
        "Default: the model's `host_deference`.",
    )
    forces_votes: Unit | None = Field(
        default=None,
        description="(As penholder) value of putting a text to the vote knowing it will be "
        "vetoed, against settling for a rollover. Default: the model's `force_vote`.",
    )
    voice: Voice = Field(default_factory=Voice)
    note: LongText | None = Field(
        default=None, description="Where the parameters come from (sources or 'judgement')."
    )


class Group(_Strict):
    """A caucus whose members coordinate (the A3+1 speak and move together; the P3 coordinate)."""

    members: Annotated[list[MemberId], Field(min_length=2, max_length=15)]
    discipline: Unit = Field(
        description="0 = each member for itself, 1 = the group acts as one on positions and votes."
    )
    spokesperson: MemberId | None = Field(
        default=None, description="Speaks for the group (joint amendments, joint EoV)."
    )
    speaks_jointly: bool = False


class Calendar(_Strict):
    zero_draft: dt.date = Field(description="Day the penholder circulates the zero draft.")
    mandate_expiry: dt.date = Field(description="Last day of the current mandate.")
    round_days: Annotated[int, Field(ge=1, le=14)] = Field(
        default=4, description="Working days an expert round takes (comments, then a revised draft)."
    )
    silence_hours: Annotated[int, Field(ge=6, le=168)] = Field(
        default=48, description="Length of a silence procedure, in hours."
    )
    min_rounds: Annotated[int, Field(ge=0, le=10)] = Field(
        default=1, description="Expert rounds before the penholder may go to silence."
    )
    max_rounds: Annotated[int, Field(ge=1, le=10)] = Field(
        default=3, description="Expert rounds after which the penholder goes to silence."
    )
    max_silences: Annotated[int, Field(ge=1, le=6)] = Field(
        default=3, description="Silence procedures after which the penholder goes to blue."
    )
    blue_to_vote_hours: Annotated[int, Field(ge=1, le=96)] = Field(
        default=20, description="Hours between a text going in blue and the vote."
    )


class Shift(_Strict):
    member: MemberId
    issue: Ident
    position_by: Annotated[float, Field(ge=-100, le=100)] | None = None
    salience_to: Unit | None = None


class ScenarioEvent(_Strict):
    """Something that changes the world mid-session (an inject)."""

    id: Ident
    date: dt.date | None = Field(
        default=None, description="Fires on this day; without a date the facilitator fires it."
    )
    message: LongLocal
    shifts: list[Shift] = Field(default_factory=list)
    mandate_expiry: dt.date | None = Field(default=None, description="Moves the expiry date.")
    host_consent: Unit | None = Field(
        default=None,
        description="Sets the host's consent to the mission (0-1, as `host.consent`): e.g. 0 when "
        "the host asks for the mission's withdrawal mid-negotiation.",
    )

    @model_serializer(mode="wrap")
    def _dump(self, handler):
        return _dump_without_default(self, handler, "host_consent", None)


Unknown = Literal["unknown"]


class HistorySilence(_Strict):
    placed: dt.date | Unknown = "unknown"
    broken_by: list[MemberId] | Unknown = "unknown"


class History(_Strict):
    """What really happened, to compare simulated runs with the record."""

    outcome: Literal["adopted", "not_adopted", "vetoed", "rollover", "lapsed"]
    resolution: ShortText | None = None
    vote_date: dt.date | Unknown = "unknown"
    in_blue: dt.date | Unknown = "unknown"
    tally: dict[MemberId, Ballot] | Unknown = "unknown"
    silences: list[HistorySilence] | Unknown = "unknown"
    final_text: dict[Ident, Ident | Unknown] = Field(default_factory=dict)
    explanations_of_vote: list[MemberId] | Unknown = "unknown"
    sources: list[ShortText] = Field(default_factory=list)
    notes: LongText | None = None


class Host(_Strict):
    """The country concerned: no vote, but its consent moves members who defer to it."""

    id: MemberId
    name: ShortLocal
    voice: Voice = Field(default_factory=Voice)
    positions: dict[Ident, Scale] = Field(
        default_factory=dict,
        description="The host's ideal text on the issues it cares about (0-100, as members).",
    )
    salience: dict[Ident, Unit] = Field(
        default_factory=dict, description="How much each of those issues matters to the host."
    )
    consent: Unit = Field(
        default=1.0,
        description="The host's consent to the mission going on: 1 (the default) consents; 0 "
        "asks for its withdrawal (Mali, June 2023). Below 1, the host objects to any renewal, a "
        "technical rollover included, by 1 - consent on top of its objections to the text, "
        "writes to the Council under silence, and each member's value of a lapse rises by its "
        "host_deference x (1 - consent) of the way to 1.",
    )

    @model_serializer(mode="wrap")
    def _dump(self, handler):
        return _dump_without_default(self, handler, "consent", 1.0)


class Scenario(_Strict):
    """A Council negotiation: who sits, what is contested, the zero draft, the calendar."""

    format: Literal[1, 2, 3] = Field(
        description="Scenario format version (3; 1 and 2 still load; co_penholders needs 3).")
    id: Ident
    title: ShortLocal
    mission: ShortLocal
    resolution: ShortText = Field(description="How the adopted text is called, e.g. '2584 (2021)'.")
    situation: LongLocal = Field(description="The situation, as the brief tells it.")
    host: Host
    penholder: MemberId = Field(
        description="The member that holds the pen (with co-penholders: the lead, which "
        "circulates the drafts and sends the next-step letters).")
    co_penholders: Annotated[list[MemberId], Field(max_length=4)] = Field(
        default_factory=list,
        description="Members holding the pen together with the penholder (format 3), e.g. "
        "[IRL, NOR]: each must agree to every revision and to every next step; they do not "
        "break silence on their own text or table amendments against it, and they vote. "
        "Default: none (the penholder holds the pen alone).")
    president: MemberId
    members: Annotated[dict[MemberId, Member], Field(min_length=1, max_length=15)]
    groups: dict[GroupId, Group] = Field(default_factory=dict)
    issues: Annotated[list[Issue], Field(min_length=1, max_length=12)]
    zero_draft: dict[Ident, Ident] = Field(description="The zero draft: a variant id per issue.")
    status_quo: dict[Ident, Ident] = Field(
        default_factory=dict,
        description="The text of the current mandate, which a technical rollover extends "
        "unaltered: a variant id per issue. Default for an issue left out: its lowest variant "
        "(scales run from the existing language up).",
    )
    calendar: Calendar
    events: list[ScenarioEvent] = Field(default_factory=list)
    history: History | None = None
    model: ModelParams = Field(
        default_factory=ModelParams,
        description="Overrides of the negotiation model's constants (game/model/params.py).",
    )

    @model_serializer(mode="wrap")
    def _dump(self, handler):
        """As pydantic dumps it, but without `co_penholders` when there are none: a
        single-pen scenario's data (and so its hash and a log's header) is what it was
        before format 3."""
        data = handler(self)
        if not self.co_penholders:
            data.pop("co_penholders", None)
        return data
