"""The framework years this service ships with, as data files in the catalogue layout.

`nof-2025-26-metrics.csv` is NHS England's 2025/26 catalogue as recovered from its published
files (docs/methodology-findings.md); a migration loads it, and the demonstration data draws
its fictional values from it. Later years are imported by staff (`import_framework`).
"""

from pathlib import Path

from league.methodology.catalogue_file import Catalogue, read_catalogue

FOLDER = Path(__file__).resolve().parent
SHIPPED = {"2025/26": FOLDER / "nof-2025-26-metrics.csv"}


def shipped_catalogue(code: str) -> Catalogue:
    return read_catalogue(SHIPPED[code].read_text(encoding="utf-8"))
