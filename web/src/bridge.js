// The one bridge between JavaScript and a Touchpoint wasm module (the engine and the viewer alike).
// The functions it calls are those of wasm/exports.json (declared for TypeScript in the generated
// dist/touchpoint-{engine,viewer}.d.ts). Strings cross as NUL-terminated UTF-8 copied into the
// module's heap and freed when the call returns (or throws); a returned string is copied out at
// once (the module reuses its buffer); a JSON result of the form {"error":{pointer, message}} becomes
// a thrown BridgeError. Bulk bytes cross through bytes(), freed the same way.

/** An error reported by the core: `pointer` (a JSON pointer into the input, when it has one), `diagnostics`. */
export class BridgeError extends Error {
  constructor(reported, diagnostics, call) {
    const error = typeof reported === 'string' ? { message: reported } : reported; // the viewer reports plain text
    super(error?.pointer ? `${error.pointer}: ${error.message}` : error?.message || `${call || 'wasm'}: error`);
    this.name = 'BridgeError';
    this.pointer = error?.pointer;
    this.diagnostics = diagnostics || [];
    this.call = call;
  }
}

export class Bridge {
  /** @param module an instantiated module: {_tp_*, _malloc, _free, UTF8ToString, stringToUTF8, lengthBytesUTF8, HEAPU8} */
  constructor(module) {
    this.module = module;
  }

  /** Calls _<name>: string arguments go through the heap, numbers as they are; returns the raw result. */
  call(name, ...args) {
    const m = this.module;
    const fn = m[`_${name}`];
    if (typeof fn !== 'function') throw new BridgeError({ message: `the module exports no ${name}` }, [], name);
    const held = [];
    try {
      const values = args.map((arg) => {
        if (typeof arg === 'number') return arg;
        const text = String(arg);
        const size = m.lengthBytesUTF8(text) + 1;
        const ptr = m._malloc(size);
        held.push(ptr);
        m.stringToUTF8(text, ptr, size);
        return ptr;
      });
      return fn(...values);
    } finally {
      for (const ptr of held) m._free(ptr);
    }
  }

  /** A call whose result is a C string: the text, copied out. */
  text(name, ...args) {
    return this.module.UTF8ToString(this.call(name, ...args));
  }

  /** A call whose result is JSON: parsed; {"error": …} is thrown as a BridgeError. */
  json(name, ...args) {
    return checked(JSON.parse(this.text(name, ...args)), name);
  }

  /**
   * Writes `data` (a Uint8Array) into room the module makes for it (`room`: an export taking a length
   * and returning where to write, or 0 when it has no room), then runs use(): one copy, into memory
   * the module keeps. No room: a BridgeError.
   */
  into(room, data, use) {
    const ptr = this.call(room, data.length);
    if (!ptr) throw noRoom(data, room);
    this.module.HEAPU8.set(data, ptr); // HEAPU8 read after the call: the heap may have grown
    return use();
  }

  /** Copies `data` (a Uint8Array) into the heap, runs use(pointer, length), frees it. No room: a BridgeError. */
  bytes(data, use) {
    const m = this.module;
    const ptr = m._malloc(Math.max(1, data.length));
    if (!ptr) throw noRoom(data, 'malloc');
    try {
      m.HEAPU8.set(data, ptr); // HEAPU8 read after malloc: the heap may have grown
      return use(ptr, data.length);
    } finally {
      m._free(ptr);
    }
  }
}

// Bytes the module's memory cannot take (a null address): refused, never written over address 0.
const noRoom = (data, call) => new BridgeError(`no room for ${data.length} bytes in the module's memory`, [], call);

/** `result`, or a BridgeError thrown for an {"error": …} result. */
export function checked(result, call) {
  if (result && result.error) throw new BridgeError(result.error, result.diagnostics, call);
  return result;
}
