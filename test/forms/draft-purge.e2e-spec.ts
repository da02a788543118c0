import { DraftJanitor } from '../../src/forms/draft-janitor';
import { asOwner } from '../support/database';
import { createAdmin, createEpisode, createInstitutionWorld } from '../support/fixtures';
import { createTestApp } from '../support/test-app';
import { createInvitation } from './form-support';

describe('drafts of invitations that can no longer be answered', () => {
  it('are emptied by the hourly janitor, while open invitations keep theirs', async () => {
    const t = await createTestApp();
    try {
      const admin = await createAdmin(t);
      const world = await createInstitutionWorld(t, admin);
      const open = await createInvitation(t, world.apiKey.headers, (await createEpisode(t, world.apiKey.headers)).id);
      const expired = await createInvitation(t, world.apiKey.headers, (await createEpisode(t, world.apiKey.headers)).id);
      const draft = JSON.stringify({ answers: { mobility: 2 }, language: 'nb' });
      await asOwner(async (c) => {
        await c.query(`UPDATE invitations SET draft = $2 WHERE id = ANY ($1)`, [[open.id, expired.id], draft]);
        await c.query(`UPDATE invitations SET expires_at = now() - interval '1 minute' WHERE id = $1`, [expired.id]);
      });
      expect(await t.app.get(DraftJanitor).purge()).toBeGreaterThanOrEqual(1);
      const drafts = await asOwner((c) => c.query(`SELECT id, draft FROM invitations WHERE id = ANY ($1)`, [[open.id, expired.id]]));
      const byId = Object.fromEntries(drafts.rows.map((r: { id: string; draft: unknown }) => [r.id, r.draft]));
      expect(byId[open.id]).toEqual({ answers: { mobility: 2 }, language: 'nb' });
      expect(byId[expired.id]).toEqual({});
    } finally {
      await t.close();
    }
  });
});
