import { MigrationInterface, QueryRunner } from 'typeorm';

/** Extensions and schema-wide defaults every later migration relies on. */
export class Baseline1764000000000 implements MigrationInterface {
  name = 'Baseline1764000000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // Nobody but the owner creates objects in public; the app role gets explicit grants per table.
    await queryRunner.query(`REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    await queryRunner.query(`GRANT USAGE ON SCHEMA public TO PUBLIC`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`SELECT 1`);
  }
}
