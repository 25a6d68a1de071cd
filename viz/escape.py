"""Any Python string made safe for a graphviz HTML-like label and for the SVG it becomes.

Every piece of user text (labels, tensor and parameter names, micrograd-style ``_op``
strings, module names) reaches graphviz through :func:`html`, inside ``label=<...>``.
HTML-like labels, unlike record labels, have no field syntax to break, keep the
space after a non-ASCII character (graphviz 2.43's record parser drops it) and show
``&amp;`` as typed once ``&`` is escaped. Graphviz still reads backslash escapes in
their text (``\\N`` becomes the node's name, ``\\\\`` one backslash), so backslashes
are doubled; a label that is only ``]`` is a syntax error to dot 2.43, so ``]`` is
written ``&#93;``. Characters XML 1.0 forbids (NUL
and the other C0 controls, lone surrogates, U+FFFE/U+FFFF) and the C1 controls are
shown as Python escapes (``\\x00``, ``\\udc80``), so the SVG stays well-formed and
nothing is lost silently.
"""

from __future__ import annotations

import re

# Characters that cannot appear in XML 1.0, plus DEL and the C1 controls (legal but
# invisible), plus tab (graphviz would collapse it).
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff\t\r]")
_XML = {"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;", "]": "&#93;", "\\": "\\\\"}
_XML_CHARS = re.compile("[&<>\"'\\]\\\\]")


def _visible(match: re.Match[str]) -> str:
    ch = match.group()
    if ch == "\t":
        return " "
    return ch.encode("unicode_escape", "backslashreplace").decode("ascii") if ord(ch) < 0xD800 else f"\\u{ord(ch):04x}"


def clean(text: object) -> str:
    """``str(text)`` with every character XML cannot carry written as its Python escape."""
    return _UNSAFE.sub(_visible, str(text))


def html(text: object) -> str:
    """``text`` as the body of an HTML-like label: XML-escaped, backslashes doubled
    (graphviz's escapes), newlines as ``<br/>``.

    Runs of spaces are kept (graphviz shows them as non-breaking spaces).
    """
    body = _XML_CHARS.sub(lambda m: _XML[m.group()], clean(text))
    return "<br/>".join(body.split("\n"))


def label(text: object) -> str:
    """A complete DOT attribute value: ``<...>`` holding ``text`` as an HTML-like label."""
    return "<" + html(text) + ">"


def quoted(text: object) -> str:
    """A DOT double-quoted string for attributes that are not labels (tooltips, ids).

    Backslashes are doubled (graphviz reads escapes such as ``\\N`` in them) and
    double quotes escaped; unsafe characters are shown as Python escapes first.
    """
    body = clean(text).replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n")
    return '"' + body + '"'
