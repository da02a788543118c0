/**
 * The staff's invitation pages: an episode's invitations with their state, a form to make one, and a
 * page to print for the patient (the QR code and the link on an A4 letter; the print stylesheet leaves
 * out everything but the letter). The link is only ever on the print page, made again from the
 * stored nonce for an open invitation.
 */
import { fill, renderDocument } from '../common/page-render';
import { TIMEPOINTS } from '../episodes/responses/dto/response.dto';
import type { EpisodeDto } from '../episodes/dto/episode.dto';
import { type Crumb, ErrorSummary, Layout } from '../web/layout';
import { WEB_MESSAGES, type WebMessages } from '../web/messages';
import type { PageContext } from '../web/web-pages';
import type { InvitationDto } from './dto/invitation.dto';
import { FORM_LANGUAGES } from './messages';

export type InvitationField = 'timepoint' | 'language' | 'expiresInDays';
export interface InvitationFormView {
  values: Partial<Record<InvitationField, string>>;
  /** Errors of the form's fields, and refusals of a revoke (field `invitations`, the list). */
  errors: { field: InvitationField | 'invitations'; message: string }[];
}

const episodeCrumbs = (m: WebMessages, episode: EpisodeDto): Crumb[] => [
  { label: m.nav.start, href: '/app' },
  { label: m.episodes.title, href: '/app/episodes' },
  { label: fill(m.episodes.detailTitle, { externalId: episode.externalId }), href: `/app/episodes/${episode.id}` },
];

export const invitationsHref = (episodeId: string) => `/app/episodes/${episodeId}/invitations`;
const dateOf = (iso: string) => iso.slice(0, 10);

export function invitationsPage(ctx: PageContext, episode: EpisodeDto, invitations: InvitationDto[], view: InvitationFormView): string {
  const { m } = ctx;
  const t = m.staff.invitations;
  const title = fill(t.title, { externalId: episode.externalId });
  const errorOf = (field: InvitationField) => view.errors.find((e) => e.field === field)?.message;
  const described = (field: InvitationField, hint?: boolean) =>
    [hint && `${field}-hint`, errorOf(field) && `${field}-error`].filter(Boolean).join(' ') || undefined;
  const errorLine = (field: InvitationField) =>
    errorOf(field) && (
      <p class="ds-validation-message" data-color="danger" id={`${field}-error`}>
        {errorOf(field)}
      </p>
    );
  const select = (field: 'timepoint' | 'language', label: string, options: [string, string][], empty: string) => (
    <div class="ds-field">
      <label class="ds-label" htmlFor={field}>
        {label}
      </label>
      {errorLine(field)}
      <select
        class="ds-input"
        id={field}
        name={field}
        aria-invalid={errorOf(field) ? 'true' : undefined}
        aria-describedby={described(field)}
      >
        <option value="">{empty}</option>
        {options.map(([value, text]) => (
          <option value={value} selected={view.values[field] === value}>
            {text}
          </option>
        ))}
      </select>
    </div>
  );
  return renderDocument(
    <Layout ctx={ctx} title={title} hasErrors={view.errors.length > 0} breadcrumbs={[...episodeCrumbs(m, episode), { label: title }]}>
      <ErrorSummary heading={t.errorSummary} errors={view.errors.map((e) => ({ message: e.message, href: `#${e.field}` }))} />
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="ds-paragraph">{t.intro}</p>
      <section aria-labelledby="create">
        <h2 class="ds-heading" data-size="sm" id="create">
          {t.create}
        </h2>
        <form class="rr-form" method="post" action={invitationsHref(episode.id)} novalidate>
          <input type="hidden" name="_csrf" value={ctx.session!.csrf} />
          {select(
            'timepoint',
            t.timepoint,
            TIMEPOINTS.map((tp) => [tp, m.timepoints[tp]]),
            m.episodeForm.choose,
          )}
          {select(
            'language',
            t.language,
            FORM_LANGUAGES.map((l) => [l, WEB_MESSAGES[l].languageName]),
            t.languageOfBrowser,
          )}
          <div class="ds-field">
            <label class="ds-label" htmlFor="expiresInDays">
              {t.expiresInDays} {m.episodeForm.optional}
            </label>
            <p class="ds-paragraph" data-size="sm" id="expiresInDays-hint">
              {t.expiresHint}
            </p>
            {errorLine('expiresInDays')}
            <input
              class="ds-input"
              type="text"
              inputMode="numeric"
              id="expiresInDays"
              name="expiresInDays"
              value={view.values.expiresInDays ?? ''}
              aria-invalid={errorOf('expiresInDays') ? 'true' : undefined}
              aria-describedby={described('expiresInDays', true)}
            />
          </div>
          <div class="rr-actions">
            <button class="ds-button" data-variant="primary" type="submit">
              {t.submit}
            </button>
          </div>
        </form>
      </section>
      <section aria-labelledby="invitations" id="invitations" tabindex={-1}>
        <h2 class="ds-heading" data-size="sm">
          <span id="invitations-heading">{t.list}</span>
        </h2>
        {invitations.length === 0 ? (
          <p class="ds-paragraph">{t.none}</p>
        ) : (
          <div class="rr-scroll">
            <table class="ds-table" data-border aria-labelledby="invitations-heading">
              <thead>
                <tr>
                  <th scope="col">{t.timepoint}</th>
                  <th scope="col">{t.state}</th>
                  <th scope="col">{t.created}</th>
                  <th scope="col">{t.expires}</th>
                  <th scope="col">
                    <span class="ds-sr-only">{t.revoke}</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {invitations.map((invitation) => (
                  <InvitationRow ctx={ctx} invitation={invitation} />
                ))}
              </tbody>
            </table>
          </div>
        )}
      </section>
    </Layout>,
  );
}

function InvitationRow({ ctx, invitation }: { ctx: PageContext; invitation: InvitationDto }) {
  const { m } = ctx;
  const t = m.staff.invitations;
  const href = `${invitationsHref(invitation.episodeId)}/${invitation.id}`;
  return (
    <tr>
      <th scope="row">{m.timepoints[invitation.timepoint]}</th>
      <td>{t.states[invitation.state]}</td>
      <td>{dateOf(invitation.createdAt)}</td>
      <td>{dateOf(invitation.expiresAt)}</td>
      <td>
        {invitation.state === 'open' && (
          <div class="rr-actions">
            <a class="ds-link" href={`${href}/print`}>
              {t.print}
            </a>
            <form class="rr-inline" method="post" action={`${href}/revoke`}>
              <input type="hidden" name="_csrf" value={ctx.session!.csrf} />
              <button class="ds-button" data-variant="secondary" data-size="sm" type="submit">
                {t.revoke}
              </button>
            </form>
          </div>
        )}
      </td>
    </tr>
  );
}

/** The letter to print, in the invitation's language (else the page's), with the QR code as an image of the link. */
export function invitationPrintPage(
  ctx: PageContext,
  episode: EpisodeDto,
  link: { invitation: InvitationDto; url: string; qrSvg: string },
): string {
  const { m } = ctx;
  const t = m.staff.invitations;
  const language = link.invitation.language ?? ctx.language;
  const letter = WEB_MESSAGES[language].staff.invitations.letter;
  const title = fill(t.printTitle, { externalId: episode.externalId });
  const qr = `data:image/svg+xml;base64,${Buffer.from(link.qrSvg, 'utf8').toString('base64')}`;
  return renderDocument(
    <Layout
      ctx={ctx}
      title={title}
      breadcrumbs={[...episodeCrumbs(m, episode), { label: t.link, href: invitationsHref(episode.id) }, { label: title }]}
    >
      <h1 class="ds-heading rr-noprint" data-size="lg">
        {title}
      </h1>
      <p class="ds-paragraph rr-noprint">{t.printButtonHint}</p>
      <article class="rr-letter" lang={language} aria-labelledby="letter-heading">
        <h2 class="ds-heading" data-size="md" id="letter-heading">
          {letter.heading}
        </h2>
        <p class="ds-paragraph">{letter.body}</p>
        <img class="rr-qr" src={qr} alt={letter.qrAlt} width={170} height={170} />
        <p class="ds-paragraph">
          {letter.linkLabel}: <span class="rr-url">{link.url}</span>
        </p>
        <p class="ds-paragraph">{fill(letter.expires, { date: dateOf(link.invitation.expiresAt) })}</p>
        <p class="ds-paragraph">{letter.privacy}</p>
      </article>
      <p class="ds-paragraph rr-noprint">
        <a class="ds-link" href={invitationsHref(episode.id)}>
          {t.back}
        </a>
      </p>
    </Layout>,
  );
}
