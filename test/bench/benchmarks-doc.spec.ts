import { replaceSection } from '../../scripts/bench/benchmarks-doc';

describe('the benchmarks document', () => {
  const doc = '# Benchmarks\n\nintro\n\n## A\n\nold a\n\n## B\n\nold b\n';

  it('replaces only the named section, keeping the others', () => {
    expect(replaceSection(doc, '## A', '## A\n\nnew a\n')).toBe('# Benchmarks\n\nintro\n\n## A\n\nnew a\n\n## B\n\nold b\n');
    expect(replaceSection(doc, '## B', '## B\n\nnew b')).toBe('# Benchmarks\n\nintro\n\n## A\n\nold a\n\n## B\n\nnew b\n');
  });

  it('appends a section it does not find', () => {
    expect(replaceSection(doc, '## C', '## C\n\nc')).toBe(`${doc}\n## C\n\nc\n`);
  });
});
