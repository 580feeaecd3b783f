"""Presets: the seeds' real product scenarios, as starting inputs that explicit keys override."""

from pydantic import BaseModel, ConfigDict

from adapt.engine.scenario import Problem


class Preset(BaseModel):
    model_config = ConfigDict(defer_build=True, frozen=True)

    name: str
    title: str
    story: str  # the scenario in one sentence, as the seeds tell it
    values: dict[str, float | str]


def _preset(name: str, title: str, story: str, **values: float | str) -> Preset:
    return Preset(name=name, title=title, story=story, values=values)


PRESETS: dict[str, Preset] = {
    p.name: p
    for p in (
        # Seed 001's worked example, figure for figure.
        _preset("support", "Customer support replies",
                "Customer replies need a calm, consistent tone across many messages, but the"
                " knowledge itself does not change quickly.",
                stability=82, data=72, volume=84, freshness=18, tolerance=36, problem=Problem.STYLE,
                requests=120_000, extra_tokens=420, training=1_800, eval=400, reduction=260),
        _preset("extraction", "Structured extraction (forms to JSON)",
                "Forms are turned into JSON that downstream systems parse; a broken schema is an"
                " outage, and the schema rarely changes.",
                stability=78, data=55, volume=70, freshness=20, tolerance=50,
                problem=Problem.FORMAT, requests=300_000, extra_tokens=1_200, training=2_500,
                eval=800, reduction=900),
        _preset("writing", "Brand-voice writing assistant",
                "An internal assistant writes in the brand voice; the voice is stable and there"
                " are good examples, but prompts carry long style guides.",
                stability=70, data=60, volume=55, freshness=30, tolerance=45,
                problem=Problem.STYLE, requests=20_000, extra_tokens=1_500, training=1_500,
                eval=600, reduction=1_200),
        _preset("routing", "Classification and routing",
                "Tickets are classified and routed at high volume; boundaries between classes are"
                " subtle, and years of labeled tickets exist.",
                stability=85, data=85, volume=90, freshness=15, tolerance=25,
                problem=Problem.DOMAIN, requests=1_000_000, extra_tokens=600, training=1_200,
                eval=500, reduction=500),
        _preset("knowledge", "Q&A over fast-changing facts",
                "People ask about policies and prices that change weekly; answers must be current"
                " and traceable to a source.",
                stability=60, data=30, freshness=90, tolerance=70,
                problem=Problem.KNOWLEDGE, requests=80_000, extra_tokens=2_500, training=2_000,
                eval=500, reduction=200),
        _preset("prototype", "Prototype with moving requirements",
                "A new feature is still being discovered: requirements change weekly and there"
                " is no labeled data yet.",
                stability=15, data=10, freshness=50, tolerance=80,
                problem=Problem.EXPLORATION, requests=2_000, extra_tokens=800, training=1_800,
                eval=400, reduction=400),
    )
}
