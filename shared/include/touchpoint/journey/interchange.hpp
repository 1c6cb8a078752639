// Journey maps to and from other tools' formats.
//  - Mermaid `journey` diagrams: sections become stages, tasks touchpoints, actors personas and
//    the 1-5 task score an emotion point (score − 3, so 1..5 maps to −2..+2) per actor.
//  - TheyDo-style metrics JSON: {"journey":{id,name,state,personas,phases[{id,name,steps[]}]},
//    "metrics":[{id,name,type,unit,target,value,scope:{phaseId|stepId},source:{survey,question}}]}.
//    TheyDo publishes no file schema; this is the shape of its journey/phase/step/metric model,
//    documented here so other tools can produce it.
// Import errors name a line ("line 7: ...") for Mermaid and a JSON pointer for TheyDo.
#pragma once
#include <optional>
#include <string>
#include <string_view>

#include "touchpoint/base/diagnostics.hpp"
#include "touchpoint/journey/map.hpp"

namespace touchpoint::journey {

// `locale` picks the text of localized titles (Mermaid has one language).
std::string to_mermaid(const Map& map, std::string_view locale);
// `id` becomes the map id (Mermaid diagrams have none).
std::optional<Map> from_mermaid(std::string_view text, std::string_view id, Diagnostics& diags);

std::string to_theydo(const Map& map, std::string_view locale);
std::optional<Map> from_theydo(std::string_view json_text, Diagnostics& diags);

// A readable id from a title ("Go to work" -> "go-to-work"); `fallback` ("stage-3") when the
// title has no ASCII letters or digits (e.g. Chinese).
std::string slug_id(std::string_view title, std::string_view fallback);

}  // namespace touchpoint::journey
