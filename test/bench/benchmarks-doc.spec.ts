import * as fs from 'node:fs';
import * as path from 'node:path';
import { SERVICE_NODE_FLAG } from '../../scripts/bench/bench-support';
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

describe('the Node flag benchmarks run the app with', () => {
  it('is the one npm start and the Docker image run the service with', () => {
    const root = path.join(__dirname, '..', '..');
    const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toContain(`node ${SERVICE_NODE_FLAG} dist/src/main.js`);
    expect(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8')).toContain(`"node", "${SERVICE_NODE_FLAG}", "dist/src/main.js"`);
    for (const name of ['bench:ingestion', 'bench:latency', 'bench:indicators'])
      expect(pkg.scripts[name]).toContain(`node ${SERVICE_NODE_FLAG} dist/scripts/bench/`);
  });
});

describe('the Node the project runs on', () => {
  const root = path.join(__dirname, '..', '..');
  const pkg = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8')) as {
    engines: { node: string };
    devDependencies: Record<string, string>;
  };

  it('is the Node 24 of the node devDependency, which npm scripts put first on the PATH', () => {
    const pinned = pkg.devDependencies.node;
    expect(pinned).toMatch(/^24\./);
    expect(process.version).toBe(`v${pinned}`);
    expect(pkg.engines.node).toMatch(/^>=24\./);
  });

  it('is the Node the Docker image is built from', () => {
    expect(fs.readFileSync(path.join(root, 'Dockerfile'), 'utf8').match(/^FROM node:(\d+)-/gm)).toEqual(['FROM node:24-', 'FROM node:24-']);
  });
});
