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

// Long polls that may wait at once. A waiting long poll holds a handler thread; if every thread
// waited, nothing could be ingested — and nothing committed to wake the waiters — until their
// timeouts (up to 30 s). So at most a quarter of the threads wait; a long poll beyond that answers
// at once with what there is (the client asks again, as after any answer).
class LongPollSlots {
public:
    explicit LongPollSlots(std::size_t handler_threads) : max_(handler_threads / 4 ? handler_threads / 4 : 1) {}
    // True (and a slot held until release()) if this long poll may wait.
    bool try_acquire() {
        std::lock_guard<std::mutex> lock(mu_);
        if (waiting_ >= max_) return false;
        ++waiting_;
        return true;
    }
    void release() {
        std::lock_guard<std::mutex> lock(mu_);
        --waiting_;
    }
    std::size_t max() const { return max_; }

private:
    std::size_t max_;
    std::mutex mu_;
    std::size_t waiting_ = 0;
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
