#!/usr/bin/env python3
"""Writes config/triage_corpus.tsv: the labelled first messages the triage classifier learns from.

The shipped .tsv is the data; this script is how its first version was put together (hand-written
core sentences per category and language, the examples of tests/unit/engine/classifier_examples.json,
and the way people wrap them: greetings, signatures, anger, politeness, typos, missing accents).
A desk adds its own lines to the .tsv directly and runs `frontline train` (docs/flows.md).
Deterministic: the same script writes the same file."""
import json, random, sys, os, unicodedata

rng = random.Random(16)
root = os.path.join(os.path.dirname(__file__), "..")

CORE = {
 "access": {
  "en": ["I forgot my password", "my account is locked", "locked out of my account again", "I need a new password, mine expired",
         "password expired and it won't let me change it", "can't log in, it says wrong password", "the MFA code never arrives",
         "authenticator app stopped giving codes after I changed phone", "too many attempts and now I'm locked",
         "login keeps rejecting my password", "reset my password please", "my password doesn't work since this morning",
         "can't sign in to windows", "account disabled?? I can't log on", "the 2FA prompt doesn't show up on my phone",
         "it keeps asking for my password and then says invalid credentials", "pwd expired, cant login",
         "my password stopped working after the holidays", "I typed the wrong password too many times",
         "new phone, lost my authenticator, can't get in", "user locked, pls unlock", "login fails with account locked out"],
  "it": ["ho dimenticato la password", "account bloccato", "mi si è bloccato l'utente", "la password è scaduta e non riesco a cambiarla",
         "non riesco ad accedere, dice password errata", "non mi arriva il codice MFA", "mi serve una nuova password, la mia è scaduta",
         "ho sbagliato la password troppe volte e ora sono bloccato", "non riesco a fare il login su windows",
         "l'app di autenticazione non mi dà più i codici", "resettatemi la password per favore", "la mia password non va più",
         "utente disabilitato, non entro", "password scaduta", "non entro nel pc, credenziali non valide",
         "ho cambiato telefono e non ho più l'autenticatore", "mi chiede sempre la password e poi dice che è sbagliata",
         "sbloccatemi l'account per favore", "la pasword non funziona da stamattina", "non riesco a loggarmi"]},
 "network": {
  "en": ["no wifi in building B", "the VPN drops every five minutes", "can't connect to the VPN from home",
         "wifi keeps disconnecting", "internet is super slow at my desk", "my network cable doesn't work",
         "no internet on my laptop", "vpn says authentication timeout", "can't reach the shared drive over vpn",
         "DNS doesn't resolve internal sites", "the wifi signal is really weak in the meeting room",
         "ethernet port at my desk is dead", "vpn connected but nothing loads", "wifi asks for a password I don't have",
         "the guest wifi doesn't work", "network is really laggy today", "wifi connected, no internet",
         "vpn client crashes when connecting", "can't get on the office wifi", "wi-fi not working on the 3rd floor"],
  "it": ["non c'è wifi nell'edificio B", "la VPN cade ogni cinque minuti", "non riesco a collegarmi alla VPN da casa",
         "il wifi si disconnette continuamente", "internet va lentissimo", "il cavo di rete non funziona",
         "niente internet sul portatile", "la vpn dà errore di timeout", "il wifi prende malissimo in sala riunioni",
         "la presa di rete della scrivania è morta", "vpn connessa ma non si apre niente", "il wifi degli ospiti non va",
         "rete lentissima oggi", "wifi connesso ma senza internet", "non riesco a connettermi al wifi dell'ufficio",
         "i siti interni non si risolvono, problema DNS", "la connessione salta di continuo", "non navigo",
         "il wi-fi al terzo piano non funziona", "la vpn non si connette più"]},
 "email": {
  "en": ["my mailbox is full", "outlook won't open", "emails are stuck in the outbox", "I'm not receiving any emails",
         "my emails bounce back", "can't send email to external addresses", "the shared mailbox disappeared from outlook",
         "calendar invites don't show up", "email on my phone stopped syncing", "outlook keeps asking for my password",
         "mailbox over quota, can't send", "I can't see the shared calendar", "emails from a customer go to junk",
         "outlook crashes when I open an attachment", "mail not syncing on my iphone", "my sent emails never arrive",
         "meeting invites are missing from my calendar", "outlook is super slow", "I can't access the team mailbox",
         "out of office doesn't work"],
  "it": ["la casella di posta è piena", "outlook non si apre", "le mail restano in posta in uscita", "non ricevo più email",
         "le mie email tornano indietro", "non riesco a inviare mail all'esterno", "la casella condivisa è sparita da outlook",
         "gli inviti del calendario non arrivano", "la posta sul telefono non si sincronizza", "outlook mi chiede sempre la password",
         "casella piena, non posso inviare", "non vedo il calendario condiviso", "le mail di un cliente finiscono nello spam",
         "outlook si blocca quando apro un allegato", "la mail sul cellulare non si aggiorna", "le mail inviate non arrivano",
         "non riesco ad accedere alla casella del team", "l'email non va", "la risposta automatica non funziona",
         "outlook lentissimo"]},
 "hardware": {
  "en": ["the printer on floor 2 is jammed", "my laptop won't turn on", "my monitor keeps flickering", "the docking station doesn't detect my screens",
         "keyboard stopped working", "the company phone won't charge anymore", "laptop battery drains in an hour",
         "my mouse is dead", "the printer prints blank pages", "blue screen on my pc", "the laptop is overheating and very loud",
         "second monitor not detected", "spilled coffee on my laptop", "my phone screen is cracked", "headset has no audio",
         "the printer says paper jam but there's no paper", "my laptop fan is noisy", "pc restarts by itself",
         "webcam not working", "my work phone keeps restarting", "the charger of my laptop is broken", "it's broken again"],
  "it": ["la stampante del secondo piano è inceppata", "il portatile non si accende", "il monitor sfarfalla",
         "la docking non rileva gli schermi", "la tastiera non funziona più", "il telefono aziendale non si carica più",
         "la batteria del portatile dura un'ora", "il mouse è morto", "la stampante stampa pagine bianche",
         "schermata blu sul pc", "il portatile scalda tantissimo e fa rumore", "il secondo monitor non viene rilevato",
         "ho rovesciato il caffè sul portatile", "lo schermo del cellulare aziendale è rotto", "le cuffie non hanno audio",
         "la stampante dice inceppamento carta ma non c'è carta", "il pc si riavvia da solo", "la webcam non va",
         "il telefono di lavoro si riavvia continuamente", "il caricatore del portatile è rotto", "è di nuovo rotto",
         "si è rotto di nuovo il pc"]},
 "application": {
  "en": ["SAP gives an error when I post an invoice", "the CRM is very slow", "the HR portal won't load my payslip",
         "Teams keeps crashing", "Excel freezes when I open the report", "the ERP logs me out every few minutes",
         "can't save records in salesforce", "the expense app shows error 500", "Teams has no sound in meetings",
         "the timesheet app doesn't accept my hours", "crm search returns nothing", "excel macro stopped working",
         "the invoicing module is stuck", "zoom crashes when I share my screen", "word keeps saying not responding",
         "the HR portal says access denied on the holidays page", "the erp report is empty", "sharepoint page won't load for me",
         "teams chat messages don't send", "the crm doesn't save my changes"],
  "it": ["SAP dà errore quando registro una fattura", "il CRM è lentissimo", "il portale HR non mi carica la busta paga",
         "Teams continua a chiudersi", "Excel si blocca quando apro il report", "il gestionale mi butta fuori ogni pochi minuti",
         "non riesco a salvare su salesforce", "l'app delle note spese dà errore 500", "su Teams non si sente niente in riunione",
         "il programma delle presenze non accetta le ore", "la ricerca nel crm non trova niente", "la macro di excel non va più",
         "il modulo fatture è bloccato", "zoom crasha quando condivido lo schermo", "word non risponde",
         "il portale HR dice accesso negato sulla pagina ferie", "il report del gestionale è vuoto", "la pagina sharepoint non si carica",
         "i messaggi di teams non partono", "il crm non salva le modifiche"]},
 "outage": {
  "en": ["the wifi in building B is down for everyone", "the whole office has no internet", "nobody can access the file server",
         "the website is down", "the ERP is down for all users", "email is down for the whole company",
         "everyone on the floor lost network", "the intranet returns 502 bad gateway for everybody", "all printers are offline",
         "the phones are dead in the entire office", "nobody in sales can log into the CRM", "the shared drive is unreachable for all of us",
         "complete outage of the VPN, nobody can connect", "the whole team can't open SAP", "internet down in the entire building",
         "the customer portal is offline", "all of us got kicked out of teams", "the server room seems down, nothing works"],
  "it": ["il wifi dell'edificio B non va per nessuno", "tutto l'ufficio è senza internet", "nessuno riesce ad accedere al file server",
         "il sito è giù", "il gestionale è down per tutti", "la posta non funziona per tutta l'azienda",
         "tutto il piano è senza rete", "l'intranet dà 502 a tutti", "tutte le stampanti sono offline",
         "i telefoni sono morti in tutto l'ufficio", "nessuno del commerciale entra nel crm", "il disco condiviso non è raggiungibile per nessuno",
         "la VPN è giù, non si connette nessuno", "tutto il team non riesce ad aprire SAP", "internet è giù in tutto l'edificio",
         "il portale clienti è offline", "siamo tutti fuori da teams", "è tutto fermo, non funziona niente per nessuno"]},
 "security": {
  "en": ["I received an email asking me to confirm my bank details", "I clicked on a suspicious link", "I think I got a phishing email",
         "a pop-up says my files are encrypted and asks for bitcoin", "my pc is acting weird, maybe a virus",
         "someone is sending emails from my address", "the CEO asked me to buy gift cards by email, is it real?",
         "antivirus found malware on my laptop", "I entered my password on a strange site", "weird login alert from another country",
         "got an sms pretending to be IT asking for my password", "strange programs popping up on my computer",
         "I think my account was hacked", "someone called pretending to be the helpdesk", "a usb stick was left on my desk, I plugged it in",
         "email with a fake invoice attachment, I opened it", "my files have weird extensions now", "suspicious email from our bank"],
  "it": ["ho ricevuto una mail che mi chiede di confermare i dati bancari", "ho cliccato su un link sospetto", "credo di aver ricevuto una mail di phishing",
         "un pop-up dice che i miei file sono cifrati e chiede bitcoin", "il pc fa cose strane, forse un virus",
         "qualcuno manda mail dal mio indirizzo", "il CEO mi chiede per mail di comprare delle gift card, è vero?",
         "l'antivirus ha trovato un malware", "ho inserito la password su un sito strano", "avviso di accesso strano da un altro paese",
         "sms finto dell'IT che chiede la password", "mi si aprono programmi strani sul computer", "credo mi abbiano hackerato l'account",
         "ha chiamato uno fingendosi dell'helpdesk", "ho trovato una chiavetta usb e l'ho inserita", "ho aperto l'allegato di una fattura falsa",
         "i miei file hanno estensioni strane", "ho cliccato su un link sospetto e ho inserito la password"]},
 "data_breach": {
  "en": ["I sent a spreadsheet with customer data to the wrong person", "customer personal data was posted publicly by mistake",
         "I lost a usb stick with employee records", "my laptop with patient data was stolen", "a file with salaries is visible to everyone",
         "I accidentally shared the customer list with an external address", "we may have a data breach", "personal data leaked on a public link",
         "the payroll file was emailed to the whole company", "I think personal data of clients has been exposed",
         "someone outside can see our HR folder", "lost my bag with printed customer contracts"],
  "it": ["ho mandato un file con dati dei clienti alla persona sbagliata", "dati personali dei clienti pubblicati per errore",
         "ho perso una chiavetta con i dati dei dipendenti", "mi hanno rubato il portatile con dati dei pazienti",
         "un file con gli stipendi è visibile a tutti", "ho condiviso per sbaglio la lista clienti con un indirizzo esterno",
         "potremmo avere una violazione di dati", "dati personali esposti su un link pubblico", "il file delle buste paga è stato inviato a tutta l'azienda",
         "credo che i dati personali dei clienti siano stati esposti", "qualcuno da fuori vede la cartella HR", "data breach: ho perso dei contratti con dati personali"]},
 "access_request": {
  "en": ["I need access to the finance shared folder", "please give me access to the CRM", "can I get permissions on the marketing sharepoint",
         "new colleague starting Monday needs an account", "I need to be added to the sales distribution list", "request access to the ERP purchasing module",
         "I need admin rights on my laptop", "access to the HR portal for my new hire", "please add me to the project team channel",
         "I need read access to the shared mailbox of support", "can you enable VPN access for me", "I need a license for the reporting tool"],
  "it": ["mi serve l'accesso alla cartella condivisa di amministrazione", "vorrei l'accesso al CRM", "potete darmi i permessi sullo sharepoint marketing",
         "un nuovo collega inizia lunedì e gli serve un account", "aggiungetemi alla lista di distribuzione vendite", "richiedo l'accesso al modulo acquisti del gestionale",
         "mi servono i diritti di amministratore sul portatile", "accesso al portale HR per il nuovo assunto", "aggiungetemi al canale del progetto",
         "mi serve l'accesso in lettura alla casella del supporto", "potete abilitarmi la VPN", "mi serve una licenza per lo strumento di reportistica"]},
 "software_install": {
  "en": ["please install Visio on my laptop", "I need Adobe Acrobat Pro", "can you install python on my pc", "I'd like to have Tableau installed",
         "need AutoCAD for a project", "please install the latest version of 7zip", "can I get Zoom installed", "I need Power BI desktop",
         "install notepad++ please", "can you put R studio on my computer", "I need the SAP GUI installed on my new laptop", "please add Project to my office"],
  "it": ["potete installarmi Visio sul portatile", "mi serve Adobe Acrobat Pro", "potete installare python sul mio pc", "vorrei installato Tableau",
         "mi serve AutoCAD per un progetto", "installatemi l'ultima versione di 7zip", "posso avere zoom installato", "mi serve Power BI desktop",
         "installate notepad++ per favore", "potete mettermi R studio sul computer", "mi serve il SAP GUI installato sul nuovo portatile", "vorrei Project nel mio office"]},
 "new_equipment": {
  "en": ["I need a new laptop", "can I get a second monitor", "requesting a headset for calls", "new hire needs a laptop and a phone",
         "I'd like a docking station for home", "my laptop is 6 years old, can I get a new one", "need a new mouse and keyboard",
         "can I have a company phone", "please order a webcam for me", "I need an external monitor for working from home",
         "request for a new tablet", "could I get an ergonomic keyboard"],
  "it": ["mi serve un portatile nuovo", "posso avere un secondo monitor", "vorrei delle cuffie per le chiamate", "il nuovo assunto ha bisogno di portatile e telefono",
         "vorrei una docking station per casa", "il mio portatile ha 6 anni, posso averne uno nuovo", "mi servono mouse e tastiera nuovi",
         "posso avere un telefono aziendale", "ordinatemi una webcam per favore", "mi serve un monitor esterno per lo smart working",
         "richiesta di un nuovo tablet", "vorrei una tastiera ergonomica"]},
}

EXTRA = {('access', 'en'): ["can't get into my account since I changed my password", 'the portal says my account is disabled', "I'm locked out of SAP after the password change", "my password won't work on the new laptop", 'forgot pin for my windows hello', 'it says my credentials are not valid anymore'], ('access', 'it'): ['non riesco più a entrare con la mia utenza', "il portale dice che l'account è disabilitato", 'dopo il cambio password sono bloccato fuori da SAP', 'la password non funziona sul nuovo portatile', 'ho dimenticato il pin di windows', 'dice che le credenziali non sono più valide'], ('network', 'en'): ['my VPN keeps dropping every few minutes', 'the vpn connection times out', 'wifi drops whenever I move to the kitchen', "very slow network when I'm on the vpn", "can't ping the server from my desk", 'no connection on my docking station ethernet'], ('network', 'it'): ['la vpn mi cade ogni pochi minuti', 'la connessione vpn va in timeout', 'il wifi cade quando vado in cucina', 'rete lentissima quando sono in vpn', 'non pingo il server dalla mia postazione', 'nessuna connessione dal cavo della docking'], ('email', 'en'): ["I can't open my mailbox in the browser", 'emails to one customer get rejected', 'my calendar shows wrong times for meetings', "the shared mailbox doesn't show new mails", "attachments won't download in outlook", 'my signature disappeared from outlook'], ('email', 'it'): ['non riesco ad aprire la posta dal browser', 'le mail a un cliente vengono rifiutate', "il calendario mostra le riunioni all'ora sbagliata", 'la casella condivisa non mostra le nuove mail', 'gli allegati non si scaricano in outlook', 'è sparita la firma da outlook'], ('hardware', 'en'): ['my headset has no sound', 'my laptop is very slow', 'the pc takes ages to boot', 'the screen of my laptop stays black', 'the docking station stopped charging my laptop', 'keyboard keys are stuck', 'printer toner error even with a new toner', 'my phone battery swells'], ('hardware', 'it'): ['le cuffie non hanno più audio', 'il mio portatile è molto lento', 'il pc ci mette un secolo ad avviarsi', 'lo schermo del portatile resta nero', 'la docking non carica più il portatile', 'alcuni tasti della tastiera sono bloccati', 'la stampante dà errore toner anche con il toner nuovo', 'la batteria del telefono si è gonfiata'], ('application', 'en'): ['the CRM is extremely slow since this morning', 'Teams calls have no audio but my headset works elsewhere', 'SAP transaction ends with a short dump', 'the HR portal keeps loading forever', "can't export the report to excel from the erp", 'salesforce shows a blank page after login'], ('application', 'it'): ['il CRM è lentissimo da stamattina', 'nelle chiamate Teams non si sente ma le cuffie funzionano altrove', 'la transazione SAP va in dump', "il portale HR continua a caricare all'infinito", 'non riesco a esportare il report in excel dal gestionale', 'salesforce mostra una pagina bianca dopo il login'], ('outage', 'en'): ['the VPN is down for our whole team', 'nobody in the office can print', "the whole floor can't reach the internet since 9", 'all users get an error on the intranet', 'the file server is down for everybody', 'the entire department has no email'], ('outage', 'it'): ['la VPN è giù per tutto il team', 'nessuno in ufficio riesce a stampare', 'tutto il piano non raggiunge internet dalle 9', "tutti gli utenti hanno errore sull'intranet", 'il file server è giù per tutti', "l'intero reparto è senza posta"], ('security', 'en'): ['my antivirus shows a ransomware warning', 'I gave my password to someone on the phone who said he was IT', "a colleague's account is sending strange links in teams", 'I got a text asking me to verify my bank account', 'the browser opens ads by itself', "I approved an MFA request I didn't start"], ('security', 'it'): ["l'antivirus segnala un ransomware", "ho dato la password al telefono a uno che diceva di essere dell'IT", "l'account di un collega manda link strani su teams", 'mi è arrivato un sms che chiede di verificare il conto', 'il browser apre pubblicità da solo', 'ho approvato una richiesta MFA che non avevo fatto io'], ('data_breach', 'en'): ['I stored customer records in a public folder by mistake', 'a contract with personal data went to the wrong client', 'our CRM export with contacts is on a public site', "I lost a notebook with patients' names"], ('data_breach', 'it'): ['ho salvato per errore dati dei clienti in una cartella pubblica', 'un contratto con dati personali è andato al cliente sbagliato', "l'export dei contatti del CRM è su un sito pubblico", 'ho perso un quaderno con i nomi dei pazienti'], ('access_request', 'en'): ['my new colleague needs access to the CRM and the shared folder', 'please grant me edit rights on the budget file', 'I need to be able to approve orders in the ERP', 'give my team access to the new project site'], ('access_request', 'it'): ["il nuovo collega ha bisogno dell'accesso al CRM e alla cartella condivisa", 'datemi i permessi di modifica sul file del budget', 'devo poter approvare gli ordini nel gestionale', "date al mio team l'accesso al nuovo sito di progetto"], ('software_install', 'en'): ['could you install the Jabra driver software', 'I need Git and VS Code for development', 'please put the latest Chrome on my machine', "I'd need Microsoft Project for planning"], ('software_install', 'it'): ['potete installare il software dei driver Jabra', 'mi servono Git e VS Code per sviluppare', "mettetemi l'ultima versione di Chrome", 'avrei bisogno di Microsoft Project per la pianificazione'], ('new_equipment', 'en'): ['I need a new laptop for a colleague who starts on Monday', 'can I order a larger monitor', 'we need two headsets for the new interns', 'please send me a replacement charger, I lost mine'], ('new_equipment', 'it'): ['ho bisogno di un portatile nuovo per un collega che inizia lunedì', 'posso ordinare un monitor più grande', 'servono due cuffie per i nuovi stagisti', 'mandatemi un caricatore di ricambio, ho perso il mio']}
for (cat, lang), lines in EXTRA.items():
    CORE[cat][lang].extend(lines)

OPEN = {"en": ["", "", "", "hi, ", "hello, ", "hey ", "good morning, ", "Hi team, ", "hello IT, ", "URGENT: ", "sorry to bother you, ",
               "hi there! ", "morning, ", "ciao, ", "help! "],
        "it": ["", "", "", "ciao, ", "buongiorno, ", "salve, ", "ciao ragazzi, ", "buongiorno IT, ", "URGENTE: ", "scusate il disturbo, ",
               "ehi ", "buonasera, ", "hello, ", "aiuto! ", "salve, ho un problema: "]}
TAIL = {"en": ["", "", "", " thanks", " thank you!", "\nthanks, Mark", " - Anna (accounting)", "!!!", " pls help", " asap please",
               " since this morning", " again!!", " for the third time this week", " this is really annoying", " kind regards, Sarah",
               " any idea?", " I have a meeting in 10 minutes", " grazie", ". Sent from my iPhone"],
        "it": ["", "", "", " grazie", " grazie mille!", "\ngrazie, Marco", " - Giulia (contabilità)", "!!!", " aiutatemi", " urgente per favore",
               " da stamattina", " di nuovo!!", " per la terza volta questa settimana", " è una cosa assurda", " cordiali saluti, Paola",
               " idee?", " ho una riunione tra 10 minuti", " thanks", ". Inviato da iPhone"]}

def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if unicodedata.category(c) != "Mn")

def typo(s):
    letters = [i for i, c in enumerate(s) if c.isalpha()]
    if len(letters) < 6: return s
    i = rng.choice(letters[1:-1])
    k = rng.randrange(3)
    if k == 0: return s[:i] + s[i + 1:]                      # dropped letter
    if k == 1: return s[:i] + s[i + 1] + s[i] + s[i + 2:]    # swapped letters
    return s[:i] + s[i] + s[i:]                              # doubled letter

def vary(core, lang):
    s = core
    r = rng.random()
    if r < 0.2: s = typo(s)
    elif r < 0.3: s = typo(typo(s))
    if rng.random() < 0.25: s = fold(s)
    if rng.random() < 0.3: s = s.lower()
    elif rng.random() < 0.05: s = s.upper()
    o, t = rng.choice(OPEN[lang]), rng.choice(TAIL[lang])
    if o and s[:1].isupper() and not s.isupper() and rng.random() < 0.7: s = s[0].lower() + s[1:]
    return (o + s + t).strip()

rows, seen = [], set()
def add(cat, lang, text):
    text = " ".join(text.replace("\t", " ").split("\n")[0:1] + ["/ " + l for l in text.split("\n")[1:]]).strip()
    key = text.lower()
    if key in seen or not text: return
    seen.add(key)
    rows.append((cat, lang, text))

for ex in json.load(open(os.path.join(root, "tests/unit/engine/classifier_examples.json"))):
    add(ex["category"], ex["lang"], ex["text"])
for cat, by_lang in CORE.items():
    for lang, cores in by_lang.items():
        for c in cores:
            add(cat, lang, c)
            for _ in range(2):
                add(cat, lang, vary(c, lang))

out = os.path.join(root, "config/triage_corpus.tsv")
with open(out, "w") as f:
    f.write("# category<TAB>language<TAB>first message. One example a line; '#' starts a comment.\n")
    f.write("# Add your desk's own examples anywhere, then run `frontline train` (docs/flows.md).\n")
    for r in rows:
        f.write("\t".join(r) + "\n")
print(len(rows), "examples written to", out, file=sys.stderr)
