import type { AcknowledgeCommandRequest } from '../generated/models.js';

/**
 * Remembers the acknowledgement the connector made for each command id, so that a command
 * delivered again (its acknowledgement's answer was lost, or the agent restarted) is answered with
 * the stored acknowledgement instead of being executed twice. Back it with a file or a database to
 * survive restarts; the default keeps it in memory.
 */
export interface CommandJournal {
  get(commandId: string): AcknowledgeCommandRequest | undefined | Promise<AcknowledgeCommandRequest | undefined>;
  /** Called before the acknowledgement is sent. */
  set(commandId: string, acknowledgement: AcknowledgeCommandRequest): void | Promise<void>;
}

/** Options of {@link createMemoryJournal}. */
export interface MemoryJournalOptions {
  /** How many command ids to remember; the oldest are forgotten first. Default 10,000. */
  limit?: number | undefined;
}

/** A {@link CommandJournal} in memory, bounded: it forgets the oldest ids beyond `limit`. */
export function createMemoryJournal({ limit = 10_000 }: MemoryJournalOptions = {}): CommandJournal {
  // A Map iterates in insertion order, so its first key is the oldest.
  const entries = new Map<string, AcknowledgeCommandRequest>();
  return {
    get: (commandId) => entries.get(commandId),
    set: (commandId, acknowledgement) => {
      entries.set(commandId, acknowledgement);
      if (entries.size > limit) entries.delete(entries.keys().next().value as string);
    },
  };
}
