// Dead letters: payloads the endpoint refused for good (a 4xx other than 408/429) or that were still
// unsent after the delivery's give-up time. They are never dropped silently: each is kept, persisted
// like the outbox, with the endpoint's status and answer, reported as `touchpoint:error` (with the
// first {pointer, message} of a `{"errors": [...]}` answer), and the site can list, export, retry
// or discard them (touchpoint.deadLetters() & co., loader.js). The store is bounded: past MAX_COUNT
// letters or MAX_BYTES, the oldest are evicted, and each eviction is reported with its payload,
// the site's last chance to keep it.
// It imports nothing: delivery.js hands it the stores and the event emitter, so this file is a
// chunk of its own that a survey never downloads to show (fetched on a refusal, or when asked).

export const MAX_COUNT = 50;
export const MAX_BYTES = 1024 * 1024; // payloads + endpoint answers, UTF-8
export const MAX_ANSWER_CHARS = 4096; // of the endpoint's answer body kept per letter
const MAX_ERRORS = 20; // {pointer, message} entries kept per letter

const utf8 = (text) => new TextEncoder().encode(text || '').length;
const size = (letter) => utf8(letter.record.body) + utf8(letter.answer);

/** The endpoint's `{"errors":[{"pointer","message"}]}` answer as a list; [] for any other answer. */
export function parseErrors(text) {
  let errors;
  try {
    errors = JSON.parse(text)?.errors;
  } catch {
    return [];
  }
  if (!Array.isArray(errors)) return [];
  return errors
    .filter((e) => e && typeof e === 'object')
    .slice(0, MAX_ERRORS)
    .map((e) => ({ pointer: String(e.pointer ?? ''), message: String(e.message ?? '') }));
}

/**
 * The dead letters over `dead` (outbox.js's second store): `requeue(record)` puts a record back
 * into the outbox, `emit(name, detail)` reports (events.js).
 */
export function deadLetterStore({ dead, requeue, emit }) {
  const about = (record) => ({ id: record.id, key: record.key, kind: record.kind, survey: record.survey });

  /**
   * Keeps a refused record and reports it. `reason`: 'rejected' (the endpoint said no) or 'expired'.
   * The caller removes it from the outbox afterwards (stored here first: never in neither store).
   */
  async function bury(record, { status, answer = '', reason }) {
    const text = String(answer).slice(0, MAX_ANSWER_CHARS);
    const letter = { key: record.key, record, status, reason, answer: text, errors: parseErrors(text), failed: Date.now() };
    await dead.put(letter);
    const first = letter.errors[0];
    emit('error', {
      ...about(record),
      status,
      reason,
      pointer: first?.pointer,
      message: first?.message || text || `HTTP ${status}`,
      errors: letter.errors,
      payload: record.body,
      deadLetter: true,
    });
    await evict();
  }

  async function sorted() {
    return (await dead.all()).sort((a, b) => a.failed - b.failed || (a.key < b.key ? -1 : 1));
  }

  /** Oldest first past the caps; the newest letter is always kept, whatever its size. */
  async function evict() {
    const letters = await sorted();
    let bytes = letters.reduce((n, letter) => n + size(letter), 0);
    while (letters.length > 1 && (letters.length > MAX_COUNT || bytes > MAX_BYTES)) {
      const oldest = letters.shift();
      bytes -= size(oldest);
      await dead.remove(oldest.key);
      emit('error', {
        ...about(oldest.record),
        status: oldest.status,
        reason: 'evicted',
        message: `dead-letter store full (${MAX_COUNT} letters, ${MAX_BYTES} bytes): the oldest was evicted`,
        payload: oldest.record.body,
      });
    }
  }

  /** What the site sees of a letter (touchpoint.d.ts: DeadLetter). */
  const view = (letter) => ({
    id: letter.key,
    responseId: letter.record.id,
    kind: letter.record.kind,
    survey: letter.record.survey ?? null,
    url: letter.record.url,
    status: letter.status,
    reason: letter.reason,
    errors: letter.errors,
    answer: letter.answer,
    failed: new Date(letter.failed).toISOString(),
    payload: letter.record.body,
  });

  /** Every letter, oldest first. */
  async function list() {
    return (await sorted()).map(view);
  }

  /** The letters as one JSON text (for a download or a support ticket). */
  async function exportAll() {
    return JSON.stringify(await list());
  }

  /** Moves the letter `id` (every letter if none) back into the outbox, as new. Returns how many. */
  async function revive(id) {
    const letters = (await sorted()).filter((letter) => id == null || letter.key === id);
    for (const { record } of letters) {
      // Same key: the endpoint still deduplicates on the Idempotency-Key, so a retry is stored once.
      await requeue({ ...record, attempts: 0, notBefore: 0, created: Date.now() });
      await dead.remove(record.key);
    }
    return letters.length;
  }

  /** Forgets the letter `id` (every letter if none), e.g. after exporting them. Returns how many. */
  async function discard(id) {
    const letters = (await dead.all()).filter((letter) => id == null || letter.key === id);
    for (const letter of letters) await dead.remove(letter.key);
    return letters.length;
  }

  return { bury, list, exportAll, revive, discard };
}
