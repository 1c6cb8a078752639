// Cross-tab exclusion, so several tabs of one site never send the same response at the same time.
// Web Locks are atomic; where they are missing, a localStorage lease with an expiry stands in.
// The lease is also written under a Web Lock: pagehide must decide synchronously, and only
// localStorage can be read synchronously.
const LEASE_PREFIX = 'touchpoint:lease:';
export const LEASE_MS = 10000; // covers one keepalive request in flight; short so a closed tab blocks little
const tabId = Math.random().toString(36).slice(2);

export function leasedElsewhere(key, now = Date.now()) {
  try {
    const lease = JSON.parse(localStorage.getItem(LEASE_PREFIX + key) || 'null');
    return !!lease && lease.tab !== tabId && lease.until > now;
  } catch {
    return false;
  }
}

export function takeLease(key) {
  if (leasedElsewhere(key)) return false;
  try {
    localStorage.setItem(LEASE_PREFIX + key, JSON.stringify({ tab: tabId, until: Date.now() + LEASE_MS }));
  } catch {
    /* no storage: the Web Lock (if any) still excludes */
  }
  return true;
}

export function dropLease(key) {
  try {
    localStorage.removeItem(LEASE_PREFIX + key);
  } catch {
    /* ignore */
  }
}

const held = new Map(); // key -> release(): Web Locks this tab keeps for what it queued itself

/**
 * Keeps `key` locked for this tab until release(key) or until the page is gone. A tab holds the
 * lock of every response it queued, so no other tab starts sending it while this one lives (even
 * at pagehide, when this tab sends it by keepalive without asking anyone). Resolves once granted.
 */
export function hold(key) {
  if (!navigator.locks?.request || held.has(key)) return Promise.resolve();
  return new Promise((granted) => {
    navigator.locks
      .request(`touchpoint:${key}`, () => {
        granted();
        return new Promise((release) => held.set(key, release));
      })
      .catch(granted);
  });
}

export function release(key) {
  held.get(key)?.();
  held.delete(key);
}

/** Runs fn() only if no other tab holds `key`; resolves to fn's result, or undefined if busy. */
export function exclusive(key, fn) {
  const run = async () => {
    if (!takeLease(key)) return undefined;
    try {
      return await fn();
    } finally {
      dropLease(key);
    }
  };
  if (held.has(key)) return run(); // this tab owns it already
  if (navigator.locks?.request)
    return navigator.locks.request(`touchpoint:${key}`, { ifAvailable: true }, (lock) => (lock ? run() : undefined));
  return run();
}
