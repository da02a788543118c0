/**
 * The next features rest on packages published as ES modules only (Parquet for extracts, pg-boss for
 * jobs, Vega for charts). The service is CommonJS, so they load through Node 24's require(esm), and
 * the tests through Jest's (Node ≥ 24.9 with --experimental-vm-modules, set by `npm test`).
 */
import { parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';

describe('ES-module-only packages', () => {
  it('run on Node 24', () => {
    expect(Number(process.versions.node.split('.')[0])).toBeGreaterThanOrEqual(24);
  });

  it('write a Parquet file with hyparquet-writer and read it back with hyparquet', async () => {
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'pseudonym', data: ['p-1', 'p-2'], type: 'STRING' },
        { name: 'barthel', data: [85, 100], type: 'INT32' },
      ],
    });
    const rows = await parquetReadObjects({ file: buffer });
    expect(rows).toEqual([
      { pseudonym: 'p-1', barthel: 85 },
      { pseudonym: 'p-2', barthel: 100 },
    ]);
  });
});
