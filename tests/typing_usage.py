"""Typed usage of the public API, checked by ``mypy --strict`` (not run by pytest)."""

from __future__ import annotations

from datetime import date

import cs_framework as csf

account = csf.Account(
    id="acme",
    name="Acme",
    arr=120_000.0,
    credibility=8.0,
    health={"support": 80.0, "nps": None},
    commitments=[
        csf.Commitment(
            id="c1",
            account_id="acme",
            description="Send the guide",
            owner="dana",
            made_on=date(2026, 1, 5),
            due=date(2026, 1, 9),
        )
    ],
)
arr: float = account.arr
first: csf.Commitment = account.commitments[0]
support: csf.ComponentScore = account.health["support"]
text: str = csf.to_json(account)
again: csf.Account = csf.from_json(text, csf.Account)
policy: csf.Policy = csf.Policy.from_toml("trust_bar = 65")
card: csf.Scorecard = policy.scorecard_for(csf.CoverageModel.DIGITAL)
