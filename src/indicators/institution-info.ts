/** Names and regions of institutions, as the indicators show them beside figures and in funnels. */
import type { EntityManager } from 'typeorm';

export interface InstitutionInfo {
  id: string;
  name: string;
  region: string;
}

/** The institutions among `ids` that exist, by name. */
export async function institutionInfo(m: EntityManager, ids: readonly string[]): Promise<InstitutionInfo[]> {
  if (ids.length === 0) return [];
  return m.query<InstitutionInfo[]>(`SELECT id, name, region FROM institutions WHERE id = ANY ($1::uuid[]) ORDER BY name, id`, [ids]);
}
