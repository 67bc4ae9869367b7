"""Exceptions that carry their place, so the CLI can print one clear line each.

The CLI maps them to exit codes in one place: ``UsageError`` → 2, any other
``NewsgenError`` → 1.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Problem:
    """One problem found in an input file: where, which key, what was found and expected."""

    file: str
    line: int
    column: int
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}:{self.column}" if self.line else self.file
        key = f" {self.key}:" if self.key else ""
        return f"{where}:{key} {self.message}"


class NewsgenError(Exception):
    """Root of every error newsgen reports to a person."""


class UsageError(NewsgenError):
    """The command line asked for something that cannot be done (exit code 2)."""


class FactError(NewsgenError):
    """One or more problems in fact files; ``problems`` lists all of them."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


class TemplateError(NewsgenError):
    """A template of a locale failed to parse or render."""

    def __init__(self, locale: str, template: str, line: int | None, message: str,
                 root: str = "templates") -> None:
        self.locale = locale
        self.template = template
        self.line = line
        where = f"{root}/{locale}/{template}" + (f":{line}" if line else "")
        super().__init__(f"{where}: {message}")


class LexiconError(NewsgenError):
    """A locale's lexicon lacks something a fixture needs, or is malformed."""
