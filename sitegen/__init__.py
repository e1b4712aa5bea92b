"""The policy site's pages, rendered from the validated model; plain Python, no site engine.

:mod:`sitegen.views` computes what is shown, :mod:`sitegen.render` lays it out through the
Jinja templates under ``templates/policy/`` and replaces the pages' markers.
"""

from .render import SECTIONS, MarkerError, render_section, replace_markers

__all__ = ["SECTIONS", "MarkerError", "render_section", "replace_markers"]
