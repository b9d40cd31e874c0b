/**
 * A scripted connector agent for the tests: it polls and acknowledges over the platform's own
 * fetch, as the real agent does, and answers each command with what the test decides.
 */
import { call } from '../../../test/helpers.js';
import type { MockPlatform } from '../../index.js';

export interface Command {
  id: string;
  type: string;
  naturalKey: string;
  attempt: number;
  status: string;
  payload: Record<string, unknown>;
}

/** The acknowledgement body to send, or null to leave the command unanswered. */
export type Decide = (command: Command) => Record<string, unknown> | null;

export class ScriptedAgent {
  readonly received: Command[] = [];
  private running = false;
  private loop: Promise<void> | undefined;

  constructor(
    private readonly platform: MockPlatform,
    private readonly token: string,
    private readonly connectorId: string,
    private readonly decide: Decide,
    readonly session = 'ses_agent_one',
  ) {}

  async pollOnce(wait = 0): Promise<Command[]> {
    const result = await call(this.platform, 'GET', `/v1/connectors/${this.connectorId}/commands?wait=${wait}&session=${this.session}`, {
      token: this.token,
    });
    if (result.status !== 200) throw new Error(`poll: ${result.text}`);
    return result.body.data as Command[];
  }

  async ack(command: Command, body: Record<string, unknown>) {
    return call(this.platform, 'POST', `/v1/connectors/${this.connectorId}/commands/${command.id}/result`, { token: this.token, body });
  }

  start(): void {
    this.running = true;
    this.loop = (async () => {
      while (this.running) {
        for (const command of await this.pollOnce(1)) {
          this.received.push(command);
          const answer = this.decide(command);
          if (answer) await this.ack(command, answer);
        }
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.loop;
  }
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
