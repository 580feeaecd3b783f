"""Every sentence the engine says, keyed by stable ids: reasons, warnings, stack roles, the best
fit and the summary. They are part of the JSON contract (`reasons[].text`, `warnings[].text`,
`summary`); templates own layout, never wording.

Each entry is a `str.format` template; `say(id, **values)` fills it. An id names the fact, not the
words, so wording can improve without breaking automation that keys on ids.
"""

from adapt.engine.options import TUNING, OptionId
from adapt.engine.scenario import Factor, Problem

# Reasons for an input: "<factor>.<side>.<path>", said only for a winner the input argues for
# (issue 20: "reasons only argue for the winner"). <side> is where the factor sits (high or low);
# <path> is "tuning" (LoRA / PEFT and full fine-tuning) or the untrained option's id. The seed's
# own wording where it has one. An input with no sentence for the winner gives no reason.
REASONS: dict[str, str] = {
    "stability.high.tuning": "Stable requirements reward training more than rapidly changing"
                             " workflows.",
    "stability.high.guardrails": "Stable rules are worth enforcing once, in code, rather than"
                                 " re-prompting for them.",
    "stability.low.prompting": "Requirements still change, and a prompt changes in minutes where a"
                               " trained model needs a new run.",
    "data.high.tuning": "There is enough labeled data to justify learning a stable behavior"
                        " pattern.",
    "data.low.prompting": "There is too little labeled data to justify training, so a path that"
                          " needs no training set comes first.",
    "volume.high.tuning": "High usage volume increases the payoff from reducing prompt overhead.",
    "volume.high.guardrails": "At high volume a broken output reaches many users, so checking"
                              " every output in code pays off.",
    "volume.low.prompting": "Low request volume keeps per-call prompt overhead cheap, so a"
                            " training run has little to repay it.",
    "volume.low.rag": "Low request volume keeps the retrieved context in every prompt cheap.",
    "freshness.high.rag": "Facts change often, so retrieval matters more than changing weights.",
    "freshness.high.prompting": "Facts change often, and a prompt can carry today's facts where"
                                " trained weights cannot.",
    "freshness.low.tuning": "Facts change slowly, so keeping knowledge fresh is not what this job"
                            " needs.",
    "tolerance.high.prompting": "Long prompts are acceptable here, so instructions and context can"
                                " stay in the prompt.",
    "tolerance.high.rag": "Long prompts are acceptable here, so retrieved context can ride along in"
                          " every call.",
    "tolerance.low.tuning": "Low tolerance for long prompts increases the appeal of adaptation"
                            " that trims runtime context.",
}

# Cost as a reason ("payback" input): tuning that pays back, for a tuned winner; tuning that does
# not, for an untrained one.
PAYBACK_REASONS: dict[str, str] = {
    "payback.fast": "Tuning pays back in {when} at {requests} requests a month.",
    "payback.slow": "Tuning would take {months:.1f} months to pay back at {requests} requests a"
                    " month, beyond the {horizon}-month horizon.",
    "payback.never": "Tuning saves nothing per call at these prices, so it never pays back at"
                     " {requests} requests a month.",
    "payback.beyond": "Tuning saves too little per call to repay its training run, so it never"
                      " pays back at {requests} requests a month.",
    "payback.never.cached": "Tuning saves nothing per call against the cached prompt, so it"
                            " never pays back at {requests} requests a month.",
    "payback.slow.life": "Tuning would take {months:.1f} months to pay back at {requests}"
                         " requests a month, longer than the {life:.1f} months before the model"
                         " retires.",
}

# Why the winner fixes the failure: "problem.<kind>.<path>" for every pair the capability table
# (engine/capability.py) lists, <path> as in REASONS.
PROBLEM_REASONS: dict[str, str] = {
    "problem.style.tuning": "Tone and format drift is a behavior-pattern problem more than a"
                            " knowledge problem.",
    "problem.style.prompting": "Tone and format drift is a behavior pattern that clear"
                               " instructions and a few examples often fix before any training.",
    "problem.knowledge.rag": "Missing or stale facts are a knowledge problem: retrieval supplies"
                             " facts at run time, weights do not.",
    "problem.format.guardrails": "Schema and rule violations are best enforced in code around the"
                                 " model, whatever the model does.",
    "problem.format.tuning": "Schema violations shrink when the model learns the format from"
                             " labeled examples.",
    "problem.format.prompting": "A schema stated in the prompt, with an example or two, cuts"
                                " violations without a training run.",
    "problem.domain.tuning": "Specialised terms and decision boundaries are learned best from"
                             " labeled examples.",
    "problem.domain.rag": "Specialised terms can be supplied as retrieved definitions and"
                          " examples.",
    "problem.domain.prompting": "Definitions and worked examples in the prompt teach specialised"
                                " terms without a training run.",
    "problem.cost.tuning": "Prompts that are too long are fixed by moving instructions into the"
                           " model.",
    "problem.cost.prompting": "Shorter prompts, prompt caching and batch pricing cut the cost of"
                              " every call without a training run.",
    "problem.exploration.prompting": "Requirements are still moving, so anything trained now"
                                     " would be retrained soon.",
}

# Warnings by their stable alert id (Alert.id in the JSON).
WARNINGS: dict[str, str] = {
    # The model's own life, on every path (issue 20: "a retired model is the first warning on
    # every path, with its successor, and a model retiring within 60 days is warned with its
    # date"; the dates are the catalogue's, engine/data/tuning.toml).
    "model_retired": "{model} retired on {date}: it no longer answers, so whichever path you take"
                     " runs on another model{successor}.",
    "model_retiring": "{model} retires {date}, in {days} days: plan the move to another"
                      " model{successor} now, whichever path you take.",
    "model.successor": " (the named replacement is {successor})",
    # Issue 26: facts the catalogue read long ago are said to be old, with the day they were read.
    "sources.retired": ", the model retired on {date}",
    "catalogue_old": "The tuning catalogue behind this report was read on {read_on}, {days} days"
                     " before {as_of}, past its {limit}-day limit: check what it says about"
                     " {model} at the source before relying on it (`adapt catalogue` lists"
                     " them).",
    "low_data": "Labeled data is thin ({told}): about 10 examples to start, clear gains at"
                " 50-100, 100-500 recommended; below that, tuning is not justified, so LoRA /"
                " PEFT waits until about {needed} labeled examples.",
    # Factors are said in words, never as their 0-100 numbers (issue 23); the values stay
    # available to the format strings for automation that keys on the ids.
    "volume_mismatch": "The volume given reads {level}, but {requests} requests a month read"
                       " {reading_level}: the scores use the volume, the cost uses the"
                       " requests.",
    "stale_weights": "Tuning teaches behaviour, not facts: the facts here change often, so pair"
                     " it with retrieval or the weights will serve stale answers.",
    "no_eval": "No evaluation budget: without an evaluation baseline, a tuning decision cannot be"
               " checked.",
    "availability": "Check that fine-tuning is offered for {model}: several hosted vendors have"
                    " deprecated self-serve tuning, and tuned models can cost more per token and"
                    " carry hosting fees.",
    # With a model the catalogue knows (engine/data/tuning.toml), the caution names its dates.
    "availability.closing": "{provider} accepts no new fine-tuning jobs after {until}{note}"
                            "{retires}.",
    "availability.closed": "{provider} accepts no new fine-tuning jobs after {until}, so a"
                           " fine-tune of {model} cannot be started now{retires}.",
    "availability.ended": "{provider} offers no self-serve fine-tuning ({ended}), so tuning"
                          " {model} is not an option here{instead}.",
    "availability.offered": "{provider} offers self-serve tuning for {model}{note}{retires}.",
    "availability.retired": "{model} retired on {date}, and its fine-tunes with it: tuning it is"
                            " not an option.",
    "availability.retires": "; {model} retires {date}, taking its fine-tunes with it",
    "availability.unpriced": "{provider} serves a fine-tune of {model} only {how}, and that"
                             " rate is not recorded here: give gpu_price= (USD an hour for one)"
                             " and gpu_throughput= (tokens a second one serves) to price tuning.",
    "availability.life": " Payback is judged over the {life:.1f} months it has left, not the"
                         " {horizon}-month horizon.",
    "cache_first": "Cache the {tokens:,.0f}-token prompt first: {cached}/month cached vs {tuned}"
                   " tuned ({prompt_only} uncached); {verdict}.",
    "cache_first.never": "tuning then never pays back",
    "cache_first.late": "against the cached prompt, tuning breaks even only after {months:.1f}"
                        " months",
    "tuned_price_partial": "The tuned model costs {multiplier:g}x per token; only the prompt"
                           " tokens modelled here carry that premium. Set shared_tokens= and"
                           " output_tokens= to count the input both paths send and the output.",
    "close_call": "Close call: {winner} leads {runner_up} by {lead:.1f} points; check what would"
                  " change the answer before committing.",
}

# What each part of the recommended stack does there.
ROLES: dict[str, str] = {
    "primary": "Primary path.",
    "guardrails_maker": "Produces the output the guardrails check.",
    "rag_fresh": "Keeps facts current (they change often): retrieval covers what weights and"
                 " prompts cannot.",
    "rag_changes": "Keeps facts current as they change {cadence}: retrieval covers what weights"
                   " and prompts cannot.",
    "guardrails_schema": "Enforces the schema in code, so a bad output is caught and repaired, not"
                         " shipped.",
    "peft_behaviour": "Learns the tone and decision boundaries retrieval cannot.",
}

# The short phrase each stack item adds to the headline.
PURPOSES: dict[str, str] = {
    "purpose.style": "for tone and format",
    "purpose.knowledge": "for the missing facts",
    "purpose.format": "for the schema and rules",
    "purpose.domain": "for domain terms and boundaries",
    "purpose.cost": "for shorter, cheaper prompts",
    "purpose.exploration": "while requirements move",
    "purpose.first": "first",
    "purpose.maker": "to produce the output",
    "purpose.rag_changes": "for facts that change {cadence}",
    "purpose.rag_fresh": "for facts that change often",
    "purpose.peft_behaviour": "for tone and decision boundaries",
}

# Why an option that scores well cannot win yet (RankedOption.not_yet).
NOT_YET: dict[str, str] = {
    "not_yet.examples": "not yet: needs about {examples:,} labeled examples",
    "not_yet.payback": "not on cost grounds: tuning does not pay back within {horizon} months",
    "not_yet.closed": "not offered: {provider} accepts no new fine-tuning jobs after {until}",
    "not_yet.ended": "not offered: {provider} offers no self-serve fine-tuning",
    "not_yet.retired": "not offered: {model} retired on {date}",
    "not_yet.unpriced": "not priced: {provider} serves a fine-tune only {how}; give gpu_price="
                        " and gpu_throughput=",
    "not_yet.retiring": "not worth starting: {model} retires {date}, before tuning would pay"
                        " back",
    "not_yet.unstable": "not yet: requirements still change, and each change means a new"
                        " dataset, training run and evaluation",
    "not_yet.premium": "not yet: over {window} it would cost {ratio:.1f}x what {path} costs",
    "not_yet.premium.free": "not yet: the prompt path costs too little to repay a training run",
    "not_yet.lora_first": "LoRA / PEFT first: it reaches most of full fine-tuning's gains with"
                          " about 10,000x fewer trainable parameters",
}

# The staged plan (Report.plan): when each step applies, and why.
PLAN: dict[str, str] = {
    "plan.now": "Now",
    "plan.alongside": "Alongside",
    "plan.from_examples": "From about {examples:,} labeled examples",
    "plan.at_requests": "At about {requests} requests a month",
    "plan.log_examples": "{why} Log reviewed outputs now to build a labeled set.",
    "plan.other_model": "On a model that can still be tuned",
    "plan.when_settled": "Once requirements settle",
    "plan.if_short": "If LoRA / PEFT falls short",
    "plan.saves_per_call": "If a tuned model saves per call",
    "plan.waiting_why": "{name} fits {failure} best but cannot start yet ({not_yet}).",
}

# The one cost line of a short answer (brief.cost_line): "cost.<plan>.<case>", where the plan
# tunes ("tuned") or trains nothing ("untrained"), and tuning pays back within the horizon, late,
# or never.
COST_LINES: dict[str, str] = {
    # A tuned winner that does not pay back in the window: what it costs and why it still wins
    # (issue 20: "the report says so in one sentence with the monthly premium and why it is worth
    # it"; weights.MAX_QUALITY_SPEND_RATIO bounds the premium).
    "cost.tuned.premium": "{name} costs about {premium} a month more than {path} over {window}"
                          " ({tuned_total} against {prompt_total}; {payback}): worth it because"
                          " {worth}.",
    "cost.payback.late": "it pays back after {when}",
    "cost.payback.never": "it never pays back at these prices",
    "cost.worth.style": "a tune holds tone and format on every call, where a long prompt still"
                        " drifts",
    "cost.worth.format": "a tune lowers the schema failure rate at the source, with validation"
                         " beside it",
    "cost.worth.domain": "a tune learns the boundaries from all your labeled examples, where a"
                         " prompt shows only a few",
    # Tuning the named model cannot start on the date (issue 26: never offered in words where
    # it cannot be started).
    "cost.untrained.closed": "Nothing in this plan is trained, and tuning cannot be started here"
                             " ({not_yet}): {path} costs {prompt_monthly} a month"
                             " ({prompt_total} over {horizon} months).",
    # What monthly volume would do for tuning (CostReport.requests_tip).
    "tip.requests.closed": "tuning cannot be started here ({not_yet}), so no volume changes that",
    "tip.requests.never": "no monthly volume makes tuning pay back within {window}",
    "tip.requests.at": "tuning pays back within {window} from {requests:,.0f} requests a month",
    "cost.untrained.only": "Nothing in this plan is trained, and tuning cannot fix {failure}:"
                           " {path} costs {prompt_monthly} a month ({prompt_total} over {horizon}"
                           " months).",
    "cost.tuned.pays_back": "Tuning pays back in {when}: {tuned_total} over {horizon} months"
                            " against {prompt_total} {path}.",
    "cost.tuned.pays_back_short": "Tuning pays back in {when}, within {window}; after that the"
                                  " tuned model is gone and the run must be redone on another"
                                  " model.",
    "cost.untrained.pays_back": "Nothing in this plan is trained. Tuning, the alternative"
                                " considered, would pay back in {when} ({one_time} to train and"
                                " evaluate, {tuned_monthly} a month against {prompt_monthly}"
                                " {path}).",
    "cost.untrained.late": "Nothing in this plan is trained. Tuning, the alternative considered,"
                           " would break even only after {when}, beyond {window} ({one_time} to"
                           " train and evaluate, {tuned_monthly} a month against"
                           " {prompt_monthly} {path}).",
    "cost.untrained.never": "Nothing in this plan is trained. Tuning, the alternative considered,"
                            " would never pay back ({tuned_monthly} a month against"
                            " {prompt_monthly} {path}, plus {one_time} to train and evaluate).",
    # The requests the cost used, when nobody stated them (issue 23: "volume=high must not
    # silently become 316k requests a month in the cost").
    "cost.requests.volume": "Costed at {requests} requests a month, what {level} request"
                            " volume reads as: give requests= with your real figure.",
    "cost.path.prompt_only": "prompt-only",
    "cost.path.cached": "with the prompt cached",
    "cost.window.horizon": "the {horizon}-month horizon",
    "cost.window.life": "the {months} months the tuned model would live",
}

# Two scenarios compared (engine/compare.py): what changed the answer.
COMPARE: dict[str, str] = {
    "compare.raising": "Raising",
    "compare.lowering": "Lowering",
    "compare.changing": "Changing",
    "compare.change": "{verb} {key} from {a} to {b}",
    "compare.change.within": "{verb} {key} (still {level})",
    "compare.with_changes": "The {count} changed inputs together",
    "compare.hands_over": "{change} hands the win from {a} to {b}.",
    "compare.together": "Together, the {count} changed inputs hand the win from {a} to {b}; no"
                        " one of them does it alone.",
    "compare.pays_back": "{change} makes {tuner} pay back in {when} (it took {before}).",
    "compare.pays_back.first": "{change} makes {tuner} pay back in {when}, where it never paid"
                               " back before.",
    "compare.never_pays_back": "{change} means {tuner} never pays back.",
    "compare.never": "never",
    "compare.tuning": "tuning",
    "compare.same_inputs": "Both sides are the same scenario: {winner}.",
    "compare.new_plan": "Both answers lead with {winner}, but the second pairs it differently:"
                        " {headline}.",
    "compare.same_winner": "Both answers are {winner}; the changes move its score by"
                           " {points:+.1f} points.",
}

# How a tuned model served by the hour is priced (engine/serving.py, CostReport.serving).
SERVING: dict[str, str] = {
    "serving.dedicated_gpu": "The tuned model runs on {where}'s dedicated {unit} at {rate} an"
                             " hour, {hours:g} hours a month: {units} x {rate} x {hours:g} h ="
                             " {monthly} a month, for {needed} tokens a month at {throughput:,.0f}"
                             " tokens a second each; its tokens are not billed one by one.",
    "serving.self_hosted": "The tuned model runs on your own {unit} at {rate} an hour, {hours:g}"
                           " hours a month: {units} x {rate} x {hours:g} h = {monthly} a month,"
                           " for {needed} tokens a month at {throughput:,.0f} tokens a second"
                           " each; its tokens are not billed one by one.",
    "serving.provisioned_throughput": "The tuned model runs on {where}'s Provisioned Throughput"
                                      " at {rate} an hour per model unit, {hours:g} hours a"
                                      " month: {units} x {rate} x {hours:g} h = {monthly} a"
                                      " month, for {needed} tokens a month at"
                                      " {throughput:,.0f} tokens a second each.",
    "serving.prompts": " Prompts are priced at {where}'s serverless rate per token.",
    "serving.change.dedicated_gpu": "To self-host it, give gpu_price= (your GPU's hourly price)"
                                    " and gpu_throughput= (tokens a second it serves); gpu_hours="
                                    " for fewer hours a month{hosts}.",
    "serving.change.self_hosted": "gpu_price=, gpu_throughput= and gpu_hours= set this{host}.",
    "serving.change.provisioned_throughput": "gpu_price= (USD an hour per model unit),"
                                             " gpu_throughput= (tokens a second one unit"
                                             " serves) and gpu_hours= set this.",
    "serving.hosts": "; other hosts: {hosts}",
    "serving.host": "; without gpu_price= it runs on {where}'s dedicated {unit} at {rate} an hour",
}

# After a shutdown (engine/lifecycle.py, Report.lifecycle): where to go and what to keep.
LIFECYCLE: dict[str, str] = {
    "lifecycle.retired": "{model} retired on {date}, and every fine-tune of it: move to one of"
                         " the models below.",
    "lifecycle.retiring": "{model} retires {date}, {days} days after {as_of}, and every"
                          " fine-tune of it with it{jobs}: plan the move now.",
    "lifecycle.closed": "{provider} takes no new fine-tuning jobs for {model}{since}: a tune that"
                        " is lost cannot be rebuilt there.",
    "lifecycle.jobs_until": "; new tuning jobs close after {until}",
    "lifecycle.jobs_closed": "; new tuning jobs closed after {until}",
    "lifecycle.since": " (since {until})",
    "lifecycle.option": "{model} ({provider}): {prompt_only} a month prompt-only{cached};"
                        " {tuning}.",
    "lifecycle.cached": ", {cached} with {share} of the {tokens:,.0f} extra prompt tokens cached",
    "lifecycle.tuning.none": "it cannot be tuned",
    "lifecycle.tuning.pays_back": "tuned, {tuned} a month after {one_time} to train and evaluate,"
                                  " paying back in {when}",
    "lifecycle.tuning.never": "tuned, {tuned} a month after {one_time} to train and evaluate,"
                              " which never pays back here",
    "lifecycle.tuning.unpriced": "tuning there is not priced: {reason}",
    "lifecycle.record.eval_set": "The evaluation set: the inputs and the outputs you accept as"
                                 " right, so every successor is scored the same way.",
    "lifecycle.record.outputs": "The tuned model's outputs on that set, before {date}: the"
                                " baseline a successor must match, which cannot be produced"
                                " after the shutdown.",
    "lifecycle.record.training": "The training data and settings (examples, epochs, the base"
                                 " model's id), to run the same tune on another model.",
}

OTHER: dict[str, str] = {
    "best_fit": "The product failure ({failure}) calls for {fixes}.",
    "summary": "{winner} leads {runner_up} by {lead:.1f} points. {reason}",
    "summary.waiting": "{winner} leads while {waiting} cannot start yet. {reason}",
    "summary.only": "{winner} is the only option here that fixes {failure} now. {reason}",
    "summary.no_reason": "{winner} leads {runner_up} by {lead:.1f} points; no single input"
                         " accounts for the lead.",
}

SENTENCES: dict[str, str] = {**REASONS, **PAYBACK_REASONS, **PROBLEM_REASONS, **WARNINGS,
                             **PURPOSES, **NOT_YET, **PLAN, **COST_LINES, **COMPARE,
                             **ROLES, **SERVING, **LIFECYCLE, **OTHER}


def say(sentence_id: str, **values: object) -> str:
    """The sentence with this id, filled in; an unknown id is a bug and raises KeyError."""
    return SENTENCES[sentence_id].format(**values)


def path_of(option: OptionId) -> str:
    """The <path> part of a reason id: "tuning" for either tuned option, else the option id."""
    return "tuning" if option in TUNING else option.value


def reason_id(factor: Factor, high: bool, winner: OptionId) -> str:
    return f"{factor.value}.{'high' if high else 'low'}.{path_of(winner)}"


def problem_reason_id(problem: Problem, winner: OptionId) -> str:
    return f"problem.{problem.value}.{path_of(winner)}"
