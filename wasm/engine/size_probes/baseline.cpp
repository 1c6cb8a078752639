// Size probe: an empty module with the engine's link flags (runtime, malloc, glue): the floor.
#include <emscripten/emscripten.h>

extern "C" EMSCRIPTEN_KEEPALIVE int tp_probe(const char* text) { return text ? text[0] : 0; }
