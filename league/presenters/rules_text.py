"""The scoring rule of a catalogue metric in words, generated from its stored rule and
parameters (the rows the engine reads), so the methodology and metric pages can never
disagree with the computation."""

from league.models import Metric
from trusts.models import League

RULE_NAMES = {
    "A": "Rank across the whole scale",
    "B": "Target, then rank among trusts that miss it",
    "C": "Target, then rank among trusts that meet it",
    "D": "Bands",
    "matrix": "Lookup table of two scores",
    "published": "Published by NHS England",
}


def league_names(codes: list[str]) -> list[str]:
    return [League(code).label for code in codes if code in League.values]


def direction(metric: Metric) -> str:
    if metric.higher_is_better is None:
        return "Not ranked on a value"
    return "Higher is better" if metric.higher_is_better else "Lower is better"


def _amount(value: float, unit: str) -> str:
    text = f"{value:g}"
    if unit == "%":
        return f"{text}%"
    return f"{text} {unit}" if unit and unit not in ("score", "rate", "count") else text


def target(metric: Metric) -> str:
    """ "at least 78%", "less than 1%" or "" when the rule has no target."""
    params = metric.params
    if "threshold" not in params or metric.higher_is_better is None:
        return ""
    inclusive = params.get("threshold_inclusive", True)
    if metric.higher_is_better:
        word = "at least" if inclusive else "more than"
    else:
        word = "at most" if inclusive else "less than"
    return f"{word} {_amount(params['threshold'], metric.unit)}"


def describe(metric: Metric) -> list[str]:
    """Sentences saying how the metric is scored, from 1.00 (best) to 4.00 (worst)."""
    params, rule = metric.params, metric.rule
    sentences = {
        "A": [
            "Trusts are ranked by value: the best scores 1.00, the worst 4.00, and the others "
            "are spread evenly between them by rank (tied trusts share the better rank)."
        ],
        "B": [
            f"A trust that meets the target ({target(metric)}) scores 1.00. The others score "
            "from 2.00 to 4.00, spread evenly by their rank among the trusts that miss it."
        ],
        "C": [
            f"A trust that meets the target ({target(metric)}) scores from 1.00 to 3.00, "
            "spread evenly by its rank among the trusts that meet it. A trust that misses the "
            "target scores 4.00."
        ],
        "D": [_bands(metric)],
        "matrix": [
            "The score is read from a lookup table of the scores of "
            f"{' and '.join(params.get('matrix_inputs', []))} (rows: the first score, "
            "columns: the second)."
        ],
        "published": [
            "NHS England publishes the score itself (for example from an inspection rating or "
            "a survey band); it is used as published."
        ],
    }.get(rule, [f"Scored by rule {rule}."])
    sentences += _population(params)
    if params.get("rank_decimals") is not None:
        places = params["rank_decimals"]
        sentences.append(f"Values are compared to {places} decimal place{'s' * (places != 1)}.")
    if "count_unit" in params:
        sentences.append(
            "A trust that reports a count instead of a rate scores 1 plus the count, at most "
            f"{params.get('count_score_cap', 4)}."
        )
    if not metric.counts_in_average:
        sentences.append("It does not count in the average on its own: it feeds a combined score.")
    if metric.average_group:
        sentences.append(
            f"It is averaged with the other {metric.average_group} metrics first, and that "
            "average counts once."
        )
    return sentences


def _population(params: dict) -> list[str]:
    population = params.get("population")
    if population == "type":
        return ["The ranking is among the trusts of the same table that report the metric."]
    if population == "pooled":
        return ["The ranking is among all trusts that report the metric, whatever their table."]
    return []


def _bands(metric: Metric) -> str:
    cuts = metric.params.get("band_cuts", [])
    inclusive = metric.params.get("band_inclusive", [True] * len(cuts))
    better = metric.higher_is_better is not False
    words = []
    for cut, incl in zip(cuts, inclusive, strict=False):
        word = ("at least" if incl else "above") if better else ("at most" if incl else "below")
        words.append(f"{word} {_amount(cut, metric.unit)}")
    return (
        "The score is 1 plus the number of these levels the value fails to reach: "
        + "; ".join(words)
        + "."
    )
