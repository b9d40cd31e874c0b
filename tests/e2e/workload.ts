/** Helpers the end-to-end proofs share to drive a workload. */

/** Runs every task with `concurrency` workers; a task's failure is collected, not thrown. */
export async function pool(tasks: (() => Promise<void>)[], concurrency: number): Promise<string[]> {
  const failures: string[] = [];
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const task = tasks[next++] as () => Promise<void>;
      await task().catch((error: unknown) => failures.push(error instanceof Error ? error.message : String(error)));
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return failures;
}

/** Shuffles in place with the given (seeded) random source. */
export function shuffle<T>(items: T[], random: () => number): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}
