/** One request's outcome and how long it took. */
export interface Timed<T> {
  value: T;
  ms: number;
}

/**
 * A closed-loop load: `concurrency` workers, each sending its next request as soon as its
 * previous one is answered, until `total` have been sent. Results are in request order;
 * `seconds` is the wall time from the first send to the last answer.
 */
export async function runClosedLoop<T>(
  total: number,
  concurrency: number,
  send: (index: number) => Promise<T>,
  now: () => number = () => performance.now(),
): Promise<{ seconds: number; results: Array<Timed<T>> }> {
  const results = new Array<Timed<T>>(total);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < total) {
      const index = next++;
      const started = now();
      const value = await send(index);
      results[index] = { value, ms: now() - started };
    }
  };
  const started = now();
  await Promise.all(Array.from({ length: Math.min(concurrency, total) }, worker));
  return { seconds: (now() - started) / 1000, results };
}
