"""The one error type of the identity validators: which rule failed, never the number."""

from __future__ import annotations

from kiosk.errors import InputError


class RuleError(InputError):
    """Input that breaks a named validation rule.

    `rule` is a stable dotted code (`gb11643.check_digit`, `mrz.td3.composite_check`,
    `mobile.segment`) for programs and tests; the message is one line for people. Neither
    carries the number that was checked.
    """

    code = "rule_failed"

    def __init__(self, rule: str, message: str, *, field: str | None = None):
        super().__init__(f"{message} [{rule}]")
        self.rule = rule
        self.field = field
        self.reason = message

    def to_dict(self) -> dict:
        return {"valid": False, "rule": self.rule, "field": self.field, "message": self.reason}
