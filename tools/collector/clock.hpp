// The collector's clock: milliseconds since the Unix epoch, the unit of every time it stores
// (record versions, Studio sessions, alert deliveries and retries).
#pragma once
#include <chrono>
#include <cstdint>

namespace touchpoint::collector {

inline std::int64_t now_ms() {
    return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

}  // namespace touchpoint::collector
