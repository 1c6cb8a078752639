// SHA-256 against the FIPS 180-4 / NIST example vectors, HMAC-SHA256 against RFC 4231.
#include <catch2/catch.hpp>

#include <string>

#include "touchpoint/base/hash.hpp"

using touchpoint::hmac_sha256_hex;
using touchpoint::sha256_hex;

TEST_CASE("sha256 matches the NIST vectors", "[hash]") {
    CHECK(sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    CHECK(sha256_hex(std::string(1000000, 'a')) ==
          "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
    CHECK(sha256_hex("满意度调查") == "31c5f1aaa0d5c922d970b5a626f082f7c6533ca213e925ef90c8c8c067906ec1");
}

TEST_CASE("sha256 incremental updates equal one-shot hashing at every split", "[hash]") {
    std::string text;
    for (int i = 0; i < 200; ++i) text.push_back(char('a' + i % 26));
    std::string whole = sha256_hex(text);
    for (std::size_t split : {0u, 1u, 55u, 56u, 63u, 64u, 65u, 128u, 199u, 200u}) {
        touchpoint::Sha256 h;
        h.update(std::string_view(text).substr(0, split));
        h.update(std::string_view(text).substr(split));
        CHECK(touchpoint::hex(h.finish()) == whole);
    }
}

TEST_CASE("hmac_sha256 matches RFC 4231", "[hash]") {
    CHECK(hmac_sha256_hex(std::string(20, '\x0b'), "Hi There") ==
          "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
    CHECK(hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
          "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
    CHECK(hmac_sha256_hex(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First") ==
          "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
    CHECK(hmac_sha256_hex("key-a", "user-42") != hmac_sha256_hex("key-b", "user-42"));
}
