// For the tests that drive the engine facade: its answers are JSON text, parsed here; a test fails
// at once (not later, on a discarded value) when an answer is not JSON.
#pragma once
#include <string>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

namespace tp_test {

inline nlohmann::json parse(const std::string& text) {
    nlohmann::json j = nlohmann::json::parse(text, nullptr, false);
    REQUIRE_FALSE(j.is_discarded());
    return j;
}

}  // namespace tp_test
