/** The staff's page to correct an episode registered for the wrong patient, with the reason (PatientCorrectionService). */
import { fill, renderDocument } from '../common/page-render';
import { ErrorSummary, Layout } from '../web/layout';
import { type FieldErrorView, NationalIdInput, Select, TextArea } from '../web/simple-fields';
import type { PageContext } from '../web/web-pages';
import type { EpisodeDto } from './dto/episode.dto';
import { SEXES } from './episode.enums';

export function patientCorrectionPage(
  ctx: PageContext,
  episode: EpisodeDto,
  view: { values: { sex?: string; reason?: string }; errors: FieldErrorView[] },
): string {
  const { m } = ctx;
  const t = m.staff.correction;
  const title = fill(t.title, { externalId: episode.externalId });
  const errorOf = (field: string) => view.errors.find((e) => e.field === field)?.message;
  return renderDocument(
    <Layout
      ctx={ctx}
      title={title}
      hasErrors={view.errors.length > 0}
      breadcrumbs={[
        { label: m.nav.start, href: '/app' },
        { label: m.episodes.title, href: '/app/episodes' },
        { label: fill(m.episodes.detailTitle, { externalId: episode.externalId }), href: `/app/episodes/${episode.id}` },
        { label: title },
      ]}
    >
      <ErrorSummary heading={t.errorSummary} errors={view.errors.map((e) => ({ message: e.message, href: `#${e.field}` }))} />
      <h1 class="ds-heading" data-size="lg">
        {title}
      </h1>
      <p class="ds-paragraph">{t.intro}</p>
      <form class="rr-form" method="post" action={`/app/episodes/${episode.id}/patient-correction`} novalidate>
        <input type="hidden" name="_csrf" value={ctx.session!.csrf} />
        <NationalIdInput id="nationalId" label={t.nationalId} hint={t.nationalIdHint} error={errorOf('nationalId')} />
        <Select
          id="sex"
          label={`${t.sex} ${m.episodeForm.optional}`}
          error={errorOf('sex')}
          value={view.values.sex}
          empty={m.episodeForm.sexFromNumber}
          options={SEXES.map((s) => [s, m.sexes[s]])}
        />
        <TextArea id="reason" label={t.reason} hint={t.reasonHint} error={errorOf('reason')} value={view.values.reason} />
        <div class="rr-actions">
          <button class="ds-button" data-variant="primary" type="submit">
            {t.submit}
          </button>
        </div>
      </form>
    </Layout>,
  );
}
