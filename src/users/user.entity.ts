import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { UserRole } from '../auth/principal';
import type { Language } from '../common/languages';

export const MEMBERSHIP_ROLES = ['data_manager'] as const;
export type MembershipRole = (typeof MEMBERSHIP_ROLES)[number];

@Entity('users')
export class User {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column() email!: string;
  /** argon2id; null for users who sign in only through the external OpenID Connect issuer. */
  @Column({ name: 'password_hash', type: 'text', nullable: true }) passwordHash!: string | null;
  @Column({ type: 'text' }) role!: UserRole;
  @Column() active!: boolean;
  /** The password was set by an administrator: the user must choose their own before anything else. */
  @Column({ name: 'password_must_change' }) passwordMustChange!: boolean;
  /** The web pages' language (nb, nn, en); null until chosen. */
  @Column({ type: 'text', nullable: true }) language!: Language | null;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}

@Entity('memberships')
export class Membership {
  @Column({ name: 'user_id', type: 'uuid', primary: true }) userId!: string;
  @Column({ name: 'institution_id', type: 'uuid', primary: true }) institutionId!: string;
  /** Roles in this institution on top of staff rights: `data_manager` may export the institution's data. */
  @Column({ type: 'text', array: true, default: () => "'{}'" }) roles!: MembershipRole[];
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
}
