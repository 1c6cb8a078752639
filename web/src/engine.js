// The survey engine: the C++ core compiled to wasm (wasm/engine), wrapped 1:1. All survey logic,
// validation, scoring, redaction and payload building happen in there; this file only moves UTF-8
// JSON across the boundary. Loaded lazily, once, when a survey is about to show.
let enginePromise;

/** @returns {Promise<Engine>} the shared engine instance (the module is fetched on first call). */
export function loadEngine(url = new URL('./touchpoint-engine.js', import.meta.url).href, started = null) {
  // The .wasm is fetched and compiled (streaming) while the glue module loads, not after it; the
  // loader may have started both already (`started`: [glue import, compiled module] promises).
  const wasmUrl = url.replace(/\.js(\?.*)?$/, '.wasm$1');
  const parts = started
    ? [started[0], started[1].catch(() => compile(wasmUrl))] // e.g. served without application/wasm
    : [import(url), compile(wasmUrl)];
  return (enginePromise ||= Promise.all(parts)
    .then(([module, compiled]) =>
      module.default({
        // the engine's runtime (wasm/engine/glue) takes a third callback for a failed instantiate
        instantiateWasm(imports, receive, fail) {
          WebAssembly.instantiate(compiled, imports).then((instance) => receive(instance, compiled), fail);
          return {};
        },
      }),
    )
    .then((wasm) => new Engine(wasm))
    .catch((error) => {
      enginePromise = null; // let a later show() retry (e.g. after coming back online)
      throw error;
    }));
}

function compile(wasmUrl) {
  const response = fetch(wasmUrl, { credentials: 'same-origin' });
  return WebAssembly.compileStreaming(response).catch(async () =>
    // Served without application/wasm: compile from bytes instead.
    WebAssembly.compile(await (await fetch(wasmUrl, { credentials: 'same-origin' })).arrayBuffer()),
  );
}

export class EngineError extends Error {
  constructor(error, diagnostics) {
    super(error?.pointer ? `${error.pointer}: ${error.message}` : error?.message || 'engine error');
    this.pointer = error?.pointer;
    this.diagnostics = diagnostics || [];
  }
}

export class Engine {
  constructor(wasm) {
    this.wasm = wasm;
  }

  /** Calls tp_<name> with string/number arguments; returns the C string result (or the number). */
  raw(name, ...args) {
    const { wasm } = this;
    const pointers = [];
    const values = args.map((arg) => {
      if (typeof arg === 'number') return arg;
      const text = String(arg);
      const size = wasm.lengthBytesUTF8(text) + 1;
      const ptr = wasm._malloc(size);
      wasm.stringToUTF8(text, ptr, size);
      pointers.push(ptr);
      return ptr;
    });
    try {
      return wasm[`_tp_${name}`](...values);
    } finally {
      pointers.forEach((ptr) => wasm._free(ptr));
    }
  }

  text(name, ...args) {
    return this.wasm.UTF8ToString(this.raw(name, ...args));
  }

  /** Parses a JSON result; an {"error":...} result becomes a thrown EngineError. */
  json(name, ...args) {
    const result = JSON.parse(this.text(name, ...args));
    if (result && result.error) throw new EngineError(result.error, result.diagnostics);
    return result;
  }

  version = () => this.text('core_version');
  validate = (surveyText) => this.json('validate', surveyText);
  redact = (text) => this.json('redact', text);
  cloudevent = (payloadText) => this.text('cloudevent', payloadText);

  /** Opens a session; returns a Session or throws EngineError with the core's diagnostics. */
  open(surveyText, options = {}) {
    const handle = this.raw('open', surveyText, JSON.stringify(options));
    if (!handle) {
      const failure = JSON.parse(this.text('last_error') || '{}');
      throw new EngineError(failure.error || { message: 'cannot open survey' }, failure.diagnostics);
    }
    return new Session(this, handle);
  }
}

export class Session {
  constructor(engine, handle) {
    this.engine = engine;
    this.handle = handle;
  }
  view = () => this.engine.json('view', this.handle);
  answer = (questionId, value) => this.engine.json('answer', this.handle, questionId, JSON.stringify(value ?? null));
  next = () => this.engine.json('next', this.handle);
  back = () => this.engine.json('back', this.handle);
  state = () => this.engine.json('state', this.handle);
  /** The response/1 payload as text (exactly what is queued and sent). */
  payload = (context, randomHex) => {
    const text = this.engine.text('payload', this.handle, JSON.stringify(context), randomHex);
    const parsed = JSON.parse(text);
    if (parsed && parsed.error) throw new EngineError(parsed.error, parsed.diagnostics);
    return text;
  };
  close() {
    if (this.handle) this.engine.raw('close', this.handle);
    this.handle = 0;
  }
}

/** 32 hex characters of fresh randomness for the payload (response id). */
export function randomHex() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}
