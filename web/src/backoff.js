// Retry timing: exponential backoff with "equal jitter" (half fixed, half random, so retries from
// many visitors spread out but never come back immediately), capped; Retry-After wins when given.

/** Milliseconds to wait before attempt number `attempts` (1 = first retry). */
export function backoffMs(attempts, { baseMs = 1000, capMs = 300000 } = {}, random = Math.random) {
  const ceiling = Math.min(capMs, baseMs * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/** Retry-After (delta-seconds or an HTTP date) in milliseconds from now, or null. */
export function retryAfterMs(header, now = Date.now()) {
  if (!header) return null;
  if (/^\s*\d+\s*$/.test(header)) return Number(header) * 1000;
  const date = Date.parse(header);
  return Number.isNaN(date) ? null : Math.max(0, date - now);
}

/** 2xx: done. 408/429/5xx and network errors: retry. Other 4xx: the endpoint refuses it for good. */
export const isRetryable = (status) => status === 408 || status === 429 || status >= 500 || status === 0;
