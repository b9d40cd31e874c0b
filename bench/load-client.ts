/**
 * The load-generator process of the HTTP benchmark (forked by run.ts, so its CPU cost is not
 * charged to the server process). Closed loop: `concurrency` workers over keep-alive connections,
 * each sending its next request as soon as the previous answer has been read in full.
 */
import { Agent, request } from 'node:http';
import { serve, type HoldBookPair, type LoadJob, type LoadResult } from './protocol.js';
import { summarize } from './stats.js';

const agents = new Map<string, Agent>();

function agentFor(origin: string, concurrency: number): Agent {
  let agent = agents.get(origin);
  if (!agent) {
    agent = new Agent({ keepAlive: true, maxSockets: concurrency, maxFreeSockets: concurrency });
    agents.set(origin, agent);
  }
  return agent;
}

interface Answer {
  status: number;
  body: Buffer;
}

function send(agent: Agent, origin: URL, method: string, path: string, token: string): Promise<Answer> {
  return new Promise<Answer>((resolve, reject) => {
    const req = request(
      {
        agent,
        host: origin.hostname,
        port: origin.port,
        method,
        path,
        headers: method === 'POST' ? { Authorization: `Bearer ${token}`, 'Content-Length': '0' } : { Authorization: `Bearer ${token}` },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => resolve({ status: res.statusCode ?? 0, body: chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks) }));
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end();
  });
}

/** Runs `units` units of work with `concurrency` workers; each unit's latency is recorded. */
async function closedLoop(units: number, concurrency: number, unit: (index: number) => Promise<string | undefined>): Promise<LoadResult> {
  const latencies = new Float64Array(units);
  let next = 0;
  let errors = 0;
  let firstError: string | undefined;
  const worker = async (): Promise<void> => {
    while (next < units) {
      const index = next++;
      const started = performance.now();
      let problem: string | undefined;
      try {
        problem = await unit(index);
      } catch (error) {
        problem = error instanceof Error ? error.message : String(error);
      }
      latencies[index] = performance.now() - started;
      if (problem !== undefined) {
        errors++;
        firstError ??= problem;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: Math.min(concurrency, units) }, worker));
  const elapsedMs = performance.now() - started;
  return {
    count: units,
    elapsedMs,
    rate: (units * 1000) / elapsedMs,
    latency: summarize(latencies),
    errors,
    ...(firstError === undefined ? {} : { firstError }),
  };
}

function search(job: Extract<LoadJob, { type: 'search' }>): Promise<LoadResult> {
  const origin = new URL(job.origin);
  const agent = agentFor(job.origin, job.concurrency);
  return closedLoop(job.count, job.concurrency, async () => {
    const answer = await send(agent, origin, 'GET', job.path, job.token);
    if (answer.status !== 200) return `slot search answered ${answer.status}: ${answer.body.toString().slice(0, 200)}`;
    if (answer.body.length !== job.expectBytes) return `slot search answered ${answer.body.length} bytes, expected ${job.expectBytes}`;
    return undefined;
  });
}

function holdBook(job: Extract<LoadJob, { type: 'holdbook' }>): Promise<LoadResult> {
  const origin = new URL(job.origin);
  const agent = agentFor(job.origin, job.concurrency);
  return closedLoop(job.pairs.length, job.concurrency, async (index) => {
    const pair = job.pairs[index] as HoldBookPair;
    const held = await send(agent, origin, 'POST', `/v1/slots/${encodeURIComponent(pair.slotId)}/hold`, pair.token);
    if (held.status !== 201) return `hold answered ${held.status}: ${held.body.toString().slice(0, 200)}`;
    const { id } = JSON.parse(held.body.toString()) as { id: string };
    const booked = await send(agent, origin, 'POST', `/v1/appointments/${encodeURIComponent(id)}/book`, pair.token);
    if (booked.status !== 200) return `book answered ${booked.status}: ${booked.body.toString().slice(0, 200)}`;
    return undefined;
  });
}

serve(async (job: LoadJob) => {
  switch (job.type) {
    case 'search':
      return search(job);
    case 'holdbook':
      return holdBook(job);
    case 'reset-agents':
      for (const agent of agents.values()) agent.destroy();
      agents.clear();
      return null;
  }
});

// The orchestrator disconnects when it is done (or dies): leave with it.
process.on('disconnect', () => {
  for (const agent of agents.values()) agent.destroy();
  process.exit(0);
});
