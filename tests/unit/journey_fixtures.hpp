// Loading the example journey maps (examples/journeys/NAME.json) for the journey tests.
#pragma once
#include <catch2/catch.hpp>

#include <string>

#include "test_helpers.hpp"
#include "touchpoint/journey/map.hpp"

namespace tp_test {

inline touchpoint::journey::Map example_map(const char* name) {
    auto text = read_file(std::string("examples/journeys/") + name + ".json");
    REQUIRE(text);
    touchpoint::Diagnostics d;
    auto map = touchpoint::journey::parse_map(*text, d);
    CAPTURE(d.to_string());
    REQUIRE(map);
    return *map;
}

}  // namespace tp_test
