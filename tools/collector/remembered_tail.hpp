// What PostgreSQL's rollup compactor (pg_rollups.hpp) keeps between its rounds: the responses this
// process's writers committed, by transaction, so a round folds them from memory instead of
// reading their payloads back and parsing them. Bounded: past its limit a transaction is not kept,
// and the round reads it back like another collector's (the rollups stay exact either way; only
// the cost moves). No database here, so the bound is tested on its own.
#pragma once
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "collector/rollups.hpp"

namespace touchpoint::collector {

class RememberedTail {
public:
    // A response as kept: copies, since the writer's records are freed when their requests are answered.
    struct Owned {
        std::string survey, payload;
        RollupFacts facts;
    };
    using ByTransaction = std::unordered_map<std::int64_t, std::vector<Owned>>;

    // At most this many responses kept between rounds (a few seconds of ingest on two cores):
    // while compaction fails, the rest are read back when it works again rather than held in memory.
    static constexpr std::size_t kDefaultLimit = 200000;
    // A round is due once this many are kept, before its time: readers fold the tail, so under
    // heavy ingest it stays about this long rather than a second of ingest (about 17 ms of a
    // reader's CPU at 8.6 us a payload instead of 130 ms at 15,000 posts/s).
    static constexpr std::size_t kDefaultRoundAt = 2000;
    explicit RememberedTail(std::size_t limit = kDefaultLimit, std::size_t round_at = kDefaultRoundAt)
        : limit_(limit), round_at_(round_at) {}

    // A committed transaction (its id) and its new responses, from a writer's thread. Not kept
    // (false) if the limit is reached: a transaction is kept whole or not at all.
    bool remember(std::int64_t tx, const std::vector<RollupFold::Response>& responses);
    // Everything kept, for a round; none is kept after it.
    ByTransaction take();
    // A round that did not fold its tail: its transactions kept again, with those remembered
    // since, as far as the limit allows (the rest are read back later).
    void put_back(ByTransaction round);
    std::size_t responses() const;  // how many are kept now
    bool round_due() const;          // at least round_at are kept

private:
    bool keep(std::int64_t tx, std::vector<Owned>&& owned);  // under mu_
    const std::size_t limit_, round_at_;
    mutable std::mutex mu_;
    ByTransaction kept_;
    std::size_t count_ = 0;  // responses in kept_
};

}  // namespace touchpoint::collector
