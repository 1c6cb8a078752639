// Random (version 4) UUIDs per RFC 4122 §4.4, the idempotency key of every response/1 payload.
// The core stays platform-free: callers supply the 16 random bytes (crypto.getRandomValues in the
// browser, std::random_device natively, a seeded generator in tests and `touchpoint generate`).
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace touchpoint {

// Sets the version (4) and variant (10xx) bits of `random` and formats it as
// "xxxxxxxx-xxxx-4xxx-[89ab]xxx-xxxxxxxxxxxx", lowercase.
std::string uuid_v4_from_random(const std::uint8_t (&random)[16]);
// The same from 32 hex characters (either case); nullopt if `hex32` is not exactly that.
std::optional<std::string> uuid_v4_from_hex(std::string_view hex32);
// True for the canonical lowercase form uuid_v4_from_random produces (version 4, RFC variant).
bool is_uuid_v4(std::string_view s);

}  // namespace touchpoint
