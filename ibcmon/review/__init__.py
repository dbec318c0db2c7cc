"""The review step: a methodologist confirms or corrects verdicts before the cards go out.

`confidence` rates each verdict from its evidence; `service` records corrections and
approvals (through `store.review`) and re-grades the centre; `app` is the web app of
`ibcmon serve` (Flask, served by waitress); `auth` keeps it safe (password, CSRF).
"""
