// The survey engine: the C++ core compiled to wasm (wasm/engine), wrapped 1:1. All survey logic,
// validation, scoring, redaction and payload building happen in there; this file only names the
// calls (wasm/exports.json), which bridge.js carries across. Loaded lazily, once, when a survey is
// about to show.
import { Bridge, BridgeError, checked } from './bridge.js';

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

/**
 * Whether a survey's trigger.audience or trigger.eventCondition ("audience" | "eventCondition")
 * holds for {segment, properties, now_ms}: the core evaluates it. `url`, `started`: as loadEngine.
 */
export async function triggerTest(surveyText, field, values, url, started) {
  const engine = await loadEngine(url, started);
  return engine.json('trigger_test', surveyText, field, JSON.stringify(values)).match;
}

function compile(wasmUrl) {
  const response = fetch(wasmUrl, { credentials: 'same-origin' });
  return WebAssembly.compileStreaming(response).catch(async () =>
    // Served without application/wasm: compile from bytes instead.
    WebAssembly.compile(await (await fetch(wasmUrl, { credentials: 'same-origin' })).arrayBuffer()),
  );
}

/** The core's errors: {pointer, message, diagnostics} (see bridge.js). */
export { BridgeError as EngineError };

export class Engine {
  constructor(wasm) {
    this.wasm = wasm;
    this.bridge = new Bridge(wasm);
  }

  /** Calls tp_<name> with string/number arguments; returns the raw result (a C string pointer or a number). */
  raw = (name, ...args) => this.bridge.call(`tp_${name}`, ...args);
  text = (name, ...args) => this.bridge.text(`tp_${name}`, ...args);
  /** Parses a JSON result; an {"error":...} result becomes a thrown EngineError. */
  json = (name, ...args) => this.bridge.json(`tp_${name}`, ...args);

  version = () => this.text('core_version');
  validate = (surveyText) => this.json('validate', surveyText);
  redact = (text) => this.json('redact', text);
  cloudevent = (payloadText) => this.text('cloudevent', payloadText);

  /** Opens a session; returns a Session or throws EngineError with the core's diagnostics. */
  open(surveyText, options = {}) {
    const handle = this.raw('open', surveyText, JSON.stringify(options));
    if (!handle) {
      const failure = JSON.parse(this.text('last_error') || '{}');
      throw new BridgeError(failure.error || { message: 'cannot open survey' }, failure.diagnostics, 'tp_open');
    }
    return new Session(this, handle);
  }
}

export class Session {
  constructor(engine, handle) {
    this.engine = engine;
    this.handle = handle;
  }
  /** The survey's settings as the core normalized them: {delivery, display, strings} (engine.hpp). */
  settings = () => this.engine.json('settings', this.handle);
  view = () => this.engine.json('view', this.handle);
  answer = (questionId, value) => this.engine.json('answer', this.handle, questionId, JSON.stringify(value ?? null));
  next = () => this.engine.json('next', this.handle);
  back = () => this.engine.json('back', this.handle);
  state = () => this.engine.json('state', this.handle);
  /** The response/1 payload as text (exactly what is queued and sent). */
  payload = (context, randomHex) => {
    const text = this.engine.text('payload', this.handle, JSON.stringify(context), randomHex);
    checked(JSON.parse(text), 'tp_payload');
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
