/**
 * Every word of the web workspace's own text (sign-in, layout, refusals and the feature pages), per
 * language: one catalogue set, the same keys in bokmål, nynorsk and English (the type makes a missing
 * key a compile error, and test/web/messages.spec.ts checks the objects themselves). Pages hold no text.
 */
import type { OidcFailure } from '../auth/oidc-client';
import type { Language } from '../common/languages';
import type { ResponseMode } from '../episodes/responses/dto/response.dto';
import type {
  ConsentStatus,
  Coordinator,
  DischargeDestination,
  EpisodeSort,
  IndividualPlan,
  MissingFilter,
  MissingForm,
  Profession,
  Programme,
  RehabLevel,
  ServiceLevel,
  Setting,
  Sex,
} from '../episodes/episode.enums';
import { STAFF_MESSAGES_EN, STAFF_MESSAGES_NB, STAFF_MESSAGES_NN, type StaffFlashKey, type StaffMessages } from './messages-staff';
import { ADMIN_MESSAGES_EN, ADMIN_MESSAGES_NB, ADMIN_MESSAGES_NN, type AdminFlashKey, type AdminMessages } from './messages-admin';
import {
  RESEARCH_MESSAGES_EN,
  RESEARCH_MESSAGES_NB,
  RESEARCH_MESSAGES_NN,
  type ResearchFlashKey,
  type ResearchMessages,
} from './messages-research';

/** What a page that refuses says: no access, unknown page, outdated form and the like. */
export type RefusalKind = 'forbidden' | 'notFound' | 'csrf' | 'badRequest' | 'rateLimited' | 'unavailable' | 'error';

/** Messages shown once after an action (post/redirect/get), by key. */
export type FlashKey =
  | 'signedIn'
  | 'signedOut'
  | 'languageChanged'
  | 'institutionChosen'
  | 'passwordChanged'
  | 'episodeRegistered'
  | 'episodeUpdated'
  | 'episodeDischarged'
  | 'responseSaved'
  | 'responseCorrected'
  | AdminFlashKey
  | ResearchFlashKey
  | StaffFlashKey;

/** The fields of the episode forms (register, change, discharge), for their labels and errors. */
export type EpisodeFormField =
  | 'externalId'
  | 'nationalId'
  | 'sex'
  | 'referralDate'
  | 'admissionDate'
  | 'dischargeDate'
  | 'setting'
  | 'serviceLevel'
  | 'programme'
  | 'mainDiagnosis'
  | 'dischargeDestination'
  | 'rehabLevel'
  | 'professions'
  | 'individualPlan'
  | 'coordinator'
  | 'municipalityNotifiedDate'
  | 'consentStatus'
  | 'consentDate';

/** The fields of the response form besides the items (whose names are the instrument's). */
export type ResponseFormField = 'timepoint' | 'completedDate' | 'mode';

export type WebRole = 'admin' | 'staff' | 'researcher';

export interface WebMessages {
  languageName: string;
  languageNav: string;
  appName: string;
  errorTitlePrefix: string;
  skipLink: string;
  mainNav: string;
  breadcrumbs: string;
  signedInAs: string;
  signOut: string;
  signIn: string;
  roles: Record<WebRole, string>;
  nav: { start: string; episodes: string; results: string };
  home: { title: string; intro: string; signInLink: string };
  start: { title: string; intro: string; nothingYet: string };
  signInPage: {
    title: string;
    intro: string;
    email: string;
    password: string;
    submit: string;
    errorSummary: string;
    wrongCredentials: string;
    emailMissing: string;
    passwordMissing: string;
    rateLimited: string;
    /** The button to the external identity provider ({name}: OIDC_DISPLAY_NAME). */
    external: string;
    orPassword: string;
    externalFailedHeading: string;
    externalFailed: Record<OidcFailure, string>;
  };
  flash: Record<FlashKey, string>;
  password: {
    link: string;
    title: string;
    intro: string;
    current: string;
    new: string;
    repeat: string;
    submit: string;
    errorSummary: string;
    wrongCurrent: string;
    tooShort: string;
    mismatch: string;
    mustChange: string;
  };
  /** Members of several institutions choose the one they work in (after sign-in, and from the header). */
  institutionChoice: {
    /** The header's label before the institution's name. */
    label: string;
    switchLink: string;
    title: string;
    intro: string;
    legend: string;
    /** Beside the institution the session works in now. */
    current: string;
    submit: string;
    notChosenHeading: string;
    missing: string;
    notMember: string;
  };
  refusal: Record<RefusalKind, { title: string; body: string }>;
  backToStart: string;
  episodes: {
    title: string;
    filters: string;
    admittedFrom: string;
    admittedTo: string;
    programme: string;
    setting: string;
    status: string;
    any: string;
    open: string;
    closed: string;
    apply: string;
    count: string;
    none: string;
    externalId: string;
    admission: string;
    discharge: string;
    notDischarged: string;
    birthYear: string;
    /** More than the count cap match; {total} is the cap. */
    countMore: string;
    pagination: string;
    first: string;
    previous: string;
    next: string;
    sort: string;
    sorts: Record<EpisodeSort, string>;
    invalidCursor: string;
    /** The "missing" filter, its choices, the column and its short names. */
    missing: string;
    missingFilters: Record<MissingFilter, string>;
    missingForms: Record<MissingForm, string>;
    nothingMissing: string;
    tableCaption: string;
    detailTitle: string;
    facts: string;
    serviceLevel: string;
    mainDiagnosis: string;
    responses: string;
    noResponses: string;
    timepoint: string;
    instrument: string;
    completed: string;
    scores: string;
    outOfWindow: string;
    invalidDate: string;
    invalidChoice: string;
  };
  episodeForm: {
    registerLink: string;
    registerTitle: string;
    registerIntro: string;
    editLink: string;
    editTitle: string;
    dischargeLink: string;
    dischargeTitle: string;
    dischargeIntro: string;
    labels: Record<EpisodeFormField, string>;
    nationalIdHint: string;
    externalIdHint: string;
    mainDiagnosisHint: string;
    optional: string;
    choose: string;
    sexFromNumber: string;
    submitRegister: string;
    submitEdit: string;
    submitDischarge: string;
    errorSummary: string;
    errors: Record<EpisodeFormField, string>;
    patientMismatch: string;
    consentRefused: string;
    dischargeRequired: string;
  };
  responseForm: {
    addForms: string;
    add: string;
    addTitle: string;
    paperIntro: string;
    title: string;
    correctLink: string;
    correctTitle: string;
    correctIntro: string;
    labels: Record<ResponseFormField, string>;
    modes: Record<ResponseMode, string>;
    vas: string;
    submit: string;
    submitCorrection: string;
    errorSummary: string;
    errors: Record<ResponseFormField, string>;
    itemError: string;
    vasError: string;
    exists: string;
    superseded: string;
    scores: string;
    versions: string;
    version: string;
    savedAt: string;
    supersededAt: string;
    current: string;
    open: string;
    scoreLabels: { state: string; levelSum: string; index: string; vas: string; total100: string; total20: string; band: string };
    /** The Barthel form on the 20-point scale (Collin & Wade) or the 100-point one; {scale} is 20 or 100. */
    scaleNote: string;
    otherScale: string;
    bands: Record<'total' | 'severe' | 'moderate' | 'slight' | 'independent', string>;
  };
  dischargeDestinations: Record<DischargeDestination, string>;
  consentStatuses: Record<ConsentStatus, string>;
  sexes: Record<Sex, string>;
  rehabLevels: Record<RehabLevel, string>;
  professions: Record<Profession, string>;
  individualPlans: Record<IndividualPlan, string>;
  coordinators: Record<Coordinator, string>;
  programmes: Record<Programme, string>;
  settings: Record<Setting, string>;
  serviceLevels: Record<ServiceLevel, string>;
  timepoints: Record<'admission' | 'discharge' | 'follow_up', string>;
  /** The administrators' pages (src/web/messages-admin.ts). */
  admin: AdminMessages;
  /** The researchers' pages and the decisions on their extracts (src/web/messages-research.ts). */
  research: ResearchMessages;
  staff: StaffMessages;
}

const nb: WebMessages = {
  languageName: 'Bokmål',
  languageNav: 'Språk',
  appName: 'Rehabiliteringsregisteret',
  errorTitlePrefix: 'Feil: ',
  skipLink: 'Hopp til hovedinnholdet',
  mainNav: 'Hovedmeny',
  breadcrumbs: 'Du er her',
  signedInAs: 'Logget inn som {email}',
  signOut: 'Logg ut',
  signIn: 'Logg inn',
  roles: { admin: 'Administrator', staff: 'Behandler', researcher: 'Forsker' },
  nav: { start: 'Start', episodes: 'Episoder', results: 'Resultater' },
  home: {
    title: 'Nasjonalt kvalitetsregister for rehabilitering',
    intro: 'Registeret samler forløp, EQ-5D-5L og Barthel fra rehabiliteringstilbud i hele landet. Resultatene publiseres her.',
    signInLink: 'Logg inn for ansatte, administratorer og forskere',
  },
  start: {
    title: 'Start',
    intro: 'Velg det du skal gjøre i menyen.',
    nothingYet: 'Sidene for din rolle kommer snart. Til da bruker du API-et.',
  },
  signInPage: {
    title: 'Logg inn',
    intro: 'Logg inn med e-postadressen og passordet ditt.',
    email: 'E-post',
    password: 'Passord',
    submit: 'Logg inn',
    errorSummary: 'Du ble ikke logget inn:',
    wrongCredentials: 'E-postadressen eller passordet er feil, eller brukeren er deaktivert.',
    emailMissing: 'Skriv e-postadressen din.',
    passwordMissing: 'Skriv passordet ditt.',
    rateLimited: 'For mange forsøk. Vent et minutt og prøv igjen.',
    external: 'Logg inn med {name}',
    orPassword: 'Eller logg inn med e-post og passord:',
    externalFailedHeading: 'Du ble ikke logget inn',
    externalFailed: {
      cancelled: 'Innloggingen hos {name} ble avbrutt eller avvist. Prøv igjen.',
      expired: 'Innloggingen tok for lang tid eller ble startet i en annen nettleser. Prøv igjen.',
      mismatch: 'Svaret fra {name} hørte ikke til denne innloggingen. Prøv igjen.',
      unverified: 'Svaret fra {name} kunne ikke bekreftes. Prøv igjen, eller logg inn med e-post og passord.',
      unreachable: 'Vi fikk ikke kontakt med {name}. Prøv igjen senere, eller logg inn med e-post og passord.',
      'unknown-user':
        'Du er logget inn hos {name}, men har ingen aktiv bruker i registeret. Be en administrator om en bruker med e-postadressen din.',
      'linked-elsewhere': 'Brukeren med denne e-postadressen er knyttet til en annen identitet hos {name}. Kontakt en administrator.',
    },
  },
  flash: {
    ...ADMIN_MESSAGES_NB.flash,
    ...RESEARCH_MESSAGES_NB.flash,
    ...STAFF_MESSAGES_NB.flash,
    signedIn: 'Du er logget inn.',
    signedOut: 'Du er logget ut.',
    languageChanged: 'Språket er endret.',
    institutionChosen: 'Du har byttet institusjon.',
    passwordChanged: 'Passordet er endret.',
    episodeRegistered: 'Episoden er registrert.',
    episodeUpdated: 'Episoden er endret.',
    episodeDischarged: 'Pasienten er skrevet ut.',
    responseSaved: 'Skjemaet er lagret.',
    responseCorrected: 'Skjemaet er rettet.',
  },
  password: {
    link: 'Endre passord',
    title: 'Endre passord',
    intro: 'Det nye passordet må ha minst 12 tegn. En setning du husker, er et godt passord.',
    current: 'Nåværende passord',
    new: 'Nytt passord',
    repeat: 'Gjenta nytt passord',
    submit: 'Endre passord',
    errorSummary: 'Passordet ble ikke endret:',
    wrongCurrent: 'Det nåværende passordet er feil.',
    tooShort: 'Det nye passordet må ha minst 12 tegn.',
    mismatch: 'Skriv det samme nye passordet to ganger.',
    mustChange: 'Passordet ditt er midlertidig. Velg ditt eget passord før du går videre.',
  },
  refusal: {
    forbidden: { title: 'Ingen tilgang', body: 'Du har ikke tilgang til denne siden.' },
    notFound: { title: 'Fant ikke siden', body: 'Siden finnes ikke, eller du har ikke tilgang til den.' },
    csrf: {
      title: 'Siden var utdatert',
      body: 'Skjemaet kunne ikke sendes fordi siden var utdatert. Gå tilbake, last inn siden på nytt og prøv igjen.',
    },
    badRequest: { title: 'Forespørselen kunne ikke leses', body: 'Gå tilbake og kontroller det du fylte inn.' },
    rateLimited: { title: 'For mange forsøk', body: 'Vent et minutt og prøv igjen.' },
    unavailable: { title: 'Registeret er utilgjengelig', body: 'Prøv igjen om litt.' },
    error: { title: 'Noe gikk galt', body: 'Prøv igjen om litt. Oppgi forespørsels-ID {requestId} hvis du kontakter brukerstøtte.' },
  },
  institutionChoice: {
    label: 'Institusjon:',
    switchLink: 'Bytt institusjon',
    title: 'Velg institusjon',
    intro:
      'Du er medlem av flere institusjoner. Velg den du skal arbeide i nå. Du ser og registrerer bare data for den valgte institusjonen, og du kan bytte i toppfeltet.',
    legend: 'Institusjon',
    current: '(valgt nå)',
    submit: 'Arbeid i denne institusjonen',
    notChosenHeading: 'Institusjonen ble ikke valgt',
    missing: 'Velg en av institusjonene nedenfor.',
    notMember: 'Du er ikke medlem av den institusjonen. Velg en av institusjonene nedenfor.',
  },
  backToStart: 'Til startsiden',
  episodes: {
    title: 'Episoder',
    filters: 'Filtrer',
    admittedFrom: 'Innlagt fra',
    admittedTo: 'Innlagt til',
    programme: 'Program',
    setting: 'Behandlingsform',
    status: 'Status',
    any: 'Alle',
    open: 'Åpne',
    closed: 'Avsluttede',
    apply: 'Vis episoder',
    count: '{total} episoder',
    none: 'Ingen episoder passer til filteret.',
    externalId: 'Episode-ID',
    admission: 'Innleggelse',
    discharge: 'Utskrivning',
    notDischarged: 'Ikke utskrevet',
    birthYear: 'Fødselsår',
    countMore: 'Mer enn {total} episoder',
    pagination: 'Sider',
    first: 'Første side',
    previous: 'Forrige side',
    next: 'Neste side',
    sort: 'Rekkefølge',
    sorts: { '-admissionDate': 'Nyeste innleggelse først', admissionDate: 'Eldste innleggelse først', externalId: 'Episode-ID' },
    invalidCursor: 'Lenken til denne siden er ikke lenger gyldig. Begynn på første side.',
    missing: 'Mangler',
    missingFilters: {
      'admission-eq5d': 'EQ-5D ved innleggelse',
      'discharge-eq5d': 'EQ-5D ved utskrivning',
      barthel: 'Barthel',
      'out-of-window': 'Svar utenfor tidsvinduet',
    },
    missingForms: {
      'admission-eq5d': 'EQ-5D inn',
      'admission-barthel': 'Barthel inn',
      'discharge-eq5d': 'EQ-5D ut',
      'discharge-barthel': 'Barthel ut',
      'out-of-window': 'utenfor tidsvindu',
    },
    nothingMissing: 'Komplett',
    tableCaption: 'Episoder',
    detailTitle: 'Episode {externalId}',
    facts: 'Opplysninger',
    serviceLevel: 'Tjenestenivå',
    mainDiagnosis: 'Hoveddiagnose',
    responses: 'Skjemaer',
    noResponses: 'Ingen skjemaer er registrert.',
    timepoint: 'Tidspunkt',
    instrument: 'Skjema',
    completed: 'Utfylt',
    scores: 'Skårer',
    outOfWindow: 'utenfor tidsvinduet',
    invalidDate: 'Skriv en gyldig dato som ikke er i fremtiden. «Innlagt til» kan ikke være før «Innlagt fra».',
    invalidChoice: 'Velg en av verdiene i listen.',
  },
  episodeForm: {
    registerLink: 'Registrer episode',
    registerTitle: 'Registrer episode',
    registerIntro: 'Registrer et rehabiliteringsopphold. Finnes episode-ID-en fra før, blir episoden oppdatert.',
    editLink: 'Endre episoden',
    editTitle: 'Endre episode {externalId}',
    dischargeLink: 'Skriv ut pasienten',
    dischargeTitle: 'Skriv ut pasienten i episode {externalId}',
    dischargeIntro: 'Oppgi utskrivningsdatoen og hvor pasienten skrives ut til.',
    labels: {
      externalId: 'Episode-ID',
      nationalId: 'Fødselsnummer',
      sex: 'Kjønn',
      referralDate: 'Henvisningsdato',
      admissionDate: 'Innleggelsesdato',
      dischargeDate: 'Utskrivningsdato',
      setting: 'Behandlingsform',
      serviceLevel: 'Tjenestenivå',
      programme: 'Program',
      mainDiagnosis: 'Hoveddiagnose (ICD-10)',
      dischargeDestination: 'Utskrevet til',
      rehabLevel: 'Rehabiliteringsnivå',
      consentStatus: 'Samtykke',
      consentDate: 'Dato for samtykke',
      professions: 'Yrkesgrupper som deltok',
      individualPlan: 'Individuell plan',
      coordinator: 'Koordinator',
      municipalityNotifiedDate: 'Dato kommunen ble varslet',
    },
    nationalIdHint: '11 siffer. Nummeret lagres ikke og vises aldri igjen, så skriv det på nytt hvis skjemaet kommer tilbake med feil.',
    externalIdHint: 'ID-en episoden har i pasientjournalen.',
    mainDiagnosisHint: 'For eksempel I63.9.',
    optional: '(valgfritt)',
    choose: 'Velg',
    sexFromNumber: 'Ut fra fødselsnummeret',
    submitRegister: 'Registrer episoden',
    submitEdit: 'Lagre endringene',
    submitDischarge: 'Skriv ut',
    errorSummary: 'Episoden ble ikke lagret:',
    errors: {
      externalId: 'Skriv episode-ID-en (1 til 100 tegn).',
      nationalId: 'Skriv et gyldig fødselsnummer, D- eller H-nummer (11 siffer).',
      sex: 'Velg kjønn, eller la det stå ut fra fødselsnummeret.',
      referralDate: 'Henvisningsdatoen må være en dato som ikke er fram i tid, og ikke etter innleggelsen.',
      admissionDate: 'Skriv innleggelsesdatoen: en dato som ikke er fram i tid, og ikke før pasienten ble født.',
      dischargeDate: 'Utskrivningsdatoen må være en dato som ikke er fram i tid, og ikke før innleggelsen.',
      setting: 'Velg behandlingsform.',
      serviceLevel: 'Velg tjenestenivå.',
      programme: 'Velg program.',
      mainDiagnosis: 'Skriv en ICD-10-kode, for eksempel I63.9.',
      dischargeDestination: 'Velg hvor pasienten ble skrevet ut til.',
      rehabLevel: 'Nivå 1–4 hører til kommunehelsetjenesten og 5.1–5.3 til spesialisthelsetjenesten, og nivået må passe institusjonen.',
      consentStatus: 'Velg samtykke.',
      consentDate: 'Skriv datoen for samtykket: en dato som ikke er fram i tid.',
      professions: 'Kryss av for yrkesgruppene som deltok, eller ingen hvis det ikke er kjent.',
      individualPlan: 'Velg status for individuell plan.',
      coordinator: 'Velg status for koordinator.',
      municipalityNotifiedDate: 'Datoen kommunen ble varslet må være en dato som ikke er fram i tid.',
    },
    patientMismatch:
      'Episode-ID-en er registrert for en annen pasient. Kontroller fødselsnummeret, eller rett pasienten på episodens side.',
    consentRefused: 'Registeret kan ikke ta imot episoden uten et gyldig samtykke.',
    dischargeRequired: 'Skriv utskrivningsdatoen.',
  },
  responseForm: {
    addForms: 'Registrer skjema fra papir',
    add: 'Registrer {instrument} ved {timepoint}',
    addTitle: 'Registrer {instrument}: episode {externalId}',
    paperIntro: 'Skriv inn svarene slik pasienten eller behandleren fylte ut skjemaet. Spørsmål uten svar kan stå tomme.',
    title: '{instrument} ved {timepoint}: episode {externalId}',
    correctLink: 'Rett svarene',
    correctTitle: 'Rett {instrument} ved {timepoint}: episode {externalId}',
    correctIntro: 'Rettingen lagres som en ny versjon. De tidligere versjonene blir stående i historikken.',
    labels: { timepoint: 'Tidspunkt', completedDate: 'Utfylt dato', mode: 'Hvordan skjemaet ble fylt ut' },
    modes: {
      patient_web: 'Pasienten på nett',
      patient_paper: 'Pasienten på papir',
      proxy: 'Pårørende eller annen på vegne av pasienten',
      clinician: 'Behandler',
    },
    vas: 'EQ VAS: et helt tall fra 0 til 100',
    submit: 'Lagre skjemaet',
    submitCorrection: 'Lagre rettingen',
    errorSummary: 'Skjemaet ble ikke lagret:',
    errors: {
      timepoint: 'Velg tidspunkt.',
      completedDate: 'Skriv datoen skjemaet ble fylt ut: en dato som ikke er fram i tid.',
      mode: 'Velg hvordan skjemaet ble fylt ut.',
    },
    itemError: 'Velg ett av svarene for «{item}», eller la spørsmålet stå tomt.',
    vasError: 'EQ VAS må være et helt tall fra 0 til 100.',
    exists: 'Episoden har allerede dette skjemaet ved dette tidspunktet. Åpne det fra episoden og rett det i stedet.',
    superseded: 'Denne versjonen er allerede rettet. Åpne skjemaet på nytt og rett den nyeste versjonen.',
    scores: 'Skårer',
    versions: 'Versjoner',
    version: 'Versjon',
    savedAt: 'Lagret',
    supersededAt: 'Erstattet',
    current: 'Gjeldende',
    open: 'Åpne',
    scoreLabels: {
      state: 'Helsetilstand',
      levelSum: 'Nivåsum',
      index: 'Indeks',
      vas: 'EQ VAS',
      total100: 'Barthel (0–100)',
      total20: 'Barthel (0–20)',
      band: 'Grad av avhengighet',
    },
    scaleNote: 'Svarene gis på {scale}-poengsskalaen.',
    otherScale: 'Bruk {scale}-poengsskalaen i stedet',
    bands: {
      total: 'Totalt avhengig',
      severe: 'Alvorlig avhengig',
      moderate: 'Moderat avhengig',
      slight: 'Lett avhengig',
      independent: 'Selvhjulpen',
    },
  },
  dischargeDestinations: {
    home: 'Hjem',
    home_with_services: 'Hjem med tjenester',
    nursing_home: 'Sykehjem',
    other_institution: 'Annen institusjon',
    hospital: 'Sykehus',
    deceased: 'Død',
    other: 'Annet',
  },
  consentStatuses: { given: 'Gitt', refused: 'Nektet', objected: 'Reservert', not_asked: 'Ikke spurt' },
  sexes: { male: 'Mann', female: 'Kvinne' },
  rehabLevels: { '1': '1', '2': '2', '3': '3', '4': '4', '5.1': '5.1', '5.2': '5.2', '5.3': '5.3' },
  professions: {
    physician: 'Lege',
    nurse: 'Sykepleier',
    physiotherapist: 'Fysioterapeut',
    occupational_therapist: 'Ergoterapeut',
    speech_therapist: 'Logoped',
    social_worker: 'Sosionom',
    clinical_nutritionist: 'Klinisk ernæringsfysiolog',
    psychologist: 'Psykolog',
    vision_teacher: 'Synspedagog',
    other: 'Annen',
  },
  individualPlans: {
    established: 'Opprettet',
    offered_declined: 'Tilbudt, takket nei',
    not_needed: 'Ikke behov',
    not_assessed: 'Ikke vurdert',
  },
  coordinators: { assigned: 'Oppnevnt', not_assigned: 'Ikke oppnevnt', not_needed: 'Ikke behov' },
  programmes: {
    stroke: 'Hjerneslag',
    acquired_brain_injury: 'Ervervet hjerneskade',
    spinal_cord_injury: 'Ryggmargsskade',
    multitrauma: 'Multitraume',
    amputation: 'Amputasjon',
    musculoskeletal: 'Muskel og skjelett',
    chronic_pain: 'Langvarige smerter',
    cardiac: 'Hjerte',
    pulmonary: 'Lunge',
    cancer: 'Kreft',
    neurological_other: 'Andre nevrologiske',
    other: 'Annet',
  },
  settings: { inpatient: 'Døgn', day: 'Dag', outpatient: 'Poliklinisk', ambulatory: 'Ambulant', home: 'Hjemme' },
  serviceLevels: { specialist: 'Spesialisthelsetjenesten', municipal: 'Kommunehelsetjenesten' },
  timepoints: { admission: 'Innleggelse', discharge: 'Utskrivning', follow_up: 'Oppfølging' },
  admin: ADMIN_MESSAGES_NB,
  research: RESEARCH_MESSAGES_NB,
  staff: STAFF_MESSAGES_NB,
};

const nn: WebMessages = {
  languageName: 'Nynorsk',
  languageNav: 'Språk',
  appName: 'Rehabiliteringsregisteret',
  errorTitlePrefix: 'Feil: ',
  skipLink: 'Hopp til hovudinnhaldet',
  mainNav: 'Hovudmeny',
  breadcrumbs: 'Du er her',
  signedInAs: 'Logga inn som {email}',
  signOut: 'Logg ut',
  signIn: 'Logg inn',
  roles: { admin: 'Administrator', staff: 'Behandlar', researcher: 'Forskar' },
  nav: { start: 'Start', episodes: 'Episodar', results: 'Resultat' },
  home: {
    title: 'Nasjonalt kvalitetsregister for rehabilitering',
    intro: 'Registeret samlar forløp, EQ-5D-5L og Barthel frå rehabiliteringstilbod i heile landet. Resultata blir publiserte her.',
    signInLink: 'Logg inn for tilsette, administratorar og forskarar',
  },
  start: {
    title: 'Start',
    intro: 'Vel det du skal gjere i menyen.',
    nothingYet: 'Sidene for rolla di kjem snart. Til då brukar du API-et.',
  },
  signInPage: {
    title: 'Logg inn',
    intro: 'Logg inn med e-postadressa og passordet ditt.',
    email: 'E-post',
    password: 'Passord',
    submit: 'Logg inn',
    errorSummary: 'Du vart ikkje logga inn:',
    wrongCredentials: 'E-postadressa eller passordet er feil, eller brukaren er deaktivert.',
    emailMissing: 'Skriv e-postadressa di.',
    passwordMissing: 'Skriv passordet ditt.',
    rateLimited: 'For mange forsøk. Vent eit minutt og prøv igjen.',
    external: 'Logg inn med {name}',
    orPassword: 'Eller logg inn med e-post og passord:',
    externalFailedHeading: 'Du vart ikkje logga inn',
    externalFailed: {
      cancelled: 'Innlogginga hos {name} vart avbroten eller avvist. Prøv igjen.',
      expired: 'Innlogginga tok for lang tid eller vart starta i ein annan nettlesar. Prøv igjen.',
      mismatch: 'Svaret frå {name} høyrde ikkje til denne innlogginga. Prøv igjen.',
      unverified: 'Svaret frå {name} kunne ikkje stadfestast. Prøv igjen, eller logg inn med e-post og passord.',
      unreachable: 'Vi fekk ikkje kontakt med {name}. Prøv igjen seinare, eller logg inn med e-post og passord.',
      'unknown-user':
        'Du er logga inn hos {name}, men har ingen aktiv brukar i registeret. Be ein administrator om ein brukar med e-postadressa di.',
      'linked-elsewhere': 'Brukaren med denne e-postadressa er knytt til ein annan identitet hos {name}. Kontakt ein administrator.',
    },
  },
  flash: {
    ...ADMIN_MESSAGES_NN.flash,
    ...RESEARCH_MESSAGES_NN.flash,
    ...STAFF_MESSAGES_NN.flash,
    signedIn: 'Du er logga inn.',
    signedOut: 'Du er logga ut.',
    languageChanged: 'Språket er endra.',
    institutionChosen: 'Du har bytt institusjon.',
    passwordChanged: 'Passordet er endra.',
    episodeRegistered: 'Episoden er registrert.',
    episodeUpdated: 'Episoden er endra.',
    episodeDischarged: 'Pasienten er skriven ut.',
    responseSaved: 'Skjemaet er lagra.',
    responseCorrected: 'Skjemaet er retta.',
  },
  password: {
    link: 'Endre passord',
    title: 'Endre passord',
    intro: 'Det nye passordet må ha minst 12 teikn. Ei setning du hugsar, er eit godt passord.',
    current: 'Noverande passord',
    new: 'Nytt passord',
    repeat: 'Gjenta nytt passord',
    submit: 'Endre passord',
    errorSummary: 'Passordet vart ikkje endra:',
    wrongCurrent: 'Det noverande passordet er feil.',
    tooShort: 'Det nye passordet må ha minst 12 teikn.',
    mismatch: 'Skriv det same nye passordet to gonger.',
    mustChange: 'Passordet ditt er mellombels. Vel ditt eige passord før du går vidare.',
  },
  refusal: {
    forbidden: { title: 'Inga tilgang', body: 'Du har ikkje tilgang til denne sida.' },
    notFound: { title: 'Fann ikkje sida', body: 'Sida finst ikkje, eller du har ikkje tilgang til henne.' },
    csrf: {
      title: 'Sida var utdatert',
      body: 'Skjemaet kunne ikkje sendast fordi sida var utdatert. Gå tilbake, last inn sida på nytt og prøv igjen.',
    },
    badRequest: { title: 'Førespurnaden kunne ikkje lesast', body: 'Gå tilbake og kontroller det du fylte inn.' },
    rateLimited: { title: 'For mange forsøk', body: 'Vent eit minutt og prøv igjen.' },
    unavailable: { title: 'Registeret er utilgjengeleg', body: 'Prøv igjen om litt.' },
    error: { title: 'Noko gjekk gale', body: 'Prøv igjen om litt. Oppgi førespurnads-ID {requestId} viss du kontaktar brukarstøtte.' },
  },
  institutionChoice: {
    label: 'Institusjon:',
    switchLink: 'Byt institusjon',
    title: 'Vel institusjon',
    intro:
      'Du er medlem av fleire institusjonar. Vel den du skal arbeide i no. Du ser og registrerer berre data for den valde institusjonen, og du kan byte i toppfeltet.',
    legend: 'Institusjon',
    current: '(vald no)',
    submit: 'Arbeid i denne institusjonen',
    notChosenHeading: 'Institusjonen vart ikkje vald',
    missing: 'Vel ein av institusjonane nedanfor.',
    notMember: 'Du er ikkje medlem av den institusjonen. Vel ein av institusjonane nedanfor.',
  },
  backToStart: 'Til startsida',
  episodes: {
    title: 'Episodar',
    filters: 'Filtrer',
    admittedFrom: 'Innlagd frå',
    admittedTo: 'Innlagd til',
    programme: 'Program',
    setting: 'Behandlingsform',
    status: 'Status',
    any: 'Alle',
    open: 'Opne',
    closed: 'Avslutta',
    apply: 'Vis episodar',
    count: '{total} episodar',
    none: 'Ingen episodar passar til filteret.',
    externalId: 'Episode-ID',
    admission: 'Innlegging',
    discharge: 'Utskriving',
    notDischarged: 'Ikkje utskriven',
    birthYear: 'Fødselsår',
    countMore: 'Meir enn {total} episodar',
    pagination: 'Sider',
    first: 'Første side',
    previous: 'Førre side',
    next: 'Neste side',
    sort: 'Rekkjefølgje',
    sorts: { '-admissionDate': 'Nyaste innlegging først', admissionDate: 'Eldste innlegging først', externalId: 'Episode-ID' },
    invalidCursor: 'Lenkja til denne sida er ikkje lenger gyldig. Byrj på første side.',
    missing: 'Manglar',
    missingFilters: {
      'admission-eq5d': 'EQ-5D ved innlegging',
      'discharge-eq5d': 'EQ-5D ved utskriving',
      barthel: 'Barthel',
      'out-of-window': 'Svar utanfor tidsvindauget',
    },
    missingForms: {
      'admission-eq5d': 'EQ-5D inn',
      'admission-barthel': 'Barthel inn',
      'discharge-eq5d': 'EQ-5D ut',
      'discharge-barthel': 'Barthel ut',
      'out-of-window': 'utanfor tidsvindauge',
    },
    nothingMissing: 'Komplett',
    tableCaption: 'Episodar',
    detailTitle: 'Episode {externalId}',
    facts: 'Opplysningar',
    serviceLevel: 'Tenestenivå',
    mainDiagnosis: 'Hovuddiagnose',
    responses: 'Skjema',
    noResponses: 'Ingen skjema er registrerte.',
    timepoint: 'Tidspunkt',
    instrument: 'Skjema',
    completed: 'Utfylt',
    scores: 'Skårar',
    outOfWindow: 'utanfor tidsvindauget',
    invalidDate: 'Skriv ein gyldig dato som ikkje er fram i tid. «Innlagd til» kan ikkje vere før «Innlagd frå».',
    invalidChoice: 'Vel ein av verdiane i lista.',
  },
  episodeForm: {
    registerLink: 'Registrer episode',
    registerTitle: 'Registrer episode',
    registerIntro: 'Registrer eit rehabiliteringsopphald. Finst episode-ID-en frå før, blir episoden oppdatert.',
    editLink: 'Endre episoden',
    editTitle: 'Endre episode {externalId}',
    dischargeLink: 'Skriv ut pasienten',
    dischargeTitle: 'Skriv ut pasienten i episode {externalId}',
    dischargeIntro: 'Oppgi utskrivingsdatoen og kvar pasienten blir skriven ut til.',
    labels: {
      externalId: 'Episode-ID',
      nationalId: 'Fødselsnummer',
      sex: 'Kjønn',
      referralDate: 'Tilvisingsdato',
      admissionDate: 'Innleggingsdato',
      dischargeDate: 'Utskrivingsdato',
      setting: 'Behandlingsform',
      serviceLevel: 'Tenestenivå',
      programme: 'Program',
      mainDiagnosis: 'Hovuddiagnose (ICD-10)',
      dischargeDestination: 'Skriven ut til',
      rehabLevel: 'Rehabiliteringsnivå',
      consentStatus: 'Samtykke',
      consentDate: 'Dato for samtykke',
      professions: 'Yrkesgrupper som deltok',
      individualPlan: 'Individuell plan',
      coordinator: 'Koordinator',
      municipalityNotifiedDate: 'Dato kommunen vart varsla',
    },
    nationalIdHint:
      '11 siffer. Nummeret blir ikkje lagra og blir aldri vist igjen, så skriv det på nytt om skjemaet kjem tilbake med feil.',
    externalIdHint: 'ID-en episoden har i pasientjournalen.',
    mainDiagnosisHint: 'Til dømes I63.9.',
    optional: '(valfritt)',
    choose: 'Vel',
    sexFromNumber: 'Ut frå fødselsnummeret',
    submitRegister: 'Registrer episoden',
    submitEdit: 'Lagre endringane',
    submitDischarge: 'Skriv ut',
    errorSummary: 'Episoden vart ikkje lagra:',
    errors: {
      externalId: 'Skriv episode-ID-en (1 til 100 teikn).',
      nationalId: 'Skriv eit gyldig fødselsnummer, D- eller H-nummer (11 siffer).',
      sex: 'Vel kjønn, eller la det stå ut frå fødselsnummeret.',
      referralDate: 'Tilvisingsdatoen må vere ein dato som ikkje er fram i tid, og ikkje etter innlegginga.',
      admissionDate: 'Skriv innleggingsdatoen: ein dato som ikkje er fram i tid, og ikkje før pasienten vart fødd.',
      dischargeDate: 'Utskrivingsdatoen må vere ein dato som ikkje er fram i tid, og ikkje før innlegginga.',
      setting: 'Vel behandlingsform.',
      serviceLevel: 'Vel tenestenivå.',
      programme: 'Vel program.',
      mainDiagnosis: 'Skriv ein ICD-10-kode, til dømes I63.9.',
      dischargeDestination: 'Vel kvar pasienten vart skriven ut til.',
      rehabLevel: 'Nivå 1–4 høyrer til kommunehelsetenesta og 5.1–5.3 til spesialisthelsetenesta, og nivået må passe institusjonen.',
      consentStatus: 'Vel samtykke.',
      consentDate: 'Skriv datoen for samtykket: ein dato som ikkje er fram i tid.',
      professions: 'Kryss av for yrkesgruppene som deltok, eller ingen om det ikkje er kjent.',
      individualPlan: 'Vel status for individuell plan.',
      coordinator: 'Vel status for koordinator.',
      municipalityNotifiedDate: 'Datoen kommunen vart varsla må vere ein dato som ikkje er fram i tid.',
    },
    patientMismatch:
      'Episode-ID-en er registrert for ein annan pasient. Kontroller fødselsnummeret, eller rett pasienten på sida til episoden.',
    consentRefused: 'Registeret kan ikkje ta imot episoden utan eit gyldig samtykke.',
    dischargeRequired: 'Skriv utskrivingsdatoen.',
  },
  responseForm: {
    addForms: 'Registrer skjema frå papir',
    add: 'Registrer {instrument} ved {timepoint}',
    addTitle: 'Registrer {instrument}: episode {externalId}',
    paperIntro: 'Skriv inn svara slik pasienten eller behandlaren fylte ut skjemaet. Spørsmål utan svar kan stå tomme.',
    title: '{instrument} ved {timepoint}: episode {externalId}',
    correctLink: 'Rett svara',
    correctTitle: 'Rett {instrument} ved {timepoint}: episode {externalId}',
    correctIntro: 'Rettinga blir lagra som ein ny versjon. Dei tidlegare versjonane blir ståande i historikken.',
    labels: { timepoint: 'Tidspunkt', completedDate: 'Utfylt dato', mode: 'Korleis skjemaet vart fylt ut' },
    modes: {
      patient_web: 'Pasienten på nett',
      patient_paper: 'Pasienten på papir',
      proxy: 'Pårørande eller annan på vegner av pasienten',
      clinician: 'Behandlar',
    },
    vas: 'EQ VAS: eit heilt tal frå 0 til 100',
    submit: 'Lagre skjemaet',
    submitCorrection: 'Lagre rettinga',
    errorSummary: 'Skjemaet vart ikkje lagra:',
    errors: {
      timepoint: 'Vel tidspunkt.',
      completedDate: 'Skriv datoen skjemaet vart fylt ut: ein dato som ikkje er fram i tid.',
      mode: 'Vel korleis skjemaet vart fylt ut.',
    },
    itemError: 'Vel eitt av svara for «{item}», eller la spørsmålet stå tomt.',
    vasError: 'EQ VAS må vere eit heilt tal frå 0 til 100.',
    exists: 'Episoden har allereie dette skjemaet ved dette tidspunktet. Opne det frå episoden og rett det i staden.',
    superseded: 'Denne versjonen er allereie retta. Opne skjemaet på nytt og rett den nyaste versjonen.',
    scores: 'Skårar',
    versions: 'Versjonar',
    version: 'Versjon',
    savedAt: 'Lagra',
    supersededAt: 'Erstatta',
    current: 'Gjeldande',
    open: 'Opne',
    scoreLabels: {
      state: 'Helsetilstand',
      levelSum: 'Nivåsum',
      index: 'Indeks',
      vas: 'EQ VAS',
      total100: 'Barthel (0–100)',
      total20: 'Barthel (0–20)',
      band: 'Grad av avhengnad',
    },
    scaleNote: 'Svara blir gitt på {scale}-poengsskalaen.',
    otherScale: 'Bruk {scale}-poengsskalaen i staden',
    bands: {
      total: 'Totalt avhengig',
      severe: 'Alvorleg avhengig',
      moderate: 'Moderat avhengig',
      slight: 'Lett avhengig',
      independent: 'Sjølvhjelpen',
    },
  },
  dischargeDestinations: {
    home: 'Heim',
    home_with_services: 'Heim med tenester',
    nursing_home: 'Sjukeheim',
    other_institution: 'Anna institusjon',
    hospital: 'Sjukehus',
    deceased: 'Død',
    other: 'Anna',
  },
  consentStatuses: { given: 'Gitt', refused: 'Nekta', objected: 'Reservert', not_asked: 'Ikkje spurt' },
  sexes: { male: 'Mann', female: 'Kvinne' },
  rehabLevels: { '1': '1', '2': '2', '3': '3', '4': '4', '5.1': '5.1', '5.2': '5.2', '5.3': '5.3' },
  professions: {
    physician: 'Lege',
    nurse: 'Sjukepleiar',
    physiotherapist: 'Fysioterapeut',
    occupational_therapist: 'Ergoterapeut',
    speech_therapist: 'Logoped',
    social_worker: 'Sosionom',
    clinical_nutritionist: 'Klinisk ernæringsfysiolog',
    psychologist: 'Psykolog',
    vision_teacher: 'Synspedagog',
    other: 'Anna',
  },
  individualPlans: {
    established: 'Oppretta',
    offered_declined: 'Tilbode, takka nei',
    not_needed: 'Ikkje behov',
    not_assessed: 'Ikkje vurdert',
  },
  coordinators: { assigned: 'Oppnemnd', not_assigned: 'Ikkje oppnemnd', not_needed: 'Ikkje behov' },
  programmes: {
    stroke: 'Hjerneslag',
    acquired_brain_injury: 'Erverva hjerneskade',
    spinal_cord_injury: 'Ryggmergsskade',
    multitrauma: 'Multitraume',
    amputation: 'Amputasjon',
    musculoskeletal: 'Muskel og skjelett',
    chronic_pain: 'Langvarige smerter',
    cardiac: 'Hjarte',
    pulmonary: 'Lunge',
    cancer: 'Kreft',
    neurological_other: 'Andre nevrologiske',
    other: 'Anna',
  },
  settings: { inpatient: 'Døgn', day: 'Dag', outpatient: 'Poliklinisk', ambulatory: 'Ambulant', home: 'Heime' },
  serviceLevels: { specialist: 'Spesialisthelsetenesta', municipal: 'Kommunehelsetenesta' },
  timepoints: { admission: 'Innlegging', discharge: 'Utskriving', follow_up: 'Oppfølging' },
  admin: ADMIN_MESSAGES_NN,
  research: RESEARCH_MESSAGES_NN,
  staff: STAFF_MESSAGES_NN,
};

const en: WebMessages = {
  languageName: 'English',
  languageNav: 'Language',
  appName: 'Rehabilitation register',
  errorTitlePrefix: 'Error: ',
  skipLink: 'Skip to main content',
  mainNav: 'Main menu',
  breadcrumbs: 'You are here',
  signedInAs: 'Signed in as {email}',
  signOut: 'Sign out',
  signIn: 'Sign in',
  roles: { admin: 'Administrator', staff: 'Staff', researcher: 'Researcher' },
  nav: { start: 'Start', episodes: 'Episodes', results: 'Results' },
  home: {
    title: 'National quality register for rehabilitation',
    intro:
      'The register gathers episodes, EQ-5D-5L and Barthel from rehabilitation services across the country. Results are published here.',
    signInLink: 'Sign in for staff, administrators and researchers',
  },
  start: {
    title: 'Start',
    intro: 'Choose what you want to do in the menu.',
    nothingYet: 'The pages for your role are coming soon. Until then, use the API.',
  },
  signInPage: {
    title: 'Sign in',
    intro: 'Sign in with your email address and password.',
    email: 'Email',
    password: 'Password',
    submit: 'Sign in',
    errorSummary: 'You were not signed in:',
    wrongCredentials: 'The email address or password is wrong, or the user is deactivated.',
    emailMissing: 'Enter your email address.',
    passwordMissing: 'Enter your password.',
    rateLimited: 'Too many attempts. Wait a minute and try again.',
    external: 'Sign in with {name}',
    orPassword: 'Or sign in with your email and password:',
    externalFailedHeading: 'You were not signed in',
    externalFailed: {
      cancelled: 'The sign-in at {name} was cancelled or refused. Try again.',
      expired: 'The sign-in took too long or was started in another browser. Try again.',
      mismatch: 'The answer from {name} did not belong to this sign-in. Try again.',
      unverified: 'The answer from {name} could not be verified. Try again, or sign in with your email and password.',
      unreachable: 'We could not reach {name}. Try again later, or sign in with your email and password.',
      'unknown-user':
        'You are signed in at {name}, but have no active user in the register. Ask an administrator for a user with your email address.',
      'linked-elsewhere': 'The user with this email address is linked to another identity at {name}. Contact an administrator.',
    },
  },
  flash: {
    ...ADMIN_MESSAGES_EN.flash,
    ...RESEARCH_MESSAGES_EN.flash,
    ...STAFF_MESSAGES_EN.flash,
    signedIn: 'You are signed in.',
    signedOut: 'You are signed out.',
    languageChanged: 'The language has been changed.',
    institutionChosen: 'You have switched institution.',
    passwordChanged: 'Your password has been changed.',
    episodeRegistered: 'The episode has been registered.',
    episodeUpdated: 'The episode has been changed.',
    episodeDischarged: 'The patient has been discharged.',
    responseSaved: 'The form has been saved.',
    responseCorrected: 'The form has been corrected.',
  },
  password: {
    link: 'Change password',
    title: 'Change password',
    intro: 'The new password must have at least 12 characters. A sentence you remember makes a good password.',
    current: 'Current password',
    new: 'New password',
    repeat: 'Repeat new password',
    submit: 'Change password',
    errorSummary: 'The password was not changed:',
    wrongCurrent: 'The current password is wrong.',
    tooShort: 'The new password must have at least 12 characters.',
    mismatch: 'Enter the same new password twice.',
    mustChange: 'Your password is temporary. Choose your own password before you go on.',
  },
  refusal: {
    forbidden: { title: 'No access', body: 'You do not have access to this page.' },
    notFound: { title: 'Page not found', body: 'The page does not exist, or you do not have access to it.' },
    csrf: {
      title: 'The page was out of date',
      body: 'The form could not be sent because the page was out of date. Go back, reload the page and try again.',
    },
    badRequest: { title: 'The request could not be read', body: 'Go back and check what you entered.' },
    rateLimited: { title: 'Too many attempts', body: 'Wait a minute and try again.' },
    unavailable: { title: 'The register is unavailable', body: 'Please try again in a little while.' },
    error: {
      title: 'Something went wrong',
      body: 'Please try again in a little while. Quote request id {requestId} if you contact support.',
    },
  },
  institutionChoice: {
    label: 'Institution:',
    switchLink: 'Switch institution',
    title: 'Choose an institution',
    intro:
      'You are a member of several institutions. Choose the one you work in now. You see and register data of the chosen institution only, and you can switch in the header.',
    legend: 'Institution',
    current: '(chosen now)',
    submit: 'Work in this institution',
    notChosenHeading: 'The institution was not chosen',
    missing: 'Choose one of the institutions below.',
    notMember: 'You are not a member of that institution. Choose one of the institutions below.',
  },
  backToStart: 'To the start page',
  episodes: {
    title: 'Episodes',
    filters: 'Filter',
    admittedFrom: 'Admitted from',
    admittedTo: 'Admitted to',
    programme: 'Programme',
    setting: 'Setting',
    status: 'Status',
    any: 'All',
    open: 'Open',
    closed: 'Closed',
    apply: 'Show episodes',
    count: '{total} episodes',
    none: 'No episodes match the filter.',
    externalId: 'Episode id',
    admission: 'Admission',
    discharge: 'Discharge',
    notDischarged: 'Not discharged',
    birthYear: 'Birth year',
    countMore: 'More than {total} episodes',
    pagination: 'Pages',
    first: 'First page',
    previous: 'Previous page',
    next: 'Next page',
    sort: 'Order',
    sorts: { '-admissionDate': 'Newest admission first', admissionDate: 'Oldest admission first', externalId: 'Episode id' },
    invalidCursor: 'The link to this page is no longer valid. Start on the first page.',
    missing: 'Missing',
    missingFilters: {
      'admission-eq5d': 'Admission EQ-5D',
      'discharge-eq5d': 'Discharge EQ-5D',
      barthel: 'Barthel',
      'out-of-window': 'Responses out of their window',
    },
    missingForms: {
      'admission-eq5d': 'EQ-5D in',
      'admission-barthel': 'Barthel in',
      'discharge-eq5d': 'EQ-5D out',
      'discharge-barthel': 'Barthel out',
      'out-of-window': 'out of window',
    },
    nothingMissing: 'Complete',
    tableCaption: 'Episodes',
    detailTitle: 'Episode {externalId}',
    facts: 'Details',
    serviceLevel: 'Service level',
    mainDiagnosis: 'Main diagnosis',
    responses: 'Forms',
    noResponses: 'No forms have been registered.',
    timepoint: 'Timepoint',
    instrument: 'Form',
    completed: 'Completed',
    scores: 'Scores',
    outOfWindow: 'outside the time window',
    invalidDate: 'Enter a valid date that is not in the future. "Admitted to" cannot be before "Admitted from".',
    invalidChoice: 'Choose one of the values in the list.',
  },
  episodeForm: {
    registerLink: 'Register an episode',
    registerTitle: 'Register an episode',
    registerIntro: 'Register a rehabilitation stay. If the episode ID is already registered, the episode is updated.',
    editLink: 'Change the episode',
    editTitle: 'Change episode {externalId}',
    dischargeLink: 'Discharge the patient',
    dischargeTitle: 'Discharge the patient of episode {externalId}',
    dischargeIntro: 'Give the discharge date and where the patient is discharged to.',
    labels: {
      externalId: 'Episode ID',
      nationalId: 'National identity number',
      sex: 'Sex',
      referralDate: 'Referral date',
      admissionDate: 'Admission date',
      dischargeDate: 'Discharge date',
      setting: 'Setting',
      serviceLevel: 'Service level',
      programme: 'Programme',
      mainDiagnosis: 'Main diagnosis (ICD-10)',
      dischargeDestination: 'Discharged to',
      rehabLevel: 'Rehabilitation level',
      consentStatus: 'Consent',
      consentDate: 'Date of consent',
      professions: 'Professions taking part',
      individualPlan: 'Individual plan',
      coordinator: 'Coordinator',
      municipalityNotifiedDate: 'Date the municipality was notified',
    },
    nationalIdHint: '11 digits. The number is not stored and never shown again, so type it again if the form comes back with errors.',
    externalIdHint: 'The ID of the episode in the patient record.',
    mainDiagnosisHint: 'For example I63.9.',
    optional: '(optional)',
    choose: 'Choose',
    sexFromNumber: 'From the identity number',
    submitRegister: 'Register the episode',
    submitEdit: 'Save the changes',
    submitDischarge: 'Discharge',
    errorSummary: 'The episode was not saved:',
    errors: {
      externalId: 'Type the episode ID (1 to 100 characters).',
      nationalId: 'Type a valid national identity number, D- or H-number (11 digits).',
      sex: 'Choose the sex, or leave it to the identity number.',
      referralDate: 'The referral date must be a date not in the future and not after the admission.',
      admissionDate: 'Type the admission date: a date not in the future and not before the patient was born.',
      dischargeDate: 'The discharge date must be a date not in the future and not before the admission.',
      setting: 'Choose the setting.',
      serviceLevel: 'Choose the service level.',
      programme: 'Choose the programme.',
      mainDiagnosis: 'Type an ICD-10 code, for example I63.9.',
      dischargeDestination: 'Choose where the patient was discharged to.',
      rehabLevel:
        'Levels 1–4 belong to the municipal and 5.1–5.3 to the specialist health service, and the level must suit the institution.',
      consentStatus: 'Choose the consent.',
      consentDate: 'Type the date of the consent: a date not in the future.',
      professions: 'Tick the professions that took part, or none if not known.',
      individualPlan: 'Choose the status of the individual plan.',
      coordinator: 'Choose the status of the coordinator.',
      municipalityNotifiedDate: 'The date the municipality was notified must be a date not in the future.',
    },
    patientMismatch:
      'The episode ID is registered for another patient. Check the identity number, or correct the patient on the episode page.',
    consentRefused: 'The register cannot take the episode without a valid consent.',
    dischargeRequired: 'Type the discharge date.',
  },
  responseForm: {
    addForms: 'Key in a paper form',
    add: 'Key in {instrument} at {timepoint}',
    addTitle: 'Key in {instrument}: episode {externalId}',
    paperIntro: 'Type the answers as the patient or clinician filled in the form. Questions without an answer may be left empty.',
    title: '{instrument} at {timepoint}: episode {externalId}',
    correctLink: 'Correct the answers',
    correctTitle: 'Correct {instrument} at {timepoint}: episode {externalId}',
    correctIntro: 'The correction is saved as a new version. The earlier versions stay in the history.',
    labels: { timepoint: 'Timepoint', completedDate: 'Date completed', mode: 'How the form was filled in' },
    modes: {
      patient_web: 'Patient online',
      patient_paper: 'Patient on paper',
      proxy: 'Relative or other person for the patient',
      clinician: 'Clinician',
    },
    vas: 'EQ VAS: a whole number from 0 to 100',
    submit: 'Save the form',
    submitCorrection: 'Save the correction',
    errorSummary: 'The form was not saved:',
    errors: {
      timepoint: 'Choose the timepoint.',
      completedDate: 'Type the date the form was completed: a date not in the future.',
      mode: 'Choose how the form was filled in.',
    },
    itemError: 'Choose one of the answers for “{item}”, or leave the question empty.',
    vasError: 'EQ VAS must be a whole number from 0 to 100.',
    exists: 'The episode already has this form at this timepoint. Open it from the episode and correct it instead.',
    superseded: 'This version has already been corrected. Open the form again and correct the newest version.',
    scores: 'Scores',
    versions: 'Versions',
    version: 'Version',
    savedAt: 'Saved',
    supersededAt: 'Replaced',
    current: 'Current',
    open: 'Open',
    scoreLabels: {
      state: 'Health state',
      levelSum: 'Level sum',
      index: 'Index',
      vas: 'EQ VAS',
      total100: 'Barthel (0–100)',
      total20: 'Barthel (0–20)',
      band: 'Dependency',
    },
    scaleNote: 'The answers are on the {scale}-point scale.',
    otherScale: 'Use the {scale}-point scale instead',
    bands: {
      total: 'Totally dependent',
      severe: 'Severely dependent',
      moderate: 'Moderately dependent',
      slight: 'Slightly dependent',
      independent: 'Independent',
    },
  },
  dischargeDestinations: {
    home: 'Home',
    home_with_services: 'Home with services',
    nursing_home: 'Nursing home',
    other_institution: 'Another institution',
    hospital: 'Hospital',
    deceased: 'Deceased',
    other: 'Other',
  },
  consentStatuses: { given: 'Given', refused: 'Refused', objected: 'Objected', not_asked: 'Not asked' },
  sexes: { male: 'Male', female: 'Female' },
  rehabLevels: { '1': '1', '2': '2', '3': '3', '4': '4', '5.1': '5.1', '5.2': '5.2', '5.3': '5.3' },
  professions: {
    physician: 'Physician',
    nurse: 'Nurse',
    physiotherapist: 'Physiotherapist',
    occupational_therapist: 'Occupational therapist',
    speech_therapist: 'Speech therapist',
    social_worker: 'Social worker',
    clinical_nutritionist: 'Clinical nutritionist',
    psychologist: 'Psychologist',
    vision_teacher: 'Vision teacher',
    other: 'Other',
  },
  individualPlans: {
    established: 'Established',
    offered_declined: 'Offered, declined',
    not_needed: 'Not needed',
    not_assessed: 'Not assessed',
  },
  coordinators: { assigned: 'Assigned', not_assigned: 'Not assigned', not_needed: 'Not needed' },
  programmes: {
    stroke: 'Stroke',
    acquired_brain_injury: 'Acquired brain injury',
    spinal_cord_injury: 'Spinal cord injury',
    multitrauma: 'Multitrauma',
    amputation: 'Amputation',
    musculoskeletal: 'Musculoskeletal',
    chronic_pain: 'Chronic pain',
    cardiac: 'Cardiac',
    pulmonary: 'Pulmonary',
    cancer: 'Cancer',
    neurological_other: 'Other neurological',
    other: 'Other',
  },
  settings: { inpatient: 'Inpatient', day: 'Day patient', outpatient: 'Outpatient', ambulatory: 'Ambulatory', home: 'At home' },
  serviceLevels: { specialist: 'Specialist health service', municipal: 'Municipal health service' },
  timepoints: { admission: 'Admission', discharge: 'Discharge', follow_up: 'Follow-up' },
  admin: ADMIN_MESSAGES_EN,
  research: RESEARCH_MESSAGES_EN,
  staff: STAFF_MESSAGES_EN,
};

export const WEB_MESSAGES: Readonly<Record<Language, WebMessages>> = { nb, nn, en };
