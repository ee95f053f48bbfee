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

DEFAULT_TEXTS = {
    "terms": ("Condizioni d'uso del portale", "Terms of use of the portal", TERMS_IT, TERMS_EN),
    "privacy": ("Informativa sulla privacy", "Privacy notice", PRIVACY_IT, PRIVACY_EN),
    "accessibility": ("Dichiarazione di accessibilità", "Accessibility statement", ACCESSIBILITY_IT, ACCESSIBILITY_EN),
}


def default_rows() -> list[dict]:
    return [
        {"kind": kind, "version": 1, "title_it": title_it, "title_en": title_en, "body_it": body_it, "body_en": body_en}
        for kind, (title_it, title_en, body_it, body_en) in DEFAULT_TEXTS.items()
    ]
