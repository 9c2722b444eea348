/**
 * Runs `work` over every item with at most `limit` in flight and settles them all, results in input order.
 * Unlike a fail-fast pool, one failure never leaves later items undone: when LinkedIn has accepted a batch, every
 * accepted element must still get its workflow, and an operator's resume must reach every selected operation.
 */
export async function settleWithBoundedConcurrency<T, R>(
  items: readonly T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<PromiseSettledResult<R>[]> {
  const results = new Array<PromiseSettledResult<R>>(items.length);
  let next = 0;
  const lane = async (): Promise<void> => {
    while (next < items.length) {
      const index = next++;
      try {
        results[index] = { status: 'fulfilled', value: await work(items[index] as T, index) };
      } catch (reason) {
        results[index] = { status: 'rejected', reason };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(Math.max(1, limit), items.length) }, lane));
  return results;
}
