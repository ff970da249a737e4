"""Reading source tables (CSV and tab-separated files) and their numbers, and the error that
names a bad source file and what is wrong with it."""

from __future__ import annotations

import csv
from collections.abc import Sequence
from pathlib import Path


class SourceDataError(Exception):
    """A source file (or a curated file) is missing or malformed; nothing was written."""

    def __init__(self, file: Path | str, problem: str) -> None:
        self.file = str(file)
        self.problem = problem
        super().__init__(f"{self.file}: {problem}")


def read_rows(file: Path, *, delimiter: str) -> list[list[str]]:
    """All rows of a CSV/TSV file (UTF-8, byte-order mark allowed)."""
    try:
        with file.open(encoding="utf-8-sig", newline="") as handle:
            if delimiter == "\t":  # O*NET: no quoting, a description may hold a quote mark
                return list(csv.reader(handle, delimiter=delimiter, quoting=csv.QUOTE_NONE))
            return list(csv.reader(handle, delimiter=delimiter))
    except FileNotFoundError:
        raise SourceDataError(file, "file not found") from None
    except IsADirectoryError:
        raise SourceDataError(file, "is a directory, not a file") from None
    except UnicodeDecodeError as exc:
        raise SourceDataError(file, f"is not UTF-8 text ({exc.reason})") from None
    except (OSError, csv.Error) as exc:
        raise SourceDataError(file, f"cannot be read ({exc})") from None


def read_table(file: Path, columns: Sequence[str], *, delimiter: str) -> list[dict[str, str]]:
    """Rows of a file whose first row is the header, as dicts of the wanted columns."""
    rows = read_rows(file, delimiter=delimiter)
    if not rows:
        raise SourceDataError(file, "is empty")
    header = [h.strip() for h in rows[0]]
    index = _column_index(file, header, columns)
    table = []
    for line, row in enumerate(rows[1:], start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) < len(header):
            raise SourceDataError(
                file, f"line {line}: has {len(row)} columns, the header {len(header)}"
            )
        table.append({name: row[i].strip() for name, i in index.items()})
    return table


def _column_index(file: Path, header: Sequence[str], columns: Sequence[str]) -> dict[str, int]:
    index = {}
    for name in columns:
        if name not in header:
            raise SourceDataError(file, f"has no column {name!r} (columns: {', '.join(header)})")
        index[name] = header.index(name)
    return index


def integer(file: Path, line: str, column: str, text: str) -> int:
    """``text`` as a whole number, else an error naming the file, line and column."""
    try:
        return int(text)
    except ValueError:
        raise SourceDataError(file, f"{line}: {column}: {text!r} is not a whole number") from None


def number(file: Path, line: str, column: str, text: str) -> float:
    """``text`` as a number (thousands separators allowed), else an error naming where."""
    try:
        return float(text.replace(",", ""))
    except ValueError:
        raise SourceDataError(file, f"{line}: {column}: {text!r} is not a number") from None
