// Loads the engine module and calls into the C++ core: proves the wasm pipeline end to end.
import createEngine from '/dist/touchpoint-engine.js';

const engine = await createEngine();
const text = '客户体验😀';
const bytes = engine.lengthBytesUTF8(text) + 1;
const ptr = engine._malloc(bytes);
engine.stringToUTF8(text, ptr, bytes);
document.getElementById('length').textContent = String(engine._tp_utf8_length(ptr));
engine._free(ptr);
document.getElementById('version').textContent = engine.UTF8ToString(engine._tp_core_version());
document.documentElement.dataset.ready = 'true';
