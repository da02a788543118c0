import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

@Entity('api_clients')
export class ApiClient {
  @PrimaryGeneratedColumn('uuid') id!: string;
  @Column({ name: 'institution_id', type: 'uuid' }) institutionId!: string;
  @Column() name!: string;
  /** The public part of the key, for finding it and for people to recognise it. */
  @Column({ name: 'key_prefix' }) keyPrefix!: string;
  /** SHA-256 of the secret part; the key itself is shown once at creation and never stored. */
  @Column({ name: 'key_hash', type: 'bytea' }) keyHash!: Buffer;
  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' }) createdAt!: Date;
  @Column({ name: 'revoked_at', type: 'timestamptz', nullable: true }) revokedAt!: Date | null;
}
