"""Problems as GitHub Actions workflow commands (`validate --format github`): a pull request then
shows each error and warning on the line of the file it is about.

The runner reads ``::error file=F,line=L,col=C::message``. A message may hold `%`, CR or LF only
escaped (``%25``, ``%0D``, ``%0A``), and a property value also ``:`` and ``,`` (``%3A``,
``%2C``), which would otherwise end it; a data path or a quoted value may hold any of them.
"""

from __future__ import annotations

from .schema import Problem

WARNING = "warning: "  # how a warning's message starts (policydata.warnings)


def workflow_command(problem: Problem) -> str:
    """``problem`` as one ``::error`` or ``::warning`` line."""
    level, message = "error", problem.message
    if message.startswith(WARNING):
        level, message = "warning", message[len(WARNING):]
    properties = [f"file={_property(problem.path)}"]
    if problem.line:
        properties += [f"line={problem.line}", f"col={problem.column}"]
    return f"::{level} {','.join(properties)}::{_data(message)}"


def _data(text: str) -> str:
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _property(text: str) -> str:
    return _data(text).replace(":", "%3A").replace(",", "%2C")
