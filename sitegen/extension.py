"""The policy markers as a Python-Markdown extension, loaded by every site engine from
``markdown_extensions`` (MkDocs and Zensical alike); no engine is imported here.

In mkdocs.yml::

    markdown_extensions:
      - sitegen.extension:
          data: data

``data`` is the data folder, relative to the folder the engine runs in; the environment
variable ``POLICY_DATA`` overrides it (the tests and ``make build`` point it at a copy).

What it does to each page:

- every ``<!-- policy: NAME -->`` line becomes the block :mod:`sitegen.render` renders from the
  model, as raw HTML, exactly as :func:`sitegen.replace_markers` makes it;
- a link a block makes to another page (``link('contact.md')``) is resolved by the engine, the
  way it resolves the author's own Markdown links: the extension adds a link element with that
  target to the page's tree, reads back what the engine made of it once the engine's own tree
  processors have run, and writes that into the block. MkDocs rewrites links in the tree only;
  Zensical rewrites every link of the page, raw HTML too, after Python-Markdown is done: both
  end at the page's URL, and MkDocs' strict mode fails on a target that is not a page. Targets
  are paths under docs/ as seen from the page, so markers belong on pages at the top of docs/;
- the page's converted HTML is framed by two comments carrying a random token, so that
  :mod:`sitegen.finish` knows which part of the written page came from the Markdown and the
  data, and never allows a script of that part by its hash. The comments are removed there.

The data is loaded and validated once per build (once per change of its files, for a preview
server that rebuilds): engines make a new Markdown instance for every page. A build by
:mod:`sitegen.build` has loaded it already, before starting the engine: it hands the model over
in a file that ``POLICY_MODEL`` names, taken only while the data files are still the ones it
was loaded from.
"""

from __future__ import annotations

import os
import pickle
import secrets
import xml.etree.ElementTree as etree
from html import escape
from pathlib import Path

from markdown import Extension, Markdown
from markdown.postprocessors import Postprocessor
from markdown.preprocessors import Preprocessor
from markdown.treeprocessors import Treeprocessor

from calculators.model import Policy

from .render import MarkerError, replace_markers

__all__ = ["CONTENT_END", "CONTENT_START", "PolicyExtension", "PolicyDataError", "data_dir",
           "fingerprint", "hand_over", "makeExtension", "policy_from"]

# The frame around each page's content: `<!-- policy-content TOKEN -->` ... `<!-- /policy-content
# TOKEN -->`. The token is new in every build process, so no page or data file can forge the end
# of the frame and have a script of its own read as the theme's.
CONTENT_START = "<!-- policy-content {token} -->"
CONTENT_END = "<!-- /policy-content {token} -->"
_TOKEN = secrets.token_hex(12)

_loaded: dict[Path, tuple[tuple, Policy]] = {}


class PolicyDataError(ValueError):
    """The data files have problems; the message lists each as ``file:line:col: message``."""


def data_dir(configured: str | os.PathLike = "data") -> Path:
    """The data folder a build reads: ``POLICY_DATA`` if set, else ``configured``."""
    return Path(os.environ.get("POLICY_DATA") or configured).absolute()


def fingerprint(folder: Path) -> tuple:
    """What changes when a file of ``folder`` changes."""
    return tuple((path.name, stat.st_mtime_ns, stat.st_size)
                 for path in sorted(folder.glob("*")) if path.is_file()
                 for stat in (path.stat(),))


def policy_from(folder: Path) -> Policy:
    """The validated policy of ``folder``, loaded again only when one of its files changed."""
    current = fingerprint(folder)
    cached = _loaded.get(folder)
    if cached is None or cached[0] != current:
        cached = _handed_over(folder, current)
    if cached is None or cached[0] != current:
        # Imported here: an engine that was handed the model never needs the loader (nor
        # python-holidays).
        from policydata import DataError, load_policy

        try:
            policy = load_policy(folder)
        except DataError as error:
            raise PolicyDataError(f"the policy data has problems; fix each line below and build "
                                  f"again:\n{error}") from None
        cached = (current, policy)
    _loaded[folder] = cached
    return cached[1]


def hand_over(path: Path, folder: Path) -> None:
    """Write the policy already loaded from ``folder`` to ``path``, for the engine's process
    (name it in ``POLICY_MODEL``)."""
    path.write_bytes(pickle.dumps((folder, *_loaded[folder])))


def _handed_over(folder: Path, current: tuple) -> tuple | None:
    model = os.environ.get("POLICY_MODEL")
    if not model or not Path(model).is_file():
        return None
    # Written by this build's own sitegen.build, in its private folder, a moment ago.
    saved_folder, saved, policy = pickle.loads(Path(model).read_bytes())
    return (saved, policy) if saved_folder == folder and saved == current else None


def _page_file(md: Markdown) -> Path | None:
    """The page being converted, for messages; engines tell their extensions in their own ways.

    Zensical registers its page context as the preprocessor "rendering_context" (page.path is
    relative to docs/); MkDocs gives its link resolver, "relpath", the page's file.
    """
    if "rendering_context" in md.preprocessors:
        return Path("docs") / md.preprocessors["rendering_context"].page.path
    if "relpath" in md.treeprocessors:
        file = getattr(md.treeprocessors["relpath"], "file", None)
        if file is not None:
            return Path(os.path.relpath(file.abs_src_path))
    return None


class _Markers(Preprocessor):
    def __init__(self, md: Markdown, extension: PolicyExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, lines: list[str]) -> list[str]:
        markdown = "\n".join(lines)
        if "<!--" not in markdown:
            return lines
        page = _page_file(self.md)
        first_line = 1
        if page is not None and page.is_file():
            # Engines hand over the page without its front matter; messages count the file's
            # lines.
            source = page.read_text(encoding="utf-8")
            first_line = source[:max(source.find(markdown), 0)].count("\n") + 1
        policy = policy_from(self.extension.data)
        # The way back to the site's root, for links to files no engine knows (the published
        # calendars). MkDocs leaves raw HTML alone, so the link must be relative to the page's
        # URL (contact.md is served as contact/); Zensical rewrites raw HTML links as it does
        # the author's, relative to the page's source file under docs/.
        parts = page.with_suffix("").parts if page is not None else ()
        if "docs" in parts:
            parts = parts[len(parts) - parts[::-1].index("docs"):]
        if "rendering_context" in self.md.preprocessors:
            self.extension.depth = max(len(parts) - 1, 0)
        else:
            self.extension.depth = len(parts) - (1 if parts and parts[-1] == "index" else 0)
        try:
            replaced = replace_markers(markdown, policy, page=str(page or "the page"),
                                       link=self.extension.link, first_line=first_line)
        except MarkerError as error:
            raise MarkerError(f"{error}\nUse one of the known markers, alone on its line.") \
                from None
        return replaced.split("\n")


class _AskForLinks(Treeprocessor):
    """Puts one link element per target the blocks need into the tree, for the engine to
    resolve with the author's links."""

    def __init__(self, md: Markdown, extension: PolicyExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        self.extension.asked = []
        for target in self.extension.links:
            element = etree.SubElement(root, "a", {"href": target})
            self.extension.asked.append((target, element))


class _ReadLinks(Treeprocessor):
    """After the engine's tree processors: what each target became; the elements go again."""

    def __init__(self, md: Markdown, extension: PolicyExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, root: etree.Element) -> None:
        self.extension.resolved = {}
        for target, element in self.extension.asked:
            self.extension.resolved[target] = element.get("href", target)
            root.remove(element)


class _WriteLinks(Postprocessor):
    def __init__(self, md: Markdown, extension: PolicyExtension) -> None:
        super().__init__(md)
        self.extension = extension

    def run(self, text: str) -> str:
        for target, placeholder in self.extension.links.items():
            text = text.replace(placeholder,
                                escape(self.extension.resolved.get(target, target)))
        return text


class _Frame(Postprocessor):
    def run(self, text: str) -> str:
        return f"{CONTENT_START.format(token=_TOKEN)}{text}{CONTENT_END.format(token=_TOKEN)}"


class PolicyExtension(Extension):
    def __init__(self, **kwargs) -> None:
        self.config = {"data": ["data", "The policy's data folder (POLICY_DATA overrides it)."]}
        super().__init__(**kwargs)
        self.data = data_dir(self.getConfig("data"))
        self.links: dict[str, str] = {}
        self.asked: list[tuple[str, etree.Element]] = []
        self.resolved: dict[str, str] = {}
        self.depth = 0

    def link(self, target: str) -> str:
        """A placeholder for the URL of the page ``target``; the page's own HTML gets the URL.

        A target that is no page (``calendars/usa-hours.ics``, which the finish step writes) is
        a path from the site's root, made relative to the page here."""
        if not target.endswith(".md"):
            return "../" * self.depth + target
        return self.links.setdefault(target, f"policy-link-{_TOKEN}-{len(self.links)}")

    def extendMarkdown(self, md: Markdown) -> None:
        md.registerExtension(self)
        # Before Python-Markdown takes HTML blocks out of the text (priority 20), after it has
        # normalised line endings (30).
        md.preprocessors.register(_Markers(md, self), "policy_markers", 25)
        # MkDocs resolves links at priority 0, Zensical after the conversion: ask before,
        # read after every engine's tree processor.
        md.treeprocessors.register(_AskForLinks(md, self), "policy_links_ask", 50)
        md.treeprocessors.register(_ReadLinks(md, self), "policy_links_read", -100)
        # After raw HTML is put back (30), so the blocks' placeholders are in the text.
        md.postprocessors.register(_WriteLinks(md, self), "policy_links_write", 5)
        md.postprocessors.register(_Frame(md), "policy_content_frame", -100)

    def reset(self) -> None:
        self.links = {}
        self.asked = []
        self.resolved = {}


def makeExtension(**kwargs) -> PolicyExtension:  # noqa: N802 (Python-Markdown's name)
    return PolicyExtension(**kwargs)
