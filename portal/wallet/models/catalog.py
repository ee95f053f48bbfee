"""Conto Welfare: the catalog (providers, areas, offers). Requests to affiliate a new provider are one flow with the
discounts portal's: `portal.core.affiliations`.
"""

from __future__ import annotations

from flask_babel import get_locale
from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    ForeignKey,
    Integer,
    String,
    Text,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from portal.auth.models import User
from portal.extensions import db
from portal.wallet.models.wallets import Wallet
from portal.wallet.rules import (
    TAX_RULES,
    USES,
)


class Provider(db.Model):
    """A company affiliated with the plan (*convenzionata*)."""

    __tablename__ = "wallet_providers"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    city: Mapped[str] = mapped_column(String(120), default="")
    website: Mapped[str] = mapped_column(String(300), default="")
    active: Mapped[bool] = mapped_column(default=True)


_rules_sql = ", ".join(f"'{key}'" for key in TAX_RULES)
_uses_sql = ", ".join(f"'{key}'" for key in USES)


class Area(db.Model):
    """A catalog area (*ambito*), named and described in both languages by administrators."""

    __tablename__ = "wallet_areas"
    __table_args__ = (CheckConstraint("active OR NOT required", name="required_stays_active"),)

    code: Mapped[str] = mapped_column(String(20), primary_key=True)
    name_it: Mapped[str] = mapped_column(String(120))
    name_en: Mapped[str] = mapped_column(String(120))
    description_it: Mapped[str] = mapped_column(Text, default="")
    description_en: Mapped[str] = mapped_column(Text, default="")
    position: Mapped[int] = mapped_column(Integer, default=0)
    # Shown only to members of the Polincontri club.
    members_only: Mapped[bool] = mapped_column(default=False)
    # One of the areas every catalog must cover: it can be renamed, never withdrawn.
    required: Mapped[bool] = mapped_column(default=False)
    active: Mapped[bool] = mapped_column(default=True)

    @property
    def name(self) -> str:
        return self.name_en if str(get_locale()) == "en" else self.name_it

    @property
    def description(self) -> str:
        return self.description_en if str(get_locale()) == "en" else self.description_it


class Offer(db.Model):
    """A service of the catalog, described in both languages."""

    __tablename__ = "wallet_offers"
    __table_args__ = (
        CheckConstraint(f"tax_rule IN ({_rules_sql})", name="tax_rule_known"),
        CheckConstraint(f"use IN ({_uses_sql})", name="use_known"),
        CheckConstraint("price_cents IS NULL OR price_cents > 0", name="price_positive"),
        CheckConstraint("use <> 'reimbursement' OR tax_rule <> 'recreation'", name="recreation_in_kind_only"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    provider_id: Mapped[int] = mapped_column(ForeignKey("wallet_providers.id", ondelete="RESTRICT"), index=True)
    area: Mapped[str] = mapped_column(ForeignKey("wallet_areas.code", ondelete="RESTRICT", onupdate="CASCADE"))
    tax_rule: Mapped[str] = mapped_column(String(20))
    use: Mapped[str] = mapped_column(String(20))
    title_it: Mapped[str] = mapped_column(String(200))
    title_en: Mapped[str] = mapped_column(String(200))
    description_it: Mapped[str] = mapped_column(Text)
    description_en: Mapped[str] = mapped_column(Text)
    # A fixed price, or None for an amount the employee chooses (e.g. a pension contribution).
    price_cents: Mapped[int | None] = mapped_column(BigInteger)
    where_it: Mapped[str] = mapped_column(String(300), default="")
    where_en: Mapped[str] = mapped_column(String(300), default="")
    # Which personal data goes to the institution or third parties: shown before buying.
    data_shared_it: Mapped[str] = mapped_column(Text)
    data_shared_en: Mapped[str] = mapped_column(Text)
    active: Mapped[bool] = mapped_column(default=True)

    provider: Mapped[Provider] = relationship(lazy="joined")
    area_row: Mapped[Area] = relationship(lazy="joined")

    def _localised(self, name: str) -> str:
        return getattr(self, f"{name}_en" if str(get_locale()) == "en" else f"{name}_it")

    @property
    def title(self) -> str:
        return self._localised("title")

    @property
    def description(self) -> str:
        return self._localised("description")

    @property
    def where(self) -> str:
        return self._localised("where")

    @property
    def data_shared(self) -> str:
        return self._localised("data_shared")

    def can_view(self, user: User, wallet: Wallet | None) -> bool:
        """Polincontri initiatives are shown only to members of the club."""
        if not (self.active and self.area_row.active):
            return False
        return not self.area_row.members_only or bool(wallet and wallet.polincontri_member)
