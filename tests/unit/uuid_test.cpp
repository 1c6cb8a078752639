#include <catch2/catch.hpp>

#include "touchpoint/base/uuid.hpp"

TEST_CASE("uuid_v4_from_random sets version and variant bits", "[uuid]") {
    const std::uint8_t zeros[16] = {};
    CHECK(touchpoint::uuid_v4_from_random(zeros) == "00000000-0000-4000-8000-000000000000");
    std::uint8_t ones[16];
    for (auto& b : ones) b = 0xff;
    CHECK(touchpoint::uuid_v4_from_random(ones) == "ffffffff-ffff-4fff-bfff-ffffffffffff");
    CHECK(touchpoint::is_uuid_v4(touchpoint::uuid_v4_from_random(ones)));
}

TEST_CASE("uuid_v4_from_hex accepts exactly 32 hex chars of either case", "[uuid]") {
    auto u = touchpoint::uuid_v4_from_hex("0123456789ABCDEF0123456789abcdef");
    REQUIRE(u.has_value());
    CHECK(*u == "01234567-89ab-4def-8123-456789abcdef");
    CHECK_FALSE(touchpoint::uuid_v4_from_hex("0123456789abcdef0123456789abcde").has_value());
    CHECK_FALSE(touchpoint::uuid_v4_from_hex("0123456789abcdef0123456789abcdeg").has_value());
    CHECK_FALSE(touchpoint::uuid_v4_from_hex("").has_value());
}

TEST_CASE("is_uuid_v4 accepts only the canonical lowercase v4 form", "[uuid]") {
    CHECK(touchpoint::is_uuid_v4("3f1c2b4a-9d8e-4f7a-a1b2-c3d4e5f60718"));
    CHECK_FALSE(touchpoint::is_uuid_v4("3F1C2B4A-9D8E-4F7A-A1B2-C3D4E5F60718"));  // uppercase
    CHECK_FALSE(touchpoint::is_uuid_v4("3f1c2b4a-9d8e-1f7a-a1b2-c3d4e5f60718"));  // version 1
    CHECK_FALSE(touchpoint::is_uuid_v4("3f1c2b4a-9d8e-4f7a-c1b2-c3d4e5f60718"));  // variant 110
    CHECK_FALSE(touchpoint::is_uuid_v4("3f1c2b4a9d8e4f7aa1b2c3d4e5f60718"));      // no dashes
    CHECK_FALSE(touchpoint::is_uuid_v4("3f1c2b4a-9d8e-4f7a-a1b2-c3d4e5f6071"));   // short
    CHECK_FALSE(touchpoint::is_uuid_v4(""));
}
