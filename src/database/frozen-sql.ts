/**
 * The SQL a migration froze beside it (migrations/README.md): `migrations/<migration>/<name>.sql`
 * holds the function bodies its up() installs, `<migration>/down/<name>.sql` those its down()
 * restores. A frozen file is never edited: the current definition lives in the owning feature's
 * `sql/` folder. Read at run time, from migrations/ under jest and from dist/migrations/ when
 * built (nest-cli.json copies them there).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

/** A reader of the SQL files of the migration whose `__filename` is given. */
export function frozenSql(migrationFile: string): (name: string) => string {
  const folder = migrationFile.replace(/\.[jt]s$/, '');
  return (name) => fs.readFileSync(path.join(folder, name), 'utf8');
}
