"""Demo data of the discounts portal (`flask seed-demo`): 150 offers of invented merchants in real towns of the
eight provinces of Piedmont (most running, some new this week, a few ended or still drafts), six months of counts
for the figures, a favourite, a report, three requests for new providers (one flow with Conto Welfare, one
of them overdue) and the researcher's weekly digest."""

from __future__ import annotations

import random
from datetime import datetime, time, timedelta

from sqlalchemy import select

from portal.auth.models import User
from portal.core.affiliations import AffiliationRequest
from portal.core.calendar import ROME, today_in_rome
from portal.core.rules import affiliation_due
from portal.discounts import rules
from portal.discounts.models import Digest, DiscountOffer, Favourite, Merchant, OfferMonth, OfferReport
from portal.extensions import db

OFFERS = 150
# Real towns of each province (Torino's weigh more: most staff live there).
TOWNS = {
    "TO": ("Torino", "Torino", "Torino", "Torino", "Moncalieri", "Rivoli", "Collegno", "Pinerolo", "Ivrea", "Chieri",
           "Settimo Torinese", "Grugliasco", "Nichelino", "Susa"),
    "CN": ("Cuneo", "Alba", "Bra", "Mondovì", "Saluzzo", "Fossano", "Savigliano"),
    "AT": ("Asti", "Nizza Monferrato", "Canelli", "Villanova d'Asti"),
    "AL": ("Alessandria", "Casale Monferrato", "Novi Ligure", "Tortona", "Acqui Terme", "Valenza", "Ovada"),
    "NO": ("Novara", "Borgomanero", "Trecate", "Oleggio", "Arona", "Galliate"),
    "VC": ("Vercelli", "Borgosesia", "Santhià", "Varallo", "Trino"),
    "BI": ("Biella", "Cossato", "Candelo", "Valle Mosso"),
    "VB": ("Verbania", "Domodossola", "Omegna", "Stresa", "Cannobio"),
}
PROVINCE_WEIGHTS = {"TO": 40, "CN": 14, "AT": 8, "AL": 12, "NO": 10, "VC": 6, "BI": 5, "VB": 5}
# Invented merchants per category: a kind of shop, its names, and what such a shop would offer.
MERCHANTS = {
    "food": (("Trattoria", ("Il Glicine", "Da Nonna Pina", "La Bagna Cauda"), ("10% sul conto, bevande escluse",
                                                                              "Dolce della casa in omaggio")),
             ("Pasticceria", ("Gianduia", "Dolce Langa"), ("Caffè in omaggio con la colazione", "10% sulle torte")),
             ("Bottega", ("Sapori di Langa", "Il Tomino"), ("15% sulla spesa oltre 30 €",))),
    "sport": (("Palestra", ("Energia", "Forma Viva", "Monviso Fit"), ("Iscrizione gratuita e 10% sull'abbonamento "
                                                                    "annuale", "Ingresso prova gratuito")),
              ("Piscina", ("Acqua Blu",), ("15% sull'abbonamento trimestrale", "Ingresso ridotto nei giorni feriali")),
              ("Cicli", ("Ruota Libera", "Pedala"), ("20% su ogni riparazione della bici",))),
    "culture": (("Libreria", ("Pagina Dodici", "Il Segnalibro"), ("10% su tutti i libri",)),
                ("Teatro", ("delle Rive",), ("Biglietto ridotto dal lunedì al giovedì",)),
                ("Cinema", ("Nuovo Lux", "Ariston d'Essai"), ("2 ingressi al prezzo di 1",))),
    "travel": (("Agenzia viaggi", ("Rotte Alpine", "Mappamondo"), ("8% sui pacchetti vacanza",
                                                                  "Nessun costo di prenotazione")),
               ("Noleggio", ("Vetta e Valle",), ("15% sul noleggio del fine settimana",))),
    "health": (("Ottica", ("Visus", "Sguardo Chiaro"), ("20% sulle lenti da vista", "Controllo della vista gratuito")),
               ("Farmacia", ("San Secondo", "del Borgo"), ("10% sui prodotti da banco",)),
               ("Centro massaggi", ("Movimento",), ("10% sui massaggi decontratturanti",))),
    "services": (("Lavanderia", ("Bolla Pulita",), ("15% sul lavaggio a secco",)),
                 ("Autofficina", ("Pistone d'Oro",), ("Tagliando a prezzo fisso",)),
                 ("Copisteria", ("Tesi Express",), ("10% sulla stampa e rilegatura",))),
    "shopping": (("Abbigliamento", ("Filo di Lana", "Sartoria Moderna"), ("15% sulla nuova collezione",
                                                                         "20% sul secondo capo")),
                 ("Calzature", ("Passo Lungo",), ("10% su tutto, saldi esclusi",)),
                 ("Articoli sportivi", ("Cima",), ("15% sull'attrezzatura da montagna",))),
    "home": (("Ferramenta", ("Chiave Inglese",), ("10% su utensili e vernici",)),
             ("Vivaio", ("Il Ciliegio", "Verde Collina"), ("15% su piante e vasi",)),
             ("Arredamento", ("Casa Nostra",), ("Consegna gratuita oltre 300 €",))),
}
CONDITIONS = ("Non cumulabile con altre promozioni.", "Valido presentando il badge universitario.",
              "Una volta per persona al giorno.", "")
STREETS = ("Via Roma", "Corso Italia", "Piazza Garibaldi", "Via Cavour", "Via Mazzini", "Corso Vittorio Emanuele II",
           "Via Po", "Via Garibaldi")


def _merchant(name: str, rng: random.Random) -> Merchant:
    row = Merchant(name=name, website=f"https://www.{rng.choice(('esempio', 'negozi', 'botteghe'))}-piemonte.example.it",
                   phone=f"011 {rng.randint(1000000, 9999999)}")
    db.session.add(row)
    return row


def seed(users: dict[str, User]) -> None:
    if db.session.scalar(select(DiscountOffer.id).limit(1)) is not None:
        return
    rng = random.Random(20)
    today = today_in_rome()
    provinces = [code for code, weight in PROVINCE_WEIGHTS.items() for _ in range(weight)]
    merchants: dict[str, Merchant] = {}
    offers: list[DiscountOffer] = []
    for number in range(OFFERS):
        category = rules.CATEGORIES[number % len(rules.CATEGORIES)]
        province = provinces[(number * 37) % len(provinces)]
        town = rng.choice(TOWNS[province])
        kind, names, deals = rng.choice(MERCHANTS[category])
        name = f"{kind} {rng.choice(names)}"
        merchant = merchants.get(name) or merchants.setdefault(name, _merchant(name, rng))  # a chain: shops in towns
        redeem = rng.choices(rules.REDEEM, weights=(50, 35, 15))[0]
        published = today - timedelta(days=rng.randint(0, 6) if number % 8 == 0 else rng.randint(7, 180))
        valid_from = published - timedelta(days=rng.randint(0, 10))
        valid_to = today + timedelta(days=rng.randint(20, 300))
        if number % 40 == 7:  # a few ended already: they are gone from the search by themselves
            valid_to = today - timedelta(days=rng.randint(1, 20))
            valid_from = published = valid_to - timedelta(days=60)
        offer = DiscountOffer(
            merchant=merchant, title=rng.choice(deals), category=category, redeem=redeem,
            code=f"UNI{rng.randint(1000, 9999)}" if redeem == "code" else "",
            link="https://shop.example.it/sconto-universita" if redeem == "link" else "",
            conditions=rng.choice(CONDITIONS), address=f"{rng.choice(STREETS)} {rng.randint(1, 120)}", town=town,
            province=province, valid_from=valid_from, valid_to=valid_to,
            published_on=None if number % 50 == 3 else published)  # three drafts for the office's preview
        db.session.add(offer)
        offers.append(offer)
    db.session.flush()
    _seed_counts(offers, rng, today)
    researcher, staff = users.get("ricercatore"), users.get("dipendente")
    running = [offer for offer in offers if offer.published_on and offer.valid_to >= today]
    turin = next(offer for offer in running if offer.town == "Torino" and offer.redeem == "code")
    if staff is not None:
        db.session.add(Favourite(user_id=staff.id, offer_id=turin.id))
        db.session.add(OfferReport(offer_id=running[5].id, reported_by_id=staff.id, reason="code",
                                   details="Alla cassa non conoscevano il codice."))
        db.session.add(_request(staff, "discounts", "Libreria Belgravia", "Torino",
                                "Libreria indipendente vicino al campus, molto frequentata.", today, days_ago=3))
        db.session.add(_request(staff, "wallet", "Nido Girotondo", "Torino",
                                "Asilo nido vicino alla sede di corso Duca degli Abruzzi.", today, days_ago=9))
    if researcher is not None:
        # a researcher has no wallet: a discount is all she may ask for; this one is past the 15 days
        db.session.add(_request(researcher, "discounts", "CrossFit Lingotto", "Torino",
                                "A gym near the Lingotto campus: many of us would join with a discount.", today,
                                days_ago=17))
        db.session.add(Digest(user_id=researcher.id, weekly=True))
    db.session.flush()


def _request(person, kind: str, name: str, town: str, reason: str, today, days_ago: int) -> AffiliationRequest:
    """A request for a new provider in the one flow shared with Conto Welfare, sent `days_ago` days ago."""
    asked = today - timedelta(days=days_ago)
    return AffiliationRequest(kind=kind, requested_by_id=person.id, name=name, town=town, reason=reason,
                              created_at=datetime.combine(asked, time(10, 0), tzinfo=ROME),
                              due_on=affiliation_due(asked))


def _seed_counts(offers: list[DiscountOffer], rng: random.Random, today) -> None:
    """Six months of views and reveals for the figures (counts only)."""
    months = rules.month_firsts(today, 6)
    for offer in offers[:120]:
        for month in months:
            if month < offer.valid_from.replace(day=1) or offer.published_on is None:
                continue
            views = rng.randint(0, 40)
            db.session.add(OfferMonth(offer_id=offer.id, month=month, views=views,
                                      reveals=rng.randint(0, views // 2) if offer.redeem == "code" else 0))
