// The collector's OpenAPI 3.1 description, served at GET /v1/openapi.json. Its one source is
// docs/openapi.json; CMake embeds it at build time (tools/CMakeLists.txt, openapi_json.cpp.in).
#pragma once
#include <string_view>

namespace touchpoint::collector {

std::string_view openapi_json();

}  // namespace touchpoint::collector
