import { setTimeout as sleep } from 'node:timers/promises';

/** Reads until `done` holds or `ms` pass (work of workers and subscribers), and answers the last value read. */
export async function eventually<T>(read: () => Promise<T>, done: (value: T) => boolean, ms = 15_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const value = await read();
    if (done(value) || Date.now() > until) return value;
    await sleep(100);
  }
}
