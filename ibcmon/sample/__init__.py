"""The bundled sample world: an imitation of the regional site and the centres' sites.

    from ibcmon.sample import SampleServer, build_world, load_truth, WORLD_DATE

    with SampleServer(lambda port: build_world(port, size=135)) as srv:
        print(srv.root_url, len(srv.truth["centres"]))

`build_world(port)` is the hand-made world (22 centres, every fault and trap, with a
ground truth in `data/truth.json`); `build_world(port, size=N)` generates N centres for
benchmarks. See README.md beside this file.
"""
from __future__ import annotations

import datetime

from ibcmon.sample.server import SampleServer
from ibcmon.sample.truth import load_truth, truth_template
from ibcmon.sample.world import Host, Resource, World

WORLD_DATE = datetime.date(2026, 11, 20)


def build_world(port: int, size: int | None = None, pages_per_centre: int = 20, seed: int = 1,
                hostile: bool = False, platform: str | None = None) -> World:
    """The bundled world (size None) or a generated one of `size` centres, for `port`;
    `hostile` adds a misbehaving shared host to a generated world (`hostile.py`);
    `platform` names a generated world's centres as sites of that platform."""
    if size is None:
        from ibcmon.sample.bundled import build_bundled

        return build_bundled(port)
    from ibcmon.sample.generated import build_generated

    return build_generated(port, size, pages_per_centre=pages_per_centre, seed=seed, hostile=hostile,
                           platform=platform)


__all__ = [
    "WORLD_DATE", "Host", "Resource", "SampleServer", "World", "build_world", "load_truth",
    "truth_template",
]
