/**
 * Every word of the patient's access report, per language (bokmål, nynorsk, English), as the patient
 * forms keep theirs (src/forms/messages.ts): the page and the JSON hold no text of their own.
 * `labels` turn the register's codes into words; a code without a label is shown as it is.
 */
import type { FormLanguage } from '../forms/messages';

export interface AccessReportMessages {
  title: string;
  aboutInstitution: string;
  aboutRegister: string;
  generated: string;
  episodesHeading: string;
  episodeHeading: string;
  noEpisodes: string;
  responsesCaption: string;
  noResponses: string;
  withdrawalsHeading: string;
  noWithdrawals: string;
  readsHeading: string;
  readsIntro: string;
  noReads: string;
  extractsHeading: string;
  extractsIntro: string;
  noExtracts: string;
  yes: string;
  no: string;
  fields: Record<
    | 'institution'
    | 'externalId'
    | 'birthYear'
    | 'sex'
    | 'referralDate'
    | 'admissionDate'
    | 'dischargeDate'
    | 'programme'
    | 'setting'
    | 'serviceLevel'
    | 'mainDiagnosis'
    | 'dischargeDestination'
    | 'consent'
    | 'rehabLevel'
    | 'professions'
    | 'individualPlan'
    | 'coordinator'
    | 'municipalityNotifiedDate'
    | 'withdrawnAt'
    | 'keptForInstitutionOnly'
    | 'patientCorrections'
    | 'registeredAt'
    | 'timepoint'
    | 'instrument'
    | 'completedDate'
    | 'mode'
    | 'version'
    | 'answers'
    | 'scores'
    | 'supersededAt'
    | 'erasureDueAt'
    | 'cancelledAt'
    | 'reenrolledAt'
    | 'erasedAt'
    | 'date'
    | 'who'
    | 'what'
    | 'count'
    | 'projectTitle'
    | 'build'
    | 'builtAt'
    | 'expiresAt'
    | 'episodes',
    string
  >;
  labels: Record<string, string>;
}

const nb: AccessReportMessages = {
  title: 'Innsyn: hva Rehabiliteringsregisteret har om deg',
  aboutInstitution:
    'Dette er delen som {institution} har registrert i registeret. Registeret lagrer verken navn eller fødselsnummer, bare et kodet nummer (pseudonym). Andre behandlingssteder kan ha registrert opplysninger om deg; be registeret om en samlet innsynsrapport for å se alt.',
  aboutRegister:
    'Dette er alt registeret har om deg, fra alle behandlingssteder. Registeret lagrer verken navn eller fødselsnummer, bare et kodet nummer (pseudonym).',
  generated: 'Laget {date}',
  episodesHeading: 'Opphold',
  episodeHeading: 'Opphold {n}: {institution}, innlagt {date}',
  noEpisodes: 'Ingen opphold er registrert.',
  responsesCaption: 'Svar og skårer for opphold {n}, alle versjoner',
  noResponses: 'Ingen svar er registrert for dette oppholdet.',
  withdrawalsHeading: 'Reservasjon (trukket samtykke)',
  noWithdrawals: 'Du har ikke trukket deg fra registeret.',
  readsHeading: 'Hvem har sett opplysningene dine',
  readsIntro: 'Fra registerets logg: hvem som har lest opplysningene dine, per dag.',
  noReads: 'Loggen viser ingen som har lest opplysningene dine.',
  extractsHeading: 'Forskningsuttrekk',
  extractsIntro:
    'Forskningsprosjekter som har fått opplysninger om deg, uten navn, fødselsnummer eller registerets pseudonym. Listen gjelder uttrekk som ennå ikke er slettet. Et uttrekk som er laget på nytt (for eksempel etter at noen trakk seg), står med hver versjon som hadde opplysninger om deg.',
  noExtracts: 'Ingen forskningsuttrekk har opplysninger om deg.',
  yes: 'Ja',
  no: 'Nei',
  fields: {
    institution: 'Behandlingssted',
    externalId: 'Behandlingsstedets referanse',
    birthYear: 'Fødselsår',
    sex: 'Kjønn',
    referralDate: 'Henvist',
    admissionDate: 'Innlagt',
    dischargeDate: 'Utskrevet',
    programme: 'Program',
    setting: 'Form',
    serviceLevel: 'Nivå',
    mainDiagnosis: 'Hoveddiagnose (ICD-10)',
    dischargeDestination: 'Utskrevet til',
    consent: 'Samtykke',
    rehabLevel: 'Rehabiliteringsnivå',
    professions: 'Yrkesgrupper',
    individualPlan: 'Individuell plan',
    coordinator: 'Koordinator',
    municipalityNotifiedDate: 'Kommunen varslet',
    withdrawnAt: 'Tatt ut av bruk',
    keptForInstitutionOnly: 'Bare hos behandlingsstedet',
    patientCorrections: 'Rettinger av pasient',
    registeredAt: 'Registrert',
    timepoint: 'Tidspunkt',
    instrument: 'Skjema',
    completedDate: 'Besvart',
    mode: 'Hvordan',
    version: 'Versjon',
    answers: 'Svar',
    scores: 'Skårer',
    supersededAt: 'Erstattet',
    erasureDueAt: 'Slettes',
    cancelledAt: 'Opphevet',
    reenrolledAt: 'Nytt samtykke',
    erasedAt: 'Slettet',
    date: 'Dato',
    who: 'Hvem',
    what: 'Hva',
    count: 'Antall',
    projectTitle: 'Prosjekt',
    build: 'Versjon',
    builtAt: 'Laget',
    expiresAt: 'Slettes',
    episodes: 'Opphold',
  },
  labels: {
    'sex.male': 'Mann',
    'sex.female': 'Kvinne',
    'programme.stroke': 'Hjerneslag',
    'programme.acquired_brain_injury': 'Ervervet hjerneskade',
    'programme.spinal_cord_injury': 'Ryggmargsskade',
    'programme.multitrauma': 'Multitraume',
    'programme.amputation': 'Amputasjon',
    'programme.musculoskeletal': 'Muskel og skjelett',
    'programme.chronic_pain': 'Langvarige smerter',
    'programme.cardiac': 'Hjerte',
    'programme.pulmonary': 'Lunge',
    'programme.cancer': 'Kreft',
    'programme.neurological_other': 'Andre nevrologiske',
    'programme.other': 'Annet',
    'setting.inpatient': 'Døgn',
    'setting.day': 'Dag',
    'setting.outpatient': 'Poliklinisk',
    'setting.ambulatory': 'Ambulant',
    'setting.home': 'Hjemme',
    'serviceLevel.specialist': 'Spesialisthelsetjenesten',
    'serviceLevel.municipal': 'Kommunen',
    'dischargeDestination.home': 'Hjem',
    'dischargeDestination.home_with_services': 'Hjem med tjenester',
    'dischargeDestination.nursing_home': 'Sykehjem',
    'dischargeDestination.other_institution': 'Annen institusjon',
    'dischargeDestination.hospital': 'Sykehus',
    'dischargeDestination.deceased': 'Død',
    'dischargeDestination.other': 'Annet',
    'consent.given': 'Gitt',
    'consent.refused': 'Nektet',
    'consent.objected': 'Reservert',
    'consent.not_asked': 'Ikke spurt',
    'timepoint.admission': 'Innleggelse',
    'timepoint.discharge': 'Utskrivning',
    'timepoint.follow_up': 'Oppfølging',
    'instrument.eq5d-5l': 'EQ-5D-5L (helse i dag)',
    'instrument.barthel': 'Barthel-indeks (daglige gjøremål)',
    'instrument.mrs': 'Modifisert Rankin-skala',
    'mode.patient_web': 'Du, på nett',
    'mode.patient_paper': 'Du, på papir',
    'mode.proxy': 'En pårørende',
    'mode.clinician': 'Behandler',
    'action.episode.read': 'Åpnet et opphold',
    'action.episode.list': 'Så oppholdet i en liste',
    'action.response.history': 'Så tidligere versjoner av svar',
    'action.access_report.institution': 'Laget innsynsrapport for behandlingsstedet',
    'action.access_report.include': 'Laget samlet innsynsrapport',
    'actor.api_client': 'Behandlingsstedets system',
    'actor.invitation': 'Du, i spørreskjemaet',
    'actor.system': 'Registeret selv',
    'actor.anonymous': 'Ukjent',
  },
};

const nn: AccessReportMessages = {
  title: 'Innsyn: kva Rehabiliteringsregisteret har om deg',
  aboutInstitution:
    'Dette er delen som {institution} har registrert i registeret. Registeret lagrar verken namn eller fødselsnummer, berre eit koda nummer (pseudonym). Andre behandlingsstader kan ha registrert opplysningar om deg; be registeret om ein samla innsynsrapport for å sjå alt.',
  aboutRegister:
    'Dette er alt registeret har om deg, frå alle behandlingsstader. Registeret lagrar verken namn eller fødselsnummer, berre eit koda nummer (pseudonym).',
  generated: 'Laga {date}',
  episodesHeading: 'Opphald',
  episodeHeading: 'Opphald {n}: {institution}, innlagd {date}',
  noEpisodes: 'Ingen opphald er registrerte.',
  responsesCaption: 'Svar og skårar for opphald {n}, alle versjonar',
  noResponses: 'Ingen svar er registrerte for dette opphaldet.',
  withdrawalsHeading: 'Reservasjon (trekt samtykke)',
  noWithdrawals: 'Du har ikkje trekt deg frå registeret.',
  readsHeading: 'Kven har sett opplysningane dine',
  readsIntro: 'Frå loggen til registeret: kven som har lese opplysningane dine, per dag.',
  noReads: 'Loggen viser ingen som har lese opplysningane dine.',
  extractsHeading: 'Forskingsuttrekk',
  extractsIntro:
    'Forskingsprosjekt som har fått opplysningar om deg, utan namn, fødselsnummer eller pseudonymet til registeret. Lista gjeld uttrekk som enno ikkje er sletta. Eit uttrekk som er laga på nytt (til dømes etter at nokon trekte seg), står med kvar versjon som hadde opplysningar om deg.',
  noExtracts: 'Ingen forskingsuttrekk har opplysningar om deg.',
  yes: 'Ja',
  no: 'Nei',
  fields: {
    institution: 'Behandlingsstad',
    externalId: 'Referansen til behandlingsstaden',
    birthYear: 'Fødselsår',
    sex: 'Kjønn',
    referralDate: 'Tilvist',
    admissionDate: 'Innlagd',
    dischargeDate: 'Utskriven',
    programme: 'Program',
    setting: 'Form',
    serviceLevel: 'Nivå',
    mainDiagnosis: 'Hovuddiagnose (ICD-10)',
    dischargeDestination: 'Utskriven til',
    consent: 'Samtykke',
    rehabLevel: 'Rehabiliteringsnivå',
    professions: 'Yrkesgrupper',
    individualPlan: 'Individuell plan',
    coordinator: 'Koordinator',
    municipalityNotifiedDate: 'Kommunen varsla',
    withdrawnAt: 'Teke ut av bruk',
    keptForInstitutionOnly: 'Berre hos behandlingsstaden',
    patientCorrections: 'Rettingar av pasient',
    registeredAt: 'Registrert',
    timepoint: 'Tidspunkt',
    instrument: 'Skjema',
    completedDate: 'Svara',
    mode: 'Korleis',
    version: 'Versjon',
    answers: 'Svar',
    scores: 'Skårar',
    supersededAt: 'Erstatta',
    erasureDueAt: 'Vert sletta',
    cancelledAt: 'Oppheva',
    reenrolledAt: 'Nytt samtykke',
    erasedAt: 'Sletta',
    date: 'Dato',
    who: 'Kven',
    what: 'Kva',
    count: 'Tal',
    projectTitle: 'Prosjekt',
    build: 'Versjon',
    builtAt: 'Laga',
    expiresAt: 'Vert sletta',
    episodes: 'Opphald',
  },
  labels: {
    'sex.male': 'Mann',
    'sex.female': 'Kvinne',
    'programme.stroke': 'Hjerneslag',
    'programme.acquired_brain_injury': 'Erverva hjerneskade',
    'programme.spinal_cord_injury': 'Ryggmergsskade',
    'programme.multitrauma': 'Multitraume',
    'programme.amputation': 'Amputasjon',
    'programme.musculoskeletal': 'Muskel og skjelett',
    'programme.chronic_pain': 'Langvarige smerter',
    'programme.cardiac': 'Hjarte',
    'programme.pulmonary': 'Lunge',
    'programme.cancer': 'Kreft',
    'programme.neurological_other': 'Andre nevrologiske',
    'programme.other': 'Anna',
    'setting.inpatient': 'Døgn',
    'setting.day': 'Dag',
    'setting.outpatient': 'Poliklinisk',
    'setting.ambulatory': 'Ambulant',
    'setting.home': 'Heime',
    'serviceLevel.specialist': 'Spesialisthelsetenesta',
    'serviceLevel.municipal': 'Kommunen',
    'dischargeDestination.home': 'Heim',
    'dischargeDestination.home_with_services': 'Heim med tenester',
    'dischargeDestination.nursing_home': 'Sjukeheim',
    'dischargeDestination.other_institution': 'Annan institusjon',
    'dischargeDestination.hospital': 'Sjukehus',
    'dischargeDestination.deceased': 'Død',
    'dischargeDestination.other': 'Anna',
    'consent.given': 'Gitt',
    'consent.refused': 'Nekta',
    'consent.objected': 'Reservert',
    'consent.not_asked': 'Ikkje spurd',
    'timepoint.admission': 'Innlegging',
    'timepoint.discharge': 'Utskriving',
    'timepoint.follow_up': 'Oppfølging',
    'instrument.eq5d-5l': 'EQ-5D-5L (helse i dag)',
    'instrument.barthel': 'Barthel-indeks (daglege gjeremål)',
    'instrument.mrs': 'Modifisert Rankin-skala',
    'mode.patient_web': 'Du, på nett',
    'mode.patient_paper': 'Du, på papir',
    'mode.proxy': 'Ein pårørande',
    'mode.clinician': 'Behandlar',
    'action.episode.read': 'Opna eit opphald',
    'action.episode.list': 'Såg opphaldet i ei liste',
    'action.response.history': 'Såg tidlegare versjonar av svar',
    'action.access_report.institution': 'Laga innsynsrapport for behandlingsstaden',
    'action.access_report.include': 'Laga samla innsynsrapport',
    'actor.api_client': 'Systemet til behandlingsstaden',
    'actor.invitation': 'Du, i spørjeskjemaet',
    'actor.system': 'Registeret sjølv',
    'actor.anonymous': 'Ukjend',
  },
};

const en: AccessReportMessages = {
  title: 'Access report: what the Rehabilitation Register holds about you',
  aboutInstitution:
    'This is the part {institution} has registered in the register. The register stores neither your name nor your national identity number, only a coded number (pseudonym). Other places of treatment may have registered information about you; ask the register for a full access report to see everything.',
  aboutRegister:
    'This is everything the register holds about you, from every place of treatment. The register stores neither your name nor your national identity number, only a coded number (pseudonym).',
  generated: 'Made {date}',
  episodesHeading: 'Episodes of care',
  episodeHeading: 'Episode {n}: {institution}, admitted {date}',
  noEpisodes: 'No episodes are registered.',
  responsesCaption: 'Answers and scores of episode {n}, every version',
  noResponses: 'No answers are registered for this episode.',
  withdrawalsHeading: 'Withdrawal of consent',
  noWithdrawals: 'You have not withdrawn from the register.',
  readsHeading: 'Who has seen your information',
  readsIntro: "From the register's log: who has read your information, by day.",
  noReads: 'The log shows no one who has read your information.',
  extractsHeading: 'Research extracts',
  extractsIntro:
    "Research projects that have received information about you, without your name, national identity number or the register's pseudonym. The list covers extracts not yet deleted. An extract made again (for example after someone withdrew) is listed with each version that held information about you.",
  noExtracts: 'No research extract holds information about you.',
  yes: 'Yes',
  no: 'No',
  fields: {
    institution: 'Place of treatment',
    externalId: "The place of treatment's reference",
    birthYear: 'Year of birth',
    sex: 'Sex',
    referralDate: 'Referred',
    admissionDate: 'Admitted',
    dischargeDate: 'Discharged',
    programme: 'Programme',
    setting: 'Setting',
    serviceLevel: 'Level',
    mainDiagnosis: 'Main diagnosis (ICD-10)',
    dischargeDestination: 'Discharged to',
    consent: 'Consent',
    rehabLevel: 'Rehabilitation level',
    professions: 'Professions',
    individualPlan: 'Individual plan',
    coordinator: 'Coordinator',
    municipalityNotifiedDate: 'Municipality notified',
    withdrawnAt: 'Taken out of use',
    keptForInstitutionOnly: 'Kept by the place of treatment only',
    patientCorrections: 'Patient corrections',
    registeredAt: 'Registered',
    timepoint: 'Timepoint',
    instrument: 'Questionnaire',
    completedDate: 'Answered',
    mode: 'How',
    version: 'Version',
    answers: 'Answers',
    scores: 'Scores',
    supersededAt: 'Replaced',
    erasureDueAt: 'To be erased',
    cancelledAt: 'Cancelled',
    reenrolledAt: 'New consent',
    erasedAt: 'Erased',
    date: 'Date',
    who: 'Who',
    what: 'What',
    count: 'Times',
    projectTitle: 'Project',
    build: 'Version',
    builtAt: 'Made',
    expiresAt: 'To be deleted',
    episodes: 'Episodes',
  },
  labels: {
    'sex.male': 'Male',
    'sex.female': 'Female',
    'programme.stroke': 'Stroke',
    'programme.acquired_brain_injury': 'Acquired brain injury',
    'programme.spinal_cord_injury': 'Spinal cord injury',
    'programme.multitrauma': 'Multitrauma',
    'programme.amputation': 'Amputation',
    'programme.musculoskeletal': 'Musculoskeletal',
    'programme.chronic_pain': 'Chronic pain',
    'programme.cardiac': 'Cardiac',
    'programme.pulmonary': 'Pulmonary',
    'programme.cancer': 'Cancer',
    'programme.neurological_other': 'Other neurological',
    'programme.other': 'Other',
    'setting.inpatient': 'Inpatient',
    'setting.day': 'Day patient',
    'setting.outpatient': 'Outpatient',
    'setting.ambulatory': 'Ambulatory',
    'setting.home': 'At home',
    'serviceLevel.specialist': 'Specialist health service',
    'serviceLevel.municipal': 'Municipality',
    'dischargeDestination.home': 'Home',
    'dischargeDestination.home_with_services': 'Home with services',
    'dischargeDestination.nursing_home': 'Nursing home',
    'dischargeDestination.other_institution': 'Another institution',
    'dischargeDestination.hospital': 'Hospital',
    'dischargeDestination.deceased': 'Deceased',
    'dischargeDestination.other': 'Other',
    'consent.given': 'Given',
    'consent.refused': 'Refused',
    'consent.objected': 'Objected',
    'consent.not_asked': 'Not asked',
    'timepoint.admission': 'Admission',
    'timepoint.discharge': 'Discharge',
    'timepoint.follow_up': 'Follow-up',
    'instrument.eq5d-5l': 'EQ-5D-5L (health today)',
    'instrument.barthel': 'Barthel index (daily activities)',
    'instrument.mrs': 'Modified Rankin Scale',
    'mode.patient_web': 'You, on the web',
    'mode.patient_paper': 'You, on paper',
    'mode.proxy': 'A relative',
    'mode.clinician': 'Clinician',
    'action.episode.read': 'Opened an episode',
    'action.episode.list': 'Saw the episode in a list',
    'action.response.history': 'Saw earlier versions of answers',
    'action.access_report.institution': "Made the place of treatment's access report",
    'action.access_report.include': 'Made the full access report',
    'actor.api_client': "The place of treatment's system",
    'actor.invitation': 'You, in the questionnaire',
    'actor.system': 'The register itself',
    'actor.anonymous': 'Unknown',
  },
};

export const ACCESS_REPORT_MESSAGES: Readonly<Record<FormLanguage, AccessReportMessages>> = { nb, nn, en };
