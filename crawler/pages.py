"""A fetched response (or a failed request) turned into the fields of a `store.models.Page`."""
from __future__ import annotations

from typing import Any

from scrapy.http import Response

from common.extract import extract_page
from common.urls import HTML_TYPES, is_document
from crawler.encoding import decode_body
from store.models import utcnow

KEY_HEADERS = ("last-modified", "etag", "content-length", "server", "date", "content-disposition",
               "location", "x-robots-tag", "retry-after")
MAX_URL = 2000


def redirect_chain(meta: dict[str, Any]) -> list[list[Any]]:
    """[[status, url], ...]: every hop that answered with a redirect, in order."""
    redirects = meta.get("redirect_urls") or []
    reasons = meta.get("redirect_reasons") or []
    return [[reasons[i] if i < len(reasons) else None, _cut(u)] for i, u in enumerate(redirects)]


def key_headers(response: Response, meta: dict[str, Any]) -> dict[str, Any]:
    headers: dict[str, Any] = {}
    for name in KEY_HEADERS:
        value = response.headers.get(name)
        if value is not None:
            headers[name] = value.decode("latin-1")[:1000]
    chain = redirect_chain(meta)
    if chain:
        headers["_redirects"] = chain
    return headers


def looks_like_html(content_type: str | None, body: bytes) -> bool:
    if content_type:
        main = content_type.split(";", 1)[0].strip().lower()
        if main in HTML_TYPES:
            return True
        if main not in ("", "text/plain", "application/octet-stream"):
            return False
    head = body[:1024].lstrip().lower()
    return head.startswith((b"<!doctype html", b"<html", b"<?xml")) or b"<html" in head or b"<body" in head


def _cut(url: str) -> str:
    return url[:MAX_URL]


def base_page(url: str, depth: int, is_doc: bool) -> dict[str, Any]:
    return {
        "url": _cut(url), "final_url": _cut(url), "http_status": None, "error": None, "error_code": None,
        "content_type": None, "encoding": None, "headers": {}, "fetched_at": utcnow(),
        "elapsed_ms": None, "depth": depth, "size": 0, "truncated": False, "is_document": is_doc,
        "title": None, "headings": [], "main_text": None, "text_hash": None, "links": [],
        "documents": [], "html": None,
    }


def page_from_response(response: Response, url: str, depth: int, document_role: bool) -> dict[str, Any]:
    """The page row of `response` to the request for `url` (before redirects)."""
    meta = response.request.meta if response.request is not None else {}
    content_type = response.headers.get("Content-Type")
    ctype = content_type.decode("latin-1")[:200] if content_type else None
    is_doc = document_role or bool(meta.get("ibc_doc")) or (
        response.status < 300 and is_document(response.url, ctype))
    page = base_page(url, depth, is_doc)
    latency = meta.get("download_latency")
    page.update(
        final_url=_cut(response.url),
        http_status=response.status,
        content_type=ctype,
        headers=key_headers(response, meta),
        elapsed_ms=int(latency * 1000) if latency is not None else None,
        size=len(response.body),
        truncated=bool(meta.get("ibc_truncated")) or "dataloss" in response.flags,
    )
    if is_doc or not response.body or not looks_like_html(ctype, response.body):
        return page
    text, encoding = decode_body(response.body, content_type)
    content = extract_page(text, response.url)
    page.update(
        encoding=encoding,
        title=content.title,
        headings=content.headings,
        main_text=content.main_text,
        text_hash=content.text_hash,
        links=content.links,
        documents=content.documents,
        html=content.html,
    )
    return page


def page_from_failure(url: str, final_url: str, depth: int, is_doc: bool, error: str,
                      meta: dict[str, Any] | None = None, error_code: str | None = None) -> dict[str, Any]:
    """The page row of a request that got no response: `error` is the technical text kept
    for detail, `error_code` its code (crawler.status) that outputs say in Russian."""
    page = base_page(url, depth, is_doc)
    page.update(final_url=_cut(final_url), error=error, error_code=error_code)
    chain = redirect_chain(meta or {})
    if chain:
        page["headers"] = {"_redirects": chain}
    return page
