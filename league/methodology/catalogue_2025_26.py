"""The NHS Oversight Framework 2025/26 metric catalogue, as data.

Every metric seen in NHS England's published 2025/26 acute and mental health & community
files, with the scoring rule recovered from its published scores (docs/methodology-findings.md).
A Django data migration seeds these records; the engine reads them back as the same
dataclasses, so changing a threshold or a pool is a data change, not a code change.
`params` holds only JSON types (lists, not tuples) so a JSONField round trip returns an equal
record. Descriptions are exactly the files' `Metric_description` (OF0084 keeps its trailing
no-break space). Tags in comments: [D] derived and reproduced, [I] inferred.
"""

from __future__ import annotations

import copy
from typing import Any

from .model import DomainDefinition, MetricDefinition

ACCESS = "Access to services"
SAFETY = "Patient safety"
FINANCE = "Finance and productivity"
PEOPLE = "People and workforce"
EFFECT = "Effectiveness and experience"

DOMAINS: tuple[DomainDefinition, ...] = (
    DomainDefinition(ACCESS, "OF4000", "OF4100"),
    DomainDefinition(SAFETY, "OF4002", "OF4102"),
    DomainDefinition(FINANCE, "OF4003", "OF4103"),
    DomainDefinition(PEOPLE, "OF4004", "OF4104"),
    DomainDefinition(EFFECT, "OF4005", "OF4105"),
)

SUMMARY_IDS: dict[str, str] = {
    "adjusted_segment": "OF5000",
    "average_score": "OF5002",
    "unadjusted_segment": "OF5003",
    "financial_override": "OF5004",
    "final_segment_override": "OF5005",
    "recovery_support": "OF5007",
}
"""NHS England's ids for the summary rows (segment ids, average, flags)."""

LEAGUE_TRUST_TYPES: dict[str, str] = {
    "acute": "Acute trust",
    "mh_community": "Mental health and community trust",
    "ambulance": "Ambulance trust",
}

Q1_2025_26_ROUNDED_ITEMS: frozenset[str] = frozenset(
    {
        "OF1003",
        "OF1005",
        "OF1013",
        "OF1014",
        "OF1016",
        "OF1023",
        "OF1025",
        "OF1061",
        "OF1063",
        "OF1106",
    }
)
"""Items that entered NHS England's Q1 2025/26 averages already rounded to 2 dp [D, fitted].

Only matters when scores are recomputed from raw values; Q2-Q4 use unrounded items.
"""

AC, MH, AMB = "acute", "mh_community", "ambulance"
AMBULANCE_POOL = {"absent_pool_members": {AMB: 10}}  # [I] the 10 ambulance trusts
FINANCE_MATRIX = [[1, 1, 2, 3], [2, 2, 3, 4], [2, 3, 3, 4], [2, 3, 4, 4]]  # [D] 378/378


def _metric(
    number: str,
    description: str,
    domain: str,
    sub_domain: str,
    unit: str,
    higher_is_better: bool | None,
    rule: str,
    leagues: tuple[str, ...],
    **params: Any,
) -> MetricDefinition:
    counts = params.pop("counts_in_average", True)
    group = params.pop("average_group", None)
    return MetricDefinition(
        metric_id=f"OF0{number}",
        score_id=f"OF1{number}",
        description=description,
        domain=domain,
        sub_domain=sub_domain,
        unit=unit,
        higher_is_better=higher_is_better,
        rule=rule,
        params=copy.deepcopy(params),
        leagues=leagues,
        counts_in_average=counts,
        average_group=group,
    )


TYPE = "type"
POOLED = "pooled"

# A data table: one record per metric reads better than one argument per line.
# fmt: off
METRICS: tuple[MetricDefinition, ...] = (
    # Access to services
    _metric("003", "Percentage of patients waiting over 52 weeks for elective treatment",
            ACCESS, "Elective care", "%", False, "B", (AC,), population=TYPE,
            threshold=1.0, threshold_inclusive=False),  # [I] "less than 1%"; 1.00 never seen
    _metric("005", "Percentage of patients waiting over 52 weeks for community services",
            ACCESS, "Elective care", "%", False, "A", (AC, MH), population=POOLED),
    _metric("010", "Percentage of urgent referrals to receive a definitive diagnosis within "
            "4 weeks", ACCESS, "Cancer care", "%", True, "B", (AC,), population=TYPE,
            threshold=80.0, threshold_inclusive=True),
    _metric("011", "Percentage of patients treated for cancer within 62 days of referral",
            ACCESS, "Cancer care", "%", True, "B", (AC,), population=TYPE,
            threshold=75.0, threshold_inclusive=True),
    _metric("013", "Percentage of emergency department attendances admitted, transferred or "
            "discharged within four hours", ACCESS, "Urgent and emergency care", "%", True,
            "B", (AC,), population=TYPE, threshold=78.0, threshold_inclusive=True,
            rank_decimals=1),
    _metric("014", "Percentage of emergency department attendances spending over 12 hours in "
            "the department", ACCESS, "Urgent and emergency care", "%", False, "A", (AC,),
            population=TYPE),
    _metric("017", "Average Category 2 ambulance response time", ACCESS,
            "Urgent and emergency care", "mins", False, "B", (AMB, AC), population=POOLED,
            threshold=30.0, threshold_inclusive=True, **AMBULANCE_POOL),  # [I] 30-min standard
    _metric("023", "Percentage of cases where a patient is waiting 18 weeks or less for "
            "elective treatment", ACCESS, "Elective care", "%", True, "A", (AC,),
            population=TYPE),
    _metric("041", "Annual change in the number of children and young people accessing "
            "NHS-funded MH services", ACCESS, "Mental health care", "percentage points", True,
            "A", (AC, MH), population=POOLED),
    _metric("106", "Difference between planned and actual 18 week performance", ACCESS,
            "Elective care", "percentage points", True, "B", (AC,), population=TYPE,
            threshold=0.0, threshold_inclusive=True),  # [I] 0.00 never seen
    # Patient safety
    _metric("016", "Percentage of patients in mental health crisis to receive face-to-face "
            "contact within 24 hours", SAFETY, "Patient safety", "%", True, "A", (MH, AC),
            population=POOLED),
    _metric("020", "Number of MRSA infections", SAFETY, "Patient safety", "count", False, "B",
            (AC,), population=TYPE, threshold=0.0, threshold_inclusive=True,
            average_group="infection"),
    _metric("048", "Rate of E-Coli infections", SAFETY, "Patient safety", "rate", False, "B",
            (AC,), population=TYPE, threshold=1.0, threshold_inclusive=True,
            count_unit="count", count_score_cap=4, average_group="infection"),
    _metric("088", "Rate of C-Difficile infections", SAFETY, "Patient safety", "rate", False,
            "B", (AC,), population=TYPE, threshold=1.0, threshold_inclusive=True,
            count_unit="count", count_score_cap=4, average_group="infection"),
    _metric("061", "NHS Staff survey - raising concerns sub-score", SAFETY, "Patient safety",
            "out of 10", True, "A", (AC, MH), population=TYPE),
    _metric("067", "CQC safe inspection", SAFETY, "Patient safety", "score", None,
            "published", (AC, MH)),
    # Effectiveness and experience
    _metric("025", "Average number of days from discharge ready date to actual discharge date "
            "(including zero days)", EFFECT, "Effective flow and discharge", "days", False,
            "A", (AC,), population=TYPE, rank_decimals=1),
    _metric("028", "Percentage of ambulance patients conveyed to emergency departments",
            EFFECT, "Effective out of hospital care", "%", False, "A", (AMB, AC),
            population=POOLED, **AMBULANCE_POOL),  # [I] direction and pool
    _metric("057", "Urgent Community Response 2-hour performance", EFFECT,
            "Effective out of hospital care", "%", True, "C", (AC, MH), population=POOLED,
            threshold=70.0, threshold_inclusive=True),
    _metric("063", "Percentage of inpatients with >60 day length of stay", EFFECT,
            "Effective flow and discharge", "%", False, "A", (MH, AC), population=POOLED),
    _metric("035", "CQC community mental health survey satisfaction rate", EFFECT,
            "Patient experience", "score", None, "published", (MH, AC)),
    _metric("046", "Summary Hospital Level Mortality Indicator", EFFECT, "Patient experience",
            "score", None, "published", (AC,)),
    _metric("069", "CQC inpatient survey satisfaction rate", EFFECT, "Patient experience",
            "score", None, "published", (AC,)),
    # People and workforce
    _metric("082", "Sickness absence rate", PEOPLE, "Retention and culture", "%", False, "A",
            (AC, MH, AMB), population=POOLED, **AMBULANCE_POOL),  # [D] N = 205
    _metric("084", "NHS staff survey engagement theme sub-score\xa0", PEOPLE,
            "Retention and culture", "out of 10", True, "A", (AC, MH), population=TYPE),
    # Finance and productivity: only the combined score (OF1080) enters the average
    _metric("079", "Planned surplus/deficit", FINANCE, "Finance", "%", True, "D", (AC, MH),
            band_cuts=[0.0, -1.0, -2.0], band_inclusive=[True, False, False],
            counts_in_average=False),
    _metric("081", "Variance year-to-date to financial plan", FINANCE, "Finance", "%", True,
            "D", (AC, MH), band_cuts=[0.0, -0.5, -1.0], band_inclusive=[True, False, False],
            counts_in_average=False),
    _metric("080", "Combined finance", FINANCE, "Finance", "score", None, "matrix", (AC, MH),
            matrix_inputs=["OF1079", "OF1081"], matrix=FINANCE_MATRIX),
    _metric("085", "Implied productivity level", FINANCE, "Productivity", "%", True, "A",
            (AC,), population=TYPE),
    _metric("086", "Relative difference in costs", FINANCE, "Productivity", "%", False, "A",
            (MH, AMB), population=POOLED, **AMBULANCE_POOL),  # [D] N = 70/71
)
# fmt: on

QUARTER_CUT_POINTS_2025_26: dict[str, tuple[float, float, float]] = {
    "Q1 2025/26": (2.05, 2.33, 2.60),
    "Q2 2025/26": (2.06, 2.35, 2.66),
    "Q3 2025/26": (2.07, 2.36, 2.70),
    "Q4 2025/26": (2.06, 2.30, 2.58),
}
"""Cut-points reproducing NHS England's published segments (methodology.md §1.4).

Q1 is the quartiles of the 195 acute + MH&C averages; Q2-Q4 lie inside the published gaps
because those quarters' files here hold only MH&C trusts, too few for the pooled quartiles.
"""


def metric_by_id() -> dict[str, MetricDefinition]:
    """Lookup by metric id and by score id (both are unique)."""
    out = {m.metric_id: m for m in METRICS}
    out.update({m.score_id: m for m in METRICS})
    return out
