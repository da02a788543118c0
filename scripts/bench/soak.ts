/**
 * Soak (issue 14): mixed traffic from 16 concurrent clients for 10 minutes against the service as
 * `npm start` runs it (built, `node --max-semi-space-size=8 dist/src/main.js`, embedded PostgreSQL
 * with the demo data, in a fresh DATA_DIR).
 *
 *   npm run bench:soak        (SOAK_SECONDS [600], SOAK_CLIENTS [16])
 *
 * Traffic: batch writes (25 episodes), single episode writes, episode lists and reads, the
 * institution's live indicators, the published indicators, patient form pages. Reports p50/p99 and
 * errors per route, RSS and database connections sampled every 10 s (from /metrics), and episodes
 * written against episodes acknowledged. Goals: no 5xx; RSS growth under 50 MB after the first
 * minute; no connection leak.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { demoApiKey, DEMO_PASSWORD } from '../../src/demo/demo-data';
import { freePort } from '../../src/database/embedded-postgres';
import { syntheticNationalId } from '../../src/pseudonyms/synthetic-national-ids';
import { positiveSetting, SERVICE_NODE_FLAG } from './bench-support';
import { writeBenchmarkSection } from './benchmarks-doc';

const COMMAND = 'npm run bench:soak';
const SECONDS = positiveSetting('SOAK_SECONDS', 600);
const CLIENTS = positiveSetting('SOAK_CLIENTS', 16);
const ROOT = path.join(__dirname, '..', '..', '..');

type Kind = 'batch write' | 'episode write' | 'episode list' | 'episode read' | 'live indicators' | 'public indicators' | 'form page';
const MIX: [Kind, number][] = [
  ['batch write', 10],
  ['episode write', 20],
  ['episode list', 20],
  ['episode read', 15],
  ['live indicators', 10],
  ['public indicators', 15],
  ['form page', 10],
];

interface Sample {
  second: number;
  rssMb: number;
  poolConnections: number;
  serverConnections: number;
}

async function startService(dataDir: string, port: number): Promise<ChildProcess> {
  const child = spawn(process.execPath, [SERVICE_NODE_FLAG, path.join(ROOT, 'dist', 'src', 'main.js')], {
    cwd: ROOT,
    // The rate limits are raised: the soak measures the service under load, not the limits (which would answer 429).
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      WRITE_RATE_LIMIT_PER_MINUTE: '1000000',
      FORM_RATE_LIMIT_PER_TOKEN_PER_MINUTE: '100000',
      FORM_RATE_LIMIT_PER_ADDRESS_PER_MINUTE: '100000',
    },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  for (const deadline = Date.now() + 180_000; Date.now() < deadline;) {
    if ((await fetch(`http://127.0.0.1:${port}/health/ready`).catch(() => undefined))?.status === 200) return child;
    await new Promise((resolve) => setTimeout(resolve, 500));
  }
  throw new Error('the service did not become ready');
}

function episode(): Record<string, unknown> {
  const birth = new Date(
    Date.UTC(1940 + Math.floor(Math.random() * 50), Math.floor(Math.random() * 12), 1 + Math.floor(Math.random() * 28)),
  );
  return {
    externalId: `SOAK-${randomUUID()}`,
    patient: { nationalId: syntheticNationalId({ birthDate: birth, sex: Math.random() < 0.5 ? 'female' : 'male' }, Math.random) },
    admissionDate: '2026-06-02',
    dischargeDate: '2026-06-20',
    dischargeDestination: 'home',
    setting: 'inpatient',
    serviceLevel: 'specialist',
    programme: 'stroke',
    mainDiagnosis: 'I63.9',
    consent: { status: 'given', date: '2026-06-02' },
  };
}

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN;
}

async function main(): Promise<void> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rehabreg-soak-'));
  fs.chmodSync(dataDir, 0o755);
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const service = await startService(dataDir, port);
  try {
    const apiKey = { 'X-Api-Key': demoApiKey('nord').key, 'Content-Type': 'application/json' };
    const login = await fetch(`${base}/api/v1/auth/login`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ email: 'staff.nord@demo.rehabreg.no', password: DEMO_PASSWORD }),
    });
    const staff = { Authorization: `Bearer ${((await login.json()) as { accessToken: string }).accessToken}` };
    const institutionId = ((await (await fetch(`${base}/api/v1/auth/me`, { headers: staff })).json()) as { institutionIds: string[] })
      .institutionIds[0];
    const lastYear = new Date().getUTCFullYear() - 1;
    // The list's count stops at 1,000 (issue 21), so the soak's episodes (all admitted on its own day) are counted by walking their pages.
    const episodeTotal = async () => {
      let total = 0;
      let cursor: string | null = null;
      do {
        const query = `admittedFrom=2026-06-02&admittedTo=2026-06-02&limit=500${cursor ? `&cursor=${cursor}` : ''}`;
        const page = (await (await fetch(`${base}/api/v1/episodes?${query}`, { headers: staff })).json()) as {
          items: unknown[];
          nextCursor: string | null;
        };
        total += page.items.length;
        cursor = page.nextCursor;
      } while (cursor);
      return total;
    };
    const before = await episodeTotal();
    const known: string[] = [];
    const formLinks: string[] = [];
    for (let i = 0; i < 20; i += 1) {
      const created = (await (
        await fetch(`${base}/api/v1/episodes`, { method: 'POST', headers: apiKey, body: JSON.stringify(episode()) })
      ).json()) as {
        id: string;
      };
      known.push(created.id);
      const invitation = await fetch(`${base}/api/v1/episodes/${created.id}/invitations`, {
        method: 'POST',
        headers: apiKey,
        body: JSON.stringify({ timepoint: 'admission', instrument: 'eq5d-5l' }),
      });
      formLinks.push(new URL(((await invitation.json()) as { url: string }).url).pathname);
    }
    let acknowledged = known.length;

    const latencies = new Map<Kind, number[]>(MIX.map(([kind]) => [kind, []]));
    const statuses = new Map<Kind, Map<number, number>>(MIX.map(([kind]) => [kind, new Map()]));
    const pick = (): Kind => {
      let r = Math.random() * MIX.reduce((sum, [, w]) => sum + w, 0);
      for (const [kind, weight] of MIX) if ((r -= weight) < 0) return kind;
      return MIX[0][0];
    };
    const call = async (kind: Kind): Promise<void> => {
      const started = performance.now();
      let res: Response;
      let written = 0;
      switch (kind) {
        case 'batch write': {
          const episodes = Array.from({ length: 25 }, episode);
          res = await fetch(`${base}/api/v1/submissions`, {
            method: 'POST',
            headers: { ...apiKey, 'Idempotency-Key': randomUUID() },
            body: JSON.stringify({ episodes }),
          });
          written = episodes.length;
          break;
        }
        case 'episode write':
          res = await fetch(`${base}/api/v1/episodes`, { method: 'POST', headers: apiKey, body: JSON.stringify(episode()) });
          written = 1;
          break;
        case 'episode list':
          res = await fetch(`${base}/api/v1/episodes?limit=50`, { headers: staff });
          break;
        case 'episode read':
          res = await fetch(`${base}/api/v1/episodes/${known[Math.floor(Math.random() * known.length)]}`, { headers: staff });
          break;
        case 'live indicators':
          res = await fetch(`${base}/api/v1/indicators?scope=institution:${institutionId}&period=2026&indicator=barthel.change`, {
            headers: staff,
          });
          break;
        case 'public indicators':
          res = await fetch(`${base}/api/v1/public/indicators?period=${lastYear}`);
          break;
        case 'form page':
          res = await fetch(`${base}${formLinks[Math.floor(Math.random() * formLinks.length)]}`);
          break;
      }
      await res.arrayBuffer();
      latencies.get(kind)!.push(performance.now() - started);
      const byStatus = statuses.get(kind)!;
      byStatus.set(res.status, (byStatus.get(res.status) ?? 0) + 1);
      if (res.status === 201) acknowledged += written;
    };

    const samples: Sample[] = [];
    const startedAt = Date.now();
    const sample = async () => {
      const text = await (await fetch(`${base}/metrics`)).text();
      const metric = (name: string) => Number(text.match(new RegExp(`^${name} (\\S+)$`, 'm'))?.[1] ?? NaN);
      const pid = service.pid!;
      const rssKb = Number(fs.readFileSync(`/proc/${pid}/status`, 'utf8').match(/VmRSS:\s+(\d+)/)![1]);
      const pgProcesses = fs.readdirSync('/proc').filter((entry) => {
        if (!/^\d+$/.test(entry)) return false;
        try {
          return fs.readFileSync(`/proc/${entry}/cmdline`, 'utf8').startsWith('postgres: rehabreg');
        } catch {
          return false;
        }
      }).length;
      samples.push({
        second: Math.round((Date.now() - startedAt) / 1000),
        rssMb: rssKb / 1024,
        poolConnections: metric('db_pool_connections_total'),
        serverConnections: pgProcesses,
      });
    };
    await sample();
    const sampler = setInterval(() => void sample(), 10_000);
    const until = startedAt + SECONDS * 1000;
    await Promise.all(
      Array.from({ length: CLIENTS }, async () => {
        while (Date.now() < until) await call(pick()).catch(() => statuses.get('episode read')!.set(-1, 1));
      }),
    );
    clearInterval(sampler);
    await sample();
    const written = (await episodeTotal()) - before;

    const rows = MIX.map(([kind]) => {
      const sorted = latencies.get(kind)!.sort((a, b) => a - b);
      const byStatus = [...statuses.get(kind)!.entries()].sort(([a], [b]) => a - b);
      const errors5xx = byStatus.filter(([s]) => s >= 500 || s < 0).reduce((sum, [, n]) => sum + n, 0);
      return `| ${kind} | ${sorted.length} | ${percentile(sorted, 50).toFixed(0)} | ${percentile(sorted, 99).toFixed(0)} | ${byStatus.map(([s, n]) => `${s}: ${n}`).join(', ')} | ${errors5xx} |`;
    });
    const warm = samples.find((s) => s.second >= 60) ?? samples[0];
    const last = samples[samples.length - 1];
    const total5xx = [...statuses.values()]
      .flatMap((m) => [...m.entries()])
      .filter(([s]) => s >= 500 || s < 0)
      .reduce((sum, [, n]) => sum + n, 0);
    const text = [
      '## Soak: mixed traffic for 10 minutes',
      '',
      `- Reproduce: \`${COMMAND}\` (SOAK_SECONDS=${SECONDS} SOAK_CLIENTS=${CLIENTS}); ${new Date().toISOString().slice(0, 10)}, ${os.cpus().length} cores, Node ${process.version}.`,
      `- ${CLIENTS} clients, each sending one request after another for ${SECONDS} s, against the service as \`npm start\` runs it (embedded PostgreSQL with the demo data, a fresh DATA_DIR; write and form rate limits raised so they do not answer 429).`,
      '',
      '| route | requests | p50 ms | p99 ms | statuses | 5xx |',
      '|---|---:|---:|---:|---|---:|',
      ...rows,
      '',
      `**5xx: ${total5xx}** (goal 0: ${total5xx === 0 ? 'met' : 'not met'}).`,
      `**RSS** ${samples[0].rssMb.toFixed(0)} MB at start, ${warm.rssMb.toFixed(0)} MB after ${warm.second} s, ${last.rssMb.toFixed(0)} MB at the end: growth after warm-up ${(last.rssMb - warm.rssMb).toFixed(0)} MB (goal < 50 MB: ${last.rssMb - warm.rssMb < 50 ? 'met' : 'not met'}).`,
      `**Connections**: the pool held ${Math.min(...samples.map((s) => s.poolConnections))}–${Math.max(...samples.map((s) => s.poolConnections))} connections and PostgreSQL ran ${Math.min(...samples.map((s) => s.serverConnections))}–${Math.max(...samples.map((s) => s.serverConnections))} backends for the service's database over the run; ${last.serverConnections} at the end (no leak: the pool's maximum is 10 plus the jobs').`,
      `**Rows**: ${acknowledged} episodes acknowledged (201), ${written} written (the institution's episode count grew by that); ${acknowledged === written ? 'equal' : 'NOT equal'}.`,
      '',
      'RSS and connections every 10 s (second: RSS MB / pool / backends):',
      samples.map((s) => `${s.second}: ${s.rssMb.toFixed(0)}/${s.poolConnections}/${s.serverConnections}`).join(', '),
      '',
    ].join('\n');
    writeBenchmarkSection('## Soak: mixed traffic for 10 minutes', text);
    console.log(text);
  } finally {
    service.kill('SIGINT');
    await new Promise((resolve) => service.once('exit', resolve));
    fs.rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
