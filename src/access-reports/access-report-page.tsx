/**
 * The access report as one self-contained, print-friendly HTML page (it is also the file handed to
 * the patient, so its small stylesheet is inline and it loads nothing). Headings in order, every
 * table with a caption and scoped header cells, the language on <html>. All text comes from the
 * message catalogue; the renderer escapes every value (src/common/page-render.ts).
 */
import { fill, renderDocument } from '../common/page-render';
import type { FormLanguage } from '../forms/messages';
import { ACCESS_REPORT_MESSAGES, type AccessReportMessages } from './access-report-messages';
import type { AccessReportDto, AccessReportEpisodeDto } from './dto/access-report.dto';

/** No quotes, ampersands or angle brackets: the renderer escapes the text of <style> too. */
const STYLE = `
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;line-height:1.45;color:#111;max-width:60rem;margin:0 auto;padding:1rem}
h1{font-size:1.6rem}h2{font-size:1.3rem;margin-top:2rem;border-bottom:1px solid #999}h3{font-size:1.1rem;margin-top:1.5rem}
table{border-collapse:collapse;width:100%;margin:.5rem 0 1rem}caption{text-align:start;font-weight:600;padding:.25rem 0}
th,td{border:1px solid #999;padding:.25rem .5rem;text-align:start;vertical-align:top}thead th{background:#eee}
dl{display:grid;grid-template-columns:max-content 1fr;gap:.15rem 1rem}dt{font-weight:600}dd{margin:0}
@media print{body{max-width:none;padding:0}h2,h3{break-after:avoid}tr,dl{break-inside:avoid}}
`;

const LOCALES: Record<FormLanguage, string> = { nb: 'nb-NO', nn: 'nn-NO', en: 'en-GB' };

export function accessReportPage(report: AccessReportDto): string {
  const m = ACCESS_REPORT_MESSAGES[report.language];
  const f = new Formatter(report.language, report.labels);
  return renderDocument(
    <html lang={report.language}>
      <head>
        <meta charset="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <meta name="robots" content="noindex, nofollow" />
        <title>{m.title}</title>
        <style>{STYLE}</style>
      </head>
      <body>
        <main>
          <h1>{m.title}</h1>
          <p>{report.about}</p>
          <p>{fill(m.generated, { date: f.time(report.generatedAt) })}</p>
          <h2>{m.episodesHeading}</h2>
          {report.episodes.length ? (
            report.episodes.map((e, i) => <EpisodeSection item={e} n={i + 1} m={m} f={f} />)
          ) : (
            <p>{m.noEpisodes}</p>
          )}
          <h2>{m.withdrawalsHeading}</h2>
          <Withdrawals report={report} m={m} f={f} />
          <h2>{m.readsHeading}</h2>
          <Reads report={report} m={m} f={f} />
          <h2>{m.extractsHeading}</h2>
          <Extracts report={report} m={m} f={f} />
        </main>
      </body>
    </html>,
  );
}

interface SectionProps {
  m: AccessReportMessages;
  f: Formatter;
}

function HeaderRow({ headings }: { headings: string[] }) {
  return (
    <thead>
      <tr>
        {headings.map((h) => (
          <th scope="col">{h}</th>
        ))}
      </tr>
    </thead>
  );
}

function EpisodeSection({ item, n, m, f }: SectionProps & { item: AccessReportEpisodeDto; n: number }) {
  const e = item.episode;
  const facts: [string, string | number | null][] = [
    [m.fields.institution, item.institution.name],
    [m.fields.externalId, e.externalId],
    [m.fields.birthYear, e.birthYear],
    [m.fields.sex, f.label('sex', e.sex)],
    [m.fields.referralDate, e.referralDate],
    [m.fields.admissionDate, e.admissionDate],
    [m.fields.dischargeDate, e.dischargeDate],
    [m.fields.programme, f.label('programme', e.programme)],
    [m.fields.setting, f.label('setting', e.setting)],
    [m.fields.serviceLevel, f.label('serviceLevel', e.serviceLevel)],
    [m.fields.mainDiagnosis, e.mainDiagnosis],
    [m.fields.dischargeDestination, f.label('dischargeDestination', e.dischargeDestination)],
    [m.fields.consent, e.consent ? `${f.label('consent', e.consent.status)} (${e.consent.date})` : null],
    [m.fields.rehabLevel, e.rehabLevel],
    [m.fields.professions, e.professions?.join(', ') ?? null],
    [m.fields.individualPlan, e.individualPlan],
    [m.fields.coordinator, e.coordinator],
    [m.fields.municipalityNotifiedDate, e.municipalityNotifiedDate],
    [m.fields.registeredAt, f.time(e.createdAt)],
    [m.fields.withdrawnAt, item.withdrawnAt && f.time(item.withdrawnAt)],
    [m.fields.keptForInstitutionOnly, item.keptForInstitutionOnly ? m.yes : null],
    [m.fields.patientCorrections, item.patientCorrections.map((c) => `${f.time(c.correctedAt)}: ${c.reason}`).join('; ') || null],
  ];
  const fields = m.fields;
  return (
    <section>
      <h3>{fill(m.episodeHeading, { n, institution: item.institution.name, date: e.admissionDate })}</h3>
      <dl>
        {facts
          .filter(([, value]) => value !== null && value !== '')
          .map(([term, value]) => (
            <>
              <dt>{term}</dt>
              <dd>{value}</dd>
            </>
          ))}
      </dl>
      {item.responses.length ? (
        <table>
          <caption>{fill(m.responsesCaption, { n })}</caption>
          <HeaderRow
            headings={[
              fields.timepoint,
              fields.instrument,
              fields.completedDate,
              fields.mode,
              fields.version,
              fields.answers,
              fields.scores,
              fields.supersededAt,
            ]}
          />
          <tbody>
            {item.responses.map((r) => (
              <tr>
                <th scope="row">{f.label('timepoint', r.timepoint)}</th>
                <td>{f.label('instrument', r.instrument)}</td>
                <td>{r.completedDate}</td>
                <td>{f.label('mode', r.mode)}</td>
                <td>{r.version}</td>
                <td>{keyValues(r.answers)}</td>
                <td>{keyValues({ ...r.scores })}</td>
                <td>{r.supersededAt ? f.time(r.supersededAt) : ''}</td>
              </tr>
            ))}
          </tbody>
        </table>
      ) : (
        <p>{m.noResponses}</p>
      )}
    </section>
  );
}

function Withdrawals({ report, m, f }: SectionProps & { report: AccessReportDto }) {
  if (!report.withdrawals.length) return <p>{m.noWithdrawals}</p>;
  return (
    <table>
      <caption>{m.withdrawalsHeading}</caption>
      <HeaderRow headings={[m.fields.withdrawnAt, m.fields.erasureDueAt, m.fields.cancelledAt, m.fields.reenrolledAt, m.fields.erasedAt]} />
      <tbody>
        {report.withdrawals.map((w) => (
          <tr>
            <th scope="row">{f.time(w.withdrawnAt)}</th>
            <td>{f.time(w.erasureDueAt)}</td>
            <td>{w.cancelledAt ? `${f.time(w.cancelledAt)}${w.cancelReason ? `: ${w.cancelReason}` : ''}` : ''}</td>
            <td>{w.reenrolledAt ? f.time(w.reenrolledAt) : ''}</td>
            <td>{w.erasedAt ? f.time(w.erasedAt) : ''}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Reads({ report, m, f }: SectionProps & { report: AccessReportDto }) {
  if (!report.reads.length) return <p>{m.noReads}</p>;
  return (
    <table>
      <caption>{m.readsIntro}</caption>
      <HeaderRow headings={[m.fields.date, m.fields.institution, m.fields.who, m.fields.what, m.fields.count]} />
      <tbody>
        {report.reads.map((r) => (
          <tr>
            <th scope="row">{r.date}</th>
            <td>{r.institution?.name ?? ''}</td>
            <td>{r.actor}</td>
            <td>{f.label('action', r.action)}</td>
            <td>{r.count}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function Extracts({ report, m, f }: SectionProps & { report: AccessReportDto }) {
  if (!report.extracts.length) return <p>{m.noExtracts}</p>;
  return (
    <table>
      <caption>{m.extractsIntro}</caption>
      <HeaderRow headings={[m.fields.projectTitle, m.fields.build, m.fields.builtAt, m.fields.expiresAt, m.fields.episodes]} />
      <tbody>
        {report.extracts.map((x) => (
          <tr>
            <th scope="row">{x.title}</th>
            <td>{x.build}</td>
            <td>{f.time(x.builtAt)}</td>
            <td>{x.expiresAt ? f.time(x.expiresAt) : ''}</td>
            <td>{x.episodes}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function keyValues(values: object): string {
  return Object.entries(values)
    .filter(([, v]) => v !== null && v !== undefined)
    .map(([k, v]) => `${k}: ${String(v)}`)
    .join(', ');
}

/** Dates and times in Norwegian time, and codes in words. */
class Formatter {
  private readonly timeFormat: Intl.DateTimeFormat;

  constructor(
    language: FormLanguage,
    private readonly labels: Record<string, string>,
  ) {
    this.timeFormat = new Intl.DateTimeFormat(LOCALES[language], { dateStyle: 'medium', timeStyle: 'short', timeZone: 'Europe/Oslo' });
  }

  time(iso: string): string {
    return this.timeFormat.format(new Date(iso));
  }

  label(field: string, code: string | null): string | null {
    return code === null ? null : (this.labels[`${field}.${code}`] ?? code);
  }
}
