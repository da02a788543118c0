/** The web_sessions table (migration WebSessions): every read and write of it goes through here. */
import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

/** A session is used at least every IDLE_MINUTES and lives at most ABSOLUTE_HOURS (issue 21). */
export const SESSION_IDLE_MINUTES = 30;
export const SESSION_ABSOLUTE_HOURS = 12;

const STILL_VALID = `last_seen_at > now() - make_interval(mins => ${SESSION_IDLE_MINUTES})
   AND created_at > now() - make_interval(hours => ${SESSION_ABSOLUTE_HOURS})`;

@Injectable()
export class WebSessionRepository {
  async insert(manager: EntityManager, tokenHash: Buffer, userId: string): Promise<void> {
    await manager.query(`INSERT INTO web_sessions (token_hash, user_id) VALUES ($1, $2)`, [tokenHash, userId]);
  }

  /**
   * The user of a valid session and the institution it works in (null until chosen), marking it used
   * now (one statement: the idle timeout restarts with every page). Undefined when the session is
   * unknown, ended or timed out.
   */
  async touch(manager: EntityManager, tokenHash: Buffer): Promise<{ userId: string; institutionId: string | null } | undefined> {
    const [rows]: [{ user_id: string; institution_id: string | null }[], number] = await manager.query(
      `UPDATE web_sessions SET last_seen_at = now() WHERE token_hash = $1 AND ${STILL_VALID} RETURNING user_id, institution_id`,
      [tokenHash],
    );
    return rows[0] && { userId: rows[0].user_id, institutionId: rows[0].institution_id };
  }

  /** The institution the session works in from now on (the caller has checked the membership). */
  async setInstitution(manager: EntityManager, tokenHash: Buffer, institutionId: string): Promise<void> {
    await manager.query(`UPDATE web_sessions SET institution_id = $2 WHERE token_hash = $1`, [tokenHash, institutionId]);
  }

  async delete(manager: EntityManager, tokenHash: Buffer): Promise<void> {
    await manager.query(`DELETE FROM web_sessions WHERE token_hash = $1`, [tokenHash]);
  }

  /** Ends every session of a user; returns how many were valid. */
  async deleteAllOf(manager: EntityManager, userId: string): Promise<number> {
    const [rows]: [{ valid: boolean }[], number] = await manager.query(
      `DELETE FROM web_sessions WHERE user_id = $1 RETURNING (${STILL_VALID}) AS valid`,
      [userId],
    );
    return rows.filter((row) => row.valid).length;
  }

  /** Timed-out sessions are worthless; sign-in clears them so the table holds only live ones and the recently ended. */
  async deleteTimedOut(manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM web_sessions WHERE NOT (${STILL_VALID})`);
  }
}
