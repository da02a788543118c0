/**
 * The patient form's pages as typed JSX components rendered to strings (src/common/page-render.ts).
 * All text comes from the message catalogues and the EQ-5D wording; markup follows Designsystemet's
 * classes. Every page works without JavaScript; the only identifier on a page or in a link is the
 * invitation token.
 */
import type { ComponentChildren } from 'preact';
import { fill, renderDocument } from '../common/page-render';
import type { Eq5dWording } from './eq5d-wording';
import { type FormDraft, type FormStep, previousStep, QUESTION_STEPS, type QuestionStep } from './form-flow';
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

interface LayoutProps {
  language: FormLanguage;
  title: string;
  assets: PageAssets;
  /** Where each language's version of this page is; no switch when absent. */
  languageHref?: (l: FormLanguage) => string;
  footer?: string;
  children: ComponentChildren;
}

function Layout({ language, title, assets, languageHref, footer, children }: LayoutProps) {
  const m = MESSAGES[language];
  return (
    <html lang={language} data-color-scheme="light">
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{title}</title>
        <link rel="stylesheet" href={assets.cssHref} />
        <script src={assets.jsHref} defer />
      </head>
      <body>
        {languageHref && (
          <header class="rr-header">
            <nav aria-label={m.languageNav}>
              <ul class="rr-langs">
                {FORM_LANGUAGES.map((l) => (
                  <li>
                    <a class="ds-link" href={languageHref(l)} lang={l} hreflang={l} aria-current={l === language ? 'true' : undefined}>
                      {MESSAGES[l].languageName}
                    </a>
                  </li>
                ))}
              </ul>
            </nav>
          </header>
        )}
        <main class="rr-main" id="main">
          {children}
        </main>
        {footer && (
          <footer class="rr-footer">
            <p>{footer}</p>
          </footer>
        )}
      </body>
    </html>
  );
}

function ErrorSummary({ m, errors }: { m: FormMessages; errors: PageError[] }) {
  if (!errors.length) return null;
  // autofocus moves focus (and a screen reader) to the summary without any script.
  return (
    <div class="ds-error-summary" data-color="danger" tabindex={-1} autofocus role="alert" aria-labelledby="error-summary-heading">
      <h2 class="ds-heading" id="error-summary-heading">
        {m.errorSummaryHeading}
      </h2>
      <ul class="ds-list">
        {errors.map((e) => (
          <li>
            <a class="ds-link" href={e.href}>
              {e.message}
            </a>
          </li>
        ))}
      </ul>
    </div>
  );
}

function title(m: FormMessages, text: string, errors: PageError[]): string {
  return `${errors.length ? m.errorTitlePrefix : ''}${text} – ${m.documentTitle}`;
}

function PlaceholderNotice({ ctx, m }: { ctx: FormPageContext; m: FormMessages }) {
  if (!ctx.wording.placeholder) return null;
  return (
    <div class="ds-alert" data-color="warning">
      <p class="ds-paragraph">{m.placeholderNotice}</p>
    </div>
  );
}

function HiddenFields({ ctx, step }: { ctx: FormPageContext; step?: FormStep }) {
  return (
    <>
      <input type="hidden" name="_csrf" value={ctx.csrf} />
      <input type="hidden" name="lang" value={ctx.language} />
      {step && <input type="hidden" name="step" value={step} />}
    </>
  );
}

function SubmitButton({ label }: { label: string }) {
  return (
    <div class="rr-actions">
      <button class="ds-button" data-variant="primary" type="submit">
        {label}
      </button>
    </div>
  );
}

export function questionTitle(wording: Eq5dWording, step: QuestionStep): string {
  return step === 'vas' ? wording.vas.title : wording.dimensions[step].title;
}

interface QuestionProps {
  ctx: FormPageContext;
  m: FormMessages;
  step: QuestionStep;
  draft: FormDraft;
  errors: PageError[];
  posted?: string;
}

function FieldError({ id, errors }: { id: string; errors: PageError[] }) {
  if (!errors.length) return null;
  return (
    <p class="ds-validation-message" data-color="danger" id={id}>
      {errors[0].message}
    </p>
  );
}

/** The VAS as a whole number (a slider is added beside it when scripts run). */
function VasQuestion({ ctx, m, draft, errors, posted }: QuestionProps) {
  const errorId = 'vas-error';
  const value = posted ?? (draft.answers.vas === undefined ? '' : String(draft.answers.vas));
  return (
    <fieldset class="ds-fieldset" aria-describedby={errors.length ? errorId : undefined}>
      <legend>
        <h2 class="ds-heading" data-size="sm">
          {ctx.wording.vas.title}
        </h2>
      </legend>
      <p class="ds-paragraph" id="vas-instructions">
        {ctx.wording.vas.instructions}
      </p>
      <div class="ds-field" data-vas="">
        <label class="ds-label" htmlFor="vas">
          {m.vasHint}
        </label>
        <FieldError id={errorId} errors={errors} />
        <input
          class="ds-input rr-vas-number"
          type="number"
          inputmode="numeric"
          id="vas"
          name="answer"
          min="0"
          max="100"
          step="1"
          value={value}
          aria-describedby={`vas-instructions${errors.length ? ` ${errorId}` : ''}`}
          aria-invalid={errors.length ? 'true' : undefined}
        />
        <div class="rr-scale" data-scale="" hidden>
          <span>{ctx.wording.vas.worst}</span>
          <span>{ctx.wording.vas.best}</span>
        </div>
      </div>
    </fieldset>
  );
}

/** A dimension's five levels as radios. */
function DimensionQuestion({ ctx, step, draft, errors, posted }: QuestionProps & { step: Exclude<QuestionStep, 'vas'> }) {
  const errorId = `${step}-error`;
  const wording = ctx.wording.dimensions[step];
  const chosen = posted === undefined ? draft.answers[step] : undefined;
  return (
    <fieldset class="ds-fieldset" aria-describedby={errors.length ? errorId : undefined}>
      <legend>
        <h2 class="ds-heading" data-size="sm">
          {wording.title}
        </h2>
      </legend>
      <FieldError id={errorId} errors={errors} />
      {wording.options.map((label, i) => (
        <div class="ds-field">
          <input
            class="ds-input"
            type="radio"
            name="answer"
            id={`${step}-${i + 1}`}
            value={i + 1}
            checked={chosen === i + 1}
            aria-invalid={errors.length ? 'true' : undefined}
          />
          <label htmlFor={`${step}-${i + 1}`}>{label}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** One question: a dimension's five levels as radios, or the VAS as a number. */
export function questionPage(ctx: FormPageContext, step: QuestionStep, draft: FormDraft, errors: PageError[], posted?: string): string {
  const m = MESSAGES[ctx.language];
  const index = QUESTION_STEPS.indexOf(step);
  const previous = previousStep(step);
  const props = { ctx, m, draft, errors, posted };
  return renderDocument(
    <Layout
      language={ctx.language}
      title={title(m, questionTitle(ctx.wording, step), errors)}
      assets={ctx.assets}
      languageHref={(l) => stepHref(ctx.token, step, l)}
      footer={ctx.wording.copyright}
    >
      <ErrorSummary m={m} errors={errors} />
      {previous && (
        <a class="ds-link rr-back" href={stepHref(ctx.token, previous, ctx.language)}>
          {m.back}
        </a>
      )}
      <h1 class="ds-heading" data-size="md">
        {m.heading}
      </h1>
      {index === 0 && <p class="ds-paragraph">{m.intro}</p>}
      <p class="ds-paragraph rr-progress">{fill(m.progress, { n: index + 1, total: QUESTION_STEPS.length })}</p>
      <PlaceholderNotice ctx={ctx} m={m} />
      <form class="rr-form" method="post" action={formPath(ctx.token)} novalidate>
        <HiddenFields ctx={ctx} step={step} />
        {step === 'vas' ? <VasQuestion {...props} step={step} /> : <DimensionQuestion {...props} step={step} />}
        <SubmitButton label={m.next} />
      </form>
    </Layout>,
  );
}

function answerText(wording: Eq5dWording, step: QuestionStep, value: number | undefined, m: FormMessages): string {
  if (value === undefined) return m.notAnswered;
  return step === 'vas' ? String(value) : wording.dimensions[step].options[value - 1];
}

/** Every answer with a link to change it, then the one button that sends them. */
export function reviewPage(ctx: FormPageContext, draft: FormDraft, errors: PageError[]): string {
  const m = MESSAGES[ctx.language];
  const previous = previousStep('review')!;
  return renderDocument(
    <Layout
      language={ctx.language}
      title={title(m, m.reviewHeading, errors)}
      assets={ctx.assets}
      languageHref={(l) => stepHref(ctx.token, 'review', l)}
      footer={ctx.wording.copyright}
    >
      <ErrorSummary m={m} errors={errors} />
      <a class="ds-link rr-back" href={stepHref(ctx.token, previous, ctx.language)}>
        {m.back}
      </a>
      <h1 class="ds-heading" data-size="md">
        {m.reviewHeading}
      </h1>
      <p class="ds-paragraph">{m.reviewIntro}</p>
      <PlaceholderNotice ctx={ctx} m={m} />
      <dl class="rr-review">
        {QUESTION_STEPS.map((step) => {
          const item = questionTitle(ctx.wording, step);
          return (
            <div>
              <dt>{item}</dt>
              <dd>{answerText(ctx.wording, step, draft.answers[step], m)}</dd>
              <dd>
                <a class="ds-link" href={stepHref(ctx.token, step, ctx.language)}>
                  {m.change}
                  <span class="ds-sr-only"> {fill(m.changeHidden, { item })}</span>
                </a>
              </dd>
            </div>
          );
        })}
      </dl>
      <form class="rr-form" method="post" action={`${formPath(ctx.token)}/submit`} novalidate>
        <HiddenFields ctx={ctx} />
        <SubmitButton label={m.submit} />
      </form>
    </Layout>,
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
  return renderDocument(
    <Layout language={language} title={`${m.doneHeading} – ${m.documentTitle}`} assets={assets}>
      <h1 class="ds-heading" data-size="md">
        {m.doneHeading}
      </h1>
      <p class="ds-paragraph">{m.doneBody}</p>
    </Layout>,
  );
}

/** Pages that end or interrupt the form: unknown, used, expired or revoked links, CSRF failures, limits, errors. */
export function statusPage(language: FormLanguage, kind: StatusKind, assets: PageAssets, token?: string): string {
  const m = MESSAGES[language];
  const { title: heading, body } = m.status[kind];
  const usableToken = token && TOKEN_PATTERN.test(token) ? token : undefined;
  const canContinue = usableToken && (kind === 'csrf' || kind === 'rateLimited' || kind === 'badRequest' || kind === 'error');
  return renderDocument(
    <Layout
      language={language}
      title={`${heading} – ${m.documentTitle}`}
      assets={assets}
      languageHref={usableToken ? (l) => `${formPath(usableToken)}?lang=${l}` : undefined}
    >
      <h1 class="ds-heading" data-size="md">
        {heading}
      </h1>
      <p class="ds-paragraph">{body}</p>
      {canContinue && (
        <p class="ds-paragraph">
          <a class="ds-link" href={`${formPath(usableToken)}?lang=${language}`}>
            {m.continue}
          </a>
        </p>
      )}
    </Layout>,
  );
}
