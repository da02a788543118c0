/** Register administration of institutions and their units. Register-level data: no RLS scope, always audited. */
import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { NotFoundProblem, ProblemException } from '../common/problem';
import { ScopedDb } from '../database/scoped-db';
import { CreateInstitutionDto, CreateUnitDto, InstitutionDto, UnitDto, UpdateInstitutionDto, UpdateUnitDto } from './dto/institution.dto';
import { Institution } from './institution.entity';
import { Unit } from './unit.entity';

export function toInstitutionDto(row: Institution): InstitutionDto {
  return {
    id: row.id,
    name: row.name,
    orgNumber: row.orgNumber,
    kind: row.kind,
    region: row.region,
    active: row.active,
    createdAt: row.createdAt.toISOString(),
  };
}

function toUnitDto(row: Unit): UnitDto {
  return { id: row.id, institutionId: row.institutionId, name: row.name, active: row.active };
}

@Injectable()
export class InstitutionService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
  ) {}

  create(dto: CreateInstitutionDto): Promise<InstitutionDto> {
    return this.db.registerTransaction(async (manager) => {
      const repository = manager.getRepository(Institution);
      if (await repository.existsBy({ orgNumber: dto.orgNumber })) {
        throw new ProblemException(
          409,
          'institution-exists',
          'Institution exists',
          `An institution with organization number ${dto.orgNumber} is already registered.`,
        );
      }
      const saved = await repository.save(repository.create({ ...dto, active: true }));
      await this.audit.record(manager, {
        action: 'institution.create',
        objectType: 'institution',
        objectIds: [saved.id],
        institutionId: saved.id,
      });
      return toInstitutionDto(saved);
    });
  }

  list(): Promise<InstitutionDto[]> {
    return this.db.registerTransaction(async (manager) => {
      const rows = await manager.getRepository(Institution).find({ order: { name: 'ASC' } });
      await this.audit.record(manager, { action: 'institution.list', objectType: 'institution', rowCount: rows.length });
      return rows.map(toInstitutionDto);
    });
  }

  get(id: string): Promise<InstitutionDto> {
    return this.db.registerTransaction(async (manager) => {
      const institution = await this.findOrFail(manager, id);
      await this.audit.record(manager, { action: 'institution.read', objectType: 'institution', objectIds: [id], institutionId: id });
      return toInstitutionDto(institution);
    });
  }

  update(id: string, dto: UpdateInstitutionDto): Promise<InstitutionDto> {
    return this.db.registerTransaction(async (manager) => {
      const institution = await this.findOrFail(manager, id);
      const saved = await manager.getRepository(Institution).save(Object.assign(institution, dto));
      const action = dto.active === false ? 'institution.deactivate' : 'institution.update';
      await this.audit.record(manager, { action, objectType: 'institution', objectIds: [id], institutionId: id });
      return toInstitutionDto(saved);
    });
  }

  createUnit(institutionId: string, dto: CreateUnitDto): Promise<UnitDto> {
    return this.db.registerTransaction(async (manager) => {
      await this.findOrFail(manager, institutionId);
      const repository = manager.getRepository(Unit);
      if (await repository.existsBy({ institutionId, name: dto.name })) {
        throw new ProblemException(409, 'unit-exists', 'Unit exists', `The institution already has a unit named "${dto.name}".`);
      }
      const saved = await repository.save(repository.create({ institutionId, name: dto.name, active: true }));
      await this.audit.record(manager, { action: 'unit.create', objectType: 'unit', objectIds: [saved.id], institutionId });
      return toUnitDto(saved);
    });
  }

  listUnits(institutionId: string): Promise<UnitDto[]> {
    return this.db.registerTransaction(async (manager) => {
      await this.findOrFail(manager, institutionId);
      const units = await manager.getRepository(Unit).find({ where: { institutionId }, order: { name: 'ASC' } });
      await this.audit.record(manager, { action: 'unit.list', objectType: 'unit', objectIds: units.map((u) => u.id), institutionId });
      return units.map(toUnitDto);
    });
  }

  updateUnit(institutionId: string, unitId: string, dto: UpdateUnitDto): Promise<UnitDto> {
    return this.db.registerTransaction(async (manager) => {
      const unit = await manager.getRepository(Unit).findOneBy({ id: unitId, institutionId });
      if (!unit) throw new NotFoundProblem('The unit');
      const saved = await manager.getRepository(Unit).save(Object.assign(unit, dto));
      await this.audit.record(manager, {
        action: dto.active === false ? 'unit.deactivate' : 'unit.update',
        objectType: 'unit',
        objectIds: [unitId],
        institutionId,
      });
      return toUnitDto(saved);
    });
  }

  /** The names of these institutions, by id. */
  async namesOf(manager: EntityManager, ids: string[]): Promise<Map<string, string>> {
    const rows = ids.length ? await manager.getRepository(Institution).findBy({ id: In(ids) }) : [];
    return new Map(rows.map((r) => [r.id, r.name]));
  }

  async findOrFail(manager: EntityManager, id: string): Promise<Institution> {
    const institution = await manager.getRepository(Institution).findOneBy({ id });
    if (!institution) throw new NotFoundProblem('The institution');
    return institution;
  }
}
