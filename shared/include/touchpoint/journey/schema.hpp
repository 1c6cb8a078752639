// The journey/1 field table (journey/journey_schema.cpp), for `touchpoint schema journey`.
#pragma once
#include "touchpoint/base/schema.hpp"

namespace touchpoint {

const schema::Document& journey_schema();

}  // namespace touchpoint
