/** API keys of institution systems: created (shown once), listed, revoked. */
import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { generateApiKey } from '../auth/credentials';
import { NotFoundProblem } from '../common/problem';
import { ScopedDb } from '../database/scoped-db';
import { InstitutionService } from '../institutions/institution.service';
import { ApiClient } from './api-client.entity';
import { ApiKeyDto, CreatedApiKeyDto } from './dto/api-client.dto';

function toApiKeyDto(row: ApiClient): ApiKeyDto {
  return {
    id: row.id,
    institutionId: row.institutionId,
    name: row.name,
    prefix: row.keyPrefix,
    createdAt: row.createdAt.toISOString(),
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}

@Injectable()
export class ApiClientService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly institutions: InstitutionService,
  ) {}

  /** The names of these API clients (institution systems), by id. */
  async namesOf(manager: EntityManager, ids: string[]): Promise<Map<string, string>> {
    const rows = ids.length ? await manager.getRepository(ApiClient).findBy({ id: In(ids) }) : [];
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  create(institutionId: string, name: string): Promise<CreatedApiKeyDto> {
    return this.db.registerTransaction(async (manager) => {
      await this.institutions.findOrFail(manager, institutionId);
      const generated = generateApiKey();
      const repository = manager.getRepository(ApiClient);
      const saved = await repository.save(
        repository.create({ institutionId, name, keyPrefix: generated.prefix, keyHash: generated.hash, revokedAt: null }),
      );
      await this.audit.record(manager, { action: 'api_key.create', objectType: 'api_client', objectIds: [saved.id], institutionId });
      return { ...toApiKeyDto(saved), key: generated.key };
    });
  }

  list(institutionId: string): Promise<ApiKeyDto[]> {
    return this.db.registerTransaction(async (manager) => {
      await this.institutions.findOrFail(manager, institutionId);
      const rows = await manager.getRepository(ApiClient).find({ where: { institutionId }, order: { createdAt: 'ASC' } });
      await this.audit.record(manager, {
        action: 'api_key.list',
        objectType: 'api_client',
        objectIds: rows.map((r) => r.id),
        institutionId,
      });
      return rows.map(toApiKeyDto);
    });
  }

  revoke(institutionId: string, keyId: string): Promise<ApiKeyDto> {
    return this.db.registerTransaction(async (manager) => {
      const repository = manager.getRepository(ApiClient);
      const client = await repository.findOneBy({ id: keyId, institutionId });
      if (!client) throw new NotFoundProblem('The API key');
      client.revokedAt ??= new Date();
      const saved = await repository.save(client);
      await this.audit.record(manager, { action: 'api_key.revoke', objectType: 'api_client', objectIds: [keyId], institutionId });
      return toApiKeyDto(saved);
    });
  }
}
