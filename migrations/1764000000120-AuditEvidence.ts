import { MigrationInterface, QueryRunner } from 'typeorm';

const GENESIS = `decode(repeat('00', 32), 'hex')`;

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
    await q.query(`
      CREATE FUNCTION audit_canonical_at(e audit_events, p_seq bigint) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
      BEGIN
        e.chain_seq := p_seq;
        RETURN audit_canonical(e);
      END $$`);

    await q.query(`
      CREATE FUNCTION audit_chain_append(p_first_seq bigint, p_ids bigint[], p_prev bytea[], p_hashes bytea[], p_key_version smallint)
      RETURNS integer LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        head_seq bigint;
        head_hash bytea;
        appended integer;
      BEGIN
        SELECT chain_seq, hash INTO head_seq, head_hash FROM audit_events WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
        IF coalesce(head_seq, 0) + 1 <> p_first_seq OR p_prev[1] <> coalesce(head_hash, ${GENESIS}) THEN
          RAISE EXCEPTION 'audit chain: not an append at the head (head %, asked %)', coalesce(head_seq, 0), p_first_seq;
        END IF;
        UPDATE audit_events a
           SET chain_seq = p_first_seq + u.ord - 1, prev_hash = u.prev, hash = u.hash, key_version = p_key_version
          FROM unnest(p_ids, p_prev, p_hashes) WITH ORDINALITY AS u(id, prev, hash, ord)
         WHERE a.id = u.id AND a.chain_seq IS NULL;
        GET DIAGNOSTICS appended = ROW_COUNT;
        IF appended <> cardinality(p_ids) THEN
          RAISE EXCEPTION 'audit chain: % of % rows were not unsealed', cardinality(p_ids) - appended, cardinality(p_ids);
        END IF;
        RETURN appended;
      END $$`);
    await q.query(`REVOKE ALL ON FUNCTION audit_chain_append(bigint, bigint[], bytea[], bytea[], smallint) FROM PUBLIC`);
    await q.query(`GRANT EXECUTE ON FUNCTION audit_chain_append(bigint, bigint[], bytea[], bytea[], smallint) TO rehabreg_app`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP FUNCTION audit_chain_append(bigint, bigint[], bytea[], bytea[], smallint)`);
    await q.query(`DROP FUNCTION audit_canonical_at(audit_events, bigint)`);
    await q.query(`
      CREATE FUNCTION audit_seal(max_rows integer DEFAULT 50000) RETURNS integer
      LANGUAGE plpgsql SECURITY DEFINER SET search_path = public, pg_temp AS $$
      DECLARE
        last_seq bigint;
        last_hash bytea;
        event audit_events;
        sealed integer := 0;
      BEGIN
        IF NOT pg_try_advisory_xact_lock(727272) THEN RETURN 0; END IF;
        SELECT chain_seq, hash INTO last_seq, last_hash FROM audit_events
          WHERE chain_seq IS NOT NULL ORDER BY chain_seq DESC LIMIT 1;
        last_seq := coalesce(last_seq, 0);
        last_hash := coalesce(last_hash, ${GENESIS});
        FOR event IN SELECT * FROM audit_events WHERE chain_seq IS NULL ORDER BY id LIMIT max_rows LOOP
          last_seq := last_seq + 1;
          event.chain_seq := last_seq;
          UPDATE audit_events
             SET chain_seq = last_seq, prev_hash = last_hash,
                 hash = sha256(last_hash || convert_to(audit_canonical(event), 'UTF8'))
           WHERE id = event.id
          RETURNING hash INTO last_hash;
          sealed := sealed + 1;
        END LOOP;
        RETURN sealed;
      END $$`);
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
