/**
 * The administrators' pages' text (institutions, users, API keys, publishing, settings, the audit
 * log), per language. Part of the one catalogue set: WebMessages holds it as `admin`, so a missing
 * key is a compile error and test/web/messages.spec.ts compares the three languages.
 */
import type { InstitutionKind, Region } from '../institutions/institution.entity';

/** Messages shown once after an administrator's action, by key (added to the layout's flash keys). */
export const ADMIN_FLASH_KEYS = [
  'institutionCreated',
  'institutionUpdated',
  'unitCreated',
  'apiKeyRevoked',
  'userCreated',
  'userUpdated',
  'dataManagerChanged',
  'sessionsEnded',
  'passwordReset',
  'published',
  'settingsChanged',
] as const;
export type AdminFlashKey = (typeof ADMIN_FLASH_KEYS)[number];

export interface AdminMessages {
  nav: { institutions: string; users: string; publishing: string; settings: string; audit: string };
  errorSummary: string;
  save: string;
  active: string;
  inactive: string;
  status: string;
  none: string;
  created: string;
  invalidValue: string;
  institutions: {
    title: string;
    caption: string;
    createTitle: string;
    name: string;
    orgNumber: string;
    orgNumberHint: string;
    kind: string;
    region: string;
    create: string;
    kinds: Record<InstitutionKind, string>;
    regions: Record<Region, string>;
    deactivate: string;
    activate: string;
    units: string;
    unitName: string;
    addUnit: string;
    apiKeysLink: string;
    nameInvalid: string;
    orgNumberInvalid: string;
    orgNumberExists: string;
    unitNameInvalid: string;
    unitExists: string;
  };
  apiKeys: {
    title: string;
    intro: string;
    caption: string;
    name: string;
    nameHint: string;
    create: string;
    createdTitle: string;
    createdBody: string;
    key: string;
    prefix: string;
    revoke: string;
    revokedAt: string;
    nameInvalid: string;
  };
  users: {
    title: string;
    caption: string;
    createTitle: string;
    email: string;
    password: string;
    passwordHint: string;
    role: string;
    institutions: string;
    institutionsHint: string;
    dataManager: string;
    dataManagerHint: string;
    grantDataManager: string;
    removeDataManager: string;
    create: string;
    editTitle: string;
    deactivate: string;
    activate: string;
    resetTitle: string;
    resetPassword: string;
    mustChangeNotice: string;
    sessionsTitle: string;
    sessionsHint: string;
    endSessions: string;
    emailInvalid: string;
    emailExists: string;
    passwordTooShort: string;
    institutionsMissing: string;
    institutionsNotForRole: string;
  };
  publishing: {
    title: string;
    intro: string;
    publishTitle: string;
    period: string;
    periodHint: string;
    force: string;
    forceHint: string;
    reason: string;
    reasonHint: string;
    correctionTitle: string;
    correctionIntro: string;
    correctionReason: string;
    publish: string;
    publishCorrection: string;
    caption: string;
    version: string;
    publishedAt: string;
    institutionCount: string;
    note: string;
    earlyNote: string;
    correctionNote: string;
    periodInvalid: string;
    alreadyPublished: string;
    notPublished: string;
    periodNotEnded: string;
    withinGracePeriod: string;
    reasonInvalid: string;
    correctionReasonInvalid: string;
  };
  settings: {
    title: string;
    intro: string;
    version: string;
    changedAt: string;
    changedBy: string;
    reason: string;
    reasonHint: string;
    defaults: string;
    parameters: Record<
      | 'eq5dMid'
      | 'barthelMcid'
      | 'barthelIndependenceThreshold'
      | 'coverageWarning'
      | 'suppressionThreshold'
      | 'overdispersionMinInstitutions'
      | 'liveMinContributors'
      | 'liveMaxContributorShare'
      | 'publicationGraceDays'
      | 'protectionMargin',
      string
    >;
    range: string;
    targets: string;
    targetsCaption: string;
    indicator: string;
    minimum: string;
    target: string;
    noTargets: string;
    changeTitle: string;
    save: string;
    history: string;
    historyCaption: string;
    reasonInvalid: string;
  };
  audit: {
    title: string;
    filters: string;
    actorId: string;
    institution: string;
    anyInstitution: string;
    action: string;
    actionHint: string;
    from: string;
    to: string;
    apply: string;
    caption: string;
    occurredAt: string;
    actor: string;
    objects: string;
    rows: string;
    none: string;
    /** How many events match, exact; and more than the cap ({total} is the cap). */
    count: string;
    countMore: string;
    older: string;
    newer: string;
    newest: string;
    dateInvalid: string;
    cursorInvalid: string;
    verifyTitle: string;
    verifyIntro: string;
    verify: string;
    verifyOk: string;
    verifyBroken: string;
    checked: string;
    unsealed: string;
    checkpoints: string;
    problems: string;
  };
  flash: Record<AdminFlashKey, string>;
}

export const ADMIN_MESSAGES_NB: AdminMessages = {
  nav: {
    institutions: 'Institusjoner',
    users: 'Brukere',
    publishing: 'Publisering',
    settings: 'Indikatorinnstillinger',
    audit: 'Revisjonslogg',
  },
  errorSummary: 'Rett opp dette for å gå videre:',
  save: 'Lagre',
  active: 'Aktiv',
  inactive: 'Deaktivert',
  status: 'Status',
  none: 'Ingen ennå.',
  created: 'Opprettet',
  invalidValue: 'Verdien er ugyldig.',
  institutions: {
    title: 'Institusjoner',
    caption: 'Registrerte institusjoner',
    createTitle: 'Registrer en institusjon',
    name: 'Navn',
    orgNumber: 'Organisasjonsnummer',
    orgNumberHint: '9 siffer',
    kind: 'Type',
    region: 'Helseregion',
    create: 'Registrer institusjonen',
    kinds: { health_trust: 'Helseforetak', private: 'Privat institusjon', municipality: 'Kommune' },
    regions: {
      'helse-nord': 'Helse Nord',
      'helse-midt-norge': 'Helse Midt-Norge',
      'helse-vest': 'Helse Vest',
      'helse-sor-ost': 'Helse Sør-Øst',
    },
    deactivate: 'Deaktiver institusjonen',
    activate: 'Aktiver institusjonen',
    units: 'Enheter',
    unitName: 'Navn på enheten',
    addUnit: 'Legg til enheten',
    apiKeysLink: 'API-nøkler for institusjonens systemer',
    nameInvalid: 'Skriv navnet (1 til 200 tegn).',
    orgNumberInvalid: 'Skriv et gyldig organisasjonsnummer: 9 siffer med riktig kontrollsiffer.',
    orgNumberExists: 'En institusjon med dette organisasjonsnummeret er allerede registrert.',
    unitNameInvalid: 'Skriv navnet på enheten (1 til 200 tegn).',
    unitExists: 'Institusjonen har allerede en enhet med dette navnet.',
  },
  apiKeys: {
    title: 'API-nøkler: {institution}',
    intro:
      'Institusjonens systemer (for eksempel journalsystemet) sender data med en API-nøkkel. En tilbakekalt nøkkel slutter å virke med en gang.',
    caption: 'Institusjonens API-nøkler',
    name: 'Hva nøkkelen er til',
    nameHint: 'For eksempel «DIPS-integrasjon», så dere kjenner den igjen senere.',
    create: 'Lag en ny nøkkel',
    createdTitle: 'Ny API-nøkkel',
    createdBody: 'Kopier nøkkelen nå. Den vises bare denne ene gangen; registeret tar bare vare på et avtrykk av den.',
    key: 'Nøkkel',
    prefix: 'Begynnelse',
    revoke: 'Tilbakekall',
    revokedAt: 'Tilbakekalt',
    nameInvalid: 'Skriv hva nøkkelen er til (1 til 200 tegn).',
  },
  users: {
    title: 'Brukere',
    caption: 'Registerets brukere',
    createTitle: 'Opprett en bruker',
    email: 'E-post',
    password: 'Midlertidig passord',
    passwordHint: 'Minst 12 tegn. Brukeren må bytte det ved første innlogging.',
    role: 'Rolle',
    institutions: 'Institusjoner',
    institutionsHint: 'Bare behandlere hører til institusjoner, og de må høre til minst én.',
    dataManager: 'Dataansvarlig',
    dataManagerHint: 'En dataansvarlig kan eksportere alle data fra institusjonen.',
    grantDataManager: 'Gjør til dataansvarlig for {institution}',
    removeDataManager: 'Fjern som dataansvarlig for {institution}',
    create: 'Opprett brukeren',
    editTitle: 'Rolle, institusjoner og status',
    deactivate: 'Deaktivert (kan ikke logge inn)',
    activate: 'Aktiv',
    resetTitle: 'Tilbakestill passordet',
    resetPassword: 'Sett et midlertidig passord',
    mustChangeNotice: 'Brukeren har et midlertidig passord og må velge sitt eget ved neste innlogging.',
    sessionsTitle: 'Innlogginger',
    sessionsHint: 'Avslutter alle brukerens innlogginger i nettleseren. Neste side ber brukeren logge inn igjen.',
    endSessions: 'Avslutt innlogginger',
    emailInvalid: 'Skriv en gyldig e-postadresse.',
    emailExists: 'En bruker med denne e-postadressen finnes allerede.',
    passwordTooShort: 'Passordet må ha minst 12 tegn.',
    institutionsMissing: 'Velg minst én institusjon for en behandler.',
    institutionsNotForRole: 'Bare behandlere hører til institusjoner. Fjern institusjonene eller velg rollen behandler.',
  },
  publishing: {
    title: 'Publisering av indikatorer',
    intro: 'Å publisere fryser periodens tall. Sene registreringer endrer da bare det løpende bildet, til en rettelse publiseres.',
    publishTitle: 'Publiser en periode',
    period: 'Periode',
    periodHint: 'Et år (2026) eller et kvartal (2026-Q1). Perioden må være over.',
    force: 'Publiser innenfor karenstiden',
    forceHint: 'Sene registreringer kan fortsatt komme. Krever en begrunnelse, som vises sammen med tallene.',
    reason: 'Begrunnelse for tidlig publisering',
    reasonHint: '10 til 2000 tegn.',
    correctionTitle: 'Publiser en rettelse',
    correctionIntro: 'En rettelse blir en ny versjon av en publisert periode. De tidligere versjonene kan fortsatt leses.',
    correctionReason: 'Hva var feil i de publiserte tallene?',
    publish: 'Publiser perioden',
    publishCorrection: 'Publiser rettelsen',
    caption: 'Publiserte perioder, alle versjoner',
    version: 'Versjon',
    publishedAt: 'Publisert',
    institutionCount: 'Institusjoner',
    note: 'Merknad',
    earlyNote: 'Tidlig: {reason}',
    correctionNote: 'Rettelse: {reason}',
    periodInvalid: 'Skriv perioden som et år (2026) eller et kvartal (2026-Q1).',
    alreadyPublished: 'Perioden er allerede publisert. Publiser en rettelse med begrunnelse i stedet.',
    notPublished: 'Perioden er ikke publisert ennå, så den kan ikke rettes.',
    periodNotEnded: 'Perioden er ikke over ennå og kan ikke publiseres.',
    withinGracePeriod: 'Perioden er i karenstiden. Kryss av for å publisere likevel, og skriv en begrunnelse.',
    reasonInvalid: 'Skriv hvorfor perioden publiseres tidlig (10 til 2000 tegn).',
    correctionReasonInvalid: 'Skriv hva som var feil i de publiserte tallene (10 til 2000 tegn).',
  },
  settings: {
    title: 'Indikatorinnstillinger',
    intro: 'Løpende tall følger endringer med en gang. Publiserte perioder beholder innstillingene de ble publisert med.',
    version: 'Versjon',
    changedAt: 'Endret',
    changedBy: 'Endret av',
    reason: 'Begrunnelse',
    reasonHint: 'Hvorfor innstillingene endres (10 til 2000 tegn). Den lagres i historikken.',
    defaults: 'Standardverdiene gjelder (ingen endringer ennå).',
    parameters: {
      eq5dMid: 'Minste viktige forskjell i EQ-5D-5L-indeks',
      barthelMcid: 'Viktig bedring på Barthel-indeksen (poeng)',
      barthelIndependenceThreshold: 'Barthel-indeks for selvhjulpen ved utskrivning (poeng)',
      coverageWarning: 'Dekningsgrad som markeres (andel)',
      suppressionThreshold: 'Færre episoder enn dette skjules',
      overdispersionMinInstitutions: 'Institusjoner som trengs for å anslå overspredning',
      liveMinContributors: 'Institusjoner som må bidra til løpende tall for region og land',
      liveMaxContributorShare: 'Største andel én institusjon kan ha av løpende tall',
      publicationGraceDays: 'Karenstid etter periodens slutt (dager)',
      protectionMargin: 'Beskyttelsesmargin for skjulte tall (episoder)',
    },
    range: 'Fra {min} til {max}.',
    targets: 'Mål',
    targetsCaption: 'Mål og minstekrav per indikator',
    indicator: 'Indikator',
    minimum: 'Minstekrav',
    target: 'Mål',
    noTargets: 'Ingen mål er satt.',
    changeTitle: 'Endre parameterne',
    save: 'Lagre innstillingene',
    history: 'Historikk',
    historyCaption: 'Alle endringer, nyeste først',
    reasonInvalid: 'Skriv hvorfor innstillingene endres (10 til 2000 tegn).',
  },
  audit: {
    title: 'Revisjonslogg',
    filters: 'Filter',
    actorId: 'Aktør (bruker- eller klient-id)',
    institution: 'Institusjon',
    anyInstitution: 'Alle',
    action: 'Handling',
    actionHint: 'For eksempel episode.read',
    from: 'Fra og med dato',
    to: 'Til og med dato',
    apply: 'Vis',
    caption: 'Hendelser, nyeste først',
    occurredAt: 'Tidspunkt',
    actor: 'Aktør',
    objects: 'Objekt',
    rows: 'Rader',
    none: 'Ingen hendelser passer til filteret.',
    count: '{total} hendelser passer til filteret.',
    countMore: 'Mer enn {total} hendelser passer til filteret.',
    older: 'Eldre hendelser',
    newer: 'Nyere hendelser',
    newest: 'Nyeste hendelser',
    dateInvalid: 'Skriv en gyldig dato (åååå-mm-dd).',
    cursorInvalid: 'Lenken til denne siden er ikke lenger gyldig. Begynn med de nyeste hendelsene.',
    verifyTitle: 'Kontroller kjeden',
    verifyIntro: 'Regner ut hele hash-kjeden på nytt og sammenligner den med de signerte sjekkpunktene utenfor databasen.',
    verify: 'Kontroller revisjonsloggen',
    verifyOk: 'Kjeden er hel: ingen rader er endret, slettet eller satt inn.',
    verifyBroken: 'Kjeden er brutt. Se problemene under.',
    checked: 'Kontrollerte rader',
    unsealed: 'Rader som ikke er forseglet ennå',
    checkpoints: 'Sjekkpunkter',
    problems: 'Problemer',
  },
  flash: {
    institutionCreated: 'Institusjonen er registrert.',
    institutionUpdated: 'Institusjonen er endret.',
    unitCreated: 'Enheten er lagt til.',
    apiKeyRevoked: 'API-nøkkelen er tilbakekalt.',
    userCreated: 'Brukeren er opprettet.',
    userUpdated: 'Brukeren er endret.',
    dataManagerChanged: 'Rollen som dataansvarlig er endret.',
    sessionsEnded: 'Brukerens innlogginger er avsluttet.',
    passwordReset: 'Brukeren har fått et midlertidig passord.',
    published: 'Perioden er publisert.',
    settingsChanged: 'Innstillingene er lagret.',
  },
};

export const ADMIN_MESSAGES_NN: AdminMessages = {
  ...ADMIN_MESSAGES_NB,
  nav: {
    institutions: 'Institusjonar',
    users: 'Brukarar',
    publishing: 'Publisering',
    settings: 'Indikatorinnstillingar',
    audit: 'Revisjonslogg',
  },
  errorSummary: 'Rett opp dette for å gå vidare:',
  save: 'Lagre',
  active: 'Aktiv',
  inactive: 'Deaktivert',
  status: 'Status',
  none: 'Ingen enno.',
  created: 'Oppretta',
  invalidValue: 'Verdien er ugyldig.',
  institutions: {
    ...ADMIN_MESSAGES_NB.institutions,
    title: 'Institusjonar',
    caption: 'Registrerte institusjonar',
    createTitle: 'Registrer ein institusjon',
    name: 'Namn',
    kinds: { health_trust: 'Helseføretak', private: 'Privat institusjon', municipality: 'Kommune' },
    deactivate: 'Deaktiver institusjonen',
    activate: 'Aktiver institusjonen',
    units: 'Einingar',
    unitName: 'Namn på eininga',
    addUnit: 'Legg til eininga',
    apiKeysLink: 'API-nøklar for systema til institusjonen',
    nameInvalid: 'Skriv namnet (1 til 200 teikn).',
    orgNumberInvalid: 'Skriv eit gyldig organisasjonsnummer: 9 siffer med rett kontrollsiffer.',
    orgNumberExists: 'Ein institusjon med dette organisasjonsnummeret er alt registrert.',
    unitNameInvalid: 'Skriv namnet på eininga (1 til 200 teikn).',
    unitExists: 'Institusjonen har alt ei eining med dette namnet.',
  },
  apiKeys: {
    title: 'API-nøklar: {institution}',
    intro:
      'Systema til institusjonen (til dømes journalsystemet) sender data med ein API-nøkkel. Ein tilbakekalla nøkkel sluttar å verke med ein gong.',
    caption: 'API-nøklane til institusjonen',
    name: 'Kva nøkkelen er til',
    nameHint: 'Til dømes «DIPS-integrasjon», så de kjenner han att seinare.',
    create: 'Lag ein ny nøkkel',
    createdTitle: 'Ny API-nøkkel',
    createdBody: 'Kopier nøkkelen no. Han blir berre vist denne eine gongen; registeret tek berre vare på eit avtrykk av han.',
    key: 'Nøkkel',
    prefix: 'Byrjing',
    revoke: 'Tilbakekall',
    revokedAt: 'Tilbakekalla',
    nameInvalid: 'Skriv kva nøkkelen er til (1 til 200 teikn).',
  },
  users: {
    title: 'Brukarar',
    caption: 'Brukarane av registeret',
    createTitle: 'Opprett ein brukar',
    email: 'E-post',
    password: 'Mellombels passord',
    passwordHint: 'Minst 12 teikn. Brukaren må byte det ved første innlogging.',
    role: 'Rolle',
    institutions: 'Institusjonar',
    institutionsHint: 'Berre behandlarar høyrer til institusjonar, og dei må høyre til minst éin.',
    dataManager: 'Dataansvarleg',
    dataManagerHint: 'Ein dataansvarleg kan eksportere alle data frå institusjonen.',
    grantDataManager: 'Gjer til dataansvarleg for {institution}',
    removeDataManager: 'Fjern som dataansvarleg for {institution}',
    create: 'Opprett brukaren',
    editTitle: 'Rolle, institusjonar og status',
    deactivate: 'Deaktivert (kan ikkje logge inn)',
    activate: 'Aktiv',
    resetTitle: 'Tilbakestill passordet',
    resetPassword: 'Set eit mellombels passord',
    mustChangeNotice: 'Brukaren har eit mellombels passord og må velje sitt eige ved neste innlogging.',
    sessionsTitle: 'Innloggingar',
    sessionsHint: 'Avsluttar alle innloggingane til brukaren i nettlesaren. Neste side ber brukaren logge inn att.',
    endSessions: 'Avslutt innloggingar',
    emailInvalid: 'Skriv ei gyldig e-postadresse.',
    emailExists: 'Ein brukar med denne e-postadressa finst alt.',
    passwordTooShort: 'Passordet må ha minst 12 teikn.',
    institutionsMissing: 'Vel minst éin institusjon for ein behandlar.',
    institutionsNotForRole: 'Berre behandlarar høyrer til institusjonar. Fjern institusjonane eller vel rolla behandlar.',
  },
  publishing: {
    title: 'Publisering av indikatorar',
    intro: 'Å publisere frys tala for perioden. Seine registreringar endrar då berre det løpande biletet, til ei retting blir publisert.',
    publishTitle: 'Publiser ein periode',
    period: 'Periode',
    periodHint: 'Eit år (2026) eller eit kvartal (2026-Q1). Perioden må vere over.',
    force: 'Publiser innanfor karenstida',
    forceHint: 'Seine registreringar kan framleis kome. Krev ei grunngiving, som blir vist saman med tala.',
    reason: 'Grunngiving for tidleg publisering',
    reasonHint: '10 til 2000 teikn.',
    correctionTitle: 'Publiser ei retting',
    correctionIntro: 'Ei retting blir ein ny versjon av ein publisert periode. Dei tidlegare versjonane kan framleis lesast.',
    correctionReason: 'Kva var feil i dei publiserte tala?',
    publish: 'Publiser perioden',
    publishCorrection: 'Publiser rettinga',
    caption: 'Publiserte periodar, alle versjonar',
    version: 'Versjon',
    publishedAt: 'Publisert',
    institutionCount: 'Institusjonar',
    note: 'Merknad',
    earlyNote: 'Tidleg: {reason}',
    correctionNote: 'Retting: {reason}',
    periodInvalid: 'Skriv perioden som eit år (2026) eller eit kvartal (2026-Q1).',
    alreadyPublished: 'Perioden er alt publisert. Publiser ei retting med grunngiving i staden.',
    notPublished: 'Perioden er ikkje publisert enno, så han kan ikkje rettast.',
    periodNotEnded: 'Perioden er ikkje over enno og kan ikkje publiserast.',
    withinGracePeriod: 'Perioden er i karenstida. Kryss av for å publisere likevel, og skriv ei grunngiving.',
    reasonInvalid: 'Skriv kvifor perioden blir publisert tidleg (10 til 2000 teikn).',
    correctionReasonInvalid: 'Skriv kva som var feil i dei publiserte tala (10 til 2000 teikn).',
  },
  settings: {
    ...ADMIN_MESSAGES_NB.settings,
    title: 'Indikatorinnstillingar',
    intro: 'Løpande tal følgjer endringar med ein gong. Publiserte periodar beheld innstillingane dei vart publiserte med.',
    changedBy: 'Endra av',
    changedAt: 'Endra',
    reason: 'Grunngiving',
    reasonHint: 'Kvifor innstillingane blir endra (10 til 2000 teikn). Ho blir lagra i historikken.',
    defaults: 'Standardverdiane gjeld (ingen endringar enno).',
    parameters: {
      eq5dMid: 'Minste viktige skilnad i EQ-5D-5L-indeks',
      barthelMcid: 'Viktig betring på Barthel-indeksen (poeng)',
      barthelIndependenceThreshold: 'Barthel-indeks for sjølvhjelpen ved utskriving (poeng)',
      coverageWarning: 'Dekningsgrad som blir markert (del)',
      suppressionThreshold: 'Færre episodar enn dette blir skjulte',
      overdispersionMinInstitutions: 'Institusjonar som trengst for å anslå overspreiing',
      liveMinContributors: 'Institusjonar som må bidra til løpande tal for region og land',
      liveMaxContributorShare: 'Største del éin institusjon kan ha av løpande tal',
      publicationGraceDays: 'Karenstid etter slutten av perioden (dagar)',
      protectionMargin: 'Vernemargin for skjulte tal (episodar)',
    },
    targetsCaption: 'Mål og minstekrav per indikator',
    noTargets: 'Ingen mål er sette.',
    changeTitle: 'Endre parametrane',
    save: 'Lagre innstillingane',
    historyCaption: 'Alle endringar, nyaste først',
    reasonInvalid: 'Skriv kvifor innstillingane blir endra (10 til 2000 teikn).',
  },
  audit: {
    ...ADMIN_MESSAGES_NB.audit,
    actorId: 'Aktør (brukar- eller klient-id)',
    anyInstitution: 'Alle',
    actionHint: 'Til dømes episode.read',
    caption: 'Hendingar, nyaste først',
    none: 'Ingen hendingar passar til filteret.',
    count: '{total} hendingar passar til filteret.',
    countMore: 'Meir enn {total} hendingar passar til filteret.',
    older: 'Eldre hendingar',
    newer: 'Nyare hendingar',
    newest: 'Nyaste hendingar',
    dateInvalid: 'Skriv ein gyldig dato (åååå-mm-dd).',
    cursorInvalid: 'Lenkja til denne sida er ikkje lenger gyldig. Byrj med dei nyaste hendingane.',
    verifyTitle: 'Kontroller kjeda',
    verifyIntro: 'Reknar ut heile hash-kjeda på nytt og samanliknar henne med dei signerte sjekkpunkta utanfor databasen.',
    verify: 'Kontroller revisjonsloggen',
    verifyOk: 'Kjeda er heil: ingen rader er endra, sletta eller sette inn.',
    verifyBroken: 'Kjeda er broten. Sjå problema under.',
    checked: 'Kontrollerte rader',
    unsealed: 'Rader som ikkje er forsegla enno',
    checkpoints: 'Sjekkpunkt',
    problems: 'Problem',
  },
  flash: {
    institutionCreated: 'Institusjonen er registrert.',
    institutionUpdated: 'Institusjonen er endra.',
    unitCreated: 'Eininga er lagd til.',
    apiKeyRevoked: 'API-nøkkelen er tilbakekalla.',
    userCreated: 'Brukaren er oppretta.',
    userUpdated: 'Brukaren er endra.',
    dataManagerChanged: 'Rolla som dataansvarleg er endra.',
    sessionsEnded: 'Innloggingane til brukaren er avslutta.',
    passwordReset: 'Brukaren har fått eit mellombels passord.',
    published: 'Perioden er publisert.',
    settingsChanged: 'Innstillingane er lagra.',
  },
};

export const ADMIN_MESSAGES_EN: AdminMessages = {
  nav: { institutions: 'Institutions', users: 'Users', publishing: 'Publishing', settings: 'Indicator settings', audit: 'Audit log' },
  errorSummary: 'Correct this to continue:',
  save: 'Save',
  active: 'Active',
  inactive: 'Deactivated',
  status: 'Status',
  none: 'None yet.',
  created: 'Created',
  invalidValue: 'The value is not valid.',
  institutions: {
    title: 'Institutions',
    caption: 'Registered institutions',
    createTitle: 'Register an institution',
    name: 'Name',
    orgNumber: 'Organization number',
    orgNumberHint: '9 digits',
    kind: 'Kind',
    region: 'Health region',
    create: 'Register the institution',
    kinds: { health_trust: 'Health trust', private: 'Private institution', municipality: 'Municipality' },
    regions: {
      'helse-nord': 'Northern Norway',
      'helse-midt-norge': 'Central Norway',
      'helse-vest': 'Western Norway',
      'helse-sor-ost': 'South-Eastern Norway',
    },
    deactivate: 'Deactivate the institution',
    activate: 'Activate the institution',
    units: 'Units',
    unitName: 'Name of the unit',
    addUnit: 'Add the unit',
    apiKeysLink: "API keys of the institution's systems",
    nameInvalid: 'Enter the name (1 to 200 characters).',
    orgNumberInvalid: 'Enter a valid organization number: 9 digits with the right check digit.',
    orgNumberExists: 'An institution with this organization number is registered already.',
    unitNameInvalid: 'Enter the name of the unit (1 to 200 characters).',
    unitExists: 'The institution has a unit of this name already.',
  },
  apiKeys: {
    title: 'API keys: {institution}',
    intro: "The institution's systems (such as the health record system) send data with an API key. A revoked key stops working at once.",
    caption: "The institution's API keys",
    name: 'What the key is for',
    nameHint: 'For example "DIPS integration", so you recognise it later.',
    create: 'Create a new key',
    createdTitle: 'New API key',
    createdBody: 'Copy the key now. It is shown this once only; the register keeps only a hash of it.',
    key: 'Key',
    prefix: 'Start',
    revoke: 'Revoke',
    revokedAt: 'Revoked',
    nameInvalid: 'Enter what the key is for (1 to 200 characters).',
  },
  users: {
    title: 'Users',
    caption: "The register's users",
    createTitle: 'Create a user',
    email: 'Email',
    password: 'Temporary password',
    passwordHint: 'At least 12 characters. The user must change it at first sign-in.',
    role: 'Role',
    institutions: 'Institutions',
    institutionsHint: 'Only staff belong to institutions, and they must belong to at least one.',
    dataManager: 'Data manager',
    dataManagerHint: "A data manager may export all of the institution's data.",
    grantDataManager: 'Make data manager of {institution}',
    removeDataManager: 'Remove as data manager of {institution}',
    create: 'Create the user',
    editTitle: 'Role, institutions and status',
    deactivate: 'Deactivated (cannot sign in)',
    activate: 'Active',
    resetTitle: 'Reset the password',
    resetPassword: 'Set a temporary password',
    mustChangeNotice: 'The user has a temporary password and must choose their own at their next sign-in.',
    sessionsTitle: 'Sessions',
    sessionsHint: "Ends all of the user's browser sessions. Their next page asks them to sign in again.",
    endSessions: 'End sessions',
    emailInvalid: 'Enter a valid email address.',
    emailExists: 'A user with this email address exists already.',
    passwordTooShort: 'The password must have at least 12 characters.',
    institutionsMissing: 'Choose at least one institution for a staff user.',
    institutionsNotForRole: 'Only staff belong to institutions. Remove the institutions or choose the staff role.',
  },
  publishing: {
    title: 'Publishing indicators',
    intro: "Publishing freezes the period's figures. Late registrations then change only the live view, until a correction is published.",
    publishTitle: 'Publish a period',
    period: 'Period',
    periodHint: 'A year (2026) or a quarter (2026-Q1). The period must have ended.',
    force: 'Publish within the grace period',
    forceHint: 'Late registrations may still arrive. Needs a reason, which is shown with the figures.',
    reason: 'Why publish early',
    reasonHint: '10 to 2,000 characters.',
    correctionTitle: 'Publish a correction',
    correctionIntro: 'A correction is a new version of a published period. The earlier versions stay readable.',
    correctionReason: 'What was wrong with the published figures?',
    publish: 'Publish the period',
    publishCorrection: 'Publish the correction',
    caption: 'Published periods, every version',
    version: 'Version',
    publishedAt: 'Published',
    institutionCount: 'Institutions',
    note: 'Note',
    earlyNote: 'Early: {reason}',
    correctionNote: 'Correction: {reason}',
    periodInvalid: 'Enter the period as a year (2026) or a quarter (2026-Q1).',
    alreadyPublished: 'The period is published already. Publish a correction with its reason instead.',
    notPublished: 'The period is not published yet, so it cannot be corrected.',
    periodNotEnded: 'The period has not ended and cannot be published.',
    withinGracePeriod: 'The period is within its grace period. Tick the box to publish anyway, and give a reason.',
    reasonInvalid: 'Say why the period is published early (10 to 2,000 characters).',
    correctionReasonInvalid: 'Say what was wrong with the published figures (10 to 2,000 characters).',
  },
  settings: {
    title: 'Indicator settings',
    intro: 'Live figures follow a change at once. Published periods keep the settings they were published with.',
    version: 'Version',
    changedAt: 'Changed',
    changedBy: 'Changed by',
    reason: 'Reason',
    reasonHint: 'Why the settings change (10 to 2,000 characters). It is kept in the history.',
    defaults: 'The defaults apply (no changes yet).',
    parameters: {
      eq5dMid: 'Minimal important difference in the EQ-5D-5L index',
      barthelMcid: 'Important improvement on the Barthel index (points)',
      barthelIndependenceThreshold: 'Barthel index counted as independent at discharge (points)',
      coverageWarning: 'Coverage below which an institution is marked (share)',
      suppressionThreshold: 'Figures resting on fewer episodes are hidden',
      overdispersionMinInstitutions: 'Institutions needed to estimate overdispersion',
      liveMinContributors: 'Institutions that must contribute to live regional and national figures',
      liveMaxContributorShare: 'Largest share one institution may have of a live figure',
      publicationGraceDays: "Grace period after a period's end (days)",
      protectionMargin: 'Protection margin of hidden counts (episodes)',
    },
    range: 'From {min} to {max}.',
    targets: 'Targets',
    targetsCaption: 'Targets and minimum requirements by indicator',
    indicator: 'Indicator',
    minimum: 'Minimum',
    target: 'Target',
    noTargets: 'No targets are set.',
    changeTitle: 'Change the parameters',
    save: 'Save the settings',
    history: 'History',
    historyCaption: 'Every change, newest first',
    reasonInvalid: 'Say why the settings change (10 to 2,000 characters).',
  },
  audit: {
    title: 'Audit log',
    filters: 'Filters',
    actorId: 'Actor (user or client id)',
    institution: 'Institution',
    anyInstitution: 'Any',
    action: 'Action',
    actionHint: 'For example episode.read',
    from: 'From date',
    to: 'To date (inclusive)',
    apply: 'Show',
    caption: 'Events, newest first',
    occurredAt: 'Time',
    actor: 'Actor',
    objects: 'Object',
    rows: 'Rows',
    none: 'No events match the filters.',
    count: '{total} events match the filter.',
    countMore: 'More than {total} events match the filter.',
    older: 'Older events',
    newer: 'Newer events',
    newest: 'Newest events',
    dateInvalid: 'Enter a valid date (yyyy-mm-dd).',
    cursorInvalid: 'The link to this page is no longer valid. Start with the newest events.',
    verifyTitle: 'Verify the chain',
    verifyIntro: 'Recomputes the whole hash chain and compares it with the signed checkpoints kept outside the database.',
    verify: 'Verify the audit log',
    verifyOk: 'The chain is whole: no row was edited, deleted or inserted.',
    verifyBroken: 'The chain is broken. See the problems below.',
    checked: 'Rows checked',
    unsealed: 'Rows not sealed yet',
    checkpoints: 'Checkpoints',
    problems: 'Problems',
  },
  flash: {
    institutionCreated: 'The institution is registered.',
    institutionUpdated: 'The institution is changed.',
    unitCreated: 'The unit is added.',
    apiKeyRevoked: 'The API key is revoked.',
    userCreated: 'The user is created.',
    userUpdated: 'The user is changed.',
    dataManagerChanged: 'The data manager role is changed.',
    sessionsEnded: "The user's sessions are ended.",
    passwordReset: 'The user has a temporary password.',
    published: 'The period is published.',
    settingsChanged: 'The settings are saved.',
  },
};
