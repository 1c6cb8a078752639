// SHA-256 (FIPS 180-4) and HMAC-SHA256 (RFC 2104), plus lowercase hex. Used for the survey content
// hash in response/1 ("sha256:<32 hex>") and for keyed hashing of respondent ids, so a site's raw
// user id never leaves the device. Hand-written because the core must be platform-free (no
// OpenSSL in wasm) and small; verified against the NIST and RFC 4231 vectors in hash_test.cpp.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace touchpoint {

using Sha256Digest = std::array<std::uint8_t, 32>;

// Incremental hasher: update() any number of times, then finish() once.
class Sha256 {
public:
    Sha256();
    void update(const void* data, std::size_t size);
    void update(std::string_view s) { update(s.data(), s.size()); }
    Sha256Digest finish();

private:
    void block(const std::uint8_t* p);
    std::uint32_t h_[8];
    std::uint8_t buf_[64];
    std::size_t buf_len_ = 0;
    std::uint64_t total_ = 0;
};

Sha256Digest sha256(std::string_view data);
Sha256Digest hmac_sha256(std::string_view key, std::string_view message);

std::string hex(const std::uint8_t* data, std::size_t size);  // lowercase
template <std::size_t N> std::string hex(const std::array<std::uint8_t, N>& a) { return hex(a.data(), N); }

std::string sha256_hex(std::string_view data);                         // 64 lowercase hex chars
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

}  // namespace touchpoint
