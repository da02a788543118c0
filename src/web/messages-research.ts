/**
 * The researchers' pages' text (variable catalogue, applications for extracts, their status and files)
 * and the administrators' decisions on them, per language. Part of the one catalogue set: WebMessages
 * holds it as `research`.
 */
import type { ExtractStatus } from '../extracts/extract-request.repository';

export const RESEARCH_FLASH_KEYS = ['extractRequested', 'extractApproved', 'extractRejected', 'extractRevoked', 'extractRebuilt'] as const;
export type ResearchFlashKey = (typeof RESEARCH_FLASH_KEYS)[number];

export interface ResearchMessages {
  nav: { variables: string; extracts: string; adminExtracts: string };
  variables: { title: string; intro: string; caption: string; name: string; type: string; description: string; values: string };
  extracts: {
    title: string;
    caption: string;
    none: string;
    apply: string;
    applyTitle: string;
    projectTitle: string;
    purpose: string;
    legalBasis: string;
    legalBasisHint: string;
    ethicsReference: string;
    ethicsHint: string;
    variables: string;
    variablesHint: string;
    periodFrom: string;
    periodTo: string;
    submit: string;
    status: string;
    statuses: Record<ExtractStatus, string>;
    created: string;
    decisionNote: string;
    expiresAt: string;
    rows: string;
    patients: string;
    files: string;
    noFiles: string;
    download: string;
    history: string;
    titleInvalid: string;
    purposeInvalid: string;
    legalBasisInvalid: string;
    ethicsInvalid: string;
    variablesInvalid: string;
    dateInvalid: string;
  };
  decisions: {
    title: string;
    researcher: string;
    heading: string;
    note: string;
    noteHint: string;
    approve: string;
    reject: string;
    noteInvalid: string;
    notSubmitted: string;
    changeHeading: string;
    changeIntro: string;
    changeNote: string;
    rebuild: string;
    revoke: string;
    notActive: string;
  };
  flash: Record<ResearchFlashKey, string>;
}

export const RESEARCH_MESSAGES_NB: ResearchMessages = {
  nav: { variables: 'Variabler', extracts: 'Uttrekk', adminExtracts: 'Uttrekkssøknader' },
  variables: {
    title: 'Variabler',
    intro: 'Variablene et forskningsuttrekk kan inneholde. Pasienter får et pseudonym per prosjekt.',
    caption: 'Variabelkatalogen',
    name: 'Navn',
    type: 'Type',
    description: 'Beskrivelse',
    values: 'Tillatte verdier',
  },
  extracts: {
    title: 'Uttrekk',
    caption: 'Dine søknader om uttrekk, nyeste først',
    none: 'Du har ingen søknader ennå.',
    apply: 'Søk om et uttrekk',
    applyTitle: 'Søk om et uttrekk',
    projectTitle: 'Prosjektets tittel',
    purpose: 'Formål, og hvorfor variablene trengs',
    legalBasis: 'Rettslig grunnlag',
    legalBasisHint: 'For eksempel personvernforordningen art. 6 nr. 1 e og art. 9 nr. 2 j, helseregisterloven § 19 b',
    ethicsReference: 'REK-referanse',
    ethicsHint: 'For eksempel REK 2026/12345',
    variables: 'Variabler',
    variablesHint: 'Velg bare variablene prosjektet trenger.',
    periodFrom: 'Første innleggelsesdato',
    periodTo: 'Siste innleggelsesdato',
    submit: 'Send søknaden',
    status: 'Status',
    statuses: {
      submitted: 'Sendt',
      approved: 'Godkjent',
      rejected: 'Avslått',
      building: 'Lages',
      ready: 'Klar',
      failed: 'Feilet',
      revoked: 'Trukket tilbake',
      expired: 'Utløpt',
    },
    created: 'Sendt',
    decisionNote: 'Merknad fra administrator',
    expiresAt: 'Filene slettes',
    rows: 'Episoder',
    patients: 'Pasienter',
    files: 'Filer',
    noFiles: 'Filene kommer når uttrekket er klart.',
    download: 'Last ned {name}',
    history: 'Historikk',
    titleInvalid: 'Skriv prosjektets tittel (1 til 300 tegn).',
    purposeInvalid: 'Skriv formålet (1 til 5000 tegn).',
    legalBasisInvalid: 'Skriv det rettslige grunnlaget (3 til 1000 tegn).',
    ethicsInvalid: 'Skriv REK-referansen.',
    variablesInvalid: 'Velg minst én variabel fra katalogen.',
    dateInvalid: 'Skriv en gyldig dato (åååå-mm-dd); den første kan ikke være etter den siste.',
  },
  decisions: {
    title: 'Uttrekkssøknader',
    researcher: 'Forsker',
    heading: 'Vedtak',
    note: 'Merknad til forskeren',
    noteHint: '5 til 2000 tegn. Lagres med vedtaket.',
    approve: 'Godkjenn',
    reject: 'Avslå',
    noteInvalid: 'Skriv en merknad (5 til 2000 tegn).',
    notSubmitted: 'Søknaden er allerede behandlet.',
    changeHeading: 'Lag på nytt eller trekk tilbake',
    changeIntro:
      'Lag uttrekket på nytt med de samme prosjektpseudonymene, for eksempel etter reservasjoner, eller trekk godkjenningen tilbake: filene slettes straks, og uttrekket kan ikke lages igjen.',
    changeNote: 'Begrunnelse',
    rebuild: 'Lag på nytt',
    revoke: 'Trekk tilbake',
    notActive: 'Uttrekket er ikke lenger godkjent (trukket tilbake eller utløpt).',
  },
  flash: {
    extractRequested: 'Søknaden er sendt.',
    extractApproved: 'Søknaden er godkjent. Uttrekket lages nå.',
    extractRejected: 'Søknaden er avslått.',
    extractRevoked: 'Godkjenningen er trukket tilbake. Filene er slettet.',
    extractRebuilt: 'Uttrekket lages på nytt.',
  },
};

export const RESEARCH_MESSAGES_NN: ResearchMessages = {
  nav: { variables: 'Variablar', extracts: 'Uttrekk', adminExtracts: 'Uttrekkssøknader' },
  variables: {
    title: 'Variablar',
    intro: 'Variablane eit forskingsuttrekk kan innehalde. Pasientar får eit pseudonym per prosjekt.',
    caption: 'Variabelkatalogen',
    name: 'Namn',
    type: 'Type',
    description: 'Skildring',
    values: 'Tillatne verdiar',
  },
  extracts: {
    ...RESEARCH_MESSAGES_NB.extracts,
    caption: 'Søknadene dine om uttrekk, nyaste først',
    none: 'Du har ingen søknader enno.',
    apply: 'Søk om eit uttrekk',
    applyTitle: 'Søk om eit uttrekk',
    projectTitle: 'Tittelen på prosjektet',
    purpose: 'Formål, og kvifor variablane trengst',
    legalBasis: 'Rettsleg grunnlag',
    legalBasisHint: 'Til dømes personvernforordninga art. 6 nr. 1 e og art. 9 nr. 2 j, helseregisterlova § 19 b',
    ethicsHint: 'Til dømes REK 2026/12345',
    variables: 'Variablar',
    variablesHint: 'Vel berre variablane prosjektet treng.',
    statuses: {
      submitted: 'Sendt',
      approved: 'Godkjend',
      rejected: 'Avslått',
      building: 'Blir laga',
      ready: 'Klar',
      failed: 'Feila',
      revoked: 'Trekt tilbake',
      expired: 'Gått ut',
    },
    decisionNote: 'Merknad frå administrator',
    expiresAt: 'Filene blir sletta',
    patients: 'Pasientar',
    noFiles: 'Filene kjem når uttrekket er klart.',
    history: 'Historikk',
    titleInvalid: 'Skriv tittelen på prosjektet (1 til 300 teikn).',
    purposeInvalid: 'Skriv formålet (1 til 5000 teikn).',
    legalBasisInvalid: 'Skriv det rettslege grunnlaget (3 til 1000 teikn).',
    variablesInvalid: 'Vel minst éin variabel frå katalogen.',
    dateInvalid: 'Skriv ein gyldig dato (åååå-mm-dd); den første kan ikkje vere etter den siste.',
  },
  decisions: {
    title: 'Uttrekkssøknader',
    researcher: 'Forskar',
    heading: 'Vedtak',
    note: 'Merknad til forskaren',
    noteHint: '5 til 2000 teikn. Blir lagra med vedtaket.',
    approve: 'Godkjenn',
    reject: 'Avslå',
    noteInvalid: 'Skriv ein merknad (5 til 2000 teikn).',
    notSubmitted: 'Søknaden er alt handsama.',
    changeHeading: 'Lag på nytt eller trekk tilbake',
    changeIntro:
      'Lag uttrekket på nytt med dei same prosjektpseudonyma, til dømes etter reservasjonar, eller trekk godkjenninga tilbake: filene blir sletta straks, og uttrekket kan ikkje lagast igjen.',
    changeNote: 'Grunngjeving',
    rebuild: 'Lag på nytt',
    revoke: 'Trekk tilbake',
    notActive: 'Uttrekket er ikkje lenger godkjent (trekt tilbake eller gått ut).',
  },
  flash: {
    extractRequested: 'Søknaden er sendt.',
    extractApproved: 'Søknaden er godkjend. Uttrekket blir laga no.',
    extractRejected: 'Søknaden er avslått.',
    extractRevoked: 'Godkjenninga er trekt tilbake. Filene er sletta.',
    extractRebuilt: 'Uttrekket blir laga på nytt.',
  },
};

export const RESEARCH_MESSAGES_EN: ResearchMessages = {
  nav: { variables: 'Variables', extracts: 'Extracts', adminExtracts: 'Extract requests' },
  variables: {
    title: 'Variables',
    intro: 'The variables a research extract can hold. Patients get a pseudonym of their own in each project.',
    caption: 'The variable catalogue',
    name: 'Name',
    type: 'Type',
    description: 'Description',
    values: 'Allowed values',
  },
  extracts: {
    title: 'Extracts',
    caption: 'Your extract requests, newest first',
    none: 'You have no requests yet.',
    apply: 'Apply for an extract',
    applyTitle: 'Apply for an extract',
    projectTitle: 'Title of the project',
    purpose: 'Purpose, and why the variables are needed',
    legalBasis: 'Legal basis',
    legalBasisHint: 'For example GDPR art. 6(1)(e) and 9(2)(j), health register act § 19 b',
    ethicsReference: 'Ethics committee (REK) reference',
    ethicsHint: 'For example REK 2026/12345',
    variables: 'Variables',
    variablesHint: 'Choose only the variables the project needs.',
    periodFrom: 'First admission date',
    periodTo: 'Last admission date',
    submit: 'Send the application',
    status: 'Status',
    statuses: {
      submitted: 'Submitted',
      approved: 'Approved',
      rejected: 'Rejected',
      building: 'Being built',
      ready: 'Ready',
      failed: 'Failed',
      revoked: 'Revoked',
      expired: 'Expired',
    },
    created: 'Submitted',
    decisionNote: "The administrator's note",
    expiresAt: 'Files deleted',
    rows: 'Episodes',
    patients: 'Patients',
    files: 'Files',
    noFiles: 'The files come when the extract is ready.',
    download: 'Download {name}',
    history: 'History',
    titleInvalid: 'Enter the title of the project (1 to 300 characters).',
    purposeInvalid: 'Enter the purpose (1 to 5,000 characters).',
    legalBasisInvalid: 'Enter the legal basis (3 to 1,000 characters).',
    ethicsInvalid: 'Enter the REK reference.',
    variablesInvalid: 'Choose at least one variable of the catalogue.',
    dateInvalid: 'Enter a valid date (yyyy-mm-dd); the first cannot be after the last.',
  },
  decisions: {
    title: 'Extract requests',
    researcher: 'Researcher',
    heading: 'Decision',
    note: 'Note to the researcher',
    noteHint: '5 to 2,000 characters. Kept with the decision.',
    approve: 'Approve',
    reject: 'Reject',
    noteInvalid: 'Enter a note (5 to 2,000 characters).',
    notSubmitted: 'The request has been decided already.',
    changeHeading: 'Rebuild or revoke',
    changeIntro:
      'Build the extract again with the same project pseudonyms, for example after withdrawals, or revoke the approval: the files are deleted at once and the extract cannot be built again.',
    changeNote: 'Reason',
    rebuild: 'Rebuild',
    revoke: 'Revoke',
    notActive: 'The extract is no longer approved (revoked or expired).',
  },
  flash: {
    extractRequested: 'The application is sent.',
    extractApproved: 'The request is approved. The extract is being built.',
    extractRejected: 'The request is rejected.',
    extractRevoked: 'The approval is revoked. The files are deleted.',
    extractRebuilt: 'The extract is being built again.',
  },
};
