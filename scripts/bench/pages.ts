/**
 * Server render time and transferred size of the workspace's main pages with the demo register (issue 21):
 *
 *   npm run bench:pages            (BENCH_REQUESTS [200])
 *
 * A private embedded PostgreSQL with the demo data as `npm start` loads it (its institutions, users and
 * synthetic register, last year published); the real app in-process on loopback; a browser session of
 * staff.nord@demo.rehabreg.no. Each page is fetched BENCH_REQUESTS times, alternating with the JSON API
 * call behind it (the same data, no HTML) as the baseline of the same run, and with GET /health/live.
 * Times are client-side on loopback (server time plus a loopback round trip); sizes are the gzipped
 * bodies as sent with Accept-Encoding: gzip, plus the stylesheet, which every page links to.
 */
import 'reflect-metadata';
import { createApp } from '../../src/app.factory';
import { DemoData } from '../../src/demo/demo-data';
import {
  bearerFor,
  browserSessionFor,
  disposeOnInterrupt,
  listenOnLoopback,
  percentile,
  positiveSetting,
  readBenchConfig,
  requireServiceNodeFlag,
  roundMs as round,
  startBenchDatabase,
} from './bench-support';
import { writeBenchmarkSection } from './benchmarks-doc';

const COMMAND = 'npm run bench:pages';
const DEMO_STAFF = 'staff.nord@demo.rehabreg.no';
const DEMO_PASSWORD = 'demo-password-2026';

const kb = (bytes: number) => (bytes / 1024).toFixed(1);

interface Fetched {
  ms: number;
  bytes: number;
  text: string;
}

async function main(): Promise<void> {
  requireServiceNodeFlag(COMMAND);
  const requests = positiveSetting('BENCH_REQUESTS', 200);
  const db = await startBenchDatabase();
  disposeOnInterrupt(db);
  try {
    const config = readBenchConfig(db, {
      DEMO_DATA: 'true',
      // Loading the demo publishes last year, which audits every hidden count: longer than one request's 15 s.
      DATABASE_STATEMENT_TIMEOUT_MS: process.env.DATABASE_STATEMENT_TIMEOUT_MS ?? '600000',
    });
    const app = await createApp(config);
    console.log('Loading the demo register...');
    await app.get(DemoData).ensureLoaded();
    const base = await listenOnLoopback(app);
    try {
      const fetchTimed = async (path: string, headers: Record<string, string>): Promise<Fetched> => {
        const start = process.hrtime.bigint();
        const res = await fetch(`${base}${path}`, { headers: { 'accept-encoding': 'gzip', ...headers }, redirect: 'manual' });
        // fetch decodes the body; the bytes sent are the Content-Length of the gzipped body.
        const text = await res.text();
        const ms = Number(process.hrtime.bigint() - start) / 1e6;
        if (res.status !== 200) throw new Error(`GET ${path}: ${res.status} ${text.slice(0, 300)}`);
        return { ms, bytes: Number(res.headers.get('content-length') ?? Buffer.byteLength(text)), text };
      };

      // The staff member's browser session (the sign-in page's CSRF double submit) and a bearer token for the API.
      const session = { cookie: await browserSessionFor(base, DEMO_STAFF, DEMO_PASSWORD) };
      const bearer = await bearerFor(base, DEMO_STAFF, DEMO_PASSWORD);

      // The newest discharged episode with forms: the episode page at its fullest.
      const list = JSON.parse((await fetchTimed('/api/v1/episodes?limit=25&open=false', bearer)).text) as { items: { id: string }[] };
      const episodeId = list.items[0].id;
      const episode = JSON.parse((await fetchTimed(`/api/v1/episodes/${episodeId}`, bearer)).text) as { responses: { id: string }[] };
      const responseId = episode.responses[0]?.id;

      const pages: { name: string; page: string; json: string; jsonName: string }[] = [
        {
          name: 'episode list (25 rows)',
          page: '/app/episodes',
          json: '/api/v1/episodes?limit=25',
          jsonName: 'GET /api/v1/episodes?limit=25',
        },
        {
          name: 'episode page',
          page: `/app/episodes/${episodeId}`,
          json: `/api/v1/episodes/${episodeId}`,
          jsonName: 'GET /api/v1/episodes/{id}',
        },
        { name: 'register an episode (form)', page: '/app/episodes/new', json: '/api/v1/auth/me', jsonName: 'GET /api/v1/auth/me' },
        ...(responseId
          ? [
              {
                name: 'a response with its versions',
                page: `/app/episodes/${episodeId}/responses/${responseId}`,
                json: `/api/v1/episodes/${episodeId}/responses/${responseId}/history`,
                jsonName: 'GET .../responses/{id}/history',
              },
            ]
          : []),
      ];
      const stylesheetPath = /href="(\/assets\/workspace\.css\?v=[^"]+)"/.exec((await fetchTimed('/app/episodes', session)).text)![1];
      const stylesheet = await fetchTimed(stylesheetPath, {});

      const rows: string[] = [];
      const health: number[] = [];
      for (const { name, page, json, jsonName } of pages) {
        await fetchTimed(page, session); // warm-up
        await fetchTimed(json, bearer);
        const pageMs: number[] = [];
        const jsonMs: number[] = [];
        let bytes = 0;
        for (let i = 0; i < requests; i++) {
          const fetched = await fetchTimed(page, session);
          pageMs.push(fetched.ms);
          bytes = fetched.bytes;
          jsonMs.push((await fetchTimed(json, bearer)).ms);
          health.push((await fetchTimed('/health/live', {})).ms);
        }
        const p95 = percentile(pageMs, 95);
        rows.push(
          `| ${name} | ${round(percentile(pageMs, 50))} / ${round(p95)} ms | ${jsonName} ${round(percentile(jsonMs, 50))} / ${round(percentile(jsonMs, 95))} ms | ${(p95 / percentile(jsonMs, 95)).toFixed(2)}x | ${kb(bytes)} KB + ${kb(stylesheet.bytes)} KB = ${kb(bytes + stylesheet.bytes)} KB |`,
        );
      }

      const heading = '## Workspace pages: render time and size (issue 21)';
      const text = [
        heading,
        '',
        `Measured ${new Date().toISOString().slice(0, 10)} with \`${COMMAND}\` (BENCH_REQUESTS=${requests}) on this machine (2 cores shared with other work), with the demo register as \`npm start\` loads it, signed in as ${DEMO_STAFF} (Demo Nord). Client-side times on loopback; /health/live in the same run: p50 ${round(percentile(health, 50))} ms, p95 ${round(percentile(health, 95))} ms. Goals: p95 < 200 ms; < 50 KB transferred per page with its stylesheet (gzip).`,
        '',
        '| page | p50 / p95 | the JSON call behind it, p50 / p95 (same run) | ratio at p95 | transferred (gzip): page + stylesheet |',
        '|---|---|---|---|---|',
        ...rows,
        '',
        'The stylesheet is sent once and cached for a year by its hash; it is counted with every page as if each were the first. The pages call the same services as the API (with the same audit), so the ratio is what rendering HTML adds.',
      ].join('\n');
      console.log(text);
      writeBenchmarkSection(heading, text);
    } finally {
      await app.close();
    }
  } finally {
    await db.dispose();
  }
}

// Exits when done: the fetch client's idle keep-alive sockets would keep the process alive otherwise.
main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
