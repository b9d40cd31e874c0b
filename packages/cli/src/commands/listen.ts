/**
 * `careloop listen`: like `stripe listen`, follows the platform's events and forwards each one to a
 * local endpoint as a Standard Webhooks delivery signed with `signWebhook`.
 */
import { parseArgs } from 'node:util';
import { generateWebhookSecret, signWebhook } from '@careloop/core';
import { HELP_OPTION, integerOption, parseCommand } from '../args.js';
import { eventSource, follow, newestEventId, type FeedEvent } from '../feed.js';
import { COMMAND_HELP } from '../help.js';
import { baseUrlOf, UsageError, type CliIo } from '../io.js';

export async function listenCommand(args: string[], io: CliIo): Promise<number> {
  const { values } = parseCommand('listen', () =>
    parseArgs({
      args,
      options: {
        ...HELP_OPTION,
        'forward-to': { type: 'string' },
        events: { type: 'string' },
        'base-url': { type: 'string' },
        'client-id': { type: 'string' },
        'client-secret': { type: 'string' },
        secret: { type: 'string' },
        'from-start': { type: 'boolean' },
        interval: { type: 'string' },
      },
      strict: true,
    }),
  );
  if (values.help) {
    io.stdout(COMMAND_HELP['listen'] ?? '');
    return 0;
  }
  const target = values['forward-to'];
  if (target === undefined) throw new UsageError('--forward-to <url> is required', 'listen');
  if (!URL.canParse(target)) throw new UsageError(`--forward-to must be a URL, got '${target}'`, 'listen');
  if ((values['client-id'] === undefined) !== (values['client-secret'] === undefined)) {
    throw new UsageError('--client-id and --client-secret go together', 'listen');
  }
  if (values.secret !== undefined && !values.secret.startsWith('whsec_')) throw new UsageError('--secret must be a whsec_… secret', 'listen');
  const intervalMs = integerOption('listen', 'interval', values.interval, 1000, 1);
  const types = values.events?.split(',').map((type) => type.trim()).filter((type) => type !== '') ?? [];

  const fetchImpl = io.fetch ?? fetch;
  const source = eventSource({ baseUrl: baseUrlOf(values['base-url'], io), clientId: values['client-id'], clientSecret: values['client-secret'] }, io);
  const after = values['from-start'] ? undefined : await newestEventId(source);
  const secret = values.secret ?? generateWebhookSecret();
  io.stdout(`Ready! Your webhook signing secret is ${secret} (^C to quit)\n`);

  const forward = async (event: FeedEvent) => {
    const body = JSON.stringify(event);
    const headers = await signWebhook(body, secret, { id: event.id });
    let outcome: string;
    try {
      const response = await fetchImpl(target, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'user-agent': 'careloop-cli', ...headers },
        body,
        ...(io.signal ? { signal: io.signal } : {}),
      });
      // Drain the body so the connection can be reused.
      await response.arrayBuffer();
      outcome = `[${response.status}]`;
    } catch (error) {
      if (io.signal?.aborted) return;
      outcome = `[failed: ${error instanceof Error ? error.message : String(error)}]`;
    }
    io.stdout(`${event.createdAt}   --> ${event.type} [${event.id}]  <-- ${outcome} POST ${target}\n`);
  };
  await follow(source, { after, types, intervalMs, signal: io.signal }, forward);
  return 0;
}
