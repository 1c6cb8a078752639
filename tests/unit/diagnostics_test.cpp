#include <catch2/catch.hpp>

#include "touchpoint/base/diagnostics.hpp"

using namespace touchpoint;

TEST_CASE("JSON pointers escape ~ and / (RFC 6901)", "[diagnostics]") {
    CHECK(pointer_token("a/b~c") == "a~1b~0c");
    CHECK(pointer_join("/questions", 3) == "/questions/3");
    CHECK(pointer_join("/questions/3", "visibleIf") == "/questions/3/visibleIf");
    CHECK(pointer_join("", "title") == "/title");
}

TEST_CASE("Diagnostics count errors apart from warnings", "[diagnostics]") {
    Diagnostics d;
    d.warning("/colour", "unknown field \"colour\"");
    CHECK_FALSE(d.has_errors());
    d.error("/questions/3/visibleIf", "unknown question \"nsp\"");
    CHECK(d.has_errors());
    CHECK(d.error_count() == 1);
    CHECK(d.to_string() ==
          "warning: /colour: unknown field \"colour\"\n/questions/3/visibleIf: unknown question \"nsp\"\n");
}
