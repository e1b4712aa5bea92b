"""The policy site's pages, rendered from the validated model; plain Python, no site engine.

:mod:`sitegen.views` computes what is shown, :mod:`sitegen.render` lays it out through the
Jinja templates under ``templates/policy/`` and replaces the pages' markers. Around them, for
any site engine: :mod:`sitegen.extension` (the Markdown extension engines load),
:mod:`sitegen.finish` (the step after the engine), :mod:`sitegen.build` and
:mod:`sitegen.serve` (``make build`` and ``make serve``).
"""

from .render import SECTIONS, MarkerError, render_section, replace_markers

__all__ = ["SECTIONS", "MarkerError", "render_section", "replace_markers"]
