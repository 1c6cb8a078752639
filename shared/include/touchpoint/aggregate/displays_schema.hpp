// The displays/1 field table (aggregate/displays_schema.cpp), for `touchpoint schema displays`.
#pragma once
#include "touchpoint/base/schema.hpp"

namespace touchpoint {

const schema::Document& displays_schema();

}  // namespace touchpoint
