// Rate limiting and CORS origin checks (see limits.hpp).
#include "collector/limits.hpp"

#include <algorithm>
#include <cmath>

namespace touchpoint::collector {

RateLimiter::RateLimiter(double rate, double burst)
    : rate_(rate), burst_(std::max(1.0, burst)), last_prune_(std::chrono::steady_clock::now()) {}

int RateLimiter::acquire(const std::string& client) {
    if (!enabled()) return 0;
    const auto now = std::chrono::steady_clock::now();
    std::lock_guard<std::mutex> lock(mu_);
    prune(now);
    auto it = buckets_.find(client);
    if (it == buckets_.end()) it = buckets_.emplace(client, Bucket{burst_, now}).first;
    Bucket& b = it->second;
    const double elapsed = std::chrono::duration<double>(now - b.at).count();
    b.tokens = std::min(burst_, b.tokens + elapsed * rate_);
    b.at = now;
    if (b.tokens >= 1.0) {
        b.tokens -= 1.0;
        return 0;
    }
    return std::max(1, static_cast<int>(std::ceil((1.0 - b.tokens) / rate_)));
}

void RateLimiter::prune(std::chrono::steady_clock::time_point now) {
    if (now - last_prune_ < std::chrono::seconds(10)) return;
    last_prune_ = now;
    const double refill_seconds = burst_ / rate_;
    for (auto it = buckets_.begin(); it != buckets_.end();) {
        if (std::chrono::duration<double>(now - it->second.at).count() > refill_seconds) it = buckets_.erase(it);
        else ++it;
    }
}

CorsPolicy::CorsPolicy(std::vector<std::string> origins) : origins_(std::move(origins)) {
    for (std::string& o : origins_) {
        while (!o.empty() && o.back() == '/') o.pop_back();  // "https://a.example/" == "https://a.example"
        if (o == "*") any_ = true;
    }
}

bool CorsPolicy::allowed(const std::string& origin, const std::string& host) const {
    if (origin.empty()) return true;
    if (any_) return true;
    // Same origin: the page was served by this collector (scheme is http: the collector speaks no TLS).
    if (!host.empty() && origin == "http://" + host) return true;
    return std::find(origins_.begin(), origins_.end(), origin) != origins_.end();
}

}  // namespace touchpoint::collector
