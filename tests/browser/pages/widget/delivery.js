// Test hooks for widget_delivery.test.mjs and engines/delivery.test.mjs: queue payloads through the widget's real delivery chunk,
// and read the durable outbox. Retry timing is shortened so the test runs in seconds.
const retry = { baseMs: 100, capMs: 1500 };
touchpoint.init({ retry });

async function delivery() {
  const module = await import('/dist/touchpoint-delivery.js');
  module.configure(retry);
  return module;
}

window.enqueueMany = async (count, endpoint, tag) => {
  const d = await delivery();
  const ids = [];
  for (let i = 0; i < count; i++) {
    const id = crypto.randomUUID();
    const payload = { touchpoint: 'response/1', id, survey: { id: 'delivery-test', version: '1' }, answers: { n: i, tag, text: '客户体验' } };
    await d.enqueue(d.makeRecord({ id, url: endpoint, body: JSON.stringify(payload), survey: 'delivery-test' }));
    ids.push(id);
  }
  return ids;
};

window.enqueueOne = async (endpoint, body) => {
  const d = await delivery();
  const id = crypto.randomUUID();
  await d.enqueue(d.makeRecord({ id, url: endpoint, body: body ?? JSON.stringify({ id }) }));
  return id;
};

window.outboxKeys = () =>
  new Promise((resolve, reject) => {
    const open = indexedDB.open('touchpoint'); // whatever version the widget made (a fresh profile: none yet)
    open.onupgradeneeded = () => open.result.createObjectStore('outbox', { keyPath: 'key' });
    open.onerror = () => reject(open.error);
    open.onsuccess = () => {
      const req = open.result.transaction('outbox').objectStore('outbox').getAllKeys();
      req.onsuccess = () => (open.result.close(), resolve(req.result));
      req.onerror = () => reject(req.error);
    };
  });

window.events = [];
for (const name of ['queued', 'sent', 'error']) document.addEventListener(`touchpoint:${name}`, (e) => window.events.push({ name, ...e.detail }));
window.flushNow = async () => (await delivery()).flush();
document.documentElement.dataset.ready = 'true';
