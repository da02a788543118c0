/**
 * The patient form's pages as typed functions returning escaped HTML. All text comes from the
 * message catalogues and the EQ-5D wording; markup follows Designsystemet's classes. Every page
 * works without JavaScript; the only identifier on a page or in a link is the invitation token.
 */
import type { Eq5dWording } from './eq5d-wording';
import { type FormDraft, type FormStep, previousStep, QUESTION_STEPS, type QuestionStep } from './form-flow';
import { fill, html, SafeHtml } from './html';
import { FORM_LANGUAGES, type FormLanguage, type FormMessages, MESSAGES, type StatusKind } from './messages';
import { TOKEN_PATTERN } from './invitation-token';

export interface PageAssets {
  cssHref: string;
  jsHref: string;
}

export interface FormPageContext {
  language: FormLanguage;
  wording: Eq5dWording;
  token: string;
  csrf: string;
  assets: PageAssets;
}

/** One error shown in the summary and at its field. */
export interface PageError {
  message: string;
  /** Fragment of the field it is about (#id), or a link to the step that needs an answer. */
  href: string;
}

const formPath = (token: string) => `/forms/${token}`;
const stepHref = (token: string, step: FormStep, language: FormLanguage) => `${formPath(token)}?step=${step}&lang=${language}`;

function layout(
  language: FormLanguage,
  title: string,
  assets: PageAssets,
  languageHref: ((l: FormLanguage) => string) | undefined,
  main: SafeHtml,
  footer?: string,
): string {
  const m = MESSAGES[language];
  const switcher = languageHref
    ? html`<header class="rr-header"><nav aria-label="${m.languageNav}"><ul class="rr-langs">${FORM_LANGUAGES.map(
        (l) =>
          html`<li><a class="ds-link" href="${languageHref(l)}" lang="${l}" hreflang="${l}"${l === language ? html` aria-current="true"` : ''}>${MESSAGES[l].languageName}</a></li>`,
      )}</ul></nav></header>`
    : '';
  return html`<!doctype html>
<html lang="${language}" data-color-scheme="light"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><meta name="robots" content="noindex, nofollow"><title>${title}</title><link rel="stylesheet" href="${assets.cssHref}"><script src="${assets.jsHref}" defer></script></head>
<body>${switcher}<main class="rr-main" id="main">${main}</main>${footer ? html`<footer class="rr-footer"><p>${footer}</p></footer>` : ''}</body></html>`
    .value;
}

function errorSummary(m: FormMessages, errors: PageError[]): SafeHtml | '' {
  if (!errors.length) return '';
  // autofocus moves focus (and a screen reader) to the summary without any script.
  return html`<div class="ds-error-summary" data-color="danger" tabindex="-1" autofocus role="alert" aria-labelledby="error-summary-heading"><h2 class="ds-heading" id="error-summary-heading">${m.errorSummaryHeading}</h2><ul class="ds-list">${errors.map((e) => html`<li><a class="ds-link" href="${e.href}">${e.message}</a></li>`)}</ul></div>`;
}

function title(m: FormMessages, text: string, errors: PageError[]): string {
  return `${errors.length ? m.errorTitlePrefix : ''}${text} – ${m.documentTitle}`;
}

function placeholderNotice(ctx: FormPageContext, m: FormMessages): SafeHtml | '' {
  return ctx.wording.placeholder
    ? html`<div class="ds-alert" data-color="warning"><p class="ds-paragraph">${m.placeholderNotice}</p></div>`
    : '';
}

function hiddenFields(ctx: FormPageContext, step?: FormStep): SafeHtml {
  return html`<input type="hidden" name="_csrf" value="${ctx.csrf}"><input type="hidden" name="lang" value="${ctx.language}">${step ? html`<input type="hidden" name="step" value="${step}">` : ''}`;
}

export function questionTitle(wording: Eq5dWording, step: QuestionStep): string {
  return step === 'vas' ? wording.vas.title : wording.dimensions[step].title;
}

/** One question: a dimension's five levels as radios, or the VAS as a number (with a slider when scripts run). */
export function questionPage(ctx: FormPageContext, step: QuestionStep, draft: FormDraft, errors: PageError[], posted?: string): string {
  const m = MESSAGES[ctx.language];
  const index = QUESTION_STEPS.indexOf(step);
  const previous = previousStep(step);
  const errorId = `${step}-error`;
  const fieldError = errors.length
    ? html`<p class="ds-validation-message" data-color="danger" id="${errorId}">${errors[0].message}</p>`
    : '';
  const invalid = errors.length ? html` aria-invalid="true"` : '';
  let question: SafeHtml;
  if (step === 'vas') {
    const value = posted ?? (draft.answers.vas === undefined ? '' : String(draft.answers.vas));
    question = html`<fieldset class="ds-fieldset"${errors.length ? html` aria-describedby="${errorId}"` : ''}><legend><h2 class="ds-heading" data-size="sm">${ctx.wording.vas.title}</h2></legend><p class="ds-paragraph" id="vas-instructions">${ctx.wording.vas.instructions}</p><div class="ds-field" data-vas><label class="ds-label" for="vas">${m.vasHint}</label>${fieldError}<input class="ds-input rr-vas-number" type="number" inputmode="numeric" id="vas" name="answer" min="0" max="100" step="1" value="${value}" aria-describedby="vas-instructions${errors.length ? ` ${errorId}` : ''}"${invalid}><div class="rr-scale" data-scale hidden><span>${ctx.wording.vas.worst}</span><span>${ctx.wording.vas.best}</span></div></div></fieldset>`;
  } else {
    const wording = ctx.wording.dimensions[step];
    const chosen = posted === undefined ? draft.answers[step] : undefined;
    question = html`<fieldset class="ds-fieldset"${errors.length ? html` aria-describedby="${errorId}"` : ''}><legend><h2 class="ds-heading" data-size="sm">${wording.title}</h2></legend>${fieldError}${wording.options.map(
      (label, i) =>
        html`<div class="ds-field"><input class="ds-input" type="radio" name="answer" id="${step}-${i + 1}" value="${i + 1}"${chosen === i + 1 ? html` checked` : ''}${invalid}><label for="${step}-${i + 1}">${label}</label></div>`,
    )}</fieldset>`;
  }
  const main = html`${errorSummary(m, errors)}${previous ? html`<a class="ds-link rr-back" href="${stepHref(ctx.token, previous, ctx.language)}">${m.back}</a>` : ''}<h1 class="ds-heading" data-size="md">${m.heading}</h1>${index === 0 ? html`<p class="ds-paragraph">${m.intro}</p>` : ''}<p class="ds-paragraph rr-progress">${fill(m.progress, { n: index + 1, total: QUESTION_STEPS.length })}</p>${placeholderNotice(ctx, m)}<form class="rr-form" method="post" action="${formPath(ctx.token)}" novalidate>${hiddenFields(ctx, step)}${question}<div class="rr-actions"><button class="ds-button" data-variant="primary" type="submit">${m.next}</button></div></form>`;
  return layout(
    ctx.language,
    title(m, questionTitle(ctx.wording, step), errors),
    ctx.assets,
    (l) => stepHref(ctx.token, step, l),
    main,
    ctx.wording.copyright,
  );
}

function answerText(wording: Eq5dWording, step: QuestionStep, value: number | undefined, m: FormMessages): string {
  if (value === undefined) return m.notAnswered;
  return step === 'vas' ? String(value) : wording.dimensions[step].options[value - 1];
}

/** Every answer with a link to change it, then the one button that sends them. */
export function reviewPage(ctx: FormPageContext, draft: FormDraft, errors: PageError[]): string {
  const m = MESSAGES[ctx.language];
  const rows = QUESTION_STEPS.map((step) => {
    const item = questionTitle(ctx.wording, step);
    return html`<div><dt>${item}</dt><dd>${answerText(ctx.wording, step, draft.answers[step], m)}</dd><dd><a class="ds-link" href="${stepHref(ctx.token, step, ctx.language)}">${m.change}<span class="ds-sr-only"> ${fill(m.changeHidden, { item })}</span></a></dd></div>`;
  });
  const previous = previousStep('review')!;
  const main = html`${errorSummary(m, errors)}<a class="ds-link rr-back" href="${stepHref(ctx.token, previous, ctx.language)}">${m.back}</a><h1 class="ds-heading" data-size="md">${m.reviewHeading}</h1><p class="ds-paragraph">${m.reviewIntro}</p>${placeholderNotice(ctx, m)}<dl class="rr-review">${rows}</dl><form class="rr-form" method="post" action="${formPath(ctx.token)}/submit" novalidate>${hiddenFields(ctx)}<div class="rr-actions"><button class="ds-button" data-variant="primary" type="submit">${m.submit}</button></div></form>`;
  return layout(
    ctx.language,
    title(m, m.reviewHeading, errors),
    ctx.assets,
    (l) => stepHref(ctx.token, 'review', l),
    main,
    ctx.wording.copyright,
  );
}

export function missingAnswerErrors(ctx: Pick<FormPageContext, 'language' | 'wording' | 'token'>, missing: QuestionStep[]): PageError[] {
  const m = MESSAGES[ctx.language];
  return missing.map((step) => ({
    message: fill(m.errorMissing, { item: questionTitle(ctx.wording, step) }),
    href: stepHref(ctx.token, step, ctx.language),
  }));
}

export function donePage(language: FormLanguage, assets: PageAssets): string {
  const m = MESSAGES[language];
  return layout(
    language,
    `${m.doneHeading} – ${m.documentTitle}`,
    assets,
    undefined,
    html`<h1 class="ds-heading" data-size="md">${m.doneHeading}</h1><p class="ds-paragraph">${m.doneBody}</p>`,
  );
}

/** Pages that end or interrupt the form: unknown, used, expired or revoked links, CSRF failures, limits, errors. */
export function statusPage(language: FormLanguage, kind: StatusKind, assets: PageAssets, token?: string): string {
  const m = MESSAGES[language];
  const { title: heading, body } = m.status[kind];
  const usableToken = token && TOKEN_PATTERN.test(token) ? token : undefined;
  const canContinue = usableToken && (kind === 'csrf' || kind === 'rateLimited' || kind === 'badRequest' || kind === 'error');
  const main = html`<h1 class="ds-heading" data-size="md">${heading}</h1><p class="ds-paragraph">${body}</p>${canContinue ? html`<p class="ds-paragraph"><a class="ds-link" href="${formPath(usableToken)}?lang=${language}">${m.continue}</a></p>` : ''}`;
  return layout(
    language,
    `${heading} – ${m.documentTitle}`,
    assets,
    usableToken ? (l) => `${formPath(usableToken)}?lang=${l}` : undefined,
    main,
  );
}
