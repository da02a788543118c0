/**
 * The staff's and data managers' pages' text beyond episodes and responses (invitations and their
 * printed letter, own-data exports), per language. Part of the one catalogue set: WebMessages holds
 * it as `staff`, so a missing key is a compile error and test/web/messages.spec.ts compares the
 * three languages.
 */

/** Messages shown once after a staff member's action, by key (added to the layout's flash keys). */
export const STAFF_FLASH_KEYS = [
  'invitationCreated',
  'invitationRevoked',
  'exportRequested',
  'patientWithdrawn',
  'patientCorrected',
] as const;
export type StaffFlashKey = (typeof STAFF_FLASH_KEYS)[number];

export type InvitationState = 'open' | 'used' | 'expired' | 'revoked';
export type ExportState = 'queued' | 'building' | 'ready' | 'failed' | 'expired';

export interface StaffMessages {
  flash: Record<StaffFlashKey, string>;
  invitations: {
    link: string;
    title: string;
    intro: string;
    create: string;
    timepoint: string;
    language: string;
    languageOfBrowser: string;
    expiresInDays: string;
    expiresHint: string;
    submit: string;
    errorSummary: string;
    errors: { timepoint: string; language: string; expiresInDays: string };
    exists: string;
    list: string;
    none: string;
    created: string;
    expires: string;
    state: string;
    states: Record<InvitationState, string>;
    print: string;
    revoke: string;
    used: string;
    printTitle: string;
    back: string;
    printButtonHint: string;
    letter: { heading: string; body: string; qrAlt: string; linkLabel: string; expires: string; privacy: string };
  };
  exports: {
    nav: string;
    title: string;
    intro: string;
    request: string;
    periodFrom: string;
    periodTo: string;
    format: string;
    formats: { csv: string; parquet: string };
    submit: string;
    errorSummary: string;
    errors: { periodFrom: string; periodTo: string; format: string; institutionId: string };
    list: string;
    none: string;
    period: string;
    status: string;
    statuses: Record<ExportState, string>;
    requestedAt: string;
    expiresAt: string;
    open: string;
    detailTitle: string;
    counts: string;
    files: string;
    file: string;
    size: string;
    rows: string;
    download: string;
    notReady: string;
    failed: string;
    refresh: string;
  };
  withdrawal: {
    nav: string;
    title: string;
    intro: string;
    nationalId: string;
    nationalIdHint: string;
    confirm: string;
    submit: string;
    errorSummary: string;
    errors: { nationalId: string; confirm: string; notFound: string };
  };
  correction: {
    link: string;
    title: string;
    intro: string;
    nationalId: string;
    nationalIdHint: string;
    sex: string;
    reason: string;
    reasonHint: string;
    submit: string;
    errorSummary: string;
    errors: { nationalId: string; sex: string; reason: string };
    history: string;
  };
}

export const STAFF_MESSAGES_NB: StaffMessages = {
  flash: {
    invitationCreated: 'Invitasjonen er laget. Skriv den ut og gi den til pasienten.',
    invitationRevoked: 'Invitasjonen er trukket tilbake.',

    exportRequested: 'Uttrekket er bestilt. Det lages i bakgrunnen; last inn siden for å se status.',
    patientWithdrawn: 'Pasienten er trukket fra registeret ved alle institusjoner. Dataene slettes når angrefristen er ute.',
    patientCorrected: 'Pasienten i episoden er rettet.',
  },
  invitations: {
    link: 'Invitasjoner',
    title: 'Invitasjoner: episode {externalId}',
    intro: 'En invitasjon er en lenke pasienten bruker én gang for å svare på EQ-5D-5L på nett. Lenken vises bare på utskriften.',
    create: 'Lag en invitasjon',
    timepoint: 'Tidspunkt',
    language: 'Skjemaets språk',
    languageOfBrowser: 'Pasientens nettleser avgjør',
    expiresInDays: 'Gyldig i antall dager',
    expiresHint: 'Fra 1 til 365. Tomt felt gir registerets standard.',
    submit: 'Lag og skriv ut',
    errorSummary: 'Invitasjonen ble ikke laget:',
    errors: {
      timepoint: 'Velg tidspunkt.',
      language: 'Velg et av språkene.',
      expiresInDays: 'Skriv et helt tall fra 1 til 365, eller la feltet stå tomt.',
    },
    exists: 'Episoden har allerede EQ-5D-5L ved dette tidspunktet, så det er ingenting igjen for pasienten å svare på.',
    list: 'Invitasjonene til episoden',
    none: 'Episoden har ingen invitasjoner.',
    created: 'Laget',
    expires: 'Utløper',
    state: 'Status',
    states: { open: 'Åpen', used: 'Besvart', expired: 'Utløpt', revoked: 'Trukket tilbake' },
    print: 'Skriv ut på nytt',
    revoke: 'Trekk tilbake',
    used: 'Pasienten har allerede svart på denne invitasjonen. Rett svaret i stedet.',
    printTitle: 'Invitasjon til utskrift: episode {externalId}',
    back: 'Tilbake til invitasjonene',
    printButtonHint: 'Skriv ut siden med nettleserens utskriftsfunksjon (Ctrl+P). Bare brevet under kommer med på arket.',
    letter: {
      heading: 'Spørreskjema om helsen din',
      body: 'Vi ber deg svare på noen spørsmål om helsen din. Svarene brukes i Nasjonalt kvalitetsregister for rehabilitering. Skann QR-koden med kameraet på mobilen, eller skriv inn lenken i en nettleser.',
      qrAlt: 'QR-kode med lenken til spørreskjemaet',
      linkLabel: 'Lenke',
      expires: 'Lenken virker til og med {date}, og bare én gang.',
      privacy: 'Ikke del lenken med andre: den gir tilgang til ditt skjema.',
    },
  },
  exports: {
    nav: 'Uttrekk',
    title: 'Uttrekk av egne data',
    intro:
      'Som dataansvarlig kan du hente ut alle episodene og skjemaene til institusjonen din for en periode, med registerets pseudonymer. Filene slettes når uttrekket utløper.',
    request: 'Bestill et uttrekk',
    periodFrom: 'Innlagt fra',
    periodTo: 'Innlagt til',
    format: 'Filformat',
    formats: { csv: 'CSV', parquet: 'Parquet' },
    submit: 'Bestill uttrekket',
    errorSummary: 'Uttrekket ble ikke bestilt:',
    errors: {
      periodFrom: 'Skriv første innleggelsesdato i perioden.',
      periodTo: 'Skriv siste innleggelsesdato i perioden, ikke før den første.',
      format: 'Velg filformat.',
      institutionId: 'Du er dataansvarlig for flere institusjoner. Bestill uttrekket gjennom API-et med institusjonen oppgitt.',
    },
    list: 'Uttrekkene',
    none: 'Ingen uttrekk er bestilt.',
    period: 'Periode',
    status: 'Status',
    statuses: { queued: 'I kø', building: 'Lages', ready: 'Klart', failed: 'Feilet', expired: 'Utløpt' },
    requestedAt: 'Bestilt',
    expiresAt: 'Slettes',
    open: 'Uttrekk {period}',
    detailTitle: 'Uttrekk {period}',
    counts: '{episodes} episoder, {responses} skjemaversjoner, {patients} pasienter',
    files: 'Filer',
    file: 'Fil',
    size: 'Størrelse',
    rows: 'Rader',
    download: 'Last ned {name}',
    notReady: 'Uttrekket er ikke klart ennå. Last inn siden på nytt om litt.',
    failed: 'Uttrekket kunne ikke lages. Bestill et nytt.',
    refresh: 'Last inn på nytt',
  },
  withdrawal: {
    nav: 'Tilbaketrekking',
    title: 'Registrer at en pasient trekker seg',
    intro:
      'Når en pasient trekker seg fra registeret, tas alle episodene og skjemaene til pasienten ut av bruk ved alle institusjoner med en gang, og slettes når angrefristen er ute. Bare pasienter med episoder ved institusjonen din kan trekkes her.',
    nationalId: 'Pasientens fødselsnummer',
    nationalIdHint: '11 siffer. Nummeret lagres ikke og vises aldri igjen.',
    confirm: 'Jeg bekrefter at pasienten har trukket seg, og at alle dataene om pasienten skal tas ut av registeret.',
    submit: 'Trekk pasienten fra registeret',
    errorSummary: 'Tilbaketrekkingen ble ikke registrert:',
    errors: {
      nationalId: 'Skriv et gyldig fødselsnummer, D- eller H-nummer (11 siffer).',
      confirm: 'Kryss av for at du bekrefter tilbaketrekkingen.',
      notFound: 'Fant ingen episoder for denne pasienten ved institusjonen din.',
    },
  },
  correction: {
    link: 'Rett pasienten',
    title: 'Rett pasienten i episode {externalId}',
    intro:
      'Bruk dette når episoden er registrert på feil pasient. Episoden og skjemaene flyttes til pasienten du oppgir. Rettingen og grunnen lagres i episodens historikk, aldri numrene.',
    nationalId: 'Riktig pasients fødselsnummer',
    nationalIdHint: '11 siffer. Nummeret lagres ikke og vises aldri igjen, så skriv det på nytt hvis skjemaet kommer tilbake med feil.',
    sex: 'Kjønn',
    reason: 'Grunn til rettingen',
    reasonHint: '5 til 500 tegn, uten fødselsnummer.',
    submit: 'Rett pasienten',
    errorSummary: 'Pasienten ble ikke rettet:',
    errors: {
      nationalId: 'Skriv et gyldig fødselsnummer for en annen pasient enn den episoden har nå.',
      sex: 'Velg kjønn, eller la det stå ut fra fødselsnummeret.',
      reason: 'Skriv grunnen med 5 til 500 tegn, uten fødselsnummer.',
    },
    history: 'Rettinger av pasienten',
  },
};

export const STAFF_MESSAGES_NN: StaffMessages = {
  flash: {
    invitationCreated: 'Invitasjonen er laga. Skriv ho ut og gi ho til pasienten.',
    invitationRevoked: 'Invitasjonen er trekt tilbake.',

    exportRequested: 'Uttrekket er bestilt. Det blir laga i bakgrunnen; last inn sida for å sjå status.',
    patientWithdrawn: 'Pasienten er trekt frå registeret ved alle institusjonar. Dataa blir sletta når angrefristen er ute.',
    patientCorrected: 'Pasienten i episoden er retta.',
  },
  invitations: {
    link: 'Invitasjonar',
    title: 'Invitasjonar: episode {externalId}',
    intro: 'Ein invitasjon er ei lenke pasienten brukar éin gong for å svare på EQ-5D-5L på nett. Lenka blir berre vist på utskrifta.',
    create: 'Lag ein invitasjon',
    timepoint: 'Tidspunkt',
    language: 'Språket i skjemaet',
    languageOfBrowser: 'Nettlesaren til pasienten avgjer',
    expiresInDays: 'Gyldig i talet på dagar',
    expiresHint: 'Frå 1 til 365. Tomt felt gir standarden i registeret.',
    submit: 'Lag og skriv ut',
    errorSummary: 'Invitasjonen vart ikkje laga:',
    errors: {
      timepoint: 'Vel tidspunkt.',
      language: 'Vel eitt av språka.',
      expiresInDays: 'Skriv eit heilt tal frå 1 til 365, eller la feltet stå tomt.',
    },
    exists: 'Episoden har allereie EQ-5D-5L ved dette tidspunktet, så det er ingenting att for pasienten å svare på.',
    list: 'Invitasjonane til episoden',
    none: 'Episoden har ingen invitasjonar.',
    created: 'Laga',
    expires: 'Går ut',
    state: 'Status',
    states: { open: 'Open', used: 'Svara', expired: 'Gått ut', revoked: 'Trekt tilbake' },
    print: 'Skriv ut på nytt',
    revoke: 'Trekk tilbake',
    used: 'Pasienten har allereie svart på denne invitasjonen. Rett svaret i staden.',
    printTitle: 'Invitasjon til utskrift: episode {externalId}',
    back: 'Tilbake til invitasjonane',
    printButtonHint: 'Skriv ut sida med utskriftsfunksjonen i nettlesaren (Ctrl+P). Berre brevet under kjem med på arket.',
    letter: {
      heading: 'Spørjeskjema om helsa di',
      body: 'Vi ber deg svare på nokre spørsmål om helsa di. Svara blir brukte i Nasjonalt kvalitetsregister for rehabilitering. Skann QR-koden med kameraet på mobilen, eller skriv inn lenka i ein nettlesar.',
      qrAlt: 'QR-kode med lenka til spørjeskjemaet',
      linkLabel: 'Lenke',
      expires: 'Lenka verkar til og med {date}, og berre éin gong.',
      privacy: 'Ikkje del lenka med andre: ho gir tilgang til skjemaet ditt.',
    },
  },
  exports: {
    nav: 'Uttrekk',
    title: 'Uttrekk av eigne data',
    intro:
      'Som dataansvarleg kan du hente ut alle episodane og skjemaa til institusjonen din for ein periode, med pseudonyma til registeret. Filene blir sletta når uttrekket går ut.',
    request: 'Bestill eit uttrekk',
    periodFrom: 'Innlagd frå',
    periodTo: 'Innlagd til',
    format: 'Filformat',
    formats: { csv: 'CSV', parquet: 'Parquet' },
    submit: 'Bestill uttrekket',
    errorSummary: 'Uttrekket vart ikkje bestilt:',
    errors: {
      periodFrom: 'Skriv første innleggingsdato i perioden.',
      periodTo: 'Skriv siste innleggingsdato i perioden, ikkje før den første.',
      format: 'Vel filformat.',
      institutionId: 'Du er dataansvarleg for fleire institusjonar. Bestill uttrekket gjennom API-et med institusjonen oppgitt.',
    },
    list: 'Uttrekka',
    none: 'Ingen uttrekk er bestilte.',
    period: 'Periode',
    status: 'Status',
    statuses: { queued: 'I kø', building: 'Blir laga', ready: 'Klart', failed: 'Feila', expired: 'Gått ut' },
    requestedAt: 'Bestilt',
    expiresAt: 'Blir sletta',
    open: 'Uttrekk {period}',
    detailTitle: 'Uttrekk {period}',
    counts: '{episodes} episodar, {responses} skjemaversjonar, {patients} pasientar',
    files: 'Filer',
    file: 'Fil',
    size: 'Storleik',
    rows: 'Rader',
    download: 'Last ned {name}',
    notReady: 'Uttrekket er ikkje klart enno. Last inn sida på nytt om litt.',
    failed: 'Uttrekket kunne ikkje lagast. Bestill eit nytt.',
    refresh: 'Last inn på nytt',
  },
  withdrawal: {
    nav: 'Tilbaketrekking',
    title: 'Registrer at ein pasient trekkjer seg',
    intro:
      'Når ein pasient trekkjer seg frå registeret, blir alle episodane og skjemaa til pasienten tekne ut av bruk ved alle institusjonar med ein gong, og sletta når angrefristen er ute. Berre pasientar med episodar ved institusjonen din kan trekkjast her.',
    nationalId: 'Fødselsnummeret til pasienten',
    nationalIdHint: '11 siffer. Nummeret blir ikkje lagra og blir aldri vist igjen.',
    confirm: 'Eg stadfestar at pasienten har trekt seg, og at alle dataa om pasienten skal takast ut av registeret.',
    submit: 'Trekk pasienten frå registeret',
    errorSummary: 'Tilbaketrekkinga vart ikkje registrert:',
    errors: {
      nationalId: 'Skriv eit gyldig fødselsnummer, D- eller H-nummer (11 siffer).',
      confirm: 'Kryss av for at du stadfestar tilbaketrekkinga.',
      notFound: 'Fann ingen episodar for denne pasienten ved institusjonen din.',
    },
  },
  correction: {
    link: 'Rett pasienten',
    title: 'Rett pasienten i episode {externalId}',
    intro:
      'Bruk dette når episoden er registrert på feil pasient. Episoden og skjemaa blir flytte til pasienten du oppgir. Rettinga og grunnen blir lagra i historikken til episoden, aldri numra.',
    nationalId: 'Fødselsnummeret til rett pasient',
    nationalIdHint:
      '11 siffer. Nummeret blir ikkje lagra og blir aldri vist igjen, så skriv det på nytt om skjemaet kjem tilbake med feil.',
    sex: 'Kjønn',
    reason: 'Grunn til rettinga',
    reasonHint: '5 til 500 teikn, utan fødselsnummer.',
    submit: 'Rett pasienten',
    errorSummary: 'Pasienten vart ikkje retta:',
    errors: {
      nationalId: 'Skriv eit gyldig fødselsnummer for ein annan pasient enn den episoden har no.',
      sex: 'Vel kjønn, eller la det stå ut frå fødselsnummeret.',
      reason: 'Skriv grunnen med 5 til 500 teikn, utan fødselsnummer.',
    },
    history: 'Rettingar av pasienten',
  },
};

export const STAFF_MESSAGES_EN: StaffMessages = {
  flash: {
    invitationCreated: 'The invitation has been made. Print it and give it to the patient.',
    invitationRevoked: 'The invitation has been revoked.',

    exportRequested: 'The export has been requested. It is built in the background; reload the page to see its status.',
    patientWithdrawn:
      'The patient has been withdrawn from the register at every institution. The data are erased when the grace period ends.',
    patientCorrected: 'The patient of the episode has been corrected.',
  },
  invitations: {
    link: 'Invitations',
    title: 'Invitations: episode {externalId}',
    intro: 'An invitation is a link the patient uses once to answer the EQ-5D-5L online. The link is shown only on the printout.',
    create: 'Make an invitation',
    timepoint: 'Timepoint',
    language: 'Language of the form',
    languageOfBrowser: "The patient's browser decides",
    expiresInDays: 'Valid for days',
    expiresHint: "From 1 to 365. Empty gives the register's default.",
    submit: 'Make and print',
    errorSummary: 'The invitation was not made:',
    errors: {
      timepoint: 'Choose the timepoint.',
      language: 'Choose one of the languages.',
      expiresInDays: 'Type a whole number from 1 to 365, or leave the field empty.',
    },
    exists: 'The episode already has an EQ-5D-5L at this timepoint, so there is nothing left for the patient to answer.',
    list: "The episode's invitations",
    none: 'The episode has no invitations.',
    created: 'Made',
    expires: 'Expires',
    state: 'State',
    states: { open: 'Open', used: 'Answered', expired: 'Expired', revoked: 'Revoked' },
    print: 'Print again',
    revoke: 'Revoke',
    used: 'The patient has already answered through this invitation. Correct the response instead.',
    printTitle: 'Invitation to print: episode {externalId}',
    back: 'Back to the invitations',
    printButtonHint: "Print the page with the browser's print command (Ctrl+P). Only the letter below goes on the sheet.",
    letter: {
      heading: 'A questionnaire about your health',
      body: 'We ask you to answer a few questions about your health. Your answers are used in the Norwegian quality register for rehabilitation. Scan the QR code with your phone camera, or type the link into a browser.',
      qrAlt: 'QR code with the link to the questionnaire',
      linkLabel: 'Link',
      expires: 'The link works until and including {date}, and only once.',
      privacy: 'Do not share the link: it opens your questionnaire.',
    },
  },
  exports: {
    nav: 'Exports',
    title: 'Exports of your own data',
    intro:
      "As a data manager you can export all of your institution's episodes and forms for a period, with the register's pseudonyms. The files are deleted when the export expires.",
    request: 'Request an export',
    periodFrom: 'Admitted from',
    periodTo: 'Admitted to',
    format: 'File format',
    formats: { csv: 'CSV', parquet: 'Parquet' },
    submit: 'Request the export',
    errorSummary: 'The export was not requested:',
    errors: {
      periodFrom: 'Type the first admission date of the period.',
      periodTo: 'Type the last admission date of the period, not before the first.',
      format: 'Choose the file format.',
      institutionId: 'You are data manager of several institutions. Request the export through the API, naming the institution.',
    },
    list: 'The exports',
    none: 'No exports have been requested.',
    period: 'Period',
    status: 'Status',
    statuses: { queued: 'Queued', building: 'Building', ready: 'Ready', failed: 'Failed', expired: 'Expired' },
    requestedAt: 'Requested',
    expiresAt: 'Deleted',
    open: 'Export {period}',
    detailTitle: 'Export {period}',
    counts: '{episodes} episodes, {responses} form versions, {patients} patients',
    files: 'Files',
    file: 'File',
    size: 'Size',
    rows: 'Rows',
    download: 'Download {name}',
    notReady: 'The export is not ready yet. Reload the page in a little while.',
    failed: 'The export could not be built. Request a new one.',
    refresh: 'Reload',
  },
  withdrawal: {
    nav: 'Withdrawals',
    title: "Record a patient's withdrawal",
    intro:
      "When a patient withdraws from the register, all of the patient's episodes and forms leave use at every institution at once, and are erased when the grace period ends. Only patients with episodes at your institution can be withdrawn here.",
    nationalId: "The patient's national identity number",
    nationalIdHint: '11 digits. The number is not stored and never shown again.',
    confirm: 'I confirm that the patient has withdrawn, and that all data about the patient are to leave the register.',
    submit: 'Withdraw the patient from the register',
    errorSummary: 'The withdrawal was not recorded:',
    errors: {
      nationalId: 'Type a valid national identity number, D- or H-number (11 digits).',
      confirm: 'Tick the box to confirm the withdrawal.',
      notFound: 'No episodes of this patient were found at your institution.',
    },
  },
  correction: {
    link: 'Correct the patient',
    title: 'Correct the patient of episode {externalId}',
    intro:
      "Use this when the episode was registered for the wrong patient. The episode and its forms move to the patient you give. The correction and its reason are kept in the episode's history, never the numbers.",
    nationalId: "The right patient's national identity number",
    nationalIdHint: '11 digits. The number is not stored and never shown again, so type it again if the form comes back with errors.',
    sex: 'Sex',
    reason: 'Reason for the correction',
    reasonHint: '5 to 500 characters, without identity numbers.',
    submit: 'Correct the patient',
    errorSummary: 'The patient was not corrected:',
    errors: {
      nationalId: 'Type a valid national identity number of another patient than the episode has now.',
      sex: 'Choose the sex, or leave it to the identity number.',
      reason: 'Type the reason in 5 to 500 characters, without identity numbers.',
    },
    history: 'Corrections of the patient',
  },
};
