// Loading the example surveys (examples/surveys/NAME.json), and surveys a test writes, for the survey tests.
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

// A survey/1 document the test wrote, which must load (its diagnostics shown if it does not).
inline std::shared_ptr<const touchpoint::Survey> loaded_survey(const nlohmann::json& doc) {
    touchpoint::Diagnostics d;
    std::shared_ptr<const touchpoint::Survey> s(touchpoint::load_survey(doc, d));
    CAPTURE(d.to_string());
    REQUIRE(s);
    return s;
}

}  // namespace tp_test
