import { MigrationInterface, QueryRunner } from 'typeorm';
import { frozenSql } from '../src/database/frozen-sql';

const sql = frozenSql(__filename);

/**
 * An audit trail that holds up against whoever runs the database (docs/operations.md, "What the
 * audit log proves"):
 *
 * - The app role may insert an audit event's own columns only; the chain columns (chain_seq,
 *   prev_hash, hash, key_version) are written through audit_chain_append alone.
 * - The chain is keyed: each hash is an HMAC with a key the database never holds (AUDIT_CHAIN_KEY),
 *   computed in the service, which hands finished hashes to audit_chain_append. That function
 *   refuses anything but an append at the head.
 * - The old unkeyed chain proved nothing against someone with the owner's rights (its formula is
 *   in migration 0001), so every row is unsealed here and chained again, keyed, by the service's
 *   first seal after this migration.
 * - register_identity names this register in the checkpoints kept outside the database, so a
 *   restored copy still verifies against them and another register's never gets mixed in.
 */
export class AuditEvidence1764000000120 implements MigrationInterface {
  name = 'AuditEvidence1764000000120';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE register_identity (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), created_at timestamptz NOT NULL DEFAULT now())`,
    );
    await q.query(`INSERT INTO register_identity DEFAULT VALUES`);
    await q.query(`GRANT SELECT ON register_identity TO rehabreg_app`);

    await q.query(`ALTER TABLE audit_events ADD COLUMN key_version smallint`);
    await q.query(`REVOKE INSERT ON audit_events FROM rehabreg_app`);
    await q.query(
      `GRANT INSERT (actor_type, actor_id, institution_id, action, object_type, object_ids, row_count, request_id, client_address) ON audit_events TO rehabreg_app`,
    );
    await q.query(`UPDATE audit_events SET chain_seq = NULL, prev_hash = NULL, hash = NULL`);
    await q.query(`DROP FUNCTION audit_seal(integer)`);

    // The canonical text a row will have at chain position p_seq (what its HMAC covers).
    await q.query(sql('audit_canonical_at.sql'));

    await q.query(sql('audit_chain_append.sql'));
    await q.query(`REVOKE ALL ON FUNCTION audit_chain_append(bigint, bigint[], bytea[], bytea[], smallint) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION audit_chain_append(bigint, bigint[], bytea[], bytea[], smallint) TO rehabreg_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION audit_chain_append(bigint, bigint[], bytea[], bytea[], smallint)`);
    await q.query(`DROP FUNCTION audit_canonical_at(audit_events, bigint)`);
    await q.query(sql('down/audit_seal.sql')); // as migration 0001 installed it
    await q.query(`REVOKE ALL ON FUNCTION audit_seal(integer) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION audit_seal(integer) TO rehabreg_app`);
    // Rows chained with the key cannot be verified by the unkeyed formula: unseal them for audit_seal.
    await q.query(`UPDATE audit_events SET chain_seq = NULL, prev_hash = NULL, hash = NULL, key_version = NULL`);
    await q.query(`REVOKE INSERT ON audit_events FROM rehabreg_app`);
    await q.query(`GRANT INSERT ON audit_events TO rehabreg_app`);
    await q.query(`ALTER TABLE audit_events DROP COLUMN key_version`);
    await q.query(`DROP TABLE register_identity`);
  }
}
