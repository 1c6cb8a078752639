// The bound on what PostgreSQL's rollup compactor remembers between rounds
// (tools/collector/remembered_tail.hpp): a transaction is kept whole or not at all, never past the
// limit, including when a round that did not fold puts its transactions back beside newer ones;
// and a round is due early once enough are kept.
// What the compactor then does with a transaction it does not remember (reads it back) is tested
// against PostgreSQL in tests/collector/postgres.test.mjs.
#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "collector/remembered_tail.hpp"

using namespace touchpoint::collector;

namespace {

// `n` responses of one transaction, with everything RollupFold::Response points to.
struct Transaction {
    std::vector<std::string> surveys, payloads;
    std::vector<RollupFacts> facts;
    Transaction(std::int64_t tx, std::size_t n) {
        for (std::size_t i = 0; i < n; ++i) {
            surveys.push_back("s" + std::to_string(tx));
            payloads.push_back("{\"tx\":" + std::to_string(tx) + ",\"i\":" + std::to_string(i) + "}");
            facts.push_back({"2026-12-06", "zh-CN", {"q" + std::to_string(i)}, {}, {}});
        }
    }
    std::vector<RollupFold::Response> responses() const {
        std::vector<RollupFold::Response> out;
        for (std::size_t i = 0; i < payloads.size(); ++i) out.push_back({&surveys[i], &payloads[i], &facts[i]});
        return out;
    }
};

}  // namespace

TEST_CASE("remembered tail: kept up to the limit, a transaction whole or not at all") {
    RememberedTail tail(10);
    CHECK(tail.remember(1, Transaction(1, 4).responses()));
    CHECK(tail.remember(2, Transaction(2, 6).responses()));
    CHECK(tail.responses() == 10);
    CHECK_FALSE(tail.remember(3, Transaction(3, 1).responses()));  // at the limit
    CHECK(tail.responses() == 10);
    const RememberedTail::ByTransaction round = tail.take();
    CHECK(tail.responses() == 0);
    REQUIRE(round.size() == 2);
    CHECK(round.count(3) == 0);
    CHECK(round.at(1).size() == 4);
    CHECK(round.at(2).size() == 6);

    // A transaction that would cross the limit is not kept in part.
    CHECK(tail.remember(4, Transaction(4, 7).responses()));
    CHECK_FALSE(tail.remember(5, Transaction(5, 4).responses()));
    CHECK(tail.remember(6, Transaction(6, 3).responses()));
    CHECK(tail.responses() == 10);
    const RememberedTail::ByTransaction second = tail.take();
    CHECK(second.count(5) == 0);
    CHECK(second.size() == 2);
}

TEST_CASE("remembered tail: copies, so the writer may free its records") {
    RememberedTail tail;
    {
        const Transaction t(7, 2);
        REQUIRE(tail.remember(7, t.responses()));
    }
    const RememberedTail::ByTransaction round = tail.take();
    REQUIRE(round.at(7).size() == 2);
    const RememberedTail::Owned& second = round.at(7)[1];
    CHECK(second.survey == "s7");
    CHECK(second.payload == "{\"tx\":7,\"i\":1}");
    CHECK(second.facts.day == "2026-12-06");
    CHECK(second.facts.answered == std::vector<std::string>{"q1"});
    CHECK(tail.remember(8, {}));  // nothing to keep
    CHECK(tail.take().empty());
}

TEST_CASE("remembered tail: a round put back keeps within the limit beside newer transactions") {
    RememberedTail tail(10);
    REQUIRE(tail.remember(1, Transaction(1, 5).responses()));
    REQUIRE(tail.remember(2, Transaction(2, 2).responses()));
    RememberedTail::ByTransaction round = tail.take();  // a round that will not fold
    REQUIRE(tail.remember(3, Transaction(3, 4).responses()));  // committed meanwhile
    tail.put_back(std::move(round));
    // 4 + 2 fit; 4 + 2 + 5 would not: transaction 1 is left to be read back.
    CHECK(tail.responses() == 6);
    const RememberedTail::ByTransaction kept = tail.take();
    CHECK(kept.count(1) == 0);
    CHECK(kept.count(2) == 1);
    CHECK(kept.count(3) == 1);

    RememberedTail roomy(100);
    REQUIRE(roomy.remember(1, Transaction(1, 5).responses()));
    RememberedTail::ByTransaction all = roomy.take();
    roomy.put_back(std::move(all));
    CHECK(roomy.responses() == 5);
    CHECK(roomy.take().at(1).size() == 5);
}

TEST_CASE("remembered tail: a round is due once enough are kept") {
    RememberedTail tail(100, 5);
    CHECK_FALSE(tail.round_due());
    REQUIRE(tail.remember(1, Transaction(1, 4).responses()));
    CHECK_FALSE(tail.round_due());
    REQUIRE(tail.remember(2, Transaction(2, 1).responses()));
    CHECK(tail.round_due());
    RememberedTail::ByTransaction round = tail.take();
    CHECK_FALSE(tail.round_due());
    tail.put_back(std::move(round));  // not folded: still due
    CHECK(tail.round_due());
    CHECK(RememberedTail().round_due() == false);
    CHECK(RememberedTail::kDefaultRoundAt < RememberedTail::kDefaultLimit);
}
