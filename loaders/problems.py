"""Problems found while loading data: always data (French text), never a traceback."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

ERROR = "erreur"
WARNING = "avertissement"
INFO = "information"

# Column holding the original line number (header = line 1) in frames read from files.
LINE = "_ligne"


@dataclass(frozen=True)
class Problem:
    """One problem in one file; `line` counts the header as line 1, like a spreadsheet."""

    file: str
    message: str
    line: int | None = None
    column: str | None = None
    severity: str = ERROR
    value: str | None = None

    def __str__(self) -> str:
        where = [self.file]
        if self.line is not None:
            where.append(f"ligne {self.line}")
        if self.column:
            where.append(f"colonne « {self.column} »")
        text = ", ".join(where) + " : " + self.message
        if self.value not in (None, ""):
            shown = str(self.value)
            if len(shown) > 60:
                shown = shown[:57] + "…"
            text += f" (valeur : « {shown} »)"
        return text

    def as_dict(self) -> dict:
        return {
            "gravite": self.severity,
            "fichier": self.file,
            "ligne": self.line,
            "colonne": self.column,
            "message": self.message,
            "valeur": self.value,
        }


class HasProblems:
    """Errors and warnings among `self.problems`."""

    problems: list[Problem]

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]


@dataclass
class LoadResult(HasProblems):
    """A clean frame, the rows set aside, and every problem found."""

    frame: pd.DataFrame
    problems: list[Problem] = field(default_factory=list)
    rejected: pd.DataFrame = field(default_factory=pd.DataFrame)
    meta: dict = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors


def problems_frame(problems: list[Problem]) -> pd.DataFrame:
    columns = ["gravite", "fichier", "ligne", "colonne", "message", "valeur"]
    frame = pd.DataFrame([p.as_dict() for p in problems], columns=columns)
    frame["ligne"] = frame["ligne"].astype("Int64")
    return frame
