// The engine facade: the whole survey core behind a handful of JSON-in/JSON-out calls. WIDGET
// exports it 1:1 as the wasm C API (tp_*); the CLI and `touchpoint generate` use it natively, so
// every surface produces the same views and payloads. All text is UTF-8 JSON. Errors come back as
//   {"error":{"pointer":"/questions/2/type","message":"..."},
//    "diagnostics":[{"severity":"error|warning","pointer":"...","message":"..."}]}
// Not thread-safe: one engine per thread (wasm is single-threaded).
#pragma once
#include <string>
#include <string_view>

namespace touchpoint::engine {

// {"ok":bool,"diagnostics":[...]} — never fails, whatever the input.
std::string validate(std::string_view survey_json);

// options: {"locale":"zh-CN" (or an Accept-Language list), "state":<from state()> to resume,
//           "context":{...} (what expressions see as context.*, e.g. segment fields; piping reads
//           {segment.NAME} from context.segment, and attribute: hidden fields too),
//           "fields":{"url":{param:value},"show":{field:value}} (hidden fields' sources: only the
//           fields the survey declares are kept; see settings() "ignoredFields")}.
// Returns a handle > 0, or 0 (then last_error() says why).
int open(std::string_view survey_json, std::string_view options_json);
std::string last_error();

// The settings the widget acts on, normalized by the core (defaults applied; survey/1 is never
// re-read in JavaScript; the trigger is not here: the loader reads it before the engine exists, with
// the core's table, trigger_fields.def): {"delivery":{as given, with "method","format","headers" defaulted},
//  "display":{as given, with "mode","position","theme","showProgress","dismissible" defaulted},
//  "strings":"en|zh-Hans|zh-Hant|ar" (the column of the UI strings table for the session's locale),
//  "ignoredFields":[names given under open()'s fields.show that the survey does not declare]}.
std::string settings(int handle);

// The current step, localized, piping placeholders filled in (survey/piping.hpp), ready to render:
// {"survey":{"id","version","title","locale","dir","display"},"step":{"index","count","title"?},
//  "progress":0.33,"questions":[{"id","type","title","description"?,"required","answer","error",
//  ...type fields}],"canBack","isLast","done","thankYou":{"title","message","scores"} (when done)}
std::string view(int handle);
std::string answer(int handle, std::string_view question_id, std::string_view value_json);  // -> view
std::string next(int handle);   // -> view (errors in it, or the next step, or done)
std::string back(int handle);   // -> view
std::string state(int handle);  // resumable state JSON

// context: {"page","now_ms","respondent","key","journey","segment","partial"}; random_hex: 32 hex
// characters of fresh randomness. -> the response/1 payload (see response/writer.hpp).
std::string payload(int handle, std::string_view context_json, std::string_view random_hex);
// Whether the survey's trigger.audience ("audience") or trigger.eventCondition ("eventCondition")
// holds for values {"segment":{visitor attributes},"properties":{a track() call's},"now_ms":N}
// (the clock of days_since()) -> {"match":bool}; true when the survey has no such expression.
// The loader asks this before showing: the expressions are never evaluated in JavaScript.
std::string trigger_test(std::string_view survey_json, std::string_view field, std::string_view values_json);
std::string cloudevent(std::string_view payload_json);   // -> CloudEvents 1.0 structured event
std::string redact(std::string_view text);   // {"text","redactions","kinds":{"email":1,...}}
void close(int handle);

}  // namespace touchpoint::engine
