"""What turns results into page-ready sentences and rows: why a trust is in its segment
(`explain`), and each scoring rule in words (`rules_text`). No queries: callers pass the data."""
