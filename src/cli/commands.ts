/** Feature commands of the operator CLI, registered by name. Flags map onto the API's DTOs. */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { ApiClientService } from '../api-clients/api-client.service';
import { CreateApiKeyDto } from '../api-clients/dto/api-client.dto';
import { checkpointKeys, publishedKey } from '../audit/audit-checkpoints';
import { AuditSealer } from '../audit/audit-sealer';
import { AuditVerifier } from '../audit/audit-verifier';
import { createBackup, restoreBackup } from '../backup/backup';
import { CreateInstitutionDto } from '../institutions/dto/institution.dto';
import { InstitutionService } from '../institutions/institution.service';
import { CreateUserDto } from '../users/dto/user.dto';
import { loadConfig } from '../config/config';
import { generateSyntheticRegister } from '../demo/synthetic-register';
import { PublishSnapshotDto } from '../indicators/dto/indicator.dto';
import { PublicationService } from '../indicators/publishing/publication.service';
import { rotateStoredPseudonyms } from '../pseudonyms/pseudonym-rotation';
import { UserService } from '../users/user.service';
import { WithdrawalErasure } from '../withdrawals/withdrawal-erasure';
import { CliUsageError, optionalFlag, requiredFlag } from './cli-args';
import { validDto, withAppContext } from './app-context';
import type { CliCommand } from './main';

export const COMMANDS: Record<string, CliCommand> = {
  'institution:create': {
    usage:
      'institution:create --name N --org-number 9DIGITS --kind health_trust|private|municipality --region helse-nord|helse-midt-norge|helse-vest|helse-sor-ost',
    run: async ({ args, database }) => {
      const dto = await validDto(CreateInstitutionDto, {
        name: requiredFlag(args.flags, 'name'),
        orgNumber: requiredFlag(args.flags, 'org-number'),
        kind: requiredFlag(args.flags, 'kind'),
        region: requiredFlag(args.flags, 'region'),
      });
      return withAppContext(database, (app) => app.get(InstitutionService).create(dto));
    },
  },
  'user:create': {
    usage: 'user:create --email E --password P --role admin|staff|researcher [--institution ID]',
    run: async ({ args, database }) => {
      const institution = optionalFlag(args.flags, 'institution');
      const dto = await validDto(CreateUserDto, {
        email: requiredFlag(args.flags, 'email'),
        password: requiredFlag(args.flags, 'password'),
        role: requiredFlag(args.flags, 'role'),
        ...(institution ? { institutionIds: institution.split(',') } : {}),
      });
      return withAppContext(database, (app) => app.get(UserService).create(dto));
    },
  },
  'user:grant-data-manager': {
    usage: 'user:grant-data-manager --user ID --institution ID   (the staff user may export all data of that institution of theirs)',
    run: async ({ args, database }) => {
      const [userId, institutionId] = [requiredUuid(args.flags, 'user'), requiredUuid(args.flags, 'institution')];
      return withAppContext(database, (app) => app.get(UserService).setDataManager(userId, institutionId, true));
    },
  },
  'user:remove-data-manager': {
    usage: 'user:remove-data-manager --user ID --institution ID   (no longer a data manager there; still staff)',
    run: async ({ args, database }) => {
      const [userId, institutionId] = [requiredUuid(args.flags, 'user'), requiredUuid(args.flags, 'institution')];
      return withAppContext(database, (app) => app.get(UserService).setDataManager(userId, institutionId, false));
    },
  },
  'api-key:create': {
    usage: 'api-key:create --institution ID --name N',
    run: async ({ args, database }) => {
      const institutionId = requiredFlag(args.flags, 'institution');
      const dto = await validDto(CreateApiKeyDto, { name: requiredFlag(args.flags, 'name') });
      return withAppContext(database, (app) => app.get(ApiClientService).create(institutionId, dto.name));
    },
  },
  'pseudonym:rotate': {
    usage: 'pseudonym:rotate   (after appending a new key to PSEUDONYM_KEY: re-keys stored pseudonyms to the new version)',
    run: async ({ database }) => rotateStoredPseudonyms(database.ownerUrl, loadConfig().pseudonymKeys),
  },
  'audit:verify': {
    usage:
      'audit:verify [--report FILE]   (seals pending rows, then checks the whole chain, the checkpoints and the journal; lists every problem; exit 1 if any)',
    run: async ({ args, database }) =>
      withAppContext(database, async (app) => {
        const sealed = await app.get(AuditSealer).sealPending();
        const result = { ...(await app.get(AuditVerifier).verify()), sealedNow: sealed };
        const report = optionalFlag(args.flags, 'report');
        if (report) fs.writeFileSync(report, `${JSON.stringify({ verifiedAt: new Date().toISOString(), ...result }, null, 2)}\n`);
        return result;
      }),
  },
  'audit:public-key': {
    usage: 'audit:public-key   (the Ed25519 public key that verifies the audit checkpoints, to publish and give to whoever keeps copies)',
    run: async () => ({
      publicKey: publishedKey(checkpointKeys(loadConfig().auditCheckpointSeed).publicKey),
      format: 'base64 SPKI DER, Ed25519',
    }),
    withoutDatabase: true,
  },
  'demo:generate': {
    usage:
      'demo:generate --episodes N --institutions M --seed S [--year YYYY]   (synthetic register data at scale, through the domain code; prints counts and timing)',
    run: async ({ args, database }) => {
      const whole = (name: string, fallback?: number) => {
        const value = optionalFlag(args.flags, name) ?? (fallback === undefined ? requiredFlag(args.flags, name) : String(fallback));
        if (!/^\d+$/.test(value) || Number(value) < 1) throw new CliUsageError(`--${name} must be a whole number ≥ 1`);
        return Number(value);
      };
      const year = optionalFlag(args.flags, 'year');
      return generateSyntheticRegister(database.ownerUrl, loadConfig(), {
        episodes: whole('episodes'),
        institutions: whole('institutions', 20),
        seed: whole('seed', 1),
        ...(year ? { year: whole('year') } : {}),
      });
    },
  },
  'indicators:publish': {
    usage:
      'indicators:publish --period 2026|2026-Q1 [--correction-reason "what was wrong"] [--force --reason "why now"]   (freezes and publishes an ended period, or a corrected version of it, as POST /api/v1/admin/indicator-snapshots; within the grace period after its end only with --force and --reason)',
    run: async ({ args, database }) => {
      const correctionReason = optionalFlag(args.flags, 'correction-reason');
      const reason = optionalFlag(args.flags, 'reason');
      const dto = await validDto(PublishSnapshotDto, {
        period: requiredFlag(args.flags, 'period'),
        ...(correctionReason === undefined ? {} : { correctionReason }),
        ...(args.flags.force === true ? { force: true } : {}),
        ...(reason === undefined ? {} : { reason }),
      });
      return withAppContext(database, (app) => app.get(PublicationService).publish(dto));
    },
  },
  'withdrawals:erase': {
    usage:
      'withdrawals:erase   (erases now every withdrawn patient whose grace period has ended, as the hourly job does; run after restoring a backup)',
    run: async ({ database }) => withAppContext(database, (app) => app.get(WithdrawalErasure).eraseDue()),
  },
  'backup:create': {
    usage:
      "backup:create --out FILE [--method auto|pg_dump|copy]   (a consistent backup of the register with its manifest: pg_dump where one of the server's version is on the PATH, else COPY; docs/operations.md)",
    run: async ({ args, database }) => {
      const method = optionalFlag(args.flags, 'method') ?? 'auto';
      if (!['auto', 'pg_dump', 'copy'].includes(method)) throw new CliUsageError('--method must be auto, pg_dump or copy');
      return createBackup(database.ownerUrl, requiredFlag(args.flags, 'out'), method as 'auto' | 'pg_dump' | 'copy', auditFiles());
    },
  },
  'backup:restore': {
    usage:
      'backup:restore --in FILE   (into an empty database, or a new DATA_DIR; checks rows and checksums against the manifest and the audit chain; exit 1 if either fails)',
    fillsEmptyDatabase: true,
    run: async ({ args, database }) => {
      const restored = await restoreBackup(database.ownerUrl, requiredFlag(args.flags, 'in'), loadConfig().auditCheckpointDir);
      const audit = restored.ok ? await withAppContext(database, (app) => app.get(AuditVerifier).verify()) : undefined;
      return { ...restored, audit, ok: restored.ok && audit?.ok === true };
    },
  },
};

function requiredUuid(flags: Parameters<typeof requiredFlag>[0], name: string): string {
  const value = requiredFlag(flags, name);
  if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(value))
    throw new CliUsageError(`--${name} must be an id (UUID)`);
  return value;
}

/** The audit checkpoints and journal (kept outside the database) that go into a backup. */
function auditFiles(): { name: string; path: string }[] {
  const dir = loadConfig().auditCheckpointDir;
  return ['checkpoints.jsonl', 'journal.jsonl'].map((name) => ({ name, path: path.join(dir, name) })).filter((f) => fs.existsSync(f.path));
}
