/**
 * The server process of the HTTP benchmark (forked by run.ts). It runs, on 127.0.0.1 with
 * ephemeral ports, both the mock platform's HTTP server (`startMockServer`) and a bare node:http
 * server that answers every request with a fixed, pre-serialised JSON body of the same byte length
 * as the mock's answer to that request. Only one of the two is under load at a time, so they do not
 * compete; sharing the process gives both the same runtime (flags, loader, heap, core).
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createMockPlatform, type MockPlatform } from '@careloop/mocks';
import { startMockServer } from '@careloop/mocks/server';
import {
  SEARCH_PATH,
  serve,
  type CpuSample,
  type HoldBookPair,
  type PreparedHoldBook,
  type PreparedSearch,
  type ServerCommand,
  type ServerReady,
} from './protocol.js';

const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

const platform = createMockPlatform();
const mock = await startMockServer({ port: 0, host: '127.0.0.1', platform });

/** What the bare server answers: the bytes of one real mock response per operation. */
const bodies = { search: Buffer.from('{}'), hold: Buffer.from('{}'), book: Buffer.from('{}') };

const bare: Server = createServer((incoming, outgoing) => {
  outgoing.sendDate = false; // as the mock server does
  incoming.resume();
  let status = 200;
  let body = bodies.search;
  if (incoming.method === 'POST') {
    const hold = incoming.url?.endsWith('/hold') === true;
    status = hold ? 201 : 200;
    body = hold ? bodies.hold : bodies.book;
  }
  outgoing.writeHead(status, { 'Content-Type': 'application/json', 'Content-Length': body.length });
  outgoing.end(body);
});
await new Promise<void>((resolve) => bare.listen(0, '127.0.0.1', resolve));
const bareOrigin = `http://127.0.0.1:${(bare.address() as AddressInfo).port}`;

async function patientToken(target: MockPlatform, mobile: string): Promise<string> {
  const response = await target.fetch('/v1/oauth/token', {
    method: 'POST',
    headers: FORM,
    body: `grant_type=urn:careloop:grant-type:mobile-otp&mobile=${mobile}&otp=123456`,
  });
  if (response.status !== 200) throw new Error(`patient login ${mobile} failed: ${response.status} ${await response.text()}`);
  return ((await response.json()) as { access_token: string }).access_token;
}

function authorized(token: string): RequestInit {
  return { headers: { Authorization: `Bearer ${token}` } };
}

/** Fresh seeded world; one patient; the slot-search body the bare server will mirror. */
async function prepareSearch(): Promise<PreparedSearch> {
  platform.reset();
  const token = await patientToken(platform, '13900000000');
  const response = await platform.fetch(SEARCH_PATH, authorized(token));
  const body = Buffer.from(await response.arrayBuffer());
  if (response.status !== 200) throw new Error(`slot search failed: ${response.status} ${body.toString()}`);
  bodies.search = body;
  return { token, path: SEARCH_PATH, bytes: body.length };
}

interface SlotView {
  id: string;
  scheduleId: string;
  startTime: string;
  remaining: number;
}

/** A deterministic shuffle (so runs are comparable) that spreads consecutive holds over schedules. */
function shuffle<T>(items: T[]): T[] {
  let state = 0x2545f491;
  for (let i = items.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    const j = state % (i + 1);
    const a = items[i] as T;
    items[i] = items[j] as T;
    items[j] = a;
  }
  return items;
}

/**
 * Fresh seeded world; `patients` new patients logged in; every free number of every future slot
 * assigned to a patient who has nothing else in that schedule (BR-SCH-4), so every pair's
 * hold+book succeeds whatever order the load generator runs them in.
 */
async function prepareHoldBook(patients: number): Promise<PreparedHoldBook> {
  platform.reset();
  const tokens: string[] = [];
  for (let i = 0; i < patients; i++) tokens.push(await patientToken(platform, `139${String(10_000_000 + i).slice(-8)}`));
  const first = tokens[0];
  if (first === undefined) throw new Error('need at least one patient');

  const slots: SlotView[] = [];
  let cursor: string | null = null;
  do {
    const response: Response = await platform.fetch(`/v1/slots?available=true&limit=100${cursor ? `&cursor=${cursor}` : ''}`, authorized(first));
    const page = (await response.json()) as { data: SlotView[]; nextCursor: string | null };
    slots.push(...page.data);
    cursor = page.nextCursor;
  } while (cursor !== null);

  const nowMs = platform.clock.now().getTime();
  const perSchedule = new Map<string, number>();
  const scheduleOffset = new Map<string, number>();
  const pairs: HoldBookPair[] = [];
  for (const slot of slots) {
    if (Date.parse(slot.startTime) < nowMs) continue;
    if (!scheduleOffset.has(slot.scheduleId)) scheduleOffset.set(slot.scheduleId, (scheduleOffset.size * 37) % patients);
    for (let n = 0; n < slot.remaining; n++) {
      const k = perSchedule.get(slot.scheduleId) ?? 0;
      if (k >= patients) break; // every patient already has a number in this schedule
      perSchedule.set(slot.scheduleId, k + 1);
      const token = tokens[((scheduleOffset.get(slot.scheduleId) ?? 0) + k) % patients] as string;
      pairs.push({ token, slotId: slot.id });
    }
  }
  shuffle(pairs);

  // The bare server mirrors the sizes of one real hold and one real book (on a scratch platform
  // with the same seed, so the measured platform's state is untouched).
  const scratch = createMockPlatform();
  const scratchToken = await patientToken(scratch, '13900000000');
  const sample = pairs[0];
  if (!sample) throw new Error('no free numbers to hold');
  const held = await scratch.fetch(`/v1/slots/${sample.slotId}/hold`, { method: 'POST', ...authorized(scratchToken) });
  const holdBody = Buffer.from(await held.arrayBuffer());
  if (held.status !== 201) throw new Error(`sample hold failed: ${held.status} ${holdBody.toString()}`);
  const { id } = JSON.parse(holdBody.toString()) as { id: string };
  const booked = await scratch.fetch(`/v1/appointments/${id}/book`, { method: 'POST', ...authorized(scratchToken) });
  const bookBody = Buffer.from(await booked.arrayBuffer());
  if (booked.status !== 200) throw new Error(`sample book failed: ${booked.status} ${bookBody.toString()}`);
  bodies.hold = holdBody;
  bodies.book = bookBody;
  return { pairs, holdBytes: holdBody.length, bookBytes: bookBody.length };
}

let cpuStart = process.cpuUsage();
let wallStart = performance.now();

serve(async (command: ServerCommand) => {
  switch (command.type) {
    case 'prepare-search':
      return prepareSearch();
    case 'prepare-holdbook':
      return prepareHoldBook(command.patients);
    case 'cpu-start':
      cpuStart = process.cpuUsage();
      wallStart = performance.now();
      return null;
    case 'cpu-stop': {
      const used = process.cpuUsage(cpuStart);
      const sample: CpuSample = { cpuMs: (used.user + used.system) / 1000, wallMs: performance.now() - wallStart };
      return sample;
    }
    case 'close':
      await mock.close();
      await new Promise<void>((resolve, reject) => {
        bare.close((error) => (error ? reject(error) : resolve()));
        bare.closeAllConnections();
      });
      setImmediate(() => process.exit(0));
      return null;
  }
});

const ready: ServerReady = { type: 'ready', mockOrigin: mock.url, bareOrigin };
process.send?.(ready);
