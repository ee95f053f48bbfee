"""The first version of each legal text, published by the first migration.

Administrators publish new versions from the portal. `{institution}`,
`{email}`, `{phone}` and `{address}` are filled in from the settings when shown.
"""

TERMS_IT = """## Chi può usare il portale
Il portale dei servizi di {institution} è riservato alle persone a cui l'ateneo ha assegnato un codice di accesso: personale, studenti, genitori e gli operatori dei servizi.

## Le tue credenziali
- Il codice di accesso e la password sono personali: non condividerli con nessuno.
- Al primo accesso scegli una password nuova; puoi cambiarla in ogni momento dal tuo profilo.
- Se pensi che qualcuno conosca la tua password, cambiala subito e scrivi a {email}.

## Uso corretto
- Inserisci dati veri e completi e carica soltanto documenti autentici.
- Le dichiarazioni che rendi nel portale valgono come autocertificazioni ai sensi del D.P.R. 445/2000: le dichiarazioni false sono punite dalla legge.
- Ogni servizio ha regole proprie (ad esempio il regolamento del Conto Welfare), che accetti quando inizi a usarlo.

## Sicurezza e registrazioni
Per proteggere i tuoi dati il portale registra gli accessi e le operazioni importanti (data, ora, indirizzo IP). Dopo 30 minuti di inattività la sessione si chiude.

## Modifiche
Se queste condizioni cambiano, al primo accesso successivo ti chiederemo di leggerle e accettarle di nuovo."""

TERMS_EN = """## Who may use the portal
The services portal of {institution} is for the people to whom the university has given an access code: staff, students, parents and the services' operators.

## Your credentials
- Your access code and password are personal: do not share them with anyone.
- At first access you choose a new password; you can change it at any time from your profile.
- If you think someone knows your password, change it at once and write to {email}.

## Proper use
- Enter true and complete data and upload only authentic documents.
- Statements you make on the portal count as self-certifications under Italian law (D.P.R. 445/2000): false statements are punished by law.
- Each service has its own rules (for example the Conto Welfare rules), which you accept when you start using it.

## Security and logs
To protect your data the portal records sign-ins and important operations (date, time, IP address). After 30 minutes of inactivity the session ends.

## Changes
If these terms change, we will ask you to read and accept them again at your next sign-in."""

PRIVACY_IT = """## Titolare del trattamento
{institution}, {address}. Per ogni domanda sui tuoi dati scrivi a {email} o chiama il {phone}.

## Quali dati trattiamo e perché
- Dati di identificazione e contatto (nome, codice fiscale, codice persona, matricola, e-mail): per darti accesso ai servizi e comunicare con te.
- Dati che inserisci nei singoli servizi (ad esempio richieste di rimborso, pratiche ISEEU, prenotazioni): per erogare il servizio che hai chiesto.
- Dati tecnici (indirizzo IP, data e ora degli accessi): per la sicurezza del portale.

## Base giuridica
Il trattamento è necessario per l'esecuzione di compiti di interesse pubblico dell'ateneo e del rapporto di lavoro o di studio (art. 6, par. 1, lett. b, c ed e del Regolamento UE 2016/679). I dati relativi alla salute sono trattati solo dove un servizio lo richiede per legge e non sono mai comunicati a chi non ne ha bisogno.

## A chi li comunichiamo
Ai fornitori che gestiscono i servizi per conto dell'ateneo, nominati responsabili del trattamento, e agli uffici dell'ateneo competenti. Ogni servizio indica quali dati passa all'ateneo o a terzi. I dati non sono trasferiti fuori dall'Unione europea.

## Per quanto tempo
Per la durata del servizio e poi per il tempo previsto dalla legge per la conservazione degli atti amministrativi e fiscali. I registri di sicurezza sono conservati 12 mesi.

## I tuoi diritti
Puoi chiedere l'accesso, la rettifica, la cancellazione o la limitazione dei tuoi dati e opporti al trattamento scrivendo a {email}. Puoi proporre reclamo al Garante per la protezione dei dati personali (www.garanteprivacy.it)."""

PRIVACY_EN = """## Data controller
{institution}, {address}. For any question about your data write to {email} or call {phone}.

## What data we process and why
- Identification and contact data (name, codice fiscale, codice persona, matricola, e-mail): to give you access to the services and to write to you.
- Data you enter in each service (for example reimbursement requests, ISEEU practices, bookings): to provide the service you asked for.
- Technical data (IP address, date and time of sign-ins): to keep the portal secure.

## Legal basis
Processing is necessary for the university's tasks in the public interest and for the employment or study relationship (art. 6(1)(b), (c) and (e) of Regulation (EU) 2016/679). Health data is processed only where a service needs it by law and is never passed to anyone who does not need it.

## Who receives it
The providers that run the services on behalf of the university, appointed as data processors, and the competent offices of the university. Each service states which data it passes to the university or third parties. Data is not transferred outside the European Union.

## How long we keep it
For as long as the service lasts and then for the time the law requires for administrative and tax records. Security logs are kept for 12 months.

## Your rights
You may ask for access, correction, erasure or restriction of your data and object to processing by writing to {email}. You may lodge a complaint with the Italian data protection authority, the Garante per la protezione dei dati personali (www.garanteprivacy.it)."""

ACCESSIBILITY_IT = """## Impegno
{institution} si impegna a rendere accessibile questo portale, conformemente al d.lgs. 106/2018 che ha recepito la direttiva (UE) 2016/2102, e alle Linee guida AgID sull'accessibilità degli strumenti informatici.

## Stato di conformità
Il portale è parzialmente conforme ai requisiti della norma UNI EN 301549 (WCAG 2.1 livello AA). Ogni pagina è verificata con strumenti automatici a ogni modifica e usa il sistema di design Bootstrap Italia.

## Contenuti non accessibili
- Alcuni documenti PDF caricati dagli utenti (ricevute, certificati) possono non essere accessibili: non dipendono dall'ateneo.

## Redazione della dichiarazione
Questa dichiarazione è stata redatta con una valutazione effettuata dall'ateneo stesso e viene aggiornata a ogni rilascio importante.

## Meccanismo di feedback
Se trovi un contenuto che non riesci a usare, scrivi a {email} o chiama il {phone}: risponderemo entro 30 giorni.

## Procedura di attuazione
Se la risposta non è soddisfacente, puoi inviare una segnalazione al Difensore civico per il digitale dell'AgID (www.agid.gov.it)."""

ACCESSIBILITY_EN = """## Commitment
{institution} is committed to making this portal accessible, in accordance with Italian Legislative Decree 106/2018 implementing Directive (EU) 2016/2102, and with the AgID guidelines on the accessibility of IT tools.

## Compliance status
The portal is partially compliant with standard UNI EN 301549 (WCAG 2.1 level AA). Every page is checked with automated tools at every change and uses the Bootstrap Italia design system.

## Non-accessible content
- Some PDF documents uploaded by users (receipts, certificates) may not be accessible: they are not produced by the university.

## Preparation of this statement
This statement was prepared through a self-assessment by the university and is updated at every major release.

## Feedback
If you find content you cannot use, write to {email} or call {phone}: we will answer within 30 days.

## Enforcement procedure
If the answer is not satisfactory, you may report it to AgID's Digital Ombudsman (Difensore civico per il digitale, www.agid.gov.it)."""

WELFARE_RULES_IT = """## Il piano welfare
Ogni anno {institution} assegna al personale un Conto Welfare: un importo da usare per i servizi del catalogo, entro il 31 dicembre.

## Regole
- Il conto è personale: lo usi per te e per i familiari che hai dichiarato.
- Quello che non usi entro la fine dell'anno scade e non passa all'anno successivo; non può essere convertito in denaro.
- Le spese rimborsabili si rimborsano solo con documenti veri, intestati a te o al beneficiario, e pagate da te.
- Tempo libero, cultura, sport e viaggi si acquistano sul portale o con un buono: non si rimborsano in denaro.
- Non puoi superare i limiti fiscali dei fringe benefit: il portale te lo impedisce.
- Le dichiarazioni che rendi (familiari a carico, spese) sono autocertificazioni: quelle false sono punite dalla legge.

## Dati personali
Ogni servizio indica quali tuoi dati passano all'ateneo o al fornitore. Nessun dato sanitario passa all'ateneo.

## Domande
Scrivi a {email}."""

WELFARE_RULES_EN = """## The welfare plan
Every year {institution} gives its staff a Conto Welfare: an amount to spend on the services of the catalog, by 31 December.

## Rules
- The wallet is personal: you use it for yourself and for the family members you have declared.
- What you do not use by the end of the year expires and does not carry over; it cannot be turned into cash.
- Expenses are reimbursed only against true documents, in your name or the beneficiary's, paid by you.
- Recreation, culture, sport and travel are bought on the portal or with a voucher: never reimbursed in cash.
- You cannot go over the fringe-benefit tax limits: the portal stops you.
- What you declare (dependent family members, expenses) is a self-certification: false statements are punished by law.

## Personal data
Each service says which of your data goes to the university or to the provider. No health data ever goes to the university.

## Questions
Write to {email}."""

WELFARE_GUIDE_IT = """## Il tuo saldo
La pagina Saldo mostra quanto hai ancora, quanto ti è stato assegnato, quanto hai speso e quanto è riservato da richieste di rimborso in corso. Si aggiorna da sola.

## Il catalogo
Cerca un servizio per nome, fornitore o città, oppure sfoglia gli ambiti. Ogni servizio dice come si usa: acquisto sul portale, buono o rimborso.

## Acquisti e buoni
Prima di confermare vedi il saldo dopo l'acquisto. Un buono ha un codice da mostrare al fornitore: lo trovi sempre in Acquisti e buoni, anche da stampare."""

WELFARE_GUIDE_EN = """## Your balance
The Balance page shows what you have left, what was allocated, what you spent and what is reserved by reimbursement requests under way. It updates itself.

## The catalog
Search for a service by name, provider or town, or browse the areas. Each service says how it is used: bought on the portal, voucher or reimbursement.

## Purchases and vouchers
Before confirming you see the balance after the purchase. A voucher has a code to show the provider: you always find it under Purchases and vouchers, ready to print."""

WELFARE_REIMBURSEMENTS_IT = """## Come chiedere un rimborso
- Paga la spesa e conserva la ricevuta e la prova del pagamento.
- In Rimborsi scegli il tipo di spesa, il beneficiario, l'importo e la data, e allega i documenti (PDF, JPEG o PNG).
- L'importo viene riservato subito sul tuo conto.

## Dopo l'invio
Un operatore controlla i documenti. Se servono altri documenti ti scrive: rispondi dalla pagina della richiesta. Se la richiesta è approvata, l'importo arriva nella busta paga del mese successivo; se è respinta, l'importo riservato torna subito disponibile."""

WELFARE_REIMBURSEMENTS_EN = """## How to ask for a reimbursement
- Pay the expense and keep the receipt and the proof of payment.
- Under Reimbursements choose the kind of expense, the beneficiary, the amount and the date, and attach the documents (PDF, JPEG or PNG).
- The amount is reserved on your wallet at once.

## After sending
An operator checks the documents. If more are needed they write to you: answer from the request's page. If the request is approved, the amount reaches you in the next month's payslip; if it is rejected, the reserved amount is available again at once."""

WELFARE_LIMITS_IT = """## Fringe benefit
Buoni spesa, bollette, affitto e interessi del mutuo della prima casa sono fringe benefit: fino a 1.000 euro l'anno, o 2.000 euro se hai figli a carico, non sono tassati. Se li superi diventa tassabile l'intero importo, non solo l'eccedenza: per questo il portale non ti lascia superare il limite.

## Previdenza e fondi sanitari
I versamenti alla previdenza complementare sono deducibili fino al limite annuale (5.300 euro dal 2026, contando tutti i versamenti dell'anno); i contributi ai fondi sanitari fino a 3.615,20 euro.

## Gli altri servizi
Scuola, assistenza ai familiari, trasporto pubblico e tempo libero non hanno un limite proprio: conta solo il saldo del tuo conto."""

WELFARE_LIMITS_EN = """## Fringe benefits
Shopping vouchers, household bills, rent and interest on the main-home mortgage are fringe benefits: up to EUR 1,000 a year, or EUR 2,000 with dependent children, they are not taxed. Over the limit the whole amount becomes taxable, not only the excess: that is why the portal does not let you cross it.

## Pension and health funds
Contributions to supplementary pension funds are deductible up to the yearly limit (EUR 5,300 from 2026, counting every contribution of the year); health fund contributions up to EUR 3,615.20.

## Other services
School, care of family members, public transport and recreation have no limit of their own: only your wallet's balance counts."""

DEFAULT_TEXTS = {
    "terms": ("Condizioni d'uso del portale", "Terms of use of the portal", TERMS_IT, TERMS_EN),
    "privacy": ("Informativa sulla privacy", "Privacy notice", PRIVACY_IT, PRIVACY_EN),
    "accessibility": ("Dichiarazione di accessibilità", "Accessibility statement", ACCESSIBILITY_IT, ACCESSIBILITY_EN),
    "welfare_rules": ("Regolamento del piano welfare", "Rules of the welfare plan", WELFARE_RULES_IT, WELFARE_RULES_EN),
    "welfare_guide": ("Come funziona il Conto Welfare", "How the Conto Welfare works", WELFARE_GUIDE_IT,
                      WELFARE_GUIDE_EN),
    "welfare_reimbursements": ("Come chiedere un rimborso", "How to ask for a reimbursement",
                               WELFARE_REIMBURSEMENTS_IT, WELFARE_REIMBURSEMENTS_EN),
    "welfare_limits": ("I limiti fiscali", "The tax limits", WELFARE_LIMITS_IT, WELFARE_LIMITS_EN),
}


def default_rows(kinds: tuple[str, ...] | None = None) -> list[dict]:
    """Version 1 of the given kinds (all by default), as rows for a migration or a test database."""
    return [
        {"kind": kind, "version": 1, "title_it": title_it, "title_en": title_en, "body_it": body_it, "body_en": body_en}
        for kind, (title_it, title_en, body_it, body_en) in DEFAULT_TEXTS.items()
        if kinds is None or kind in kinds
    ]
