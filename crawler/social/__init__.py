"""Centres whose representation is a VK community or a Telegram channel, not a web site.

The crawl marks them `not_auditable` (a crawler cannot read VK, and a channel's page is not
a site). Right after the crawl, `read_social_run` reads them another way:

- a VK community through the VK API (`crawler.social.vk`), with a service key from
  `[social] vk_token` or $IBCMON_VK_TOKEN; without a key they stay as the crawl left them;
- a public Telegram channel from its web preview `https://t.me/s/NAME`
  (`crawler.social.telegram`), no key needed.

What was read is stored like a crawl (`crawler.social.store`): one page row for the
community (its description, contacts, links) and one per post, so grading reads the
store only (`checks.social`).
"""
