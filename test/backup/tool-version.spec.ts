import { toolMajorVersion } from '../../src/backup/backup';

describe('the version of a PostgreSQL tool', () => {
  it('is read from its --version line', () => {
    expect(toolMajorVersion('pg_dump (PostgreSQL) 15.18 (Debian 15.18-0+deb12u1)')).toBe(15);
    expect(toolMajorVersion('pg_restore (PostgreSQL) 18.1')).toBe(18);
    expect(toolMajorVersion('something else')).toBeUndefined();
  });
});
