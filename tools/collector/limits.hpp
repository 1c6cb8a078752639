// Request limits that are not about the payload: per-client rate and the CORS origin allowlist.
#pragma once
#include <chrono>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

namespace touchpoint::collector {

// Token bucket per client address: `rate` requests per second sustained, bursts up to `burst`.
// The address is a key in memory only (never logged or stored) and is forgotten once its
// bucket has refilled, so the map holds only clients seen in the last few seconds.
class RateLimiter {
public:
    RateLimiter(double rate, double burst);
    bool enabled() const { return rate_ > 0; }
    // 0 if the request may proceed, else the whole seconds to wait (for Retry-After, >= 1).
    int acquire(const std::string& client);

private:
    struct Bucket {
        double tokens;
        std::chrono::steady_clock::time_point at;
    };
    void prune(std::chrono::steady_clock::time_point now);
    double rate_;
    double burst_;
    std::mutex mu_;
    std::unordered_map<std::string, Bucket> buckets_;
    std::chrono::steady_clock::time_point last_prune_;
};

// Which browser origins may post responses and read the API.
//   - a request without an Origin header (curl, server-to-server) is not a browser request: allowed;
//   - the collector's own origin (Origin matches Host) is always allowed (the demo pages);
//   - otherwise the Origin must be listed (--allow-origin https://www.example.com, repeatable),
//     or the list must contain "*".
// A text/plain POST (sendBeacon) is a "simple" request browsers send without preflight, so the
// server itself refuses unlisted origins (403) instead of relying on the browser hiding the answer.
class CorsPolicy {
public:
    explicit CorsPolicy(std::vector<std::string> origins);
    bool allowed(const std::string& origin, const std::string& host) const;
    bool any() const { return any_; }

private:
    std::vector<std::string> origins_;
    bool any_ = false;
};

}  // namespace touchpoint::collector
