/**
 * Every word of the results pages (issue 22), per language: page texts, the indicators' titles,
 * definitions and units, zone names, suppression reasons, chart labels. The same keys in bokmål,
 * nynorsk and English: the type makes a missing key a compile error, and
 * test/results/results-messages.spec.ts checks the objects themselves. The API serves the indicator
 * texts from here too, for `?lang=` or Accept-Language.
 */
import type { Language } from '../common/languages';
import { ENGLISH_FUNNEL_WORDS, type FunnelWords } from '../indicators/charts/funnel-chart';
import type { SuppressionReason } from '../indicators/figures';
import type { IndicatorId } from '../indicators/indicator-specs';
import type { Zone } from '../indicators/settings/indicator-targets';
import type { Region } from '../institutions/institution.entity';

export interface IndicatorTexts {
  title: string;
  definition: string;
  /** What one unit of the value is, as shown beside numbers ("andel", "dager"). */
  unit: string;
}

/** The parts a figure is split in: instruments, PCHC classes and key variables. */
export const PART_KEYS = [
  'eq5d-5l',
  'barthel',
  'better',
  'worse',
  'mixed',
  'unchanged',
  'birth_year',
  'sex',
  'programme_group',
  'setting',
  'referral_date',
  'discharge_destination',
  'eq5d_admission',
  'eq5d_discharge',
  'vas_admission',
  'vas_discharge',
  'barthel_admission',
  'barthel_discharge',
  'rehab_level',
  'professions',
  'individual_plan',
  'coordinator',
  'mrs_admission',
  'mrs_discharge',
] as const;
export type PartKey = (typeof PART_KEYS)[number];

export interface ResultsMessages {
  locale: string;
  nav: string;
  publicTitle: string;
  publicIntro: string;
  nothingPublished: string;
  signInLink: string;
  publication: {
    heading: string;
    period: string;
    version: string;
    publishedAt: string;
    corrections: string;
    noCorrections: string;
    correctedSince: string;
    early: string;
  };
  periodNames: { year: string; quarter: string; twelveMonths: string };
  national: string;
  nationalTitle: string;
  regionsCaption: string;
  institutionsHeading: string;
  institutionsCaption: string;
  institution: string;
  region: string;
  indicator: string;
  value: string;
  ci: string;
  n: string;
  zone: string;
  coverage: string;
  lowCoverageNote: string;
  lowCoverageMark: string;
  suppressedShort: string;
  suppressedCell: string;
  noValue: string;
  noTarget: string;
  live: string;
  liveNote: string;
  /** The region's and the nation's live figures beside the own: when they were computed. */
  referenceNote: string;
  reason: string;
  zones: Record<Zone, string>;
  reasons: Record<SuppressionReason, string>;
  regions: Record<Region, string>;
  indicators: Record<IndicatorId, IndicatorTexts>;
  parts: Record<PartKey, string>;
  units: { share: string; percentPoints: string; days: string; ratio: string };
  indicatorPage: {
    definition: string;
    method: string;
    methodText: string;
    methodCi: string;
    methodSuppression: string;
    methodFunnel: string;
    valueSet: string;
    figures: string;
    part: string;
    choosePart: string;
    show: string;
    funnelHeading: string;
    funnelCaption: string;
    funnelState: Record<'within' | 'outside95' | 'outside998', string>;
    limits95: string;
    limits998: string;
    nationalValue: string;
    noFunnel: string;
    barsHeading: string;
    barsCaption: string;
    trendHeading: string;
    trendCaption: string;
    trendOwnCaption: string;
    year: string;
    quarter: string;
    api: string;
    csv: string;
    back: string;
    tableOf: string;
    episodesAxis: string;
  };
  staff: {
    title: string;
    intro: string;
    periodLabel: string;
    periodHint: string;
    choose: string;
    overviewCaption: string;
    indicatorTitle: string;
    breakdownsHeading: string;
    breakdownsCaption: string;
    breakdown: string;
    caseMixHeading: string;
    caseMixText: string;
    crude: string;
    adjusted: string;
    completenessLink: string;
    completenessTitle: string;
    completenessIntro: string;
    coverageHeading: string;
    coverageCaption: string;
    participation: string;
    registered: string;
    expected: string;
    registrationHeading: string;
    registrationCaption: string;
    variablesHeading: string;
    variablesCaption: string;
    variable: string;
    openItemsHeading: string;
    openItemsIntro: string;
    openItemsCaption: string;
    itemKinds: Record<'not_discharged' | 'discharge_missing' | 'admission_missing' | 'out_of_window', string>;
    allItems: string;
    itemFilter: string;
    itemCount: string;
    previousPage: string;
    nextPage: string;
    pageOf: string;
    openItemsCsv: string;
    timepoints: { admission: string; discharge: string };
    outOfWindowItem: string;
    noOpenItems: string;
    episode: string;
    problem: string;
    admitted: string;
    discharged: string;
    notPublished: string;
    regionAsPublished: string;
  };
  errors: { badPeriod: string; badLanguage: string; badPart: string; badValue: string; unknownIndicator: string; back: string };
  funnel: FunnelWords;
  charts: { bars: string; barsHidden: string; barsNone: string; trend: string; series: string; noZone: string; share: string };
}

const REGION_NAMES: Record<Region, string> = {
  'helse-nord': 'Helse Nord',
  'helse-midt-norge': 'Helse Midt-Norge',
  'helse-vest': 'Helse Vest',
  'helse-sor-ost': 'Helse Sør-Øst',
};

const nb: ResultsMessages = {
  locale: 'nb-NO',
  nav: 'Resultater',
  publicTitle: 'Resultater fra rehabiliteringsregisteret',
  publicIntro:
    'Publiserte tall for hele landet, helseregionene og institusjonene. Tall som bygger på færre enn {threshold} forløp vises ikke, så enkeltpasienter ikke kan kjennes igjen.',
  nothingPublished: 'Ingen resultater er publisert ennå.',
  signInLink: 'Logg inn for ansatte, administratorer og forskere',
  publication: {
    heading: 'Om publiseringen',
    period: 'Periode',
    version: 'Versjon',
    publishedAt: 'Publisert',
    corrections: 'Rettelser',
    noCorrections: 'Ingen rettelser.',
    correctedSince: 'Disse tallene er rettet senere. Se den nyeste versjonen.',
    early: 'Publisert før fristen for etterregistrering var ute: {reason}',
  },
  periodNames: { year: 'året {year}', quarter: '{quarter}. kvartal {year}', twelveMonths: 'siste 12 hele måneder' },
  national: 'Nasjonalt',
  nationalTitle: 'Hele landet og helseregionene',
  regionsCaption: 'Indikatorer for hele landet og hver helseregion, {period}. Verdi med 95 % konfidensintervall og antall forløp (n).',
  institutionsHeading: 'Institusjonene',
  institutionsCaption: 'Utvalgte indikatorer per institusjon, {period}.',
  institution: 'Institusjon',
  region: 'Helseregion',
  indicator: 'Indikator',
  value: 'Verdi',
  ci: '95 % KI',
  n: 'n',
  zone: 'Måloppnåelse',
  coverage: 'Dekningsgrad',
  lowCoverageNote: 'Grå rader: dekningsgraden er under {level}. Tallene gjelder da bare en del av pasientene og kan gi et skjevt bilde.',
  lowCoverageMark: 'lav dekningsgrad',
  suppressedShort: 'Skjult',
  suppressedCell: 'Skjult: {reason}',
  noValue: '–',
  noTarget: 'Ikke fastsatt mål',
  live: 'Foreløpig',
  liveNote: 'Foreløpige tall er ikke publisert og endrer seg når nye data kommer inn.',
  referenceNote:
    'Helseregionens og landets tall ble beregnet {time}. De beregnes på nytt når nye data har kommet inn og de er mer enn fem minutter gamle; egne tall er alltid oppdatert.',
  reason: 'Årsak',
  zones: { below_minimum: 'Under minstekrav', minimum_met: 'Minstekrav nådd', target_met: 'Mål nådd' },
  reasons: {
    small_n: 'færre enn {threshold} forløp',
    secondary: 'skjult for å beskytte en annen skjult celle',
    few_institutions: 'bare én annen institusjon bidrar',
    contributors: 'for få institusjoner bidrar',
    dominance: 'én institusjon står for nesten alle forløpene',
  },
  regions: REGION_NAMES,
  indicators: {
    'completeness.admission': {
      title: 'Registrering ved innleggelse',
      definition: 'Andel avsluttede forløp med gyldig svar ved innleggelse, hver for seg for EQ-5D-5L og Barthel.',
      unit: 'andel',
    },
    'completeness.paired': {
      title: 'Parvis registrering',
      definition: 'Andel avsluttede forløp med gyldige svar ved både innleggelse og utskrivning på samme skjema.',
      unit: 'andel',
    },
    'eq5d.index_change': {
      title: 'Endring i EQ-5D-indeks',
      definition:
        'Gjennomsnittlig endring i EQ-5D-5L-indeks fra innleggelse til utskrivning, med 95 % konfidensintervall. Bare forløp med begge målinger.',
      unit: 'EQ-5D-indeks',
    },
    'eq5d.index_change_adjusted': {
      title: 'Casemiks-justert endring i EQ-5D-indeks',
      definition:
        'Institusjonens observerte gjennomsnittlige endring minus forventet endring pluss landsgjennomsnittet. Forventet endring kommer fra en lineær modell tilpasset nasjonale data med aldersgruppe, kjønn, indeks ved innleggelse, programgruppe og behandlingsform.',
      unit: 'EQ-5D-indeks',
    },
    'eq5d.vas_change': {
      title: 'Endring i EQ VAS',
      definition: 'Gjennomsnittlig endring i EQ VAS (0–100) fra innleggelse til utskrivning, med 95 % konfidensintervall.',
      unit: 'EQ VAS-poeng',
    },
    'eq5d.pchc': {
      title: 'Paretiansk klassifisering av helseendring',
      definition: 'Andel forløp der EQ-5D-5L-profilen er bedre, verre, blandet eller uendret (trenger ikke verdisett).',
      unit: 'andel',
    },
    'eq5d.improved': {
      title: 'Klinisk viktig bedring',
      definition: 'Andel forløp med begge målinger der EQ-5D-5L-indeksen bedres med minst den minste viktige forskjellen.',
      unit: 'andel',
    },
    'barthel.change': {
      title: 'Endring i Barthel-indeks',
      definition: 'Gjennomsnittlig endring i Barthel-indeks (0–100) fra innleggelse til utskrivning, med 95 % konfidensintervall.',
      unit: 'Barthel-poeng',
    },
    'barthel.improved': {
      title: 'Viktig bedring i ADL',
      definition: 'Andel forløp med begge målinger der Barthel-indeksen bedres med minst den minste klinisk viktige forskjellen.',
      unit: 'andel',
    },
    'barthel.independent': {
      title: 'Selvhjulpen ved utskrivning',
      definition: 'Andel forløp med Barthel-indeks ved utskrivning på eller over grensen for selvhjulpenhet (standard 100).',
      unit: 'andel',
    },
    'outcome.home': {
      title: 'Utskrevet til hjemmet',
      definition:
        'Andel avsluttede forløp med registrert utskrivningssted som ble skrevet ut til hjemmet, med eller uten tjenester. Forløp uten registrert utskrivningssted er ikke med i n.',
      unit: 'andel',
    },
    'los.median': {
      title: 'Liggetid',
      definition: 'Median og kvartilbredde for dager fra innleggelse til utskrivning.',
      unit: 'dager',
    },
    'wait.median': {
      title: 'Ventetid',
      definition: 'Median og kvartilbredde for dager fra henvisning til innleggelse, der henvisningsdato er oppgitt.',
      unit: 'dager',
    },
    'mrs.improved': {
      title: 'Bedring på modifisert Rankin-skala',
      definition:
        'Av hjerneslagforløp med mRS ved innleggelse og utskrivning, mRS minst 1 ved innleggelse og under 6 ved utskrivning: andelen med lavere mRS ved utskrivning.',
      unit: 'andel',
    },
    'mrs.independent_discharge': {
      title: 'Funksjonelt selvstendig ved utskrivning (mRS 0–2)',
      definition: 'Av hjerneslagforløp med mRS ved utskrivning: andelen med mRS 0, 1 eller 2.',
      unit: 'andel',
    },
    'plan.individual_plan': {
      title: 'Individuell plan',
      definition:
        'Av forløp på nivå 5.1–5.3 der individuell plan ikke er registrert som unødvendig: andelen der planen er etablert eller tilbudt og avslått.',
      unit: 'andel',
    },
    'plan.coordinator': {
      title: 'Koordinator oppnevnt',
      definition: 'Av forløp på nivå 5.1–5.3 der koordinator ikke er registrert som unødvendig: andelen med oppnevnt koordinator.',
      unit: 'andel',
    },
    'content.interdisciplinary': {
      title: 'Tverrfaglig team (4 eller flere profesjoner)',
      definition: 'Av forløp på nivå 5.2 og 5.3: andelen der 4 eller flere profesjoner deltok.',
      unit: 'andel',
    },
    'transition.municipality_notified': {
      title: 'Kommunen varslet før utskrivning',
      definition:
        'Av avsluttede døgnforløp utskrevet hjem med tjenester, til sykehjem eller til en annen institusjon: andelen der kommunen ble varslet senest på utskrivningsdagen.',
      unit: 'andel',
    },
    'completeness.participation': {
      title: 'Tilslutningsgrad',
      definition: 'Andel av institusjonene som skulle rapportere i perioden, som har rapportert minst ett forløp.',
      unit: 'andel',
    },
    'completeness.coverage': {
      title: 'Dekningsgrad',
      definition: 'Registrerte forløp delt på forventede forløp per institusjon (forventet antall fra Norsk pasientregister).',
      unit: 'forhold',
    },
    'completeness.variables': {
      title: 'Variabelkompletthet',
      definition: 'For hver nøkkelvariabel: andel forløp der den er utfylt.',
      unit: 'andel',
    },
  },
  parts: {
    'eq5d-5l': 'EQ-5D-5L',
    barthel: 'Barthel',
    better: 'Bedre',
    worse: 'Verre',
    mixed: 'Blandet',
    unchanged: 'Uendret',
    birth_year: 'Fødselsår',
    sex: 'Kjønn',
    programme_group: 'Programgruppe',
    setting: 'Behandlingsform',
    referral_date: 'Henvisningsdato',
    discharge_destination: 'Utskrivningssted',
    eq5d_admission: 'EQ-5D ved innleggelse',
    eq5d_discharge: 'EQ-5D ved utskrivning',
    vas_admission: 'EQ VAS ved innleggelse',
    vas_discharge: 'EQ VAS ved utskrivning',
    barthel_admission: 'Barthel ved innleggelse',
    barthel_discharge: 'Barthel ved utskrivning',
    rehab_level: 'Rehabiliteringsnivå',
    professions: 'Profesjoner',
    individual_plan: 'Individuell plan',
    coordinator: 'Koordinator',
    mrs_admission: 'mRS ved innleggelse',
    mrs_discharge: 'mRS ved utskrivning',
  },
  units: { share: 'prosent', percentPoints: 'prosentpoeng', days: 'dager', ratio: 'prosent av forventet' },
  indicatorPage: {
    definition: 'Definisjon',
    method: 'Metode',
    methodText: 'Tallene gjelder avsluttede forløp i perioden (etter utskrivningsdato). Pasienter som har trukket seg, er ikke med.',
    methodCi: 'Konfidensintervall: t-fordeling for gjennomsnitt, Wilson for andeler.',
    methodSuppression: 'Tall som bygger på færre enn {threshold} forløp skjules, og noen flere skjules så de ikke kan regnes tilbake.',
    methodFunnel:
      'Traktplottet viser hver institusjon mot landsverdien med 95 % og 99,8 % kontrollgrenser. Utenfor 99,8 % er mer enn tilfeldig variasjon.',
    valueSet: 'Verdisett for EQ-5D-5L: {name}.',
    figures: 'Hele landet og helseregionene',
    part: 'Del',
    choosePart: 'Velg del',
    show: 'Vis',
    funnelHeading: 'Traktplott',
    funnelCaption: 'Institusjonene i traktplottet, {period}: verdi, n og plassering mot kontrollgrensene.',
    funnelState: { within: 'Innenfor 95 %', outside95: 'Utenfor 95 %', outside998: 'Utenfor 99,8 %' },
    limits95: '95 % kontrollgrenser',
    limits998: '99,8 % kontrollgrenser',
    nationalValue: 'Landsverdi',
    noFunnel: 'Denne indikatoren har ikke traktplott.',
    barsHeading: 'Institusjonene',
    barsCaption: '{title} per institusjon, {period}, med 95 % konfidensintervall.',
    trendHeading: 'Utvikling over tid',
    trendCaption: '{title} for hele landet og helseregionene per publisert år.',
    trendOwnCaption: '{title} per kvartal, egen institusjon mot hele landet, med 95 % konfidensintervall.',
    year: 'År',
    quarter: 'Kvartal',
    api: 'Tallene som JSON (API)',
    csv: 'Last ned tabellen som CSV',
    back: 'Tilbake til alle resultater',
    tableOf: 'Tallene i figuren',
    episodesAxis: 'Antall forløp (n)',
  },
  staff: {
    title: 'Resultater for {institution}',
    intro: 'Egne tall med 95 % konfidensintervall, sammenlignet med helseregionen og hele landet.',
    periodLabel: 'Periode',
    periodHint: 'År (2026), kvartal (2026-Q1) eller 12m for de siste 12 hele månedene',
    choose: 'Vis',
    overviewCaption: 'Indikatorer for {period}: egen institusjon, helseregionen og hele landet.',
    indicatorTitle: '{title} – {institution}',
    breakdownsHeading: 'Fordelt på program, behandlingsform og tjenestenivå',
    breakdownsCaption: '{title} for {institution} per gruppe, {period}.',
    breakdown: 'Gruppe',
    caseMixHeading: 'Casemiks-justert og ujustert',
    caseMixText:
      'Institusjoner har ulike pasienter. Den justerte verdien tar hensyn til alder, kjønn, helsetilstand ved innleggelse, programgruppe og behandlingsform, og viser hva institusjonen ville fått med en gjennomsnittlig pasientgruppe. Den ujusterte verdien er det pasientene faktisk oppnådde. Stor forskjell betyr at pasientgruppen skiller seg fra landet.',
    crude: 'Ujustert',
    adjusted: 'Justert',
    completenessLink: 'Kompletthet og åpne saker',
    completenessTitle: 'Kompletthet – {institution}',
    completenessIntro: 'Tilslutning, dekningsgrad mot forventet antall og variabelkompletthet, og forløp som mangler noe.',
    coverageHeading: 'Tilslutning og dekningsgrad',
    coverageCaption: 'Tilslutning og dekningsgrad for {period}: registrerte forløp mot forventet antall.',
    participation: 'Tilslutning',
    registered: 'Registrerte forløp',
    expected: 'Forventede forløp',
    registrationHeading: 'Skjema ved innleggelse og utskrivning',
    registrationCaption: 'Andel forløp med gyldige skjema, {period}.',
    variablesHeading: 'Variabelkompletthet',
    variablesCaption: 'Andel forløp der variabelen er fylt ut, {period}.',
    variable: 'Variabel',
    openItemsHeading: 'Åpne saker',
    openItemsIntro:
      'Forløp i perioden (utskrevet i perioden, eller innlagt i perioden og fortsatt åpne) som mangler noe indikatorene trenger. Åpne forløpet for å rette det.',
    openItemsCaption: 'Åpne saker for {period}, side {page} av {pages}.',
    itemKinds: {
      not_discharged: 'Ikke utskrevet (mangler utskrivning)',
      discharge_missing: 'Mangler utskrivningsskjema',
      admission_missing: 'Mangler innleggelsesskjema',
      out_of_window: 'Svar utenfor tidsvinduet',
    },
    allItems: 'Alle åpne saker',
    itemFilter: 'Åpne saker etter type',
    itemCount: '{count} forløp',
    previousPage: 'Forrige side',
    nextPage: 'Neste side',
    pageOf: 'Side {page} av {pages}',
    openItemsCsv: 'Last ned alle åpne saker som CSV',
    timepoints: { admission: 'innleggelse', discharge: 'utskrivning' },
    outOfWindowItem: '{instrument} ved {timepoint}, besvart {date}',
    noOpenItems: 'Ingen åpne saker.',
    episode: 'Forløp',
    problem: 'Mangler',
    admitted: 'Innlagt',
    discharged: 'Utskrevet',
    notPublished: 'Ikke publisert',
    regionAsPublished: 'Institusjonene i {region} slik de ble publisert for {period}.',
  },
  errors: {
    badPeriod: 'Perioden «{value}» finnes ikke. Skriv et år (2026), et kvartal (2026-Q1) eller 12m.',
    badLanguage: 'Språket «{value}» finnes ikke. Velg nb, nn eller en.',
    badPart: 'Delen «{value}» finnes ikke for denne indikatoren.',
    badValue: '«{value}» er ikke en gyldig verdi for {name}.',
    unknownIndicator: 'Indikatoren finnes ikke.',
    back: 'Tilbake til resultatene',
  },
  funnel: {
    zones: { below_minimum: 'Under minstekrav', minimum_met: 'Minstekrav nådd', target_met: 'Mål nådd' },
    zone: 'Sone',
    controlLimits: 'Kontrollgrenser',
    limits95: '95 % grenser',
    limits998: '99,8 % grenser',
    institution: 'Institusjon',
    states: ['Innenfor 95 % grensene', 'Utenfor 95 % grensene', 'Utenfor 99,8 % grensene'],
    coverage: 'Dekningsgrad',
    lowCoverage: 'Under varslingsnivået',
    fullCoverage: 'Tilstrekkelig eller ukjent',
    nationalValue: 'Landsverdi',
    describe: {
      intro: 'Traktplott for {title}: {count} {institutions} mot landsverdien {target} med 95 % og 99,8 % kontrollgrenser.',
      institutionOne: 'institusjon',
      institutionMany: 'institusjoner',
      hiddenOne: '{count} institusjon vises ikke: for få forløp til å publisere.',
      hiddenMany: '{count} institusjoner vises ikke: for få forløp til å publisere.',
      pointLowCoverage: 'dekningsgrad under varslingsnivået',
      above: 'Over 99,8 % grensen: {names}.',
      below: 'Under 99,8 % grensen: {names}.',
      none: 'Ingen institusjon ligger utenfor 99,8 % grensene.',
      outside95Only: 'Bare utenfor 95 % grensene: {names}.',
      lowCoverage: 'Dekningsgrad under varslingsnivået, så tallet gjelder kanskje ikke alle pasientene: {names}.',
      zones: 'Skraverte soner: {zones}.',
      zoneRange: '{zone} fra {from} til {to}',
    },
  },
  charts: {
    bars: 'Søylediagram over {title} for {count} institusjoner. Høyest: {highest}. Lavest: {lowest}.',
    barsHidden: '{count} institusjoner vises ikke fordi tallene er skjult.',
    barsNone: 'Ingen institusjon har tall som kan vises.',
    trend: 'Linjediagram over {title} for {series} i periodene {periods}.',
    series: 'Serie',
    noZone: 'Uten mål',
    share: 'prosent',
  },
};

const nn: ResultsMessages = {
  locale: 'nn-NO',
  nav: 'Resultat',
  publicTitle: 'Resultat frå rehabiliteringsregisteret',
  publicIntro:
    'Publiserte tal for heile landet, helseregionane og institusjonane. Tal som byggjer på færre enn {threshold} forløp blir ikkje viste, så enkeltpasientar ikkje kan kjennast att.',
  nothingPublished: 'Ingen resultat er publiserte enno.',
  signInLink: 'Logg inn for tilsette, administratorar og forskarar',
  publication: {
    heading: 'Om publiseringa',
    period: 'Periode',
    version: 'Versjon',
    publishedAt: 'Publisert',
    corrections: 'Rettingar',
    noCorrections: 'Ingen rettingar.',
    correctedSince: 'Desse tala er retta seinare. Sjå den nyaste versjonen.',
    early: 'Publisert før fristen for etterregistrering var ute: {reason}',
  },
  periodNames: { year: 'året {year}', quarter: '{quarter}. kvartal {year}', twelveMonths: 'siste 12 heile månader' },
  national: 'Nasjonalt',
  nationalTitle: 'Heile landet og helseregionane',
  regionsCaption: 'Indikatorar for heile landet og kvar helseregion, {period}. Verdi med 95 % konfidensintervall og tal på forløp (n).',
  institutionsHeading: 'Institusjonane',
  institutionsCaption: 'Utvalde indikatorar per institusjon, {period}.',
  institution: 'Institusjon',
  region: 'Helseregion',
  indicator: 'Indikator',
  value: 'Verdi',
  ci: '95 % KI',
  n: 'n',
  zone: 'Måloppnåing',
  coverage: 'Dekningsgrad',
  lowCoverageNote: 'Grå rader: dekningsgraden er under {level}. Tala gjeld då berre ein del av pasientane og kan gje eit skeivt bilete.',
  lowCoverageMark: 'låg dekningsgrad',
  suppressedShort: 'Skjult',
  suppressedCell: 'Skjult: {reason}',
  noValue: '–',
  noTarget: 'Ikkje fastsett mål',
  live: 'Førebels',
  liveNote: 'Førebelse tal er ikkje publiserte og endrar seg når nye data kjem inn.',
  referenceNote:
    'Tala for helseregionen og landet vart rekna ut {time}. Dei blir rekna ut på nytt når nye data har kome inn og dei er meir enn fem minutt gamle; eigne tal er alltid oppdaterte.',
  reason: 'Årsak',
  zones: { below_minimum: 'Under minstekrav', minimum_met: 'Minstekrav nådd', target_met: 'Mål nådd' },
  reasons: {
    small_n: 'færre enn {threshold} forløp',
    secondary: 'skjult for å verne ei anna skjult celle',
    few_institutions: 'berre éin annan institusjon bidreg',
    contributors: 'for få institusjonar bidreg',
    dominance: 'éin institusjon står for nesten alle forløpa',
  },
  regions: REGION_NAMES,
  indicators: {
    'completeness.admission': {
      title: 'Registrering ved innlegging',
      definition: 'Del av avslutta forløp med gyldig svar ved innlegging, kvar for seg for EQ-5D-5L og Barthel.',
      unit: 'del',
    },
    'completeness.paired': {
      title: 'Parvis registrering',
      definition: 'Del av avslutta forløp med gyldige svar ved både innlegging og utskriving på same skjema.',
      unit: 'del',
    },
    'eq5d.index_change': {
      title: 'Endring i EQ-5D-indeks',
      definition:
        'Gjennomsnittleg endring i EQ-5D-5L-indeks frå innlegging til utskriving, med 95 % konfidensintervall. Berre forløp med begge målingane.',
      unit: 'EQ-5D-indeks',
    },
    'eq5d.index_change_adjusted': {
      title: 'Casemiks-justert endring i EQ-5D-indeks',
      definition:
        'Den observerte gjennomsnittlege endringa til institusjonen minus forventa endring pluss landsgjennomsnittet. Forventa endring kjem frå ein lineær modell tilpassa nasjonale data med aldersgruppe, kjønn, indeks ved innlegging, programgruppe og behandlingsform.',
      unit: 'EQ-5D-indeks',
    },
    'eq5d.vas_change': {
      title: 'Endring i EQ VAS',
      definition: 'Gjennomsnittleg endring i EQ VAS (0–100) frå innlegging til utskriving, med 95 % konfidensintervall.',
      unit: 'EQ VAS-poeng',
    },
    'eq5d.pchc': {
      title: 'Paretiansk klassifisering av helseendring',
      definition: 'Del av forløpa der EQ-5D-5L-profilen er betre, verre, blanda eller uendra (treng ikkje verdisett).',
      unit: 'del',
    },
    'eq5d.improved': {
      title: 'Klinisk viktig betring',
      definition: 'Del av forløpa med begge målingane der EQ-5D-5L-indeksen blir betre med minst den minste viktige skilnaden.',
      unit: 'del',
    },
    'barthel.change': {
      title: 'Endring i Barthel-indeks',
      definition: 'Gjennomsnittleg endring i Barthel-indeks (0–100) frå innlegging til utskriving, med 95 % konfidensintervall.',
      unit: 'Barthel-poeng',
    },
    'barthel.improved': {
      title: 'Viktig betring i ADL',
      definition: 'Del av forløpa med begge målingane der Barthel-indeksen blir betre med minst den minste klinisk viktige skilnaden.',
      unit: 'del',
    },
    'barthel.independent': {
      title: 'Sjølvhjelpen ved utskriving',
      definition: 'Del av forløpa med Barthel-indeks ved utskriving på eller over grensa for sjølvhjelp (standard 100).',
      unit: 'del',
    },
    'outcome.home': {
      title: 'Utskriven til heimen',
      definition:
        'Del av avslutta forløp med registrert utskrivingsstad som vart skrivne ut til heimen, med eller utan tenester. Forløp utan registrert utskrivingsstad er ikkje med i n.',
      unit: 'del',
    },
    'los.median': {
      title: 'Liggjetid',
      definition: 'Median og kvartilbreidd for dagar frå innlegging til utskriving.',
      unit: 'dagar',
    },
    'wait.median': {
      title: 'Ventetid',
      definition: 'Median og kvartilbreidd for dagar frå tilvising til innlegging, der tilvisingsdato er oppgitt.',
      unit: 'dagar',
    },
    'mrs.improved': {
      title: 'Betring på modifisert Rankin-skala',
      definition:
        'Av hjerneslagforløp med mRS ved innlegging og utskriving, mRS minst 1 ved innlegging og under 6 ved utskriving: delen med lågare mRS ved utskriving.',
      unit: 'del',
    },
    'mrs.independent_discharge': {
      title: 'Funksjonelt sjølvstendig ved utskriving (mRS 0–2)',
      definition: 'Av hjerneslagforløp med mRS ved utskriving: delen med mRS 0, 1 eller 2.',
      unit: 'del',
    },
    'plan.individual_plan': {
      title: 'Individuell plan',
      definition:
        'Av forløp på nivå 5.1–5.3 der individuell plan ikkje er registrert som unødvendig: delen der planen er etablert eller tilboden og avslått.',
      unit: 'del',
    },
    'plan.coordinator': {
      title: 'Koordinator oppnemnd',
      definition: 'Av forløp på nivå 5.1–5.3 der koordinator ikkje er registrert som unødvendig: delen med oppnemnd koordinator.',
      unit: 'del',
    },
    'content.interdisciplinary': {
      title: 'Tverrfagleg team (4 eller fleire profesjonar)',
      definition: 'Av forløp på nivå 5.2 og 5.3: delen der 4 eller fleire profesjonar deltok.',
      unit: 'del',
    },
    'transition.municipality_notified': {
      title: 'Kommunen varsla før utskriving',
      definition:
        'Av avslutta døgnforløp utskrivne heim med tenester, til sjukeheim eller til ein annan institusjon: delen der kommunen vart varsla seinast på utskrivingsdagen.',
      unit: 'del',
    },
    'completeness.participation': {
      title: 'Tilslutningsgrad',
      definition: 'Del av institusjonane som skulle rapportere i perioden, som har rapportert minst eitt forløp.',
      unit: 'del',
    },
    'completeness.coverage': {
      title: 'Dekningsgrad',
      definition: 'Registrerte forløp delt på forventa forløp per institusjon (forventa tal frå Norsk pasientregister).',
      unit: 'forhold',
    },
    'completeness.variables': {
      title: 'Variabelkompletthet',
      definition: 'For kvar nøkkelvariabel: del av forløpa der han er fylt ut.',
      unit: 'del',
    },
  },
  parts: {
    'eq5d-5l': 'EQ-5D-5L',
    barthel: 'Barthel',
    better: 'Betre',
    worse: 'Verre',
    mixed: 'Blanda',
    unchanged: 'Uendra',
    birth_year: 'Fødselsår',
    sex: 'Kjønn',
    programme_group: 'Programgruppe',
    setting: 'Behandlingsform',
    referral_date: 'Tilvisingsdato',
    discharge_destination: 'Utskrivingsstad',
    eq5d_admission: 'EQ-5D ved innlegging',
    eq5d_discharge: 'EQ-5D ved utskriving',
    vas_admission: 'EQ VAS ved innlegging',
    vas_discharge: 'EQ VAS ved utskriving',
    barthel_admission: 'Barthel ved innlegging',
    barthel_discharge: 'Barthel ved utskriving',
    rehab_level: 'Rehabiliteringsnivå',
    professions: 'Profesjonar',
    individual_plan: 'Individuell plan',
    coordinator: 'Koordinator',
    mrs_admission: 'mRS ved innlegging',
    mrs_discharge: 'mRS ved utskriving',
  },
  units: { share: 'prosent', percentPoints: 'prosentpoeng', days: 'dagar', ratio: 'prosent av forventa' },
  indicatorPage: {
    definition: 'Definisjon',
    method: 'Metode',
    methodText: 'Tala gjeld avslutta forløp i perioden (etter utskrivingsdato). Pasientar som har trekt seg, er ikkje med.',
    methodCi: 'Konfidensintervall: t-fordeling for gjennomsnitt, Wilson for delar.',
    methodSuppression:
      'Tal som byggjer på færre enn {threshold} forløp blir skjulte, og nokre fleire blir skjulte så dei ikkje kan reknast tilbake.',
    methodFunnel:
      'Traktplottet viser kvar institusjon mot landsverdien med 95 % og 99,8 % kontrollgrenser. Utanfor 99,8 % er meir enn tilfeldig variasjon.',
    valueSet: 'Verdisett for EQ-5D-5L: {name}.',
    figures: 'Heile landet og helseregionane',
    part: 'Del',
    choosePart: 'Vel del',
    show: 'Vis',
    funnelHeading: 'Traktplott',
    funnelCaption: 'Institusjonane i traktplottet, {period}: verdi, n og plassering mot kontrollgrensene.',
    funnelState: { within: 'Innanfor 95 %', outside95: 'Utanfor 95 %', outside998: 'Utanfor 99,8 %' },
    limits95: '95 % kontrollgrenser',
    limits998: '99,8 % kontrollgrenser',
    nationalValue: 'Landsverdi',
    noFunnel: 'Denne indikatoren har ikkje traktplott.',
    barsHeading: 'Institusjonane',
    barsCaption: '{title} per institusjon, {period}, med 95 % konfidensintervall.',
    trendHeading: 'Utvikling over tid',
    trendCaption: '{title} for heile landet og helseregionane per publisert år.',
    trendOwnCaption: '{title} per kvartal, eigen institusjon mot heile landet, med 95 % konfidensintervall.',
    year: 'År',
    quarter: 'Kvartal',
    api: 'Tala som JSON (API)',
    csv: 'Last ned tabellen som CSV',
    back: 'Tilbake til alle resultat',
    tableOf: 'Tala i figuren',
    episodesAxis: 'Tal på forløp (n)',
  },
  staff: {
    title: 'Resultat for {institution}',
    intro: 'Eigne tal med 95 % konfidensintervall, samanlikna med helseregionen og heile landet.',
    periodLabel: 'Periode',
    periodHint: 'År (2026), kvartal (2026-Q1) eller 12m for dei siste 12 heile månadene',
    choose: 'Vis',
    overviewCaption: 'Indikatorar for {period}: eigen institusjon, helseregionen og heile landet.',
    indicatorTitle: '{title} – {institution}',
    breakdownsHeading: 'Fordelt på program, behandlingsform og tenestenivå',
    breakdownsCaption: '{title} for {institution} per gruppe, {period}.',
    breakdown: 'Gruppe',
    caseMixHeading: 'Casemiks-justert og ujustert',
    caseMixText:
      'Institusjonar har ulike pasientar. Den justerte verdien tek omsyn til alder, kjønn, helsetilstand ved innlegging, programgruppe og behandlingsform, og viser kva institusjonen ville fått med ei gjennomsnittleg pasientgruppe. Den ujusterte verdien er det pasientane faktisk oppnådde. Stor skilnad tyder at pasientgruppa skil seg frå landet.',
    crude: 'Ujustert',
    adjusted: 'Justert',
    completenessLink: 'Kompletthet og opne saker',
    completenessTitle: 'Kompletthet – {institution}',
    completenessIntro: 'Tilslutning, dekningsgrad mot forventa tal og variabelkompletthet, og forløp som manglar noko.',
    coverageHeading: 'Tilslutning og dekningsgrad',
    coverageCaption: 'Tilslutning og dekningsgrad for {period}: registrerte forløp mot forventa tal.',
    participation: 'Tilslutning',
    registered: 'Registrerte forløp',
    expected: 'Forventa forløp',
    registrationHeading: 'Skjema ved innlegging og utskriving',
    registrationCaption: 'Del av forløpa med gyldige skjema, {period}.',
    variablesHeading: 'Variabelkompletthet',
    variablesCaption: 'Del av forløpa der variabelen er fylt ut, {period}.',
    variable: 'Variabel',
    openItemsHeading: 'Opne saker',
    openItemsIntro:
      'Forløp i perioden (utskrivne i perioden, eller innlagde i perioden og framleis opne) som manglar noko indikatorane treng. Opne forløpet for å rette det.',
    openItemsCaption: 'Opne saker for {period}, side {page} av {pages}.',
    itemKinds: {
      not_discharged: 'Ikkje utskriven (manglar utskriving)',
      discharge_missing: 'Manglar utskrivingsskjema',
      admission_missing: 'Manglar innleggingsskjema',
      out_of_window: 'Svar utanfor tidsvindauget',
    },
    allItems: 'Alle opne saker',
    itemFilter: 'Opne saker etter type',
    itemCount: '{count} forløp',
    previousPage: 'Førre side',
    nextPage: 'Neste side',
    pageOf: 'Side {page} av {pages}',
    openItemsCsv: 'Last ned alle opne saker som CSV',
    timepoints: { admission: 'innlegging', discharge: 'utskriving' },
    outOfWindowItem: '{instrument} ved {timepoint}, svart {date}',
    noOpenItems: 'Ingen opne saker.',
    episode: 'Forløp',
    problem: 'Manglar',
    admitted: 'Innlagd',
    discharged: 'Utskriven',
    notPublished: 'Ikkje publisert',
    regionAsPublished: 'Institusjonane i {region} slik dei vart publiserte for {period}.',
  },
  errors: {
    badPeriod: 'Perioden «{value}» finst ikkje. Skriv eit år (2026), eit kvartal (2026-Q1) eller 12m.',
    badLanguage: 'Språket «{value}» finst ikkje. Vel nb, nn eller en.',
    badPart: 'Delen «{value}» finst ikkje for denne indikatoren.',
    badValue: '«{value}» er ikkje ein gyldig verdi for {name}.',
    unknownIndicator: 'Indikatoren finst ikkje.',
    back: 'Tilbake til resultata',
  },
  funnel: {
    zones: { below_minimum: 'Under minstekrav', minimum_met: 'Minstekrav nådd', target_met: 'Mål nådd' },
    zone: 'Sone',
    controlLimits: 'Kontrollgrenser',
    limits95: '95 % grenser',
    limits998: '99,8 % grenser',
    institution: 'Institusjon',
    states: ['Innanfor 95 % grensene', 'Utanfor 95 % grensene', 'Utanfor 99,8 % grensene'],
    coverage: 'Dekningsgrad',
    lowCoverage: 'Under varslingsnivået',
    fullCoverage: 'Tilstrekkeleg eller ukjend',
    nationalValue: 'Landsverdi',
    describe: {
      intro: 'Traktplott for {title}: {count} {institutions} mot landsverdien {target} med 95 % og 99,8 % kontrollgrenser.',
      institutionOne: 'institusjon',
      institutionMany: 'institusjonar',
      hiddenOne: '{count} institusjon blir ikkje vist: for få forløp til å publisere.',
      hiddenMany: '{count} institusjonar blir ikkje viste: for få forløp til å publisere.',
      pointLowCoverage: 'dekningsgrad under varslingsnivået',
      above: 'Over 99,8 % grensa: {names}.',
      below: 'Under 99,8 % grensa: {names}.',
      none: 'Ingen institusjon ligg utanfor 99,8 % grensene.',
      outside95Only: 'Berre utanfor 95 % grensene: {names}.',
      lowCoverage: 'Dekningsgrad under varslingsnivået, så talet gjeld kanskje ikkje alle pasientane: {names}.',
      zones: 'Skraverte soner: {zones}.',
      zoneRange: '{zone} frå {from} til {to}',
    },
  },
  charts: {
    bars: 'Søylediagram over {title} for {count} institusjonar. Høgast: {highest}. Lågast: {lowest}.',
    barsHidden: '{count} institusjonar blir ikkje viste fordi tala er skjulte.',
    barsNone: 'Ingen institusjon har tal som kan visast.',
    trend: 'Linjediagram over {title} for {series} i periodane {periods}.',
    series: 'Serie',
    noZone: 'Utan mål',
    share: 'prosent',
  },
};

const en: ResultsMessages = {
  locale: 'en-GB',
  nav: 'Results',
  publicTitle: 'Results of the rehabilitation register',
  publicIntro:
    'Published figures for the nation, the health regions and the institutions. Figures resting on fewer than {threshold} episodes are not shown, so that no patient can be recognised.',
  nothingPublished: 'No results have been published yet.',
  signInLink: 'Sign in for staff, administrators and researchers',
  publication: {
    heading: 'About this publication',
    period: 'Period',
    version: 'Version',
    publishedAt: 'Published',
    corrections: 'Corrections',
    noCorrections: 'No corrections.',
    correctedSince: 'These figures have been corrected since. See the newest version.',
    early: 'Published before the deadline for late registrations: {reason}',
  },
  periodNames: { year: 'the year {year}', quarter: 'quarter {quarter} of {year}', twelveMonths: 'the last 12 complete months' },
  national: 'National',
  nationalTitle: 'The nation and the health regions',
  regionsCaption:
    'Indicators for the nation and each health region, {period}. Value with 95% confidence interval and number of episodes (n).',
  institutionsHeading: 'The institutions',
  institutionsCaption: 'Selected indicators per institution, {period}.',
  institution: 'Institution',
  region: 'Health region',
  indicator: 'Indicator',
  value: 'Value',
  ci: '95% CI',
  n: 'n',
  zone: 'Target zone',
  coverage: 'Coverage',
  lowCoverageNote: 'Grey rows: coverage is below {level}. The figures then describe only some of the patients and may mislead.',
  lowCoverageMark: 'low coverage',
  suppressedShort: 'Hidden',
  suppressedCell: 'Hidden: {reason}',
  noValue: '–',
  noTarget: 'No target set',
  live: 'Live',
  liveNote: 'Live figures are not published and change as new data arrive.',
  referenceNote:
    'The region’s and the nation’s figures were computed on {time}. They are computed again when new data have arrived and they are more than five minutes old; the own figures are always up to date.',
  reason: 'Reason',
  zones: { below_minimum: 'Below minimum', minimum_met: 'Minimum met', target_met: 'Target met' },
  reasons: {
    small_n: 'fewer than {threshold} episodes',
    secondary: 'hidden to protect another hidden cell',
    few_institutions: 'only one other institution contributes',
    contributors: 'too few institutions contribute',
    dominance: 'one institution has almost all the episodes',
  },
  regions: REGION_NAMES,
  indicators: {
    'completeness.admission': {
      title: 'Admission registration',
      definition: 'Share of closed episodes with a valid admission response, separately for EQ-5D-5L and Barthel.',
      unit: 'share',
    },
    'completeness.paired': {
      title: 'Paired registration',
      definition: 'Share of closed episodes with valid admission and discharge responses of the same instrument.',
      unit: 'share',
    },
    'eq5d.index_change': {
      title: 'Change in EQ-5D index',
      definition: 'Mean of discharge minus admission EQ-5D-5L index with 95% CI, paired episodes only.',
      unit: 'EQ-5D index',
    },
    'eq5d.index_change_adjusted': {
      title: 'Case-mix adjusted change in EQ-5D index',
      definition:
        "Institution's observed mean change minus its expected mean plus the national mean; expected from a linear model fitted on national data with age band, sex, baseline index, programme group and setting.",
      unit: 'EQ-5D index',
    },
    'eq5d.vas_change': {
      title: 'Change in EQ VAS',
      definition: 'Mean of discharge minus admission EQ VAS (0–100) with 95% CI, paired episodes only.',
      unit: 'EQ VAS points',
    },
    'eq5d.pchc': {
      title: 'Paretian classification of health change',
      definition: 'Shares of paired EQ-5D-5L profiles that are better, worse, mixed or unchanged (no value set needed).',
      unit: 'share',
    },
    'eq5d.improved': {
      title: 'Clinically important improvement',
      definition: 'Share of paired episodes whose EQ-5D-5L index change is at least the minimal important difference.',
      unit: 'share',
    },
    'barthel.change': {
      title: 'Change in Barthel index',
      definition: 'Mean of discharge minus admission Barthel index (0–100) with 95% CI, paired episodes only.',
      unit: 'Barthel points',
    },
    'barthel.improved': {
      title: 'Important ADL improvement',
      definition: 'Share of paired episodes whose Barthel index improves by at least the MCID.',
      unit: 'share',
    },
    'barthel.independent': {
      title: 'Independent at discharge',
      definition: 'Share of episodes with a discharge Barthel index at or above the independence threshold (default 100).',
      unit: 'share',
    },
    'outcome.home': {
      title: 'Discharged home',
      definition:
        'Share of closed episodes with a recorded discharge destination whose destination is home or home with services; episodes without a recorded destination are left out of n.',
      unit: 'share',
    },
    'los.median': {
      title: 'Length of stay',
      definition: 'Median and interquartile range of days from admission to discharge.',
      unit: 'days',
    },
    'wait.median': {
      title: 'Waiting time',
      definition: 'Median and interquartile range of days from referral to admission, where the referral date is given.',
      unit: 'days',
    },
    'mrs.improved': {
      title: 'Improved on the modified Rankin Scale',
      definition:
        'Of stroke episodes with admission and discharge mRS, admission mRS at least 1 and discharge mRS below 6 (alive), the share whose discharge mRS is lower than the admission mRS.',
      unit: 'share',
    },
    'mrs.independent_discharge': {
      title: 'Functionally independent at discharge (mRS 0–2)',
      definition: 'Of stroke episodes with a discharge mRS, the share with mRS 0, 1 or 2.',
      unit: 'share',
    },
    'plan.individual_plan': {
      title: 'Individual plan',
      definition:
        'Of level 5.1–5.3 episodes whose individual plan is not recorded as not needed, the share where it is established or was offered and declined.',
      unit: 'share',
    },
    'plan.coordinator': {
      title: 'Coordinator assigned',
      definition: 'Of level 5.1–5.3 episodes whose coordinator is not recorded as not needed, the share with a coordinator assigned.',
      unit: 'share',
    },
    'content.interdisciplinary': {
      title: 'Interdisciplinary team (4 or more professions)',
      definition: 'Of level 5.2 and 5.3 episodes, the share where 4 or more professions took part.',
      unit: 'share',
    },
    'transition.municipality_notified': {
      title: 'Municipality notified before discharge',
      definition:
        'Of closed inpatient episodes discharged home with services, to a nursing home or to another institution, the share whose municipality was notified on or before the discharge date.',
      unit: 'share',
    },
    'completeness.participation': {
      title: 'Participation',
      definition: 'Share of institutions expected to report in the period that reported at least one episode.',
      unit: 'share',
    },
    'completeness.coverage': {
      title: 'Coverage',
      definition: 'Registered episodes divided by expected episodes per institution (expected counts from the national patient register).',
      unit: 'ratio',
    },
    'completeness.variables': {
      title: 'Variable completeness',
      definition: 'Per key variable, the share of episodes where it is filled.',
      unit: 'share',
    },
  },
  parts: {
    'eq5d-5l': 'EQ-5D-5L',
    barthel: 'Barthel',
    better: 'Better',
    worse: 'Worse',
    mixed: 'Mixed',
    unchanged: 'Unchanged',
    birth_year: 'Birth year',
    sex: 'Sex',
    programme_group: 'Programme group',
    setting: 'Setting',
    referral_date: 'Referral date',
    discharge_destination: 'Discharge destination',
    eq5d_admission: 'EQ-5D at admission',
    eq5d_discharge: 'EQ-5D at discharge',
    vas_admission: 'EQ VAS at admission',
    vas_discharge: 'EQ VAS at discharge',
    barthel_admission: 'Barthel at admission',
    barthel_discharge: 'Barthel at discharge',
    rehab_level: 'Rehabilitation level',
    professions: 'Professions',
    individual_plan: 'Individual plan',
    coordinator: 'Coordinator',
    mrs_admission: 'mRS at admission',
    mrs_discharge: 'mRS at discharge',
  },
  units: { share: 'per cent', percentPoints: 'percentage points', days: 'days', ratio: 'per cent of expected' },
  indicatorPage: {
    definition: 'Definition',
    method: 'Method',
    methodText: 'The figures count closed episodes of the period (by discharge date). Patients who withdrew are left out.',
    methodCi: 'Confidence intervals: t distribution for means, Wilson for shares.',
    methodSuppression:
      'Figures resting on fewer than {threshold} episodes are hidden, and a few more are hidden so that none can be computed back.',
    methodFunnel:
      'The funnel plot shows each institution against the national value with 95% and 99.8% control limits. Outside 99.8% is more than chance variation.',
    valueSet: 'EQ-5D-5L value set: {name}.',
    figures: 'The nation and the health regions',
    part: 'Part',
    choosePart: 'Choose part',
    show: 'Show',
    funnelHeading: 'Funnel plot',
    funnelCaption: 'The institutions of the funnel plot, {period}: value, n and position against the control limits.',
    funnelState: { within: 'Within 95%', outside95: 'Outside 95%', outside998: 'Outside 99.8%' },
    limits95: '95% control limits',
    limits998: '99.8% control limits',
    nationalValue: 'National value',
    noFunnel: 'This indicator has no funnel plot.',
    barsHeading: 'The institutions',
    barsCaption: '{title} per institution, {period}, with 95% confidence interval.',
    trendHeading: 'Over time',
    trendCaption: '{title} for the nation and the health regions per published year.',
    trendOwnCaption: '{title} per quarter, own institution against the nation, with 95% confidence interval.',
    year: 'Year',
    quarter: 'Quarter',
    api: 'The figures as JSON (API)',
    csv: 'Download the table as CSV',
    back: 'Back to all results',
    tableOf: 'The numbers in the chart',
    episodesAxis: 'Episodes (n)',
  },
  staff: {
    title: 'Results for {institution}',
    intro: 'Your own figures with 95% confidence intervals, compared with your health region and the nation.',
    periodLabel: 'Period',
    periodHint: 'A year (2026), a quarter (2026-Q1) or 12m for the last 12 complete months',
    choose: 'Show',
    overviewCaption: 'Indicators for {period}: own institution, the health region and the nation.',
    indicatorTitle: '{title} – {institution}',
    breakdownsHeading: 'By programme, setting and service level',
    breakdownsCaption: '{title} for {institution} per group, {period}.',
    breakdown: 'Group',
    caseMixHeading: 'Case-mix adjusted and crude',
    caseMixText:
      'Institutions treat different patients. The adjusted value takes age, sex, health at admission, programme group and setting into account, and shows what the institution would have achieved with an average group of patients. The crude value is what its patients actually achieved. A large difference means its patients differ from the nation’s.',
    crude: 'Crude',
    adjusted: 'Adjusted',
    completenessLink: 'Completeness and open items',
    completenessTitle: 'Completeness – {institution}',
    completenessIntro: 'Participation, coverage against the expected counts and variable completeness, and episodes that lack something.',
    coverageHeading: 'Participation and coverage',
    coverageCaption: 'Participation and coverage for {period}: registered episodes against the expected counts.',
    participation: 'Participation',
    registered: 'Registered episodes',
    expected: 'Expected episodes',
    registrationHeading: 'Forms at admission and discharge',
    registrationCaption: 'Share of episodes with valid forms, {period}.',
    variablesHeading: 'Variable completeness',
    variablesCaption: 'Share of episodes where the variable is filled in, {period}.',
    variable: 'Variable',
    openItemsHeading: 'Open items',
    openItemsIntro:
      'Episodes of the period (discharged in it, or admitted in it and still open) that lack something the indicators need. Open the episode to put it right.',
    openItemsCaption: 'Open items for {period}, page {page} of {pages}.',
    itemKinds: {
      not_discharged: 'Not discharged (no discharge registered)',
      discharge_missing: 'Missing discharge form',
      admission_missing: 'Missing admission form',
      out_of_window: 'Response out of window',
    },
    allItems: 'All open items',
    itemFilter: 'Open items by kind',
    itemCount: '{count} episodes',
    previousPage: 'Previous page',
    nextPage: 'Next page',
    pageOf: 'Page {page} of {pages}',
    openItemsCsv: 'Download every open item as CSV',
    timepoints: { admission: 'admission', discharge: 'discharge' },
    outOfWindowItem: '{instrument} at {timepoint}, answered {date}',
    noOpenItems: 'No open items.',
    episode: 'Episode',
    problem: 'Missing',
    admitted: 'Admitted',
    discharged: 'Discharged',
    notPublished: 'Not published',
    regionAsPublished: 'The institutions of {region} as published for {period}.',
  },
  errors: {
    badPeriod: 'There is no period “{value}”. Give a year (2026), a quarter (2026-Q1) or 12m.',
    badLanguage: 'There is no language “{value}”. Choose nb, nn or en.',
    badPart: 'There is no part “{value}” of this indicator.',
    badValue: '“{value}” is not a valid value of {name}.',
    unknownIndicator: 'There is no such indicator.',
    back: 'Back to the results',
  },
  funnel: ENGLISH_FUNNEL_WORDS,
  charts: {
    bars: 'Bar chart of {title} for {count} institutions. Highest: {highest}. Lowest: {lowest}.',
    barsHidden: '{count} institutions are not shown because their figures are hidden.',
    barsNone: 'No institution has figures that can be shown.',
    trend: 'Line chart of {title} for {series} in the periods {periods}.',
    series: 'Series',
    noZone: 'No target',
    share: 'per cent',
  },
};

export const RESULTS_MESSAGES: Record<Language, ResultsMessages> = { nb, nn, en };
