"""Redirects and `<meta http-equiv="refresh">` to a non-web address are not followed.

Scrapy's own middlewares build the next Request before they look at its scheme, and a
Request to `mailto:` or `javascript:` raises ValueError: the page that carried the refresh
(which any page editor can add by accident) ended as a failed download, «ошибка загрузки»,
and its centre went ungraded. These subclasses look at the target first and keep the page
as it answered: it is graded on what it showed.
"""
from __future__ import annotations

from urllib.parse import urljoin, urlsplit

from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from scrapy.http import HtmlResponse, Request, Response
from scrapy.utils.response import get_meta_refresh
from w3lib.url import safe_url_string

WEB_SCHEMES = frozenset({"http", "https"})


def is_web(url: str) -> bool:
    try:
        return urlsplit(url.strip()).scheme.lower() in WEB_SCHEMES
    except ValueError:  # an address urllib cannot even split is no web address either
        return False


class WebOnlyRedirectMiddleware(RedirectMiddleware):
    """A 3xx whose Location is no web address: the answer itself is the page."""

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        location = response.headers.get("Location")
        if location is not None and 300 <= response.status < 400:
            target = urljoin(request.url, safe_url_string(location.decode("latin-1")))
            if not location.startswith(b"//") and not is_web(target):
                return response
        try:
            return super().process_response(request, response)
        except ValueError:  # a target Scrapy cannot request: not followed
            return response


class WebOnlyMetaRefreshMiddleware(MetaRefreshMiddleware):
    """A refresh to `mailto:`, `javascript:`, `data:`, …: ignored, the page is what it showed."""

    def process_response(self, request: Request, response: Response) -> Request | Response:  # type: ignore[override]
        if isinstance(response, HtmlResponse) and request.method != "HEAD":
            _interval, url = get_meta_refresh(response, ignore_tags=self._ignore_tags)
            if url and not is_web(url):
                return response
        try:
            return super().process_response(request, response)
        except ValueError:
            return response
