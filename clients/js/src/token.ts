/** The expiry (ms since the epoch) in a JWT's payload, or undefined when it has none or is not a JWT. */
export function tokenExpiry(token: string): number | undefined {
  const payload = token.split(".")[1];
  if (!payload) return undefined;
  try {
    const json = atob(payload.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(payload.length / 4) * 4, "="));
    const exp = JSON.parse(json).exp;
    return typeof exp === "number" ? exp * 1000 : undefined;
  } catch {
    return undefined;
  }
}

/**
 * When to fetch a fresh token for one that expires at expiresAt: a minute before, or at half its
 * remaining life when that is shorter (never less than 1 s from now).
 */
export function refreshDelay(expiresAt: number, now: number, marginMs = 60_000): number {
  const left = expiresAt - now;
  return Math.max(1000, left - Math.min(marginMs, left / 2));
}
