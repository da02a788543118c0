import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const INSTITUTION_KINDS = ['health_trust', 'private', 'municipality'] as const;
export type InstitutionKind = (typeof INSTITUTION_KINDS)[number];
export const REGIONS = ['helse-nord', 'helse-midt-norge', 'helse-vest', 'helse-sor-ost'] as const;
export type Region = (typeof REGIONS)[number];

@Entity('institutions')
export class Institution {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column() name!: string;
  @Column({ name: 'org_number' }) orgNumber!: string;
  @Column({ type: 'text' }) kind!: InstitutionKind;
  @Column({ type: 'text' }) region!: Region;
  @Column() active!: boolean;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' }) updatedAt!: Date;
}
