/** Register administration of users and their institution memberships. */
import { Injectable } from '@nestjs/common';
import { EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { hashPassword, verifyPassword } from '../auth/credentials';
import type { UserRole } from '../auth/principal';
import { NotFoundProblem, ProblemException, ValidationProblem } from '../common/problem';
import { ScopedDb } from '../database/scoped-db';
import { Institution } from '../institutions/institution.entity';
import { CreateUserDto, UpdateUserDto, UserDto } from './dto/user.dto';
import type { User } from './user.entity';
import { UserMemberships, UserRepository } from './user.repository';

@Injectable()
export class UserService {
  constructor(
    private readonly db: ScopedDb,
    private readonly audit: AuditService,
    private readonly users: UserRepository,
  ) {}

  create(dto: CreateUserDto): Promise<UserDto> {
    return this.db.registerTransaction((manager) => this.createIn(manager, dto));
  }

  /** Also used by start-up (first administrator) and the demo data, inside their own transactions. */
  async createIn(manager: EntityManager, dto: CreateUserDto): Promise<UserDto> {
    const email = dto.email.trim().toLowerCase();
    const institutionIds = dto.institutionIds ?? [];
    await this.checkMemberships(manager, dto.role, institutionIds);
    if (await this.users.existsByEmail(manager, email))
      throw new ProblemException(409, 'user-exists', 'User exists', `A user with email ${email} already exists.`);
    const passwordHash = dto.password ? await hashPassword(dto.password) : null;
    const user = await this.users.insert(manager, {
      email,
      passwordHash,
      passwordMustChange: passwordHash !== null && dto.mustChangePassword === true,
      role: dto.role,
      active: true,
    });
    await this.users.replaceMemberships(manager, user.id, institutionIds);
    await this.audit.record(manager, { action: 'user.create', objectType: 'user', objectIds: [user.id] });
    return toUserDto(user, { institutionIds, dataManagerInstitutionIds: [] });
  }

  list(): Promise<UserDto[]> {
    return this.db.registerTransaction(async (manager) => {
      const users = await this.users.listByEmail(manager);
      const memberships = await this.users.allMemberships(manager);
      await this.audit.record(manager, { action: 'user.list', objectType: 'user', rowCount: users.length });
      return users.map((user) => toUserDto(user, memberships.get(user.id) ?? NO_MEMBERSHIPS));
    });
  }

  get(id: string): Promise<UserDto> {
    return this.db.registerTransaction(async (manager) => {
      const user = await this.findOrFail(manager, id);
      await this.audit.record(manager, { action: 'user.read', objectType: 'user', objectIds: [id] });
      return toUserDto(user, await this.users.membershipsOf(manager, id));
    });
  }

  update(id: string, dto: UpdateUserDto): Promise<UserDto> {
    return this.db.registerTransaction(async (manager) => {
      const user = await this.findOrFail(manager, id);
      const institutionIds = dto.institutionIds ?? (await this.users.membershipsOf(manager, id)).institutionIds;
      const role = dto.role ?? user.role;
      await this.checkMemberships(manager, role, institutionIds);
      if (dto.password) {
        user.passwordHash = await hashPassword(dto.password);
        user.passwordMustChange = dto.mustChangePassword === true;
      }
      if (dto.active !== undefined) user.active = dto.active;
      user.role = role;
      const saved = await this.users.save(manager, user);
      if (dto.institutionIds || role !== 'staff') await this.users.replaceMemberships(manager, id, role === 'staff' ? institutionIds : []);
      await this.audit.record(manager, {
        action: dto.active === false ? 'user.deactivate' : 'user.update',
        objectType: 'user',
        objectIds: [id],
      });
      return toUserDto(saved, await this.users.membershipsOf(manager, id));
    });
  }

  /**
   * Makes a staff member a data manager of one of their institutions (`held`), or no longer one.
   * A data manager may export all of that institution's data (docs/extracts.md).
   */
  setDataManager(userId: string, institutionId: string, held: boolean): Promise<UserDto> {
    return this.db.registerTransaction((manager) => this.setDataManagerIn(manager, userId, institutionId, held));
  }

  /** Also used by the demo data, inside its own transaction. */
  async setDataManagerIn(manager: EntityManager, userId: string, institutionId: string, held: boolean): Promise<UserDto> {
    const user = await this.findOrFail(manager, userId);
    if (!(await this.users.setMembershipRole(manager, userId, institutionId, 'data_manager', held)))
      throw new NotFoundProblem("The user's membership of this institution");
    await this.audit.record(manager, {
      action: held ? 'membership.grant_data_manager' : 'membership.remove_data_manager',
      objectType: 'user',
      objectIds: [userId],
      institutionId,
    });
    return toUserDto(user, await this.users.membershipsOf(manager, userId));
  }

  /**
   * A signed-in user changes their own password: the current one must be right and the new one as
   * long as the API asks (12 characters). Field errors point at currentPassword and newPassword.
   */
  changeOwnPassword(userId: string, currentPassword: string, newPassword: string): Promise<void> {
    return this.db.registerTransaction(async (manager) => {
      const user = await this.findOrFail(manager, userId);
      if (!(await verifyPassword(currentPassword, user.passwordHash)))
        throw new ValidationProblem([{ pointer: '/currentPassword', detail: 'The current password is wrong.' }]);
      if (newPassword.length < 12 || newPassword.length > 1024)
        throw new ValidationProblem([{ pointer: '/newPassword', detail: 'password must be at least 12 characters' }]);
      user.passwordHash = await hashPassword(newPassword);
      user.passwordMustChange = false;
      await this.users.save(manager, user);
      await this.audit.record(manager, { action: 'user.password.change', objectType: 'user', objectIds: [userId] });
    });
  }

  /** Staff belong to at least one active institution; other roles to none (they do not browse person-level data). */
  private async checkMemberships(manager: EntityManager, role: UserRole, institutionIds: string[]): Promise<void> {
    if (role !== 'staff' && institutionIds.length > 0) {
      throw new ValidationProblem([
        { pointer: '/institutionIds', detail: `Only staff users belong to institutions; leave institutionIds out for role ${role}.` },
      ]);
    }
    if (role === 'staff' && institutionIds.length === 0) {
      throw new ValidationProblem([{ pointer: '/institutionIds', detail: 'A staff user needs at least one institution.' }]);
    }
    const found = await manager.getRepository(Institution).findBy({ id: In(institutionIds) });
    const missing = institutionIds.filter((id) => !found.some((institution) => institution.id === id));
    if (missing.length > 0) {
      throw new ValidationProblem(
        missing.map((id) => ({ pointer: `/institutionIds/${institutionIds.indexOf(id)}`, detail: `No institution has id ${id}.` })),
      );
    }
  }

  private async findOrFail(manager: EntityManager, id: string): Promise<User> {
    const user = await this.users.findById(manager, id);
    if (!user) throw new NotFoundProblem('The user');
    return user;
  }
}

const NO_MEMBERSHIPS: UserMemberships = { institutionIds: [], dataManagerInstitutionIds: [] };

function toUserDto(user: User, memberships: UserMemberships): UserDto {
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    active: user.active,
    mustChangePassword: user.passwordMustChange,
    institutionIds: memberships.institutionIds,
    dataManagerInstitutionIds: memberships.dataManagerInstitutionIds,
    createdAt: user.createdAt.toISOString(),
  };
}
