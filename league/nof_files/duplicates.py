"""Finding the same (period, trust, metric) twice, within a file or across an upload's files.

A million-row upload must not keep a million keys as Python objects (a set of them costs
about 90 MB), so the first pass keeps only each row's 64-bit key hash and row number in flat
arrays: 12 bytes a row. Sorting the hashes finds suspected repeats; the few files involved
are then re-read to compare the real keys, so a hash collision can never produce a false
duplicate, and to name the row each duplicate repeats.
"""

from __future__ import annotations

from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import numpy as np

Key = tuple[str, str, str]  # (period, trust code, metric id or "" for a league-table row)


@dataclass(frozen=True)
class Duplicate:
    """`key` at (file_index, row) repeats its first appearance at (first_file, first_row)."""

    file_index: int
    row: int
    key: Key
    first_file: int
    first_row: int


class DuplicateTracker:
    """Shared by every file of one upload; files must be scanned in index order, each once."""

    def __init__(self, max_reported: int) -> None:
        self.max_reported = max_reported
        self.hashes = array("q")
        self.rows = array("I")
        self.file_starts: list[int] = []  # position in the arrays where each file begins

    def start_file(self, file_index: int) -> None:
        assert file_index == len(self.file_starts), "files are scanned in order"
        self.file_starts.append(len(self.hashes))

    def note(self, row: int, key: Key) -> None:
        self.hashes.append(hash(key))
        self.rows.append(row)

    def resolve(
        self, keys_of: Callable[[int], Iterable[tuple[int, Key]]]
    ) -> tuple[list[Duplicate], Counter[int]]:
        """Confirm suspected repeats by re-reading (`keys_of(file)` yields (row, key)).

        Returns at most `max_reported` duplicates, and per file how many more there are.
        """
        hashes = np.frombuffer(self.hashes, dtype=np.int64)
        order = np.argsort(hashes, kind="stable")
        ordered = hashes[order]
        repeats = np.sort(order[1:][ordered[1:] == ordered[:-1]])  # later appearances
        if repeats.size == 0:
            return [], Counter()
        wanted = np.unique(hashes[repeats[: self.max_reported]])
        more = self._per_file(repeats[~np.isin(hashes[repeats], wanted)])
        involved = np.nonzero(np.isin(hashes, wanted))[0]
        files = sorted(set(self._per_file(involved)))
        duplicates = self._confirm(files, set(wanted.tolist()), keys_of, more)
        return duplicates, more

    def _per_file(self, positions: np.ndarray) -> Counter[int]:
        """How many of these array positions fall in each file."""
        files = np.searchsorted(np.asarray(self.file_starts), positions, side="right") - 1
        values, counts = np.unique(files, return_counts=True)
        return Counter(dict(zip(values.tolist(), counts.tolist(), strict=True)))

    def _confirm(
        self,
        files: list[int],
        wanted: set[int],
        keys_of: Callable[[int], Iterable[tuple[int, Key]]],
        more: Counter[int],
    ) -> list[Duplicate]:
        first_seen: dict[Key, tuple[int, int]] = {}
        found: list[Duplicate] = []
        for file in files:
            for row, key in keys_of(file):
                if hash(key) not in wanted:
                    continue
                first = first_seen.setdefault(key, (file, row))
                if first == (file, row):
                    continue
                if len(found) < self.max_reported:
                    found.append(Duplicate(file, row, key, *first))
                else:
                    more[file] += 1
        return found
