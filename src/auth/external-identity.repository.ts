/** The user_external_identities table (migration ExternalIdentities): every read and write of it goes through here. */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

@Injectable()
export class ExternalIdentityRepository {
  /** The user linked to this subject of this issuer, marking the link used now. */
  async signInAs(manager: EntityManager, issuer: string, subject: string): Promise<string | undefined> {
    const [rows]: [{ user_id: string }[], number] = await manager.query(
      `UPDATE user_external_identities SET last_sign_in_at = now() WHERE issuer = $1 AND subject = $2 RETURNING user_id::text`,
      [issuer, subject],
    );
    return rows[0]?.user_id;
  }

  /** Links a subject to a user; false when the user is linked to another subject of this issuer already. */
  async link(manager: EntityManager, issuer: string, subject: string, userId: string): Promise<boolean> {
    const rows: unknown[] = await manager.query(
      `INSERT INTO user_external_identities (issuer, subject, user_id) VALUES ($1, $2, $3)
       ON CONFLICT DO NOTHING RETURNING 1`,
      [issuer, subject, userId],
    );
    return rows.length === 1;
  }
}
