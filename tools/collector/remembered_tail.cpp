// What the rollup compactor keeps between rounds: see remembered_tail.hpp.
#include "collector/remembered_tail.hpp"

#include <utility>

namespace touchpoint::collector {

bool RememberedTail::remember(std::int64_t tx, const std::vector<RollupFold::Response>& responses) {
    if (responses.empty()) return true;
    {
        std::lock_guard<std::mutex> lock(mu_);  // copy nothing the limit would drop
        if (count_ + responses.size() > limit_) return false;
    }
    std::vector<Owned> owned;
    owned.reserve(responses.size());
    for (const RollupFold::Response& r : responses) owned.push_back({*r.survey, *r.payload, *r.facts});
    std::lock_guard<std::mutex> lock(mu_);
    return keep(tx, std::move(owned));
}

bool RememberedTail::keep(std::int64_t tx, std::vector<Owned>&& owned) {
    if (count_ + owned.size() > limit_) return false;
    count_ += owned.size();
    kept_.emplace(tx, std::move(owned));
    return true;
}

RememberedTail::ByTransaction RememberedTail::take() {
    ByTransaction round;
    std::lock_guard<std::mutex> lock(mu_);
    std::swap(round, kept_);
    count_ = 0;
    return round;
}

void RememberedTail::put_back(ByTransaction round) {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [tx, responses] : round) keep(tx, std::move(responses));
}

std::size_t RememberedTail::responses() const {
    std::lock_guard<std::mutex> lock(mu_);
    return count_;
}

bool RememberedTail::round_due() const { return responses() >= round_at_; }

}  // namespace touchpoint::collector
