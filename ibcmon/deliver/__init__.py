"""Delivery: each librarian's score card by e-mail, and notices of newly broken links.

`notify_scorecards` / `notify_links` (in `notify`) are what `ibcmon notify` and the
scheduler call; `message` builds the e-mails, `smtp` sends them, `log` remembers what
was sent, `card` wraps the report's score card into a letter.
"""
from __future__ import annotations

from ibcmon.deliver.notify import (
    DeliveryOutcome,
    DeliveryReport,
    notify_links,
    notify_scorecards,
)

__all__ = ["DeliveryOutcome", "DeliveryReport", "notify_links", "notify_scorecards"]
