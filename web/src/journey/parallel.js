// Large NDJSON aggregated in Web Workers: the bytes are cut at line ends into one contiguous part
// per worker; each worker runs the core's Aggregator (the touchpoint-aggregate wasm module) over its
// part and hands back its aggregate-state/1; the viewer merges the states in input order, which gives
// exactly the result of one pass (the core's merge; tests/browser/journey_parallel.test.mjs).
//
// How the bytes reach the workers: the page's bytes cannot be shared with a worker without a
// SharedArrayBuffer (cross-origin isolation, never in the file:// bundle), and transferring them
// would take them from the caller. So the page copies each part, one slice (4 MiB) at a time, into
// a few buffers of its own that it transfers to the worker; the worker copies the slice into its
// wasm memory, transfers the buffer straight back and only then scans, so the page refills it while
// the worker works. The page feeds all workers in turn and keeps enough slices ahead of each (AHEAD)
// that a worker seldom waits for the page and no worker waits for another; the buffers are reused
// (after the first round, no allocation and no fresh pages to fault in).
//
// Warm-up: engines run new wasm in a quick baseline tier and compile a function's optimised code
// only once it has run a while (V8: Liftoff, then TurboFan in the background). Unwarmed, each
// worker scanned the first part of its first input at the baseline tier's pace while the optimising
// compile took CPU from the workers (2 cores, 1M lines: 870-900 ms of CPU, 451-468 ms; warmed up
// while the bytes were fetched, 770-820 ms of CPU, 401-423 ms). So each worker, once started, aggregates
// WARM_UP_BYTES of the module's own sample lines (tp_aggregate_warm_up) and drops the result; the
// element starts the pool as soon as it knows a stream is coming (a download's Content-Length, a
// dropped file's size), so the warm-up and the compile it sets off run while the bytes arrive.
//
// The workers start from a blob: URL of workerMain's own text, so they also start in the offline
// bundle (file://, no server). They are classic workers that importScripts the module's glue (a
// classic script defining createAggregate): Chromium refuses module workers from blob: URLs in a
// file:// page. The wasm is compiled once here and the compiled module posted to each worker.
// The NDJSON scan uses wasm SIMD when the browser validates a SIMD module (touchpoint-aggregate-simd),
// the scalar build otherwise.

// The smallest module using a SIMD instruction: (func (result v128) i32.const 0 i8x16.splat i8x16.popcnt).
const SIMD_PROBE = new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0, 1, 5, 1, 96, 0, 1, 123, 3, 2, 1, 0, 10, 10, 1, 8, 0, 65, 0,
  253, 15, 253, 98, 11]);

/** Whether this browser runs wasm SIMD (128-bit). */
export function hasWasmSimd() {
  try { return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE); } catch { return false; }
}

/**
 * Bytes sent to a worker per message (the default; tests use smaller slices to cut lines anywhere).
 * Each message costs both threads more than its bytes (event dispatch, the transfer both ways):
 * against 1 MiB slices with 12 ahead, 4 MiB with 3 ahead (the same bytes in flight) took a 1M-line
 * aggregation 375–416 ms against 398–475 (seven alternated pairs; CPU 710–820 ms against 790–930,
 * the workers waiting 15–45 ms in all against 58–112). 2 MiB × 6 and 8 MiB × 2 were in between.
 */
const SLICE = 4 << 20;
/**
 * Slices on their way to or waiting in each worker: one scanned, the next ones already there. The
 * page thread that refills them shares the cores with the workers (two workers and the page on two
 * cores: every core busy), so the scheduler can keep it off a core for several milliseconds at a
 * time; the slices ahead must cover that. With 1 MiB slices (a worker scans one in about a
 * millisecond), 3 ahead left the workers of a 1M-line aggregation waiting for the page 164–276 ms
 * in all (workers_wait_ms), 12 (~10 ms of work, 12 MiB per worker) 31–103 ms, and 32 was no better
 * (the page then spends longer faulting in the fresh buffers of the first round). With 4 MiB slices
 * 3 ahead keeps the same 12 MiB, ~10 ms of work, per worker.
 */
const AHEAD = 3;
/**
 * Sample bytes each worker aggregates when it starts (see "Warm-up" above), a few milliseconds of
 * its time: enough for V8 to tier up the scan (8 MiB was no faster: 408-426 ms for 1M lines).
 */
const WARM_UP_BYTES = 2 << 20;

// The worker's whole program. It runs from its own text (Function.prototype.toString), so it must
// not name anything outside itself. Messages are handled strictly in order.
function workerMain() {
  let M = null;
  let buffer = 0, capacity = 0;
  // Between its first slice and the end of its last one, the time this worker spent on slices
  // (copy + scan): the rest of that span it waited for the page (reported with the state).
  let first = 0, last = 0, busy = 0;
  const heapString = (text) => {
    const size = M.lengthBytesUTF8(text) + 1;
    const ptr = M._malloc(size);
    M.stringToUTF8(text, ptr, size);
    return ptr;
  };
  const handle = async (msg) => {
    if (msg.init) {
      const glue = msg.init.glue;
      const url = typeof glue === 'string' ? glue : URL.createObjectURL(new Blob([glue], { type: 'text/javascript' }));
      self.importScripts(url);
      const module = msg.init.module;
      M = await self.createAggregate({
        instantiateWasm(imports, done) {
          WebAssembly.instantiate(module, imports).then((instance) => done(instance, module));
          return {};
        },
      });
      const warmUp = msg.init.warmUp ? JSON.parse(M.UTF8ToString(M._tp_aggregate_warm_up(msg.init.warmUp))) : null;
      return { ready: true, warmUp };
    }
    if (msg.begin) {
      first = last = busy = 0;
      const ptr = heapString(msg.begin);
      const error = M.UTF8ToString(M._tp_aggregate_begin(ptr));
      M._free(ptr);
      return error ? { error } : { begun: true };
    }
    if (msg.chunk) {
      const start = performance.now();
      if (!first) first = start;
      const length = msg.length;
      if (length > capacity) {
        if (buffer) M._free(buffer);
        buffer = M._malloc(capacity = length);
      }
      M.HEAPU8.set(new Uint8Array(msg.chunk, 0, length), buffer);  // HEAPU8 read after malloc: the heap may have grown
      self.postMessage({ free: msg.chunk }, [msg.chunk]);  // back to the page to refill while we scan
      M._tp_aggregate_chunk(buffer, length);
      last = performance.now();
      busy += last - start;
      return null;
    }
    if (msg.end) return { state: M.UTF8ToString(M._tp_aggregate_end()), waitMs: last - first - busy };
    return null;
  };
  let queue = Promise.resolve();
  self.onmessage = (e) => {
    queue = queue.then(() => handle(e.data)).then((reply) => reply && self.postMessage(reply),
      (err) => self.postMessage({ error: String(err?.message || err) }));
  };
}

/** Where the aggregation module comes from: {glue: URL string or the glue's source bytes, wasm: URL string or bytes}. */
async function compileModule(source) {
  const wasm = typeof source.wasm === 'string'
    ? await (await fetch(source.wasm, { credentials: 'same-origin' })).arrayBuffer() : source.wasm;
  return WebAssembly.compile(wasm);
}

/** A set of started workers that aggregate NDJSON parts; create with AggregatePool.start. */
export class AggregatePool {
  /**
   * sources: {simd, scalar} each {glue, wasm}; options: {workers, simd (false forces the scalar
   * build), warmUp (sample bytes each worker aggregates first; 0 = none)}. Afterwards `warmUp` is
   * each worker's {lines, fallbacks, bad_lines} of that sample.
   */
  static async start(sources, { workers, simd, warmUp = WARM_UP_BYTES } = {}) {
    const useSimd = simd !== false && hasWasmSimd() && !!sources.simd;
    const source = useSimd ? sources.simd : sources.scalar;
    // One worker more than cores: the parts are fixed halves, thirds, ... of the bytes, and the page
    // thread that feeds them takes a core from one worker at a time, so with one worker per core
    // the others finished first and their cores idled at the end; with one more the scheduler
    // shares the cores out evenly to the end (2 cores: 441-464 ms against 471-476 for 1M lines).
    const count = Math.max(1, Math.min(workers || (navigator.hardwareConcurrency || 2) + 1, 16));
    const module = await compileModule(source);
    const url = URL.createObjectURL(new Blob([`(${workerMain})()`], { type: 'text/javascript' }));
    const pool = new AggregatePool();
    pool.simd = useSimd;
    pool.workers = [];
    try {
      for (let i = 0; i < count; i++) pool.workers.push(new Worker(url, { name: `touchpoint-aggregate-${i}` }));
      const ready = await Promise.all(pool.workers.map((w) => pool._ask(w, { init: { glue: source.glue, module, warmUp } })));
      pool.warmUp = ready.map((reply) => reply.warmUp);
    } catch (e) {
      pool.terminate();
      throw e;
    } finally {
      URL.revokeObjectURL(url);
    }
    return pool;
  }

  get size() { return this.workers.length; }

  terminate() { for (const w of this.workers) w.terminate(); this.workers = []; }

  // Posts a message and waits for the worker's next reply other than a returned buffer (a worker
  // answers its messages in order).
  _ask(worker, msg, transfer = []) {
    return new Promise((resolve, reject) => {
      const done = (e) => {
        if (e.data?.free) return;
        worker.removeEventListener('message', done);
        worker.removeEventListener('error', failed);
        if (e.data?.error) reject(new Error(`aggregation worker: ${e.data.error}`));
        else resolve(e.data);
      };
      const failed = (e) => {
        worker.removeEventListener('message', done);
        worker.removeEventListener('error', failed);
        reject(new Error(`aggregation worker: ${e.message || 'failed to start'}`));
      };
      worker.addEventListener('message', done);
      worker.addEventListener('error', failed);
      worker.postMessage(msg, transfer);
    });
  }

  /**
   * Aggregates NDJSON `bytes` (a Uint8Array) with `groupings` (JSON text [[key,...],...]) over the
   * workers -> the parts' aggregate-state/1 texts, in input order (merge them in that order).
   * `slice`: bytes per message (default 4 MiB). Afterwards `waitMs` is the time the workers, in all,
   * spent waiting for a slice between their first and their last (a page that feeds them too slowly).
   */
  async aggregate(bytes, groupings, { slice = SLICE } = {}) {
    const parts = splitAtLineEnds(bytes, this.workers.length);
    const workers = this.workers.slice(0, parts.length);
    await Promise.all(workers.map((w) => this._ask(w, { begin: groupings })));
    // Each worker's part goes out slice by slice; a buffer the worker hands back is refilled with
    // the part's next slice at once. Returned buffers are refilled in the order they come back,
    // which keeps every worker AHEAD slices supplied whatever their speeds.
    const feeds = parts.map(([from, to], i) => ({ worker: workers[i], from, next: from, to, out: 0, done: false }));
    const send = (feed, buffer) => {
      const length = Math.min(slice, feed.to - feed.next);
      new Uint8Array(buffer, 0, length).set(bytes.subarray(feed.next, feed.next + length));
      feed.next += length;
      feed.out++;
      feed.worker.postMessage({ chunk: buffer, length }, [buffer]);
    };
    await new Promise((resolve, reject) => {
      let open = feeds.length;
      const finished = (feed) => {
        if (feed.done) return;
        feed.done = true;
        feed.worker.removeEventListener('message', feed.onMessage);
        feed.worker.removeEventListener('error', feed.onError);
        if (--open === 0) resolve();
      };
      for (const feed of feeds) {
        feed.onMessage = (e) => {
          if (e.data?.error) {
            finished(feed);
            return reject(new Error(`aggregation worker: ${e.data.error}`));
          }
          if (!e.data?.free) return;
          feed.out--;
          if (feed.next < feed.to) send(feed, e.data.free);
          else if (feed.out === 0) finished(feed);
        };
        feed.onError = (e) => {
          finished(feed);
          reject(new Error(`aggregation worker: ${e.message || 'failed'}`));
        };
        feed.worker.addEventListener('message', feed.onMessage);
        feed.worker.addEventListener('error', feed.onError);
      }
      // The first slices: each worker's first, then each one's second, ... so all start at once.
      for (let k = 0; k < AHEAD; k++)
        for (const feed of feeds) if (feed.next < feed.to) send(feed, new ArrayBuffer(Math.min(slice, feed.to - feed.from)));
      for (const feed of feeds) if (feed.out === 0) finished(feed);
    });
    const replies = await Promise.all(workers.map((w) => this._ask(w, { end: true })));
    this.waitMs = replies.reduce((sum, reply) => sum + reply.waitMs, 0);
    return replies.map((reply) => reply.state);
  }
}

/** [from, to) byte ranges, `parts` at most, each ending just after a line end (the last at the end). */
export function splitAtLineEnds(bytes, parts) {
  const ranges = [];
  let from = 0;
  for (let i = 1; i <= parts && from < bytes.length; i++) {
    let to = i === parts ? bytes.length : Math.max(from, Math.floor((bytes.length * i) / parts));
    if (to < bytes.length) {
      const nl = bytes.indexOf(0x0a, to);
      to = nl < 0 ? bytes.length : nl + 1;
    }
    ranges.push([from, to]);
    from = to;
  }
  return ranges;
}
