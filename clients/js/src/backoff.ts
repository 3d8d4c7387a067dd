/** Exponential backoff with full jitter: the n-th retry waits a uniform random time in [0, min(max, base * 2^n)). */
export interface BackoffOptions {
  /** The first ceiling, in ms (default 500). */
  baseMs?: number;
  /** The largest ceiling, in ms (default 30,000). */
  maxMs?: number;
}

export function backoffDelay(attempt: number, options: BackoffOptions = {}, random: () => number = Math.random): number {
  const base = options.baseMs ?? 500;
  const max = options.maxMs ?? 30_000;
  const ceiling = Math.min(max, base * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
