/**
 * The access report's page as a pure function: free text from other people (a project title, a
 * correction reason, a withdrawal's cancellation reason) is escaped, every table is captioned and
 * its header cells scoped, and the language is on <html>.
 */
import { accessReportPage } from '../../src/access-reports/access-report-page';
import type { AccessReportDto } from '../../src/access-reports/dto/access-report.dto';

const HOSTILE = '<script>alert(1)</script><img src=x onerror=alert(2)>';

function report(overrides: Partial<AccessReportDto> = {}): AccessReportDto {
  return {
    language: 'en',
    scope: 'register',
    institution: null,
    generatedAt: '2026-11-29T12:00:00.000Z',
    title: 'Access report',
    about: 'About',
    episodes: [],
    withdrawals: [
      {
        withdrawnAt: '2026-10-01T10:00:00.000Z',
        erasureDueAt: '2026-10-31T10:00:00.000Z',
        cancelledAt: '2026-10-02T10:00:00.000Z',
        cancelReason: HOSTILE,
        reenrolledAt: null,
        erasedAt: null,
      },
    ],
    reads: [
      {
        date: '2026-11-01',
        institution: { id: 'i', name: `North ${HOSTILE}` },
        actorType: 'user',
        actor: 'a@b.no',
        action: 'episode.read',
        count: 2,
      },
    ],
    extracts: [{ title: HOSTILE, build: 1, builtAt: '2026-11-02T10:00:00.000Z', expiresAt: null, episodes: 1 }],
    labels: {},
    ...overrides,
  };
}

describe('the access report page', () => {
  const page = accessReportPage(report());

  it('escapes free text written by others', () => {
    expect(page).not.toContain('<script>');
    expect(page).not.toContain('<img');
    expect(page).toContain('&lt;script>alert(1)&lt;/script>');
  });

  it('captions every table and scopes its header cells', () => {
    const tables = page.match(/<table>/g) ?? [];
    expect(tables).toHaveLength(3);
    expect(page.match(/<table><caption>/g)).toHaveLength(3);
    expect(page).not.toMatch(/<th>/);
  });

  it('says its language and keeps its headings in order', () => {
    expect(page.startsWith('<!doctype html>\n<html lang="en">')).toBe(true);
    const levels = [...page.matchAll(/<h([1-6])>/g)].map((m) => Number(m[1]));
    expect(levels[0]).toBe(1);
    levels.slice(1).forEach((level, i) => expect(level - levels[i]).toBeLessThanOrEqual(1));
  });
});
