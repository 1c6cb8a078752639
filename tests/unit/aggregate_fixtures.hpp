// Response lines for the aggregation tests: one plain line, and a deterministic generator of
// lines in many shapes (valid, unusual for the fast path, and bad).
#pragma once
#include <cstdint>
#include <cstdio>
#include <string>

#include <nlohmann/json.hpp>

#include "touchpoint/response/derived.hpp"

namespace aggregate_fixtures {

using nlohmann::json;

inline std::string line(int nps, const char* touchpoint, const char* role = "funder", const char* submitted = "2026-11-23T05:00:00Z") {
    json p = {{"touchpoint", "response/1"},
              {"id", "3f1c2b4a-9d8e-4f7a-a1b2-c3d4e5f60718"},
              {"survey", {{"id", "nps-support"}, {"version", "3"}, {"hash", "sha256:0123456789abcdef0123456789abcdef"}}},
              {"submitted", submitted},
              {"partial", false},
              {"locale", "zh-CN"},
              {"answers", {{"nps", nps}, {"role", role}}},
              {"scores", {{"nps", {{"value", nps}, {"category", touchpoint::nps_category(nps)}, {"question", "nps"}}}}},
              {"redactions", 0}};
    if (touchpoint) p["journey"] = {{"map", "b2b-purchase"}, {"stage", "decision"}, {"touchpoint", touchpoint}};
    return p.dump();
}

// A deterministic generator of response lines in many shapes, valid and not.
struct Lcg {
    std::uint64_t s;
    std::uint32_t next() {
        s = s * 6364136223846793005ULL + 1442695040888963407ULL;
        return std::uint32_t(s >> 33);
    }
    int below(int n) { return int(next() % std::uint32_t(n)); }
    std::uint32_t operator()() { return next(); }
};

inline std::string varied_line(Lcg& r) {
    static const char* tps[] = {"demo-call", "pricing-page", "onboarding", "support-chat"};
    static const char* roles[] = {"decision-maker", "funder", "influencer", "end-user"};
    json p = json::object();
    p["touchpoint"] = "response/1";
    p["id"] = "3f1c2b4a-9d8e-4f7a-a1b2-c3d4e5f60718";
    p["survey"] = {{"id", r.below(5) ? "nps-support" : "csat-delivery"}, {"version", "3"}};
    char day[64];  // roomy: GCC cannot bound below()'s result and warns on truncation
    std::snprintf(day, sizeof day, "2026-%02d-%02dT%02d:00:00Z", 1 + r.below(12), 1 + r.below(28), r.below(24));
    p["submitted"] = day;
    p["locale"] = r.below(2) ? "zh-CN" : "en";
    json answers = json::object();
    int nps = r.below(11);
    answers["nps"] = nps;
    if (nps % 4 == 0) p["survey"]["version"] = "2";  // from nps: the random stream stays as it was
    int shape = r.below(12);
    if (shape == 0) answers["role"] = json::array({roles[r.below(4)], roles[r.below(4)]});
    else if (shape == 1) answers["role"] = {{"value", "other"}, {"text", "顾问"}};
    else if (shape == 2) answers["role"] = r.below(100);
    else if (shape == 3) answers["role"] = true;
    else if (shape == 4) answers["role"] = nullptr;
    else if (shape != 5) answers["role"] = roles[r.below(4)];
    answers["why"] = r.below(3) ? "客服很快，\"谢谢\"\n第二行 \\ tab\t" : "fine";
    p["answers"] = answers;
    json scores = json::object();
    if (r.below(8)) scores["nps"] = {{"value", nps}, {"category", touchpoint::nps_category(nps)}, {"question", "nps"}};
    if (r.below(3) == 0) scores["csat"] = {{"value", 1 + r.below(5)}, {"scale", 5}, {"question", "csat"}};
    if (r.below(3) == 0) scores["ces"] = {{"value", 1 + r.below(7)}, {"question", "ces"}};
    if (r.below(4) == 0) scores["ces"] = {{"value", 1 + r.below(10)}, {"scale", 10}};
    p["scores"] = scores;
    if (r.below(6)) p["journey"] = {{"map", "b2b"}, {"stage", "decision"}, {"touchpoint", tps[r.below(4)]}};
    if (r.below(2)) p["context"] = {{"page", "/pricing"}, {"segment", {{"plan", r.below(2) ? "pro" : "free"}, {"seats", r.below(3)}}}};
    std::string text = r.below(2) ? p.dump() : p.dump(1 + r.below(3));
    if (text.find('\n') != std::string::npos) {  // pretty output: join to one line (valid JSON whitespace)
        for (char& c : text)
            if (c == '\n') c = ' ';
    }
    // Mutations that change the path taken or make the line bad.
    switch (r.below(40)) {
        case 0: text = text.substr(0, text.size() / 2); break;                          // truncated
        case 1: text += "x"; break;                                                       // trailing garbage
        case 2: text = "[1,2,3]"; break;                                                  // not an object
        case 3: text.replace(text.find("response/1"), 10, "response/2"); break;          // other format
        case 4: { auto at = text.find("\"value\":"); if (at != std::string::npos) text.insert(at + 8, "\"") , text.insert(at + 10, "\""); break; }
        case 5: { auto at = text.find("zh-CN"); if (at != std::string::npos) text.replace(at, 5, "zh-\\u0043N"); break; }
        case 6: { auto at = text.find("\"nps\":{\"value\":"); if (at != std::string::npos) text.insert(at + 16, ".0"); break; }
        case 7: text.insert(1, "\"touchpoint\":\"response/1\","); break;                // duplicate member
        case 8: text += "\r"; break;
        case 9: { auto at = text.find("客服"); if (at != std::string::npos) text[at + 1] = '\xff'; break; }  // bad UTF-8
        case 10: text = "  \t" + text; break;
        case 11: { auto at = text.find("\"scale\":10"); if (at != std::string::npos) text.replace(at, 10, "\"scale\":1e1"); break; }
        case 12: {  // a segment value as a list: refused by segment.plan groupings only
            auto at = text.find("\"plan\":");
            if (at == std::string::npos) break;
            auto q = text.find('"', at + 7), e = text.find('"', q + 1);
            text.replace(q, e - q + 1, "[" + text.substr(q, e - q + 1) + "]");
            break;
        }
        default: break;
    }
    return text;
}


}  // namespace aggregate_fixtures
