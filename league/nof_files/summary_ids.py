"""NHS England's ids for the summary rows of its trust data files (segments, average, flags).

They belong to the file layout, not to a framework year's metric catalogue.
"""

SUMMARY_IDS: dict[str, str] = {
    "adjusted_segment": "OF5000",
    "average_score": "OF5002",
    "unadjusted_segment": "OF5003",
    "financial_override": "OF5004",
    "final_segment_override": "OF5005",
    "recovery_support": "OF5007",
}

# How NHS England's files describe each summary row (Metric_description).
SUMMARY_DESCRIPTIONS: dict[str, str] = {
    "OF5000": "Adjusted segment",
    "OF5002": "Average metric score",
    "OF5003": "Unadjusted segment",
    "OF5004": "Financial override",
    "OF5005": "Final segment score override",
    "OF5007": "Is the organisation in the Recovery Support Programme?",
}
