"""Bodies the link check reads, bounded in DECODED bytes.

The checker asks for `Accept-Encoding: identity`, but a server may compress anyway, and a
few kilobytes of gzip inflate to gigabytes (twice as much again with `gzip, gzip`), in one
synchronous call that no timeout can interrupt. So no body is handed to httpx's decoders:
bodies kept only for the connection's sake are drained raw (never inflated), and the two
that are read (robots.txt, the start of a 403/5xx page) are inflated here by zlib with
`max_length`, chunk by chunk, up to a cap. One layer of gzip or deflate is accepted;
stacked (`gzip, gzip`) or unknown encodings are refused (`encoding_problem`).
"""
from __future__ import annotations

import zlib
from collections.abc import Mapping

import httpx

DECODABLE = frozenset({"gzip", "x-gzip", "deflate"})


def encodings(headers: Mapping[str, str]) -> list[str]:
    """The Content-Encoding layers in the order they were applied (identity left out)."""
    value = headers.get("content-encoding", "")
    return [e for e in (part.strip().lower() for part in value.split(",")) if e and e != "identity"]


def encoding_problem(headers: Mapping[str, str]) -> str | None:
    """The Content-Encoding header when it is stacked or unknown (refused), else None."""
    layers = encodings(headers)
    if len(layers) > 1 or (layers and layers[0] not in DECODABLE):
        return headers.get("content-encoding", "")[:60]
    return None


class _Inflater:
    """One gzip/deflate layer, inflated at most `limit` bytes in all."""

    def __init__(self, encoding: str | None, limit: int) -> None:
        self.limit = limit
        self.encoding = encoding
        self.raw_deflate = False
        if encoding is None:
            self.inflater = None
        elif encoding == "deflate":  # zlib-wrapped by the standard, raw by some servers
            self.inflater = zlib.decompressobj()
        else:
            self.inflater = zlib.decompressobj(zlib.MAX_WBITS | 16)
        self.out = bytearray()

    @property
    def full(self) -> bool:
        return len(self.out) >= self.limit

    def feed(self, data: bytes) -> None:
        if self.inflater is None:
            self.out += data[: self.limit - len(self.out)]
            return
        while data and not self.full:
            try:
                piece = self.inflater.decompress(data, self.limit - len(self.out))
            except zlib.error:
                if self.encoding != "deflate" or self.out or self.raw_deflate:
                    raise
                self.raw_deflate = True  # a "deflate" body without its zlib header
                self.inflater = zlib.decompressobj(-zlib.MAX_WBITS)
                continue
            self.out += piece
            data = self.inflater.unconsumed_tail


async def read_decoded(response: httpx.Response, limit: int) -> bytes | None:
    """At most `limit` decoded bytes of a streamed body; None when its encoding is refused
    or broken. Reading stops as soon as the cap is reached."""
    if encoding_problem(response.headers) is not None:
        return None
    layers = encodings(response.headers)
    inflater = _Inflater(layers[0] if layers else None, limit)
    raw = 0
    try:
        async for chunk in response.aiter_raw():
            raw += len(chunk)
            inflater.feed(chunk)
            if inflater.full or raw > limit * 2 + 65_536:
                break
    except zlib.error:
        return None
    except httpx.HTTPError:
        pass  # what came before the failure is what we have
    return bytes(inflater.out[:limit])


async def drain(response: httpx.Response, limit: int) -> None:
    """Read a body to its end without inflating it (so the connection is reused), at most
    `limit` raw bytes; a longer one is left, and its connection closed."""
    received = 0
    # a body the server cuts short («Content-Length: 5000», then the connection closed)
    # raises: an answer that breaks off is a failure of the link, as it always was
    async for chunk in response.aiter_raw():
        received += len(chunk)
        if received > limit:
            break
