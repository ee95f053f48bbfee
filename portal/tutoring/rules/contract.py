"""The tutoring rules of the contract as the DEC follows it: the budget and what is spent, the month the money runs
out at the pace so far, the penalties and the 10 % threshold.

Source: the tender (capitolato 001), par. 4 (the contract runs until its amount is used up, at the hourly price),
par. 6 (75,000 euro VAT excluded, "contratto a misura" at the hourly price), par. 20 (100 euro for each service
agreed and not delivered; 100 euro for each report of dissatisfaction after the third), par. 12 g (the contract is
ended when the penalties applied pass 10 % of the contract's amount).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

from portal.core.calendar import LAST_DAY

CONTRACT_BUDGET_CENTS = 75_000_00  # par. 6: "importo pari ad euro 75.000 oltre IVA"
NOT_DELIVERED_PENALTY_CENTS = 100_00  # par. 20: "euro 100 per servizio non erogato"
PENALTY_THRESHOLD_PERCENT = 10  # par. 12 g: "quando l'ammontare delle penali ... superi il 10% dell'importo"


def share_percent(part_cents: int, whole_cents: int) -> int:
    """The part as a whole percent of the whole, 0-100 (for a bar; rounded down)."""
    if whole_cents <= 0:
        return 100
    return max(0, min(100, part_cents * 100 // whole_cents))


def runs_out(budget_cents: int, spent_cents: int, since: date, today: date) -> date | None:
    """The first day of the month in which the money runs out when spending goes on at its pace from `since` to
    `today` (both counted); None when nothing is spent yet (there is no pace). Already spent: this month."""
    if spent_cents <= 0:
        return None
    if spent_cents >= budget_cents:
        return date(today.year, today.month, 1)
    elapsed = max((today - since).days + 1, 1)
    left = budget_cents - spent_cents
    days = -(-left * elapsed // spent_cents)  # the days the rest lasts, rounded up: it runs out during the last
    day = today + timedelta(days=min(days, (LAST_DAY - today).days))
    return date(day.year, day.month, 1)


@dataclass(frozen=True)
class Penalties:
    not_delivered: int  # services agreed and not delivered
    complaint_cents: int  # the complaint counter's penalty (par. 20: each report after the third)
    budget_cents: int

    @property
    def not_delivered_cents(self) -> int:
        return self.not_delivered * NOT_DELIVERED_PENALTY_CENTS

    @property
    def total_cents(self) -> int:
        return self.not_delivered_cents + self.complaint_cents

    @property
    def threshold_cents(self) -> int:
        """10 % of the contract's amount (to the cent, down)."""
        return self.budget_cents * PENALTY_THRESHOLD_PERCENT // 100

    @property
    def reached(self) -> bool:
        """The penalties have reached the threshold: past it the institution can end the contract (par. 12 g)."""
        return self.total_cents >= self.threshold_cents

    @property
    def share(self) -> int:
        """The penalties as a percent of the threshold, 0-100 (for a bar)."""
        return share_percent(self.total_cents, self.threshold_cents)
