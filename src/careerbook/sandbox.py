"""The Jinja2 environment class for templates, which are as untrusted as the content."""

from __future__ import annotations

from typing import Any

from jinja2.exceptions import SecurityError
from jinja2.sandbox import ImmutableSandboxedEnvironment

from careerbook.limits import MAX_TEMPLATE_SEQUENCE


class TemplateSandbox(ImmutableSandboxedEnvironment):
    """Jinja2's sandbox, plus a cap on what `*` and `**` may build.

    A project's templates are as untrusted as its content: the sandbox stops
    them from reaching Python internals, and the cap from making a gigabyte string.
    """

    intercepted_binops = frozenset({"*", "**"})

    def call_binop(self, context: Any, operator: str, left: Any, right: Any) -> Any:
        if operator == "**":
            if isinstance(right, int | float) and abs(right) > 100:
                raise SecurityError("a power above 100 is not allowed in a template")
            return left ** right
        for seq, times in ((left, right), (right, left)):
            if isinstance(seq, str | list | tuple) and isinstance(times, int) \
                    and len(seq) * times > MAX_TEMPLATE_SEQUENCE:
                raise SecurityError(f"a repeated text or list longer than "
                                    f"{MAX_TEMPLATE_SEQUENCE:,} is not allowed in a template")
        return left * right
