// Binding aggregated groups to a map, heat colours, and dictionary-free top terms.
#include <catch2/catch.hpp>

#include <algorithm>

#include "journey_fixtures.hpp"
#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/response/derived.hpp"
#include "touchpoint/journey/overlay.hpp"
#include "touchpoint/base/utf8.hpp"

using namespace touchpoint;
using namespace touchpoint::journey;

namespace {

std::string response(const char* stage, const char* tp, int nps) {
    return std::string(R"({"touchpoint":"response/1","id":"5d14b9f1-0920-407a-a4c5-820e693b6b16",)"
                       R"("survey":{"id":"s","version":"1","hash":"sha256:96e98409d9f233c946197fcaa702794c"},)"
                       R"("submitted":"2026-11-01T00:00:00Z","partial":false,"locale":"zh-CN","answers":{"nps":)") +
           std::to_string(nps) + R"(},"scores":{"nps":{"value":)" + std::to_string(nps) + R"(,"category":")" +
           nps_category(nps) + R"(","question":"nps"}},"journey":{"map":"b2b-purchase","stage":")" + stage +
           R"(","touchpoint":")" + tp + R"("},"redactions":0})" + "\n";
}
}  // namespace

TEST_CASE("overlay: the aggregator's groups land on their touchpoints and stages", "[journey]") {
    const Map map = tp_test::example_map("b2b-purchase");
    std::string ndjson;
    for (int i = 0; i < 10; ++i) ndjson += response("decision", "demo-call", 10);
    for (int i = 0; i < 10; ++i) ndjson += response("decision", "demo-call", 3);
    for (int i = 0; i < 5; ++i) ndjson += response("decision", "proposal", 8);
    ndjson += response("elsewhere", "ghost", 9);
    Aggregator by_tp({"touchpoint"}), by_stage({"stage"});
    by_tp.add_ndjson(ndjson);
    by_stage.add_ndjson(ndjson);
    by_tp.finish();
    by_stage.finish();
    CHECK(by_tp.bad_line_count() == 0);
    const auto a = by_tp.result(), b = by_stage.result();
    const Overlay o = bind_overlay(map, &a, &b);
    const Scores& demo = o.touchpoints[map.touchpoint_index("demo-call")];
    CHECK(demo.n == 20);
    REQUIRE(demo.nps);
    CHECK(*demo.nps == Approx(0.0));
    CHECK(demo.promoters == 10);
    CHECK(demo.detractors == 10);
    CHECK(demo.small_sample);  // n < 30
    CHECK(o.touchpoints[map.touchpoint_index("proposal")].n == 5);
    CHECK(o.touchpoints[map.touchpoint_index("qbr")].n == 0);
    CHECK_FALSE(o.touchpoints[map.touchpoint_index("qbr")].nps);
    CHECK(o.stages[map.stage_index("decision")].n == 25);
    CHECK(o.max_touchpoint_n == 20);
    // Responses naming touchpoints/stages the map does not have are reported, not dropped silently.
    CHECK(std::find(o.unmatched_keys.begin(), o.unmatched_keys.end(), "touchpoint=ghost") != o.unmatched_keys.end());
    CHECK(std::find(o.unmatched_keys.begin(), o.unmatched_keys.end(), "stage=elsewhere") != o.unmatched_keys.end());
    CHECK(bind_overlay(map, nullptr, nullptr).touchpoints.size() == map.touchpoints.size());
}

TEST_CASE("overlay: heat positions and colours", "[journey]") {
    CHECK(heat_position(HeatMetric::Nps, -100) == 0);
    CHECK(heat_position(HeatMetric::Nps, 0) == Approx(0.5));
    CHECK(heat_position(HeatMetric::Nps, 100) == 1);
    CHECK(heat_position(HeatMetric::Csat, 80) == Approx(0.8));
    CHECK(heat_position(HeatMetric::Ces, 7) == 1);
    CHECK(heat_position(HeatMetric::Ces, 1) == 0);
    CHECK(heat_position(HeatMetric::Responses, 50, 200) == Approx(0.25));
    CHECK(heat_position(HeatMetric::Nps, 250) == 1);  // clamped
    CHECK(heat_rgb(0) == 0xd7301f);
    CHECK(heat_rgb(0.5) == 0xf0b429);
    CHECK(heat_rgb(1) == 0x1a9850);
    CHECK(heat_metric_from("csat") == HeatMetric::Csat);
    CHECK_FALSE(heat_metric_from("wow"));
    Scores s;
    s.n = 12;
    CHECK_FALSE(metric_value(s, HeatMetric::Nps));
    CHECK(metric_value(s, HeatMetric::Responses) == 12.0);
}

TEST_CASE("top terms: Chinese n-grams and English words without a dictionary", "[journey]") {
    const std::vector<std::string_view> texts = {"审批流程太慢，合同条款复杂", "审批流程需要简化", "The pricing is unclear",
                                                 "pricing page was unclear and the demo great", "交付很快"};
    const auto terms = top_terms(texts, 5);
    REQUIRE(terms.size() == 3);  // 审批流程, pricing, unclear
    CHECK(terms[0].count == 2);
    std::vector<std::string> words;
    for (const auto& t : terms) words.push_back(t.term);
    for (const char* expected : {"审批流程", "pricing", "unclear"})
        CHECK(std::find(words.begin(), words.end(), expected) != words.end());
    // 审批流程 is all the texts say: its pieces (审批, 批流, 流程, 审批流) are not terms of their own.
    for (const char* piece : {"审批", "批流", "流程", "审批流", "批流程"})
        CHECK(std::find(words.begin(), words.end(), piece) == words.end());
    // Function words and terms seen once are not "top".
    CHECK(std::find(words.begin(), words.end(), "the") == words.end());
    CHECK(std::find(words.begin(), words.end(), "交付") == words.end());
    CHECK(top_terms({}, 5).empty());
    CHECK(top_terms(texts, 2).size() == 2);
}

namespace {
std::vector<std::string> term_list(const std::vector<TermCount>& terms) {
    std::vector<std::string> out;
    for (const auto& t : terms) out.push_back(t.term);
    return out;
}
bool has(const std::vector<std::string>& list, const char* term) {
    return std::find(list.begin(), list.end(), term) != list.end();
}
}  // namespace

TEST_CASE("top terms: no n-gram across punctuation, digits, scripts or function characters", "[journey]") {
    const std::vector<std::string_view> texts = {
        "我们的服务很好，客服很快！",        // 的 很: function characters; ，！ full-width punctuation
        "客服态度很好。服务也不错",          // before the fix 很好 was a top term (in 2 answers)
        "App很卡，客服回复慢（等了30分钟）",  // Latin→CJK, digits, full-width brackets
        "价格page看不懂，pricing太复杂",     // CJK→Latin→CJK inside one run of non-space text
        "「退款」流程：太慢、太复杂",          // corner brackets, full-width colon and enumeration comma
        "退款流程2次都失败"};
    const auto terms = top_terms(texts, 20);
    const auto words = term_list(terms);
    REQUIRE(!terms.empty());
    CHECK(terms[0].term == "客服");
    CHECK(terms[0].count == 3);
    for (const char* expected : {"服务", "太复杂", "退款", "流程"}) {
        INFO(expected);
        CHECK(has(words, expected));
    }
    // Pairs that straddle a function character or a boundary are never formed.
    for (const char* absent : {"很好", "务很", "我们", "们的", "的服", "服很", "很快", "款」", "」流", "程：", "次都", "都失",
                               "太复", "复杂"}) {  // the last two: only ever inside 太复杂
        INFO(absent);
        CHECK_FALSE(has(words, absent));
    }
    // Every term is a Latin word or 2 to 6 CJK characters: no digits, punctuation or mixed scripts.
    for (const auto& t : terms) {
        INFO(t.term);
        const bool latin = std::all_of(t.term.begin(), t.term.end(), [](char c) { return c >= 'a' && c <= 'z'; });
        const bool cjk = t.term.size() % 3 == 0 && t.term.size() >= 6 && t.term.size() <= 18 &&
                         static_cast<unsigned char>(t.term[0]) >= 0xE3;
        CHECK((latin || cjk));
        CHECK(t.count >= 2);
    }
    // "款流" spans two words (退款|流程) but no boundary; it is in one answer only, so not listed.
    const auto tally = [&](const char* term) {
        for (const auto& t : terms)
            if (t.term == term) return t.count;
        return 0;
    };
    CHECK(tally("退款") == 2);
    CHECK(tally("流程") == 2);
}

TEST_CASE("top terms: mixed Chinese and English, traditional characters, kana; one count per answer", "[journey]") {
    const auto mixed = term_list(top_terms({"Demo很棒，销售很专业", "demo演示清楚", "销售回复慢, demo ok"}, 10));
    CHECK(has(mixed, "demo"));   // Latin words end where Chinese starts
    CHECK(has(mixed, "销售"));
    CHECK_FALSE(has(mixed, "很棒"));
    CHECK_FALSE(has(mixed, "o演"));

    const auto traditional = term_list(top_terms({"我們的客服很慢", "客服還是很慢"}, 10));
    CHECK(traditional == std::vector<std::string>{"客服"});

    const auto kana = term_list(top_terms({"サポートの対応が遅い", "サポートの対応が早い"}, 10));
    CHECK(has(kana, "対応"));
    CHECK(has(kana, "サポート"));  // the katakana word, not its pieces
    CHECK_FALSE(has(kana, "ート"));
    CHECK_FALSE(has(kana, "トの"));
    CHECK_FALSE(has(kana, "の対"));
    CHECK_FALSE(has(term_list(top_terms({"サポート・対応", "サポート・対応"}, 10)), "ト・"));

    // Each answer counts a term once: one answer repeating it is not two respondents.
    const auto once = top_terms({"客服客服客服，slow slow slow"}, 10);
    CHECK(once.empty());
    const auto twice = top_terms({"客服客服客服", "客服"}, 10);
    REQUIRE(twice.size() == 1);
    CHECK(twice[0].count == 2);
}

TEST_CASE("top terms: a piece of a longer term keeps its own count where it also stands alone", "[journey]") {
    const auto terms = top_terms({"付款流程太繁琐", "付款流程要简化", "付款失败", "付款方式少", "流程"}, 20);
    const auto count_of = [&](const char* term) {
        for (const auto& t : terms)
            if (t.term == term) return t.count;
        return 0;
    };
    CHECK(count_of("付款流程") == 2);
    CHECK(count_of("付款") == 4);   // also in 付款失败 and 付款方式: a term of its own
    CHECK(count_of("流程") == 3);   // also alone
    CHECK(count_of("款流") == 0);   // only ever inside 付款流程
    CHECK(count_of("付款流") == 0);
    CHECK(count_of("款流程") == 0);
    // A repeated phrase of up to 6 characters is one term; a longer run counts as its 6-grams.
    const auto phrase = term_list(top_terms({"等待时间太长，转了三次人工", "等待时间太长，转了三次人工"}, 20));
    CHECK(phrase == std::vector<std::string>{"三次人工", "等待时间太长"});
    const auto eight = term_list(top_terms({"客户成功经理团队", "客户成功经理团队"}, 20));
    CHECK(has(eight, "客户成功经理"));
    CHECK(has(eight, "成功经理团队"));
    for (const auto& t : eight) CHECK(utf8_length(t) <= 6);
}

TEST_CASE("top terms of distinct answers with counts equal those of every answer repeated", "[journey]") {
    // The results page passes each distinct open-text answer once with its count.
    const std::vector<std::string_view> distinct = {"客服很快，退款流程太慢", "退款流程2次都失败", "The invoice was wrong twice",
                                                    "invoice wrong again, call me", "价格page看不懂，pricing太复杂", "退款"};
    const int counts[] = {5, 1, 3, 2, 7, 1};
    std::vector<std::string_view> repeated;
    std::vector<TextCount> weighted;
    for (std::size_t i = 0; i < distinct.size(); ++i) {
        weighted.push_back({distinct[i], counts[i]});
        for (int k = 0; k < counts[i]; ++k) repeated.push_back(distinct[i]);
    }
    weighted.push_back({"ignored with no answers", 0});
    const auto expected = top_terms(repeated, 20);
    const auto got = top_terms_weighted(weighted, 20);
    REQUIRE(expected.size() > 3);
    REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
        INFO(i);
        CHECK(got[i].term == expected[i].term);
        CHECK(got[i].count == expected[i].count);
    }
    CHECK(got[0].count > 5);  // counted per answer, not per distinct text
}
