// Loading the example surveys (examples/surveys/NAME.json) for the survey tests.
#pragma once
#include <catch2/catch.hpp>

#include <memory>
#include <string>

#include "test_helpers.hpp"
#include "touchpoint/survey/survey.hpp"

namespace tp_test {

inline std::shared_ptr<const touchpoint::Survey> example_survey(const char* name) {
    auto text = read_file(std::string("examples/surveys/") + name + ".json");
    REQUIRE(text);
    touchpoint::Diagnostics d;
    std::shared_ptr<const touchpoint::Survey> s(touchpoint::parse_survey(*text, d));
    CAPTURE(d.to_string());
    REQUIRE(s);
    return s;
}

}  // namespace tp_test
