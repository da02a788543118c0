/**
 * Every word of the patient forms' own text, per language: bokmål, nynorsk and English. Templates
 * hold no text. The questionnaire's wording is not here: it is licensed (see eq5d-wording.ts).
 */
import { isLanguage, type Language, LANGUAGES } from '../common/languages';

export { languageFromAcceptLanguage } from '../common/languages';
export const FORM_LANGUAGES = LANGUAGES;
export type FormLanguage = Language;
export const isFormLanguage = isLanguage;

/** What a page that ends the form says: used, expired or revoked links and the like. */
export type StatusKind =
  'notFound' | 'used' | 'expired' | 'revoked' | 'closed' | 'answered' | 'csrf' | 'rateLimited' | 'badRequest' | 'error';

export interface FormMessages {
  /** The language's own name, for the language switch. */
  languageName: string;
  languageNav: string;
  documentTitle: string;
  heading: string;
  intro: string;
  progress: string;
  next: string;
  back: string;
  vasHint: string;
  reviewHeading: string;
  reviewIntro: string;
  change: string;
  changeHidden: string;
  notAnswered: string;
  submit: string;
  doneHeading: string;
  doneBody: string;
  continue: string;
  placeholderNotice: string;
  errorTitlePrefix: string;
  errorSummaryHeading: string;
  errorChooseOne: string;
  errorInvalidChoice: string;
  errorVasRequired: string;
  errorVasInvalid: string;
  errorMissing: string;
  status: Record<StatusKind, { title: string; body: string }>;
}

const nb: FormMessages = {
  languageName: 'Bokmål',
  languageNav: 'Språk',
  documentTitle: 'Spørreskjema om helse',
  heading: 'Helsen din i dag',
  intro: 'Svar på spørsmålene ett om gangen. Svarene lagres underveis, så du kan ta en pause og fortsette senere med samme lenke.',
  progress: 'Spørsmål {n} av {total}',
  next: 'Neste',
  back: 'Tilbake',
  vasHint: 'Skriv et helt tall fra 0 til 100.',
  reviewHeading: 'Se over svarene dine',
  reviewIntro: 'Kontroller svarene før du sender dem. Du kan endre et svar ved å velge «Endre».',
  change: 'Endre',
  changeHidden: 'svaret om {item}',
  notAnswered: 'Ikke besvart',
  submit: 'Send svarene',
  doneHeading: 'Takk for svarene!',
  doneBody: 'Svarene dine er sendt. Du kan lukke denne siden. Lenken virker ikke lenger.',
  continue: 'Fortsett',
  placeholderNotice: 'Testversjon: spørsmålene vises med plassholdertekst, ikke den lisensierte EQ-5D-teksten.',
  errorTitlePrefix: 'Feil: ',
  errorSummaryHeading: 'Dette må rettes før du kan gå videre:',
  errorChooseOne: 'Velg ett av svarene.',
  errorInvalidChoice: 'Svaret var ikke ett av valgene. Velg ett av svarene.',
  errorVasRequired: 'Skriv et tall fra 0 til 100.',
  errorVasInvalid: 'Tallet må være et helt tall fra 0 til 100.',
  errorMissing: 'Svar på spørsmålet om {item}.',
  status: {
    notFound: {
      title: 'Vi finner ikke dette skjemaet',
      body: 'Sjekk at du har fått med hele lenken, eller skann QR-koden på nytt. Virker det fortsatt ikke, kontakt behandlingsstedet ditt.',
    },
    used: {
      title: 'Skjemaet er allerede sendt',
      body: 'Svarene dine er mottatt, og lenken kan bare brukes én gang. Du trenger ikke gjøre noe mer.',
    },
    expired: {
      title: 'Lenken har gått ut',
      body: 'Lenken var gyldig en begrenset tid. Be behandlingsstedet ditt om en ny lenke hvis du fortsatt skal svare.',
    },
    revoked: {
      title: 'Lenken er trukket tilbake',
      body: 'Behandlingsstedet har gjort lenken ugyldig. Har du fått en ny lenke, bruk den. Ellers kan du kontakte behandlingsstedet.',
    },
    closed: {
      title: 'Skjemaet er ikke lenger tilgjengelig',
      body: 'Du trenger ikke svare på dette skjemaet. Kontakt behandlingsstedet ditt hvis du har spørsmål.',
    },
    answered: {
      title: 'Spørsmålene er allerede besvart',
      body: 'Behandlingsstedet har allerede registrert svar på dette skjemaet. Du trenger ikke gjøre noe mer.',
    },
    csrf: {
      title: 'Siden var utdatert',
      body: 'Vi kunne ikke lagre det siste svaret fordi siden var utdatert eller informasjonskapsler er slått av. Svar du har lagret før, er tatt vare på.',
    },
    rateLimited: { title: 'For mange forsøk', body: 'Vent et minutt og prøv igjen.' },
    badRequest: { title: 'Skjemaet kunne ikke leses', body: 'Gå tilbake til skjemaet og prøv igjen.' },
    error: { title: 'Noe gikk galt', body: 'Prøv igjen om litt. Svar du har lagret, er tatt vare på.' },
  },
};

const nn: FormMessages = {
  languageName: 'Nynorsk',
  languageNav: 'Språk',
  documentTitle: 'Spørjeskjema om helse',
  heading: 'Helsa di i dag',
  intro: 'Svar på spørsmåla eitt om gongen. Svara blir lagra undervegs, så du kan ta ein pause og halde fram seinare med same lenkja.',
  progress: 'Spørsmål {n} av {total}',
  next: 'Neste',
  back: 'Tilbake',
  vasHint: 'Skriv eit heilt tal frå 0 til 100.',
  reviewHeading: 'Sjå over svara dine',
  reviewIntro: 'Kontroller svara før du sender dei. Du kan endre eit svar ved å velje «Endre».',
  change: 'Endre',
  changeHidden: 'svaret om {item}',
  notAnswered: 'Ikkje svara på',
  submit: 'Send svara',
  doneHeading: 'Takk for svara!',
  doneBody: 'Svara dine er sende. Du kan lukke denne sida. Lenkja verkar ikkje lenger.',
  continue: 'Hald fram',
  placeholderNotice: 'Testversjon: spørsmåla blir viste med plasshaldartekst, ikkje den lisensierte EQ-5D-teksten.',
  errorTitlePrefix: 'Feil: ',
  errorSummaryHeading: 'Dette må rettast før du kan gå vidare:',
  errorChooseOne: 'Vel eitt av svara.',
  errorInvalidChoice: 'Svaret var ikkje eitt av vala. Vel eitt av svara.',
  errorVasRequired: 'Skriv eit tal frå 0 til 100.',
  errorVasInvalid: 'Talet må vere eit heilt tal frå 0 til 100.',
  errorMissing: 'Svar på spørsmålet om {item}.',
  status: {
    notFound: {
      title: 'Vi finn ikkje dette skjemaet',
      body: 'Sjekk at du har fått med heile lenkja, eller skann QR-koden på nytt. Verkar det framleis ikkje, kontakt behandlingsstaden din.',
    },
    used: {
      title: 'Skjemaet er alt sendt',
      body: 'Svara dine er mottekne, og lenkja kan berre brukast éin gong. Du treng ikkje gjere noko meir.',
    },
    expired: {
      title: 'Lenkja har gått ut',
      body: 'Lenkja var gyldig ei avgrensa tid. Be behandlingsstaden din om ei ny lenkje om du framleis skal svare.',
    },
    revoked: {
      title: 'Lenkja er trekt tilbake',
      body: 'Behandlingsstaden har gjort lenkja ugyldig. Har du fått ei ny lenkje, bruk henne. Elles kan du kontakte behandlingsstaden.',
    },
    closed: {
      title: 'Skjemaet er ikkje lenger tilgjengeleg',
      body: 'Du treng ikkje svare på dette skjemaet. Kontakt behandlingsstaden din om du har spørsmål.',
    },
    answered: {
      title: 'Spørsmåla er alt svara på',
      body: 'Behandlingsstaden har alt registrert svar på dette skjemaet. Du treng ikkje gjere noko meir.',
    },
    csrf: {
      title: 'Sida var utdatert',
      body: 'Vi kunne ikkje lagre det siste svaret fordi sida var utdatert eller informasjonskapslar er slått av. Svar du har lagra før, er tekne vare på.',
    },
    rateLimited: { title: 'For mange forsøk', body: 'Vent eit minutt og prøv igjen.' },
    badRequest: { title: 'Skjemaet kunne ikkje lesast', body: 'Gå tilbake til skjemaet og prøv igjen.' },
    error: { title: 'Noko gjekk gale', body: 'Prøv igjen om litt. Svar du har lagra, er tekne vare på.' },
  },
};

const en: FormMessages = {
  languageName: 'English',
  languageNav: 'Language',
  documentTitle: 'Health questionnaire',
  heading: 'Your health today',
  intro:
    'Answer the questions one at a time. Your answers are saved as you go, so you can take a break and continue later with the same link.',
  progress: 'Question {n} of {total}',
  next: 'Next',
  back: 'Back',
  vasHint: 'Enter a whole number from 0 to 100.',
  reviewHeading: 'Check your answers',
  reviewIntro: 'Check your answers before you send them. To change an answer, choose “Change”.',
  change: 'Change',
  changeHidden: 'your answer about {item}',
  notAnswered: 'Not answered',
  submit: 'Send your answers',
  doneHeading: 'Thank you for your answers!',
  doneBody: 'Your answers have been sent. You can close this page. The link no longer works.',
  continue: 'Continue',
  placeholderNotice: 'Test version: the questions are shown with placeholder wording, not the licensed EQ-5D text.',
  errorTitlePrefix: 'Error: ',
  errorSummaryHeading: 'Please correct this before you continue:',
  errorChooseOne: 'Choose one of the answers.',
  errorInvalidChoice: 'That answer was not one of the choices. Choose one of the answers.',
  errorVasRequired: 'Enter a number from 0 to 100.',
  errorVasInvalid: 'The number must be a whole number from 0 to 100.',
  errorMissing: 'Answer the question about {item}.',
  status: {
    notFound: {
      title: 'We cannot find this form',
      body: 'Check that you have the whole link, or scan the QR code again. If it still does not work, contact the place where you are being treated.',
    },
    used: {
      title: 'This form has already been sent',
      body: 'Your answers have been received, and the link can only be used once. You do not need to do anything else.',
    },
    expired: {
      title: 'This link has expired',
      body: 'The link was valid for a limited time. Ask the place where you are being treated for a new link if you still need to answer.',
    },
    revoked: {
      title: 'This link has been cancelled',
      body: 'The place where you are being treated has cancelled this link. If you have received a new link, use that one. Otherwise, contact them.',
    },
    closed: {
      title: 'This form is no longer available',
      body: 'You do not need to answer this form. Contact the place where you are being treated if you have questions.',
    },
    answered: {
      title: 'These questions have already been answered',
      body: 'Answers to this form have already been registered. You do not need to do anything else.',
    },
    csrf: {
      title: 'The page was out of date',
      body: 'We could not save your last answer because the page was out of date or cookies are turned off. Answers you saved before are kept.',
    },
    rateLimited: { title: 'Too many attempts', body: 'Wait a minute and try again.' },
    badRequest: { title: 'The form could not be read', body: 'Go back to the form and try again.' },
    error: { title: 'Something went wrong', body: 'Please try again in a little while. Answers you have saved are kept.' },
  },
};

export const MESSAGES: Readonly<Record<FormLanguage, FormMessages>> = { nb, nn, en };
