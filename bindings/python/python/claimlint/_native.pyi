"""Type stubs of the extension module; `claimlint` re-exports all of it."""

import os
from typing import Any, Literal, Optional, Sequence, TypedDict, Union

__version__: str

Format = Literal["text", "txt", "plain", "markdown", "md", "mdx", "html", "htm"]
Severity = Literal["error", "warning", "info"]

class Suggestion(TypedDict):
    start: int
    end: int
    replacement: str
    applicability: Literal["safe", "unsafe", "display-only"]

class RuleInfo(TypedDict):
    id: str
    category: str
    severity: Severity
    kind: Literal["claim", "disclosure", "engine"]
    summary: str

class RuleError(ValueError):
    """A rule pack that does not load or compile."""

    origin: str
    line: int
    column: int
    kind: str
    message: str

class Finding:
    """One finding; its attributes are the fields of `check --format json`."""

    @property
    def rule(self) -> str: ...
    @property
    def category(self) -> str: ...
    @property
    def severity(self) -> Severity: ...
    @property
    def message(self) -> str: ...
    @property
    def start(self) -> int: ...
    @property
    def end(self) -> int: ...
    @property
    def line(self) -> int: ...
    @property
    def column(self) -> int: ...
    @property
    def end_line(self) -> int: ...
    @property
    def end_column(self) -> int: ...
    @property
    def text(self) -> str: ...
    @property
    def suggestions(self) -> list[Suggestion]: ...
    @property
    def rewrite(self) -> Optional[str]: ...
    @property
    def suppressed(self) -> bool: ...
    @property
    def suppression(self) -> Optional[dict[str, Any]]: ...
    def to_dict(self) -> dict[str, Any]: ...

class Linter:
    """Rule packs compiled once; thread-safe, GIL released while linting, picklable."""

    def __init__(
        self,
        packs: Optional[Sequence[Union[str, os.PathLike[str]]]] = None,
        builtin: bool = True,
        select: Optional[Sequence[str]] = None,
        ignore: Optional[Sequence[str]] = None,
    ) -> None: ...
    def check(self, text: str, format: Format = "text") -> list[Finding]: ...
    def rules(self) -> list[RuleInfo]: ...
    def explain(self, rule_id: str) -> dict[str, Any]: ...

def apply_fixes(text: str, findings: Sequence[Finding], unsafe: bool = False) -> str: ...
def format_of(path: Union[str, os.PathLike[str]]) -> Optional[Literal["text", "markdown", "mdx", "html"]]: ...
