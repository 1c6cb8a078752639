// The durable outbox: every payload is written here BEFORE any send, and leaves only when the
// endpoint acknowledged it (or rejected it for good). IndexedDB first; localStorage when IndexedDB
// is unavailable (some private modes, sandboxed iframes). A localStorage marker tells the next page's
// loader that something is pending, so the delivery code is fetched only when there is work.
const DB_NAME = 'touchpoint';
const STORE = 'outbox';
const FALLBACK_KEY = 'touchpoint:outbox';
export const PENDING_KEY = 'touchpoint:pending';

const request = (req) =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

let dbPromise;
function openDb() {
  return (dbPromise ||= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, { keyPath: 'key' });
    req.onsuccess = () => {
      const db = req.result;
      db.onversionchange = () => db.close(); // never block another tab's upgrade
      resolve(db);
    };
    req.onerror = () => reject(req.error);
    req.onblocked = () => reject(new Error('IndexedDB blocked'));
  }).catch((error) => {
    dbPromise = Promise.resolve(null); // remember: use the fallback from now on
    console.warn('touchpoint: IndexedDB unavailable, outbox in localStorage', error);
    return null;
  }));
}

async function idb(mode, fn) {
  const db = await openDb();
  if (!db) return undefined;
  const tx = db.transaction(STORE, mode);
  const result = await fn(tx.objectStore(STORE));
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
  });
  return result;
}

function fallbackRead() {
  try {
    return JSON.parse(localStorage.getItem(FALLBACK_KEY) || '{}');
  } catch {
    return {};
  }
}
function fallbackWrite(map) {
  localStorage.setItem(FALLBACK_KEY, JSON.stringify(map)); // throws on quota: the caller reports it
}

function markPending(count) {
  try {
    if (count > 0) localStorage.setItem(PENDING_KEY, String(count));
    else localStorage.removeItem(PENDING_KEY);
  } catch {
    /* marker only speeds up the next page; the outbox itself is the truth */
  }
}

const useFallback = async () => (await openDb()) === null;

/** Stores (or replaces) a record {key, url, body, headers, attempts, notBefore, ...}. */
export async function put(record) {
  if (await useFallback()) {
    const map = fallbackRead();
    map[record.key] = record;
    fallbackWrite(map);
  } else {
    await idb('readwrite', (store) => request(store.put(record)));
  }
  markPending(1);
}

export async function get(key) {
  if (await useFallback()) return fallbackRead()[key];
  return idb('readonly', (store) => request(store.get(key)));
}

export async function remove(key) {
  let left;
  if (await useFallback()) {
    const map = fallbackRead();
    delete map[key];
    fallbackWrite(map);
    left = Object.keys(map).length;
  } else {
    left = await idb('readwrite', async (store) => {
      await request(store.delete(key));
      return request(store.count());
    });
  }
  markPending(left);
}

export async function all() {
  const records = (await useFallback())
    ? Object.values(fallbackRead())
    : await idb('readonly', (store) => request(store.getAll()));
  markPending(records.length);
  return records;
}
