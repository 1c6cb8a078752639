// The survey/1 field table (survey/survey_schema.cpp), for `touchpoint schema survey`.
#pragma once
#include "touchpoint/base/schema.hpp"

namespace touchpoint {

const schema::Document& survey_schema();

}  // namespace touchpoint
