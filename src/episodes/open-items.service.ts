/**
 * An institution's open items of a period (issue 22, the completeness page): episodes that lack
 * something the indicators need, each with what it lacks, so staff can put it right on the
 * episode's page. The episodes of a period are those the indicators count in it (discharged in
 * it) and those admitted in it that are still open. What counts as lacking:
 * - `not_discharged`: the episode is open, so it has no discharge registration (no discharge form);
 * - `discharge_missing`: closed, without a discharge response of an instrument (EQ-5D-5L and
 *   Barthel; mRS too in the stroke programme);
 * - `admission_missing`: the same at admission;
 * - `out_of_window`: a current response completed outside its timepoint's window, which the
 *   indicators leave out (listed as that, not as missing: the fix is to look at its date).
 * Withdrawn episodes are left out, as the indicators leave them out. Reading the list is a read of
 * person-level data: the listed episodes are audited ('episode.list').
 */
import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { InstitutionScope } from '../auth/institution-scope';
import { ScopedDb } from '../database/scoped-db';

export const OPEN_ITEM_KINDS = ['not_discharged', 'discharge_missing', 'admission_missing', 'out_of_window'] as const;
export type OpenItemKind = (typeof OPEN_ITEM_KINDS)[number];

export interface OpenItem {
  kind: OpenItemKind;
  /** The instrument that is missing or out of window (not for `not_discharged`). */
  instrument?: string;
  timepoint?: string;
  /** When the out-of-window response was completed. */
  completedDate?: string;
}

export interface OpenItemEpisode {
  id: string;
  externalId: string;
  admissionDate: string;
  dischargeDate: string | null;
  items: OpenItem[];
}

export interface OpenItemsPage {
  /** Episodes with at least one item of each kind (of every kind, whatever the filter). */
  counts: Record<OpenItemKind, number>;
  /** Episodes listed under the filter, over all pages. */
  total: number;
  page: number;
  pageSize: number;
  episodes: OpenItemEpisode[];
}

export interface OpenItemsQuery {
  institutionId: string;
  from: string;
  to: string;
  /** Only episodes with an item of this kind. */
  kind?: OpenItemKind;
  page: number;
  pageSize: number;
}

interface ItemRow {
  id: string;
  external_id: string;
  admission_date: string;
  discharge_date: string | null;
  items: OpenItem[];
}

/**
 * Per episode of the period that lacks something, its items as a JSON array. The instruments
 * expected at each timepoint are those the completeness indicators count; a response is current
 * when nothing superseded it.
 */
const EPISODE_ITEMS = `
  WITH listed AS (
    SELECT e.id, e.external_id, e.admission_date, e.discharge_date, e.programme
      FROM episodes e
     WHERE e.institution_id = $1 AND e.withdrawn_at IS NULL
       AND (e.discharge_date BETWEEN $2 AND $3 OR (e.discharge_date IS NULL AND e.admission_date BETWEEN $2 AND $3))
  ),
  expected AS (
    SELECT l.id, t.timepoint, i.instrument
      FROM listed l
     CROSS JOIN (VALUES ('admission'), ('discharge')) t (timepoint)
     CROSS JOIN LATERAL unnest(CASE WHEN l.programme = 'stroke' THEN ARRAY['eq5d-5l', 'barthel', 'mrs'] ELSE ARRAY['eq5d-5l', 'barthel'] END) i (instrument)
     WHERE l.discharge_date IS NOT NULL
  ),
  missing AS (
    SELECT x.id, jsonb_build_object('kind', x.timepoint || '_missing', 'timepoint', x.timepoint, 'instrument', x.instrument) AS item
      FROM expected x
     WHERE NOT EXISTS (SELECT 1 FROM responses r
                        WHERE r.episode_id = x.id AND r.timepoint = x.timepoint AND r.instrument = x.instrument
                          AND r.superseded_at IS NULL)
  ),
  outside AS (
    SELECT l.id, jsonb_build_object('kind', 'out_of_window', 'timepoint', r.timepoint, 'instrument', r.instrument, 'completedDate', r.completed_date) AS item
      FROM listed l JOIN responses r ON r.episode_id = l.id AND r.superseded_at IS NULL AND NOT r.in_window
  ),
  open AS (
    SELECT l.id, jsonb_build_object('kind', 'not_discharged') AS item FROM listed l WHERE l.discharge_date IS NULL
  ),
  items AS (
    SELECT id, jsonb_agg(item ORDER BY item->>'kind', item->>'timepoint', array_position(ARRAY['eq5d-5l', 'barthel', 'mrs'], item->>'instrument')) AS items
      FROM (SELECT * FROM open UNION ALL SELECT * FROM missing UNION ALL SELECT * FROM outside) found
     GROUP BY id
  )
  SELECT l.id, l.external_id, l.admission_date::text, l.discharge_date::text, i.items
    FROM listed l JOIN items i ON i.id = l.id`;

@Injectable()
export class OpenItemsService {
  constructor(
    private readonly db: ScopedDb,
    private readonly scope: InstitutionScope,
    private readonly audit: AuditService,
  ) {}

  /** One page of the institution's open items, newest first; throws a 404 problem for an institution not the caller's. */
  async page(query: OpenItemsQuery): Promise<OpenItemsPage> {
    const institutionIds = this.scope.readable(query.institutionId);
    return this.db.transaction(institutionIds, async (m) => {
      const counts = await this.counts(m, query);
      const total = query.kind ? counts.byKind[query.kind] : counts.all;
      const rows = await m.query<ItemRow[]>(
        `SELECT * FROM (${EPISODE_ITEMS}) listed
          WHERE $4::text IS NULL OR items @> jsonb_build_array(jsonb_build_object('kind', $4::text))
          ORDER BY coalesce(discharge_date, admission_date) DESC, id
          LIMIT $5 OFFSET $6`,
        [query.institutionId, query.from, query.to, query.kind ?? null, query.pageSize, (query.page - 1) * query.pageSize],
      );
      await this.audit.record(m, {
        action: 'episode.list',
        objectType: 'episode',
        objectIds: rows.map((r) => r.id),
        institutionId: query.institutionId,
      });
      return {
        counts: counts.byKind,
        total,
        page: query.page,
        pageSize: query.pageSize,
        episodes: rows.map((r) => ({
          id: r.id,
          externalId: r.external_id,
          admissionDate: r.admission_date,
          dischargeDate: r.discharge_date,
          items: r.items,
        })),
      };
    });
  }

  /** Episodes with items of each kind, and with any item, in one pass. */
  private async counts(m: EntityManager, query: OpenItemsQuery): Promise<{ all: number; byKind: Record<OpenItemKind, number> }> {
    const byKind = OPEN_ITEM_KINDS.map(
      (kind, i) => `count(*) FILTER (WHERE items @> jsonb_build_array(jsonb_build_object('kind', $${i + 4}::text)))::int AS "${kind}"`,
    );
    const [row] = await m.query<Record<OpenItemKind | 'all', number>[]>(
      `SELECT count(*)::int AS "all", ${byKind.join(', ')} FROM (${EPISODE_ITEMS}) listed`,
      [query.institutionId, query.from, query.to, ...OPEN_ITEM_KINDS],
    );
    return { all: row.all, byKind: Object.fromEntries(OPEN_ITEM_KINDS.map((k) => [k, row[k]])) as Record<OpenItemKind, number> };
  }
}
