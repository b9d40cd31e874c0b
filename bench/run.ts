/**
 * `npm run bench`: throughput and latency ratios of the Careloop mock platform and SDK, measured in one run.
 *
 *   1. HTTP. A forked server process runs the mock platform's HTTP server and a bare node:http
 *      server (fixed JSON bodies of the same byte lengths); a forked load-generator process drives
 *      one of them at a time over keep-alive connections at a fixed concurrency. Scenarios: slot
 *      search, and hold+book (one unit = POST hold then POST book).
 *   2. MSW, in this process: fetch() through msw/node with the platform's dispatching handler
 *      versus a single trivial handler.
 *   3. SDK per-call overhead, in this process, over a stubbed transport: the patient SDK (auth,
 *      retries, idempotency key, logging) versus bare openapi-fetch and axios.
 *   4. Type-check cost: tsc --extendedDiagnostics on each example, one after another.
 *   5. Hospital connector, in this process over loopback: a patient SDK hold through the mock
 *      platform's HTTP server, the connector agent and the fake HIS's HTTP server (platform → long
 *      poll → agent → HIS → acknowledgement → answer), versus the same lock POSTed straight to the HIS.
 *
 * Rounds are interleaved (mock/bare order alternates, in-process variants rotate) and medians are
 * reported. This is a benchmark, not a test: a missed goal is printed loudly but the exit code stays 0.
 *
 *   npm run bench                    # 3 rounds (30 short ones for the SDK)
 *   npm run bench -- --rounds=5
 *   npm run bench -- --skip-typecheck   # without part 4 (30–80 s on a 2-core machine)
 */
import { fork, type ChildProcess } from 'node:child_process';
import { availableParallelism, cpus, totalmem } from 'node:os';
import { fileURLToPath } from 'node:url';
import { MSW_VARIANTS, measureMsw, mswFixture, type MswSample, type MswVariant } from './msw.js';
import {
  call,
  type CpuSample,
  type LoadJob,
  type LoadResult,
  type PreparedHoldBook,
  type PreparedSearch,
  type ServerCommand,
  type ServerReady,
} from './protocol.js';
import { SDK_VARIANTS, measureSdk, sdkFixture, warmUpSdk, type SdkSample, type SdkVariant } from './sdk-overhead.js';
import { CONNECTOR_VARIANTS, connectorFixture, measureConnector, type ConnectorSample, type ConnectorVariant } from './connector-roundtrip.js';
import { fixed, median, table, thousands } from './stats.js';
import { exampleNames, measureTypecheck, TYPESCRIPT_VERSION, type TypecheckSample } from './typecheck-cost.js';

const argRounds = process.argv.find((arg) => arg.startsWith('--rounds='));
const ROUNDS = Math.max(1, Number(argRounds?.slice('--rounds='.length) ?? 3) || 3);
const CONCURRENCY = 16;
const SEARCH = { warmup: 2_000, requests: 8_000 };
const HOLD_BOOK = { patients: 128, warmup: 600, units: 2_000 };
const MSW = { warmup: 1_000, iterations: 4_000 };
/**
 * Many short rounds (a sample takes ~0.1 s): each round's five samples run within half a second, so a
 * noisy neighbour shifts them together and the per-round ratio survives it. Warm-up once per variant.
 */
const SDK = { rounds: ROUNDS * 10, warmup: 3_000, calls: 1_000 };
/** Sequential calls per variant per round (each through-connector hold needs its own patient and session pair). */
const CONNECTOR = { warmup: 50, calls: 300, sessions: 10, patients: 100 };
const SKIP_TYPECHECK = process.argv.includes('--skip-typecheck');
/**
 * Rounds still to run are skipped past this (the SDK's only after its first --rounds), so that all but the
 * type-check (six tsc runs, about a minute) stays near 1.5 minutes on a slow or busy machine.
 */
const BUDGET_MS = 105_000;

const GOAL_HTTP_RATIO = 0.5;
const GOAL_MSW_P50_RATIO = 1.5;
const GOAL_SDK_OPENAPI_FETCH_RATIO = 0.8;
const GOAL_SDK_AXIOS_RATIO = 2;

const startedAt = performance.now();
const elapsed = (): number => performance.now() - startedAt;
const log = (line: string): void => console.log(line);

type Target = 'mock' | 'bare';
type Scenario = 'search' | 'holdbook';

interface HttpSample {
  scenario: Scenario;
  target: Target;
  round: number;
  result: LoadResult;
  cpu: CpuSample;
}

const children: ChildProcess[] = [];

function spawnChild(file: string): ChildProcess {
  // fork inherits process.execArgv, i.e. tsx's loader and --conditions=@careloop/source.
  const child = fork(fileURLToPath(new URL(file, import.meta.url)), [], { stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  children.push(child);
  return child;
}

function killChildren(): void {
  for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill();
}
process.on('exit', killChildren);
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    killChildren();
    process.exit(130);
  });
}

function waitForExit(child: ChildProcess, ms: number): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      child.kill();
      resolve();
    }, ms);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}

function describe(result: LoadResult): string {
  const errors = result.errors > 0 ? `  ERRORS ${result.errors} (${result.firstError ?? ''})` : '';
  return `${thousands(result.rate).padStart(7)}/s  p50 ${fixed(result.latency.p50, 2)} ms  p99 ${fixed(result.latency.p99, 2)} ms${errors}`;
}

async function runHttp(): Promise<{ samples: HttpSample[]; search: PreparedSearch | undefined; holdBook: PreparedHoldBook | undefined; rounds: number }> {
  const server = spawnChild('./http-servers.ts');
  const ready = await new Promise<ServerReady>((resolve, reject) => {
    server.once('message', (message: ServerReady) => resolve(message));
    server.once('exit', (code) => reject(new Error(`server process exited (code ${code})`)));
  });
  const client = spawnChild('./load-client.ts');
  const origins: Record<Target, string> = { mock: ready.mockOrigin, bare: ready.bareOrigin };
  const serverCall = <T>(command: ServerCommand): Promise<T> => call<T>(server, command);
  const load = (job: LoadJob): Promise<LoadResult> => call<LoadResult>(client, job);

  const samples: HttpSample[] = [];
  let search: PreparedSearch | undefined;
  let holdBook: PreparedHoldBook | undefined;
  let rounds = 0;

  /** Warm-up, then the measured run with the server's CPU time taken around it only. */
  const measured = async (scenario: Scenario, target: Target, round: number, warmup: LoadJob, job: LoadJob): Promise<void> => {
    await load(warmup);
    await serverCall({ type: 'cpu-start' });
    const result = await load(job);
    const cpu = await serverCall<CpuSample>({ type: 'cpu-stop' });
    await load({ type: 'reset-agents' });
    samples.push({ scenario, target, round, result, cpu });
    log(`  round ${round} ${scenario.padEnd(8)} ${target}  ${describe(result)}  (server CPU ${fixed((cpu.cpuMs / cpu.wallMs) * 100, 0)}%)`);
  };

  try {
    for (let round = 1; round <= ROUNDS; round++) {
      if (round > 1 && elapsed() > BUDGET_MS * 0.55) {
        log(`  (time budget: skipping HTTP rounds ${round}..${ROUNDS})`);
        break;
      }
      const order: Target[] = round % 2 === 1 ? ['mock', 'bare'] : ['bare', 'mock'];

      // Slot search: a fresh seeded world; the bare server mirrors the response's exact bytes.
      search = await serverCall<PreparedSearch>({ type: 'prepare-search' });
      for (const target of order) {
        const job = { type: 'search', origin: origins[target], path: search.path, token: search.token, concurrency: CONCURRENCY, expectBytes: search.bytes } as const;
        await measured('search', target, round, { ...job, count: SEARCH.warmup }, { ...job, count: SEARCH.requests });
      }

      // Hold+book: a fresh seeded world, 128 new patients, every free number assigned once.
      holdBook = await serverCall<PreparedHoldBook>({ type: 'prepare-holdbook', patients: HOLD_BOOK.patients });
      const units = Math.min(HOLD_BOOK.units, holdBook.pairs.length - HOLD_BOOK.warmup);
      if (units < HOLD_BOOK.units) log(`  (only ${holdBook.pairs.length} free numbers: measuring ${units} hold+book units)`);
      const warmPairs = holdBook.pairs.slice(0, HOLD_BOOK.warmup);
      const pairs = holdBook.pairs.slice(HOLD_BOOK.warmup, HOLD_BOOK.warmup + units);
      for (const target of order) {
        const job = { type: 'holdbook', origin: origins[target], concurrency: CONCURRENCY } as const;
        await measured('holdbook', target, round, { ...job, pairs: warmPairs }, { ...job, pairs });
      }
      rounds = round;
    }
  } finally {
    await serverCall({ type: 'close' }).catch(() => undefined);
    client.disconnect();
    await Promise.all([waitForExit(server, 5_000), waitForExit(client, 5_000)]);
  }
  return { samples, search, holdBook, rounds };
}

async function runMsw(): Promise<{ samples: MswSample[]; rounds: number; searchBytes: number; unauthorizedBytes: number }> {
  const fixture = await mswFixture();
  const samples: MswSample[] = [];
  let rounds = 0;
  for (let round = 1; round <= ROUNDS; round++) {
    if (round > 1 && elapsed() > BUDGET_MS) {
      log(`  (time budget: skipping MSW rounds ${round}..${ROUNDS})`);
      break;
    }
    // Rotate the order each round so no variant always runs first (or right after a GC-heavy one).
    const shift = (round - 1) % MSW_VARIANTS.length;
    const order = [...MSW_VARIANTS.slice(shift), ...MSW_VARIANTS.slice(0, shift)];
    for (const variant of order) {
      const sample = await measureMsw(fixture, variant, MSW.warmup, MSW.iterations);
      samples.push(sample);
      const errors = sample.errors > 0 ? `  ERRORS ${sample.errors} (${sample.firstError ?? ''})` : '';
      log(`  round ${round} ${variant.padEnd(19)} p50 ${fixed(sample.latency.p50 * 1000, 0).padStart(5)} µs  p99 ${fixed(sample.latency.p99 * 1000, 0).padStart(5)} µs${errors}`);
    }
    rounds = round;
  }
  return { samples, rounds, searchBytes: Buffer.byteLength(fixture.searchBody), unauthorizedBytes: Buffer.byteLength(fixture.unauthorizedBody) };
}

async function runSdk(): Promise<{ samples: SdkSample[]; rounds: number; bodyBytes: number; bundleBytes: number }> {
  const fixture = await sdkFixture();
  for (const variant of SDK_VARIANTS) await warmUpSdk(fixture, variant, SDK.warmup);
  const samples: SdkSample[] = [];
  let rounds = 0;
  for (let round = 1; round <= SDK.rounds; round++) {
    if (round > ROUNDS && elapsed() > BUDGET_MS) {
      log(`  (time budget: skipping SDK rounds ${round}..${SDK.rounds})`);
      break;
    }
    const shift = (round - 1) % SDK_VARIANTS.length;
    const order = [...SDK_VARIANTS.slice(shift), ...SDK_VARIANTS.slice(0, shift)];
    const line: string[] = [];
    for (const variant of order) {
      const sample = await measureSdk(fixture, variant, SDK.calls);
      samples.push(sample);
      const errors = sample.errors > 0 ? ` ERRORS ${sample.errors} (${sample.firstError ?? ''})` : '';
      line.push(`${variant} ${fixed(sample.rate / 1000, 1)}k${errors}`);
    }
    log(`  round ${String(round).padStart(2)}  ${line.join('  ')}  calls/s`);
    rounds = round;
  }
  return { samples, rounds, bodyBytes: fixture.bodyBytes, bundleBytes: fixture.bundleBytes };
}

async function runConnector(): Promise<{ samples: ConnectorSample[]; rounds: number; agentP50: number | null; agentP95: number | null }> {
  const fixture = await connectorFixture({ sessions: CONNECTOR.sessions, patients: CONNECTOR.patients });
  try {
    let offset = 0;
    await measureConnector(fixture, CONNECTOR.warmup, offset, 0);
    offset += CONNECTOR.warmup;
    const samples: ConnectorSample[] = [];
    let rounds = 0;
    for (let round = 1; round <= ROUNDS && offset + CONNECTOR.calls <= fixture.pairs.length; round++) {
      const measured = await measureConnector(fixture, CONNECTOR.calls, offset, round);
      offset += CONNECTOR.calls;
      rounds = round;
      samples.push(...measured);
      const line = measured.map((s) => `${s.variant} p50 ${fixed(s.latency.p50, 2)} ms p99 ${fixed(s.latency.p99, 2)} ms${s.errors > 0 ? ` ERRORS ${s.errors} (${s.firstError ?? ''})` : ''}`);
      log(`  round ${round}  ${line.join('  ')}`);
    }
    const stats = fixture.connector.stats();
    return { samples, rounds, agentP50: stats.roundTripP50Ms, agentP95: stats.roundTripP95Ms };
  } finally {
    await fixture.close();
  }
}

function connectorMedian(samples: readonly ConnectorSample[], variant: ConnectorVariant, pick: (s: ConnectorSample) => number): number {
  return median(samples.filter((s) => s.variant === variant).map(pick));
}

async function runTypecheck(): Promise<TypecheckSample[]> {
  const samples: TypecheckSample[] = [];
  for (const example of exampleNames()) {
    const sample = await measureTypecheck(example);
    samples.push(sample);
    const errors = sample.errors > 0 ? `  ERRORS ${sample.errors}` : '';
    log(`  ${example.padEnd(20)} ${thousands(sample.instantiations).padStart(7)} instantiations  check ${fixed(sample.checkTime, 2)} s  total ${fixed(sample.totalTime, 2)} s${errors}`);
  }
  return samples;
}

function httpMedians(samples: HttpSample[], scenario: Scenario, target: Target) {
  const mine = samples.filter((s) => s.scenario === scenario && s.target === target);
  return {
    rate: median(mine.map((s) => s.result.rate)),
    p50: median(mine.map((s) => s.result.latency.p50)),
    p99: median(mine.map((s) => s.result.latency.p99)),
    cpuPerUnitUs: median(mine.map((s) => (s.cpu.cpuMs * 1000) / s.result.count)),
    cpuShare: median(mine.map((s) => s.cpu.cpuMs / s.cpu.wallMs)),
    errors: mine.reduce((sum, s) => sum + s.result.errors, 0),
  };
}

/** Median over rounds of the per-round ratio mock/bare (each round's pair ran back to back). */
function httpRatio(samples: HttpSample[], scenario: Scenario, pick: (s: HttpSample) => number): number {
  const ratios: number[] = [];
  for (const mock of samples.filter((s) => s.scenario === scenario && s.target === 'mock')) {
    const bare = samples.find((s) => s.scenario === scenario && s.target === 'bare' && s.round === mock.round);
    if (bare) ratios.push(pick(mock) / pick(bare));
  }
  return median(ratios);
}

function mswMedian(samples: MswSample[], variant: MswVariant, pick: (s: MswSample) => number): number {
  return median(samples.filter((s) => s.variant === variant).map(pick));
}

function mswRatio(samples: MswSample[], numerator: MswVariant, denominator: MswVariant): number {
  const byRound = (variant: MswVariant) => samples.filter((s) => s.variant === variant);
  const top = byRound(numerator);
  const bottom = byRound(denominator);
  return median(top.flatMap((s, i) => (bottom[i] ? [s.latency.p50 / bottom[i].latency.p50] : [])));
}

function sdkMedian(samples: SdkSample[], variant: SdkVariant): number {
  return median(samples.filter((s) => s.variant === variant).map((s) => s.rate));
}

/** Median over rounds of the per-round throughput ratio (the variants of a round ran one after another). */
function sdkRatio(samples: SdkSample[], numerator: SdkVariant, denominator: SdkVariant): number {
  const bottom = samples.filter((s) => s.variant === denominator);
  return median(samples.filter((s) => s.variant === numerator).flatMap((s, i) => (bottom[i] ? [s.rate / bottom[i].rate] : [])));
}

function banner(pass: boolean, text: string): string {
  if (pass) return `PASS  ${text}`;
  return ['!'.repeat(78), `!!! MISS  ${text}`, '!'.repeat(78)].join('\n');
}

async function main(): Promise<void> {
  const cpuModel = cpus()[0]?.model ?? 'unknown CPU';
  log(`Careloop mock platform benchmark — node ${process.version}, ${availableParallelism()} CPUs (${cpuModel}), ${fixed(totalmem() / 2 ** 30, 1)} GiB`);
  log(`HTTP: 127.0.0.1, keep-alive, concurrency ${CONCURRENCY}; ${ROUNDS} rounds, median reported`);

  const http = await runHttp();
  log('');
  log(`MSW (in-process, sequential fetch): ${MSW.warmup} warm-up + ${MSW.iterations} timed calls per variant per round`);
  const msw = await runMsw();
  log('');
  log(`SDK per-call overhead (in-process, stubbed transport, sequential calls): ${SDK.warmup} warm-up calls per variant, then ${SDK.calls} timed calls per variant per round`);
  const sdk = await runSdk();
  log('');
  log(`Hospital connector (in-process, loopback HTTP, sequential calls alternating): ${CONNECTOR.warmup} warm-up + ${CONNECTOR.calls} timed calls per variant per round`);
  const connector = await runConnector();
  log('');
  let typecheck: TypecheckSample[] = [];
  if (SKIP_TYPECHECK) log('Type-check cost: skipped (--skip-typecheck)');
  else {
    log('Type-check cost: tsc --extendedDiagnostics --listFiles --noEmit -p examples/<name>/tsconfig.json, one at a time');
    typecheck = await runTypecheck();
  }

  const searchBytes = http.search?.bytes ?? 0;
  const rightAligned = new Set([2, 3, 4, 5, 6, 7]);
  const httpRows: string[][] = [];
  for (const [scenario, label, unit] of [
    ['search', `slot search (${searchBytes} B body)`, 'req/s'],
    ['holdbook', `hold+book (${http.holdBook?.holdBytes ?? 0} B + ${http.holdBook?.bookBytes ?? 0} B)`, 'units/s'],
  ] as const) {
    for (const target of ['mock', 'bare'] as const) {
      const m = httpMedians(http.samples, scenario, target);
      httpRows.push([
        label,
        target === 'mock' ? 'mock server' : 'bare node:http',
        `${thousands(m.rate)} ${unit}`,
        fixed(m.p50, 2),
        fixed(m.p99, 2),
        thousands(m.cpuPerUnitUs),
        `${fixed(m.cpuShare * 100, 0)}%`,
        String(m.errors),
      ]);
    }
    httpRows.push([
      '',
      '**mock / bare**',
      `**${fixed(httpRatio(http.samples, scenario, (s) => s.result.rate), 2)}×**`,
      `${fixed(httpRatio(http.samples, scenario, (s) => s.result.latency.p50), 2)}×`,
      `${fixed(httpRatio(http.samples, scenario, (s) => s.result.latency.p99), 2)}×`,
      `${fixed(httpRatio(http.samples, scenario, (s) => (s.cpu.cpuMs * 1000) / s.result.count), 2)}×`,
      '',
      '',
    ]);
  }

  const mswLabels: Record<MswVariant, string> = {
    'msw-platform-search': 'slot search — MSW + mock platform handler',
    'msw-trivial-search': `slot search — MSW + one trivial handler (${msw.searchBytes} B)`,
    'engine-search': 'slot search — engine only (platform.fetch, no MSW)',
    'msw-platform-401': 'unauthenticated 401 — MSW + mock platform handler',
    'msw-trivial-401': `unauthenticated 401 — MSW + one trivial handler (${msw.unauthorizedBytes} B)`,
    'engine-401': 'unauthenticated 401 — engine only (platform.fetch, no MSW)',
  };
  const mswOrder: MswVariant[] = ['msw-platform-search', 'msw-trivial-search', 'engine-search', 'msw-platform-401', 'msw-trivial-401', 'engine-401'];
  const mswRows = mswOrder.map((variant) => [
    mswLabels[variant],
    fixed(mswMedian(msw.samples, variant, (s) => s.latency.p50 * 1000), 0),
    fixed(mswMedian(msw.samples, variant, (s) => s.latency.p99 * 1000), 0),
    fixed(mswMedian(msw.samples, variant, (s) => s.latency.mean * 1000), 0),
    String(msw.samples.filter((s) => s.variant === variant).reduce((sum, s) => sum + s.errors, 0)),
  ]);
  const searchP50Ratio = mswRatio(msw.samples, 'msw-platform-search', 'msw-trivial-search');
  const dispatchP50Ratio = mswRatio(msw.samples, 'msw-platform-401', 'msw-trivial-401');

  log('');
  log(`## HTTP — median of ${http.rounds} rounds; latency in ms; server CPU per unit in µs`);
  log('');
  log(table(['scenario', 'server', 'throughput', 'p50', 'p99', 'CPU/unit', 'CPU busy', 'errors'], httpRows, rightAligned));
  log('');
  log(`## MSW dispatch — median of ${msw.rounds} rounds; per-call latency in µs`);
  log('');
  log(table(['request — handlers', 'p50', 'p99', 'mean', 'errors'], mswRows, new Set([1, 2, 3, 4])));
  log('');
  log(`p50 ratio, platform handler / trivial handler: 401 (dispatch, the goal figure) ${fixed(dispatchP50Ratio, 2)}×; slot search (dispatch + domain work) ${fixed(searchP50Ratio, 2)}×`);
  log('');

  const httpGoalRatio = httpRatio(http.samples, 'search', (s) => s.result.rate);
  const anyErrors = http.samples.some((s) => s.result.errors > 0) || msw.samples.some((s) => s.errors > 0);
  const sdkLabels: Record<SdkVariant, string> = {
    'careloop-method': 'Careloop client.slots.hold (as built)',
    'careloop-function': 'Careloop holdSlot(careloop) (as built)',
    'careloop-tsx': 'Careloop client.slots.hold (TS sources via tsx)',
    'openapi-fetch': 'bare openapi-fetch POST',
    'axios-fetch': 'axios.post (fetch adapter, same stub)',
    axios: 'axios.post (stub adapter, no transport)',
  };
  const sdkRows = SDK_VARIANTS.map((variant) => {
    const rate = sdkMedian(sdk.samples, variant);
    return [
      sdkLabels[variant],
      `${thousands(rate)}/s`,
      fixed(1e6 / rate, 1),
      `${fixed(sdkRatio(sdk.samples, variant, 'openapi-fetch'), 2)}×`,
      `${fixed(sdkRatio(sdk.samples, variant, 'axios-fetch'), 2)}×`,
      String(sdk.samples.filter((s) => s.variant === variant).reduce((sum, s) => sum + s.errors, 0)),
    ];
  });
  log(`## SDK per-call overhead — median of ${sdk.rounds} rounds; POST /v1/slots/{slotId}/hold answered 201 with ${sdk.bodyBytes} B by a stub`);
  log('');
  log(table(['client', 'calls/s', 'µs/call', '÷ openapi-fetch', '÷ axios (fetch)', 'errors'], sdkRows, new Set([1, 2, 3, 4, 5])));
  log('');
  log(`"as built": the SDK sources bundled by esbuild as tsup builds dist/ (${fixed(sdk.bundleBytes / 1024, 0)} kB, openapi-fetch included); ratios are medians of per-round ratios`);
  log('');
  const connectorRows = CONNECTOR_VARIANTS.map((variant) => [
    variant === 'through-connector' ? 'patient SDK slots.hold → platform → agent (long poll) → HIS lock → ack' : 'direct POST /registrations to the fake HIS',
    fixed(connectorMedian(connector.samples, variant, (s) => s.latency.p50), 2),
    fixed(connectorMedian(connector.samples, variant, (s) => s.latency.p99), 2),
    String(connector.samples.filter((s) => s.variant === variant).reduce((sum, s) => sum + s.errors, 0)),
  ]);
  const connectorRatio = (pick: (s: ConnectorSample) => number): number =>
    connectorMedian(connector.samples, 'through-connector', pick) / connectorMedian(connector.samples, 'direct-his', pick);
  log(`## Hospital connector round trip — median of ${connector.rounds} rounds; latency in ms`);
  log('');
  log(table(['call', 'p50', 'p99', 'errors'], [...connectorRows, ['**through connector / direct**', `**${fixed(connectorRatio((s) => s.latency.p50), 2)}×**`, `${fixed(connectorRatio((s) => s.latency.p99), 2)}×`, '']], new Set([1, 2, 3])));
  log('');
  log(`the agent's own round trips (receipt → HIS → acknowledged, its stats): p50 ${fixed(connector.agentP50 ?? Number.NaN, 2)} ms, p95 ${fixed(connector.agentP95 ?? Number.NaN, 2)} ms`);
  log('');
  if (typecheck.length > 0) {
    const conditions = [...new Set(typecheck.map((t) => t.conditions.join(', ') || 'none'))].join(' / ');
    log(`## Type-check cost — tsc ${TYPESCRIPT_VERSION} --extendedDiagnostics, one run per example; workspace packages resolved with customConditions: ${conditions}`);
    log('');
    log(
      table(
        ['example', 'files', 'workspace package files', 'lines of TS', 'types', 'instantiations', 'check', 'total', 'memory', 'errors'],
        typecheck.map((t) => [
          t.example,
          thousands(t.files),
          Object.entries(t.workspaceFiles)
            .sort((a, b) => b[1] - a[1])
            .map(([name, count]) => `${name} ${count}`)
            .join(', '),
          thousands(t.linesOfTypeScript),
          thousands(t.types),
          thousands(t.instantiations),
          `${fixed(t.checkTime, 2)} s`,
          `${fixed(t.totalTime, 2)} s`,
          `${thousands(t.memory)} MiB`,
          String(t.errors),
        ]),
        new Set([1, 3, 4, 5, 6, 7, 8, 9]),
      ),
    );
    log('');
  }

  log('## Goals');
  log('');
  log(banner(httpGoalRatio >= GOAL_HTTP_RATIO, `mock server throughput on slot search ${fixed(httpGoalRatio, 2)}× bare node:http (goal ≥ ${GOAL_HTTP_RATIO}×)`));
  log(
    banner(
      dispatchP50Ratio <= GOAL_MSW_P50_RATIO,
      `MSW dispatch p50 ${fixed(dispatchP50Ratio, 2)}× a single trivial handler (goal ≤ ${GOAL_MSW_P50_RATIO}×; unauthenticated 401 through the full spec)`,
    ),
  );
  log(
    `      for reference, slot search end to end through MSW is ${fixed(searchP50Ratio, 2)}× the trivial handler's p50 ` +
      `(${searchP50Ratio <= GOAL_MSW_P50_RATIO ? 'also within' : 'NOT within'} ${GOAL_MSW_P50_RATIO}×; includes the search itself)`,
  );
  const sdkFetchRatio = sdkRatio(sdk.samples, 'careloop-method', 'openapi-fetch');
  const sdkAxiosRatio = sdkRatio(sdk.samples, 'careloop-method', 'axios-fetch');
  log(
    banner(
      sdkFetchRatio >= GOAL_SDK_OPENAPI_FETCH_RATIO,
      `Careloop SDK per-call throughput ${fixed(sdkFetchRatio, 2)}× bare openapi-fetch (goal ≥ ${GOAL_SDK_OPENAPI_FETCH_RATIO}×; auth + retries + idempotency key + logging on)`,
    ),
  );
  log(banner(sdkAxiosRatio >= GOAL_SDK_AXIOS_RATIO, `Careloop SDK per-call throughput ${fixed(sdkAxiosRatio, 2)}× axios over the same stubbed fetch (goal ≥ ${GOAL_SDK_AXIOS_RATIO}×)`));
  log(
    `      for reference, the tree-shakable holdSlot(careloop) is ${fixed(sdkRatio(sdk.samples, 'careloop-function', 'openapi-fetch'), 2)}× and the ` +
      `TS sources through tsx ${fixed(sdkRatio(sdk.samples, 'careloop-tsx', 'openapi-fetch'), 2)}× bare openapi-fetch`,
  );
  if (typecheck.some((t) => t.errors > 0)) log(banner(false, 'some examples failed to type-check (see the errors column)'));
  if (anyErrors || sdk.samples.some((s) => s.errors > 0) || connector.samples.some((s) => s.errors > 0)) log(banner(false, 'some requests failed (see the errors columns): the figures above are not trustworthy'));
  log('');
  log(`Finished in ${fixed(elapsed() / 1000, 1)} s.`);
}

main().catch((error: unknown) => {
  console.error(error);
  killChildren();
  process.exitCode = 1;
});
