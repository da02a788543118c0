#!/usr/bin/env node
/** `npm run migration:create -- AddSomething`: writes an empty, timestamped TypeORM migration to migrations/. */
const fs = require('node:fs');
const path = require('node:path');

const name = process.argv[2];
if (!name || !/^[A-Z][A-Za-z0-9]+$/.test(name)) {
  console.error('Usage: npm run migration:create -- AddSomething   (PascalCase name)');
  process.exit(2);
}
const timestamp = Date.now();
const file = path.join(__dirname, '..', 'migrations', `${timestamp}-${name}.ts`);
fs.writeFileSync(
  file,
  `import { MigrationInterface, QueryRunner } from 'typeorm';

export class ${name}${timestamp} implements MigrationInterface {
  name = '${name}${timestamp}';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`\`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(\`\`);
  }
}
`,
);
console.log(`Created ${path.relative(process.cwd(), file)}`);
