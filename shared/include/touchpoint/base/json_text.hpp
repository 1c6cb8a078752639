// Reading and writing JSON text. Parsing with the position of a syntax error: every surface
// (CLI, collector, engine, viewer) says where a document stops being JSON — "line 3, column 14
// (byte 41)" — instead of only "not valid JSON". Built without exceptions (JSON_NOEXCEPTION): the position comes from
// the parser's error callback, not from a thrown parse_error.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "touchpoint/base/diagnostics.hpp"

namespace touchpoint {

struct JsonSyntaxError {
    std::size_t byte = 0;    // 0-based offset of the byte where parsing failed
    std::size_t line = 1;    // 1-based
    std::size_t column = 1;  // 1-based, in characters (UTF-8 code points) of that line
    std::string reason;      // the parser's words, e.g. "unexpected end of input; expected '}'"
    // "line 3, column 14 (byte 41): unexpected '}'"
    std::string describe() const;
};

// Exactly one JSON value (surrounding whitespace allowed) into `out`. On a syntax error `out` is
// a discarded value, the result false and `error` (if given) says where and why. No callback
// branch: that would compile a second DOM builder into every binary that parses (~2 KB of the
// widget's wasm). The ordered form keeps members in document order (journey maps).
bool parse_json(std::string_view text, nlohmann::json& out, JsonSyntaxError* error = nullptr);
bool parse_json(std::string_view text, nlohmann::ordered_json& out, JsonSyntaxError* error = nullptr);

// The same, reporting a syntax error at pointer "" as "WHAT is not valid JSON at line L, column
// C (byte B): reason" ("not valid JSON at ..." when `what` is empty).
bool parse_json(std::string_view text, nlohmann::json& out, Diagnostics& d, std::string_view what = {});
bool parse_json(std::string_view text, nlohmann::ordered_json& out, Diagnostics& d, std::string_view what = {});

// JSON text of a value, compact (no spaces), object members in key order: exactly the library's
// `value.dump(-1, ' ', false, error_handler_t::replace)` (invalid UTF-8 in a string becomes U+FFFD,
// never an abort), without its serializer. Every JSON text the core writes goes through it.
std::string write_json(const nlohmann::json& value);
void write_json(std::string& out, const nlohmann::json& value);  // appends
// One string as write_json writes it (quoted, escaped), appended: for writers of JSON text
// that build no DOM (the aggregate state, Aggregator::state_text).
void write_json_string(std::string& out, std::string_view s);

// Where JSON text nests deeper than `max_depth` arrays/objects: the byte offset of the '[' or '{'
// that opens level max_depth + 1 (brackets inside strings do not count), or std::string_view::npos.
// A cheap scan before a document is read, so every reader refuses hostile nesting the same way
// before its recursive walks could run out of stack (survey/1 loading, the aggregator's lines).
std::size_t json_nesting_over(std::string_view text, int max_depth);

// Line and column (1-based; columns in UTF-8 code points) of a byte offset in `text`.
void json_text_position(std::string_view text, std::size_t byte, std::size_t& line, std::size_t& column);

}  // namespace touchpoint
