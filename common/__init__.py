"""Pieces below every stage: no module here imports crawler, checks, reports, ibcmon or store."""
