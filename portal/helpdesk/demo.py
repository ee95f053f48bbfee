"""Demo data of the help desk (`flask seed-demo`): 20 conversations across the topics in every state (waiting for
the office, some late; taken; answered and waiting for the person; closed, rated or not; one begun by phone, one
with an internal note, one handed over), ten ready answers in both languages, seven of them published in the FAQ."""

from __future__ import annotations

from datetime import timedelta

from flask import current_app
from sqlalchemy import func, select

from portal.auth.models import User
from portal.core.types import utcnow
from portal.core.working_hours import OfficeHours
from portal.extensions import db
from portal.helpdesk import rules
from portal.helpdesk.models import Conversation, HelpMessage, ReadyAnswer

READY = (
    ("wallet", True, "Quando arriva un rimborso?", "When does a reimbursement arrive?",
     "Il rimborso approvato entro il 10 del mese arriva con lo stipendio del mese stesso; dopo il 10, con quello "
     "del mese successivo. Lo stato è nella pagina \"Rimborsi\" del Conto Welfare.",
     "A reimbursement approved by the 10th of the month comes with that month's pay; after the 10th, with the "
     "next month's. Its state is on the \"Reimbursements\" page of Conto Welfare."),
    ("wallet", True, "Il credito non usato scade?", "Does unused credit expire?",
     "Sì: il credito dell'anno scade alla fine dell'anno del piano, salvo il riporto previsto dal regolamento. La "
     "data è sotto il saldo.",
     "Yes: the year's credit expires at the end of the plan year, except for the carry-over the rules allow. The "
     "date is under your balance."),
    ("tax", True, "I rimborsi welfare sono tassati?", "Are welfare reimbursements taxed?",
     "No, entro i limiti dell'art. 51 del TUIR: le spese di istruzione, assistenza ai familiari e trasporto "
     "pubblico non concorrono al reddito. I buoni acquisto sono esenti fino alla soglia annuale dei fringe benefit.",
     "No, within the limits of art. 51 TUIR: education, family care and public transport expenses are not "
     "income. Shopping vouchers are tax-free up to the yearly fringe-benefit threshold."),
    ("tax", False, "Serve il codice fiscale del familiare", "The family member's tax code is needed",
     "Per rimborsare una spesa di un familiare serve il suo codice fiscale: aggiungilo nella pagina \"Famiglia\".",
     "To reimburse a family member's expense we need their tax code: add it on the \"Family\" page."),
    ("caf", True, "Quali documenti servono per l'ISEEU parificato?", "Which documents does the ISEEU parificato need?",
     "Redditi e patrimoni di due anni prima di ogni componente della famiglia, con traduzione ufficiale e "
     "legalizzazione o Apostille. L'elenco completo è nella pagina della pratica.",
     "Income and assets of two years before for every family member, with an official translation and "
     "legalisation or Apostille. The full list is on your practice's page."),
    ("portal", True, "Come cambio la lingua?", "How do I change the language?",
     "Con i pulsanti IT ed EN in alto a destra: la scelta resta per le visite successive e per le e-mail.",
     "With the IT and EN buttons at the top right: the choice stays for later visits and for the mails."),
    ("portal", True, "Ho dimenticato la password", "I forgot my password",
     "Nella pagina di accesso scegli \"Password dimenticata?\": ricevi un link valido per un'ora.",
     "On the sign-in page choose \"Forgot your password?\": you receive a link valid for one hour."),
    ("discounts", True, "Il negozio non ha applicato lo sconto", "The shop did not apply the discount",
     "Ci dispiace. Segnala l'offerta con \"Non ha funzionato\" nella sua pagina: contattiamo il negozio entro "
     "due giorni lavorativi.",
     "We are sorry. Report the offer with \"It did not work\" on its page: we contact the shop within two "
     "working days."),
    ("childcare", False, "Prenotazione del baby parking", "Baby parking booking",
     "Le ore si prenotano dalla griglia settimanale fino al giorno prima; una prenotazione si annulla fino alle 9:30.",
     "Hours are booked from the weekly grid up to the day before; a booking can be cancelled until 9:30."),
    ("courses", False, "Cambio di classe", "Changing class",
     "Il cambio di classe si chiede alla segreteria del centro linguistico entro la seconda settimana di lezione.",
     "A change of class is asked of the language centre's office by the second week of lessons."),
)

# who, topic, subject, first message, state, days ago, office's answer, rating, channel, extra
CONVERSATIONS = (
    ("dipendente", "wallet", "Rimborso del nido di ottobre", "Ho chiesto il rimborso del nido il 5 ottobre: quando "
     "arriva?", "open", 0, None, None, "chat", ""),
    ("dipendente", "tax", "Buoni acquisto e tasse", "I buoni acquisto che ho comprato sono tassati?", "open", 3,
     None, None, "chat", "note"),
    ("dipendente", "wallet", "Saldo diverso dal previsto", "Il saldo è più basso di quanto mi aspettavo.",
     "waiting_user", 2, "Il saldo tiene conto dell'ordine del 12 novembre: lo trovi nei movimenti. Ti torna?", None,
     "chat", ""),
    ("dipendente", "discounts", "Codice della palestra", "Il codice della palestra Energia non funziona.", "closed",
     9, "Il negozio ha rinnovato i codici: il nuovo è già nell'offerta. Grazie della segnalazione!", 5, "chat", ""),
    ("dipendente", "wallet", "Scadenza del credito", "Fino a quando posso usare il credito?", "closed", 20,
     "ready:1", 4, "phone", ""),
    ("dipendente", "childcare", "Ore in più a dicembre", "Posso prenotare ore in più durante le vacanze?", "closed",
     15, "Il baby parking è chiuso dal 24 dicembre al 6 gennaio; prima si prenota dalla griglia come sempre.", None,
     "chat", ""),
    ("dipendente", "portal", "Notifiche e-mail", "Ricevo troppe e-mail dal portale.", "open", 1, None, None, "email",
     "taken"),
    ("studente", "caf", "Translation of the bank statement", "Does the bank statement need an official "
     "translation?", "open", 4, None, None, "chat", ""),
    ("studente", "caf", "Appointment", "Can I change my appointment with the CAF?", "closed", 12,
     "Yes: cancel it from the appointment page and book another free time.", 5, "chat", ""),
    ("studente", "courses", "Certificate of attendance", "When do I get the certificate of the A2 course?",
     "waiting_user", 1, "The certificate is issued after the final exam, within 15 days. Did you sit the exam?",
     None, "chat", ""),
    ("studente", "portal", "App on the phone", "How do I install the portal on my phone?", "closed", 30,
     "Open the portal in your phone's browser and choose \"Add to home screen\".", 3, "chat", ""),
    ("genitore", "childcare", "Allergia alimentare", "Mia figlia è allergica alle arachidi: a chi lo dico?", "open",
     0, None, None, "chat", ""),
    ("genitore", "caf", "Documenti del coniuge", "Servono anche i documenti di mio marito?", "waiting_user", 3,
     "Sì, di ogni componente del nucleo familiare. Ci invii i suoi redditi?", None, "chat", ""),
    ("ricercatore", "discounts", "New bookshop", "Could you add the bookshop near the campus?", "closed", 18,
     "We asked the bookshop: they joined, the offer is online from today.", 5, "chat", ""),
    ("ricercatore", "portal", "Password", "I cannot sign in after changing my password.", "closed", 7,
     "ready:7", 2, "chat", ""),
    ("dec", "anomaly", "Registro presenze lento", "La pagina del registro presenze impiega molti secondi ad "
     "aprirsi.", "open", 6, None, None, "chat", "taken"),
    ("admin", "anomaly", "Esportazione CSV con lettere accentate", "Nel file CSV dei movimenti le lettere accentate "
     "si vedono male in Excel.", "closed", 25, "Corretto: il file ora ha la codifica che Excel riconosce.", 4, "email",
     ""),
    ("candidata", "caf", "Codice persona", "I have no codice persona yet: can I start the practice?", "open", 2,
     None, None, "chat", "handed"),
    ("dipendente", "tax", "Spese per il figlio", "Le spese del centro estivo di mio figlio sono rimborsabili?",
     "closed", 40, "Sì, rientrano tra le spese di istruzione e assistenza ai figli (art. 51 TUIR).", 5, "chat", ""),
    ("studente", "courses", "Exam date", "Is the B1 exam date fixed?", "closed", 35,
     "Yes, it is on the course page: the date may move only if the centre closes.", None, "chat", ""),
)

ANSWERED_BY = {"operatore_welfare": "operatore_welfare", "operatore_caf": "operatore",
               "educatore": "educatore", "coordinatore_tutorato": "coordinatore", "centro_linguistico": "centro"}


def seed(users: dict[str, User]) -> None:
    if db.session.scalar(select(func.count()).select_from(Conversation)):
        return  # idempotent: the demo's conversations are there already
    answers = []
    for topic, published, title_it, title_en, body_it, body_en in READY:
        answer = ReadyAnswer(topic=topic, published=published, title_it=title_it, title_en=title_en,
                             body_it=body_it, body_en=body_en)
        db.session.add(answer)
        answers.append(answer)
    hours = OfficeHours(patron=current_app.config["PORTAL_CITY_PATRON_DAY"])
    now = utcnow().replace(second=0, microsecond=0)
    for index, (who, topic, subject, body, state, days_ago, answer, rating, channel, extra) in \
            enumerate(CONVERSATIONS):
        person = users[who]
        operator = users[ANSWERED_BY[rules.ANSWERED_BY[topic]]]
        opened = now - timedelta(days=days_ago, hours=2 + index % 5)
        due = rules.clocks(topic, opened, hours)
        found = Conversation(user_id=person.id, topic=topic, subject=subject, channel=channel, status=state,
                             created_at=opened, last_message_at=opened, first_due_at=due.first_due,
                             resolution_due_at=due.resolution_due)
        db.session.add(found)
        db.session.flush()
        db.session.add(HelpMessage(conversation_id=found.id, author_id=person.id, body=body, channel=channel,
                                   created_at=opened))
        if extra == "taken":
            found.assignee_id = operator.id
        if extra == "note":
            db.session.add(HelpMessage(conversation_id=found.id, author_id=operator.id, from_staff=True, internal=True,
                                       body="Controllare l'importo dei buoni nel movimento di ottobre.",
                                       created_at=opened + timedelta(minutes=30)))
        if extra == "handed":
            db.session.add(HelpMessage(conversation_id=found.id, author_id=users["operatore_welfare"].id,
                                       from_staff=True, internal=True, body="Domanda per il CAF, non sul portale.",
                                       created_at=opened + timedelta(minutes=20)))
        if answer:
            text = answers[int(answer.split(":")[1])].body(person.locale) if answer.startswith("ready:") else answer
            answered = opened + timedelta(hours=1 + index % 7)
            db.session.add(HelpMessage(conversation_id=found.id, author_id=operator.id, from_staff=True, body=text,
                                       channel=channel, created_at=answered))
            found.assignee_id, found.first_response_at, found.last_message_at = operator.id, answered, answered
            if state == "closed":
                found.closed_at = answered + timedelta(minutes=10)
                found.rating = rating
                found.rated_at = found.closed_at + timedelta(hours=1) if rating else None
    db.session.flush()
