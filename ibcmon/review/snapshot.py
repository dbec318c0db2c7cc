"""A stored page shown inert: no script, no request to the site, nothing navigates.

The response itself is locked by its headers (`SNAPSHOT_CSP`: a CSP sandbox without
scripts, forms or same origin, and no source allowed to load anything but inline styles
and data: images); the HTML is also cleaned, so that a `<meta http-equiv=refresh>` or a
`<base>` cannot move the frame and a browser without CSP still loads nothing.
"""
from __future__ import annotations

import lxml.html
from lxml import etree

SNAPSHOT_CSP = ("sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
                "form-action 'none'; base-uri 'none'; frame-ancestors 'self'")
DROP_TAGS = ("script", "noscript", "iframe", "frame", "frameset", "object", "embed", "applet", "base",
             "link", "meta", "video", "audio", "source", "track", "portal")
URL_ATTRIBUTES = ("src", "srcset", "data", "poster", "background", "action", "formaction", "ping", "lowsrc")
NOTICE = ('<p style="margin:0 0 8px;padding:4px 8px;background:#fff3cd;font:13px sans-serif">'
          "Сохранённая копия страницы: скрипты и картинки отключены.</p>")


def _unsafe_attribute(name: str, value: str) -> bool:
    if name.startswith("on") or name in URL_ATTRIBUTES:
        return True
    if name == "style":
        return "url(" in value
    return name == "href" and value.strip().lower().startswith(("javascript:", "data:"))


def inert_html(html: str) -> str:
    """The page's HTML without scripts, frames, refreshes or anything that loads from the site."""
    try:
        root = lxml.html.document_fromstring(html)
    except (etree.ParserError, ValueError):
        return "<!DOCTYPE html><meta charset=utf-8><p>Копию страницы не удалось показать.</p>"
    for element in list(root.iter(*DROP_TAGS)):
        element.drop_tree()
    for element in root.iter():
        if not isinstance(element.tag, str):
            continue
        for name in list(element.attrib):
            if _unsafe_attribute(name.lower(), element.attrib[name]):
                del element.attrib[name]
    for style in root.iter("style"):
        style.text = "" if style.text and ("url(" in style.text or "@import" in style.text) else style.text
    body = root.find("body")
    if body is not None:
        body.insert(0, lxml.html.fragment_fromstring(NOTICE))
    text = lxml.html.tostring(root, encoding="unicode", doctype="<!DOCTYPE html>")
    return text.replace("<head>", '<head><meta charset="utf-8">', 1) if "<head>" in text else text
