// The durable outbox: every payload is written here BEFORE any send, and leaves only when the
// endpoint acknowledged it (or, refused for good, moves to the dead letters: dead-letters.js).
// IndexedDB first; localStorage when IndexedDB is unavailable (some private modes, sandboxed
// iframes). A localStorage marker tells the next page's loader that something is pending, so the
// delivery code is fetched only when there is work. Both stores live here, one storage code.
const DB_NAME = 'touchpoint';
const DB_VERSION = 2; // 2: the dead-letter store
const STORE = 'outbox';
const FALLBACK_KEY = 'touchpoint:outbox';
const DEAD_STORE = 'dead';
const DEAD_FALLBACK_KEY = 'touchpoint:dead';
export const PENDING_KEY = 'touchpoint:pending';

const request = (req) =>
  new Promise((resolve, reject) => {
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });

let dbPromise;
function openDb() {
  return (dbPromise ||= new Promise((resolve, reject) => {
    const req = indexedDB.open(DB_NAME, DB_VERSION);
    req.onupgradeneeded = () => {
      for (const name of [STORE, DEAD_STORE])
        if (!req.result.objectStoreNames.contains(name)) req.result.createObjectStore(name, { keyPath: 'key' });
    };
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

async function idb(name, mode, fn) {
  const db = await openDb();
  if (!db) return undefined;
  const tx = db.transaction(name, mode);
  const result = await fn(tx.objectStore(name));
  await new Promise((resolve, reject) => {
    tx.oncomplete = resolve;
    tx.onerror = tx.onabort = () => reject(tx.error || new Error('transaction aborted'));
  });
  return result;
}

function fallbackRead(key) {
  try {
    return JSON.parse(localStorage.getItem(key) || '{}');
  } catch {
    return {};
  }
}
function fallbackWrite(key, map) {
  localStorage.setItem(key, JSON.stringify(map)); // throws on quota: the caller reports it
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

/** A keyed store of records {key, ...}: put (or replace), get, remove, all. onCount(n) after writes. */
function collection(name, fallbackKey, onCount = () => {}) {
  return {
    async put(record) {
      if (await useFallback()) {
        const map = fallbackRead(fallbackKey);
        map[record.key] = record;
        fallbackWrite(fallbackKey, map);
      } else {
        await idb(name, 'readwrite', (store) => request(store.put(record)));
      }
      onCount(1);
    },
    async get(key) {
      if (await useFallback()) return fallbackRead(fallbackKey)[key];
      return idb(name, 'readonly', (store) => request(store.get(key)));
    },
    async remove(key) {
      let left;
      if (await useFallback()) {
        const map = fallbackRead(fallbackKey);
        delete map[key];
        fallbackWrite(fallbackKey, map);
        left = Object.keys(map).length;
      } else {
        left = await idb(name, 'readwrite', async (store) => {
          await request(store.delete(key));
          return request(store.count());
        });
      }
      onCount(left);
    },
    async all() {
      const records = (await useFallback())
        ? Object.values(fallbackRead(fallbackKey))
        : await idb(name, 'readonly', (store) => request(store.getAll()));
      onCount(records.length);
      return records;
    },
  };
}

/** The outbox: records {key, url, body, headers, attempts, notBefore, ...} waiting to be delivered. */
// (Pure calls: the loader imports PENDING_KEY from here and must not carry the storage code.)
const outbox = /* @__PURE__ */ collection(STORE, FALLBACK_KEY, markPending);
export const put = (record) => outbox.put(record);
export const get = (key) => outbox.get(key);
export const remove = (key) => outbox.remove(key);
export const all = () => outbox.all();
/** The dead letters: records the endpoint refused for good, with its answer (dead-letters.js). */
export const dead = /* @__PURE__ */ collection(DEAD_STORE, DEAD_FALLBACK_KEY);
