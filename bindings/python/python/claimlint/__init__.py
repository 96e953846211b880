"""Lint healthcare-clinic marketing copy for risky claims.

A thin layer over the Rust library that the ``claimlint`` command line is
built on: the same rules, the same findings, the same fixes.

>>> import claimlint
>>> linter = claimlint.Linter()
>>> [f.category for f in linter.check("Our infusions are completely safe.")]
['safety-absolute']
"""

from ._native import Finding, Linter, RuleError, __version__, apply_fixes, format_of

__all__ = ["Finding", "Linter", "RuleError", "__version__", "apply_fixes", "format_of"]
