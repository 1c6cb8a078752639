// The response/1 field table (response/response_schema.cpp), for `touchpoint schema response`.
#pragma once
#include "touchpoint/base/schema.hpp"

namespace touchpoint {

const schema::Document& response_schema();

}  // namespace touchpoint
