// ResponseGenerator: see touchpoint/generate/generator.hpp. The session shows each step as the
// widget would; each question on it is answered by its own class's sample answer (question.hpp),
// so a new question type is generated without a line here.
#include "touchpoint/generate/generator.hpp"

#include <cmath>
#include <vector>

#include "touchpoint/base/hash.hpp"
#include "touchpoint/base/json_text.hpp"
#include "touchpoint/response/writer.hpp"
#include "touchpoint/session/session.hpp"
#include "touchpoint/survey/question.hpp"
#include "touchpoint/survey/survey.hpp"

namespace touchpoint {
namespace {

using json = nlohmann::json;

// xoshiro256** seeded through splitmix64: small, fast, identical on every platform.
class Rng {
public:
    explicit Rng(std::uint64_t seed) {
        for (auto& s : s_) {
            seed += 0x9e3779b97f4a7c15ULL;
            std::uint64_t z = seed;
            z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
            z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
            s = z ^ (z >> 31);
        }
    }
    std::uint64_t next() {
        std::uint64_t result = rotl(s_[1] * 5, 7) * 9;
        std::uint64_t t = s_[1] << 17;
        s_[2] ^= s_[0];
        s_[3] ^= s_[1];
        s_[1] ^= s_[2];
        s_[0] ^= s_[3];
        s_[2] ^= t;
        s_[3] = rotl(s_[3], 45);
        return result;
    }
    double uniform() { return double(next() >> 11) * (1.0 / 9007199254740992.0); }  // [0, 1)
    int below(int n) { return n <= 0 ? 0 : int(next() % std::uint64_t(n)); }
    double gauss() {  // Irwin-Hall approximation: no libm transcendental differences across platforms
        double s = 0;
        for (int i = 0; i < 6; ++i) s += uniform();
        return (s - 3.0) * std::sqrt(2.0);
    }
    template <class T> const T& pick(const std::vector<T>& v) { return v[std::size_t(below(int(v.size())))]; }

private:
    static std::uint64_t rotl(std::uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }
    std::uint64_t s_[4];
};

struct Touchpoint {
    std::string id, stage;
    double bias;  // added to the latent sentiment, in NPS points (-2.5 .. +2.5)
};

const char* const kZhGood[] = {"客服响应很快，问题当天就解决了", "产品很好用，团队也很专业", "演示讲得很清楚，帮助我们做了决定",
                               "价格透明，合同流程顺畅", "上手很容易，文档写得不错"};
const char* const kZhBad[] = {"等待时间太长，转了三次人工", "报价太复杂，看不懂各个套餐的区别", "发票开错了两次，很麻烦",
                              "功能和宣传的不一样，很失望", "配送延迟了一周，没有人通知我"};
const char* const kEnGood[] = {"Support answered quickly and fixed it the same day", "Great product, very professional team",
                               "The demo was clear and helped us decide", "Transparent pricing and a smooth contract",
                               "Easy to get started, good docs"};
const char* const kEnBad[] = {"Waited far too long and was transferred three times", "Pricing is confusing, plans are hard to compare",
                              "The invoice was wrong twice", "Features did not match the marketing", "Delivery was a week late, nobody told me"};

std::string pad(int v, int width) {
    std::string s = std::to_string(v);
    return std::string(s.size() < std::size_t(width) ? std::size_t(width) - s.size() : 0, '0') + s;
}

std::string digits(Rng& r, int n) {
    std::string s;
    for (int i = 0; i < n; ++i) s.push_back(char('0' + r.below(10)));
    return s;
}

std::string luhn_card(Rng& r) {
    std::string s = "4" + digits(r, 14);
    int sum = 0;
    for (int i = 0; i < 15; ++i) {
        int v = s[std::size_t(14 - i)] - '0';
        if (i % 2 == 0) { v *= 2; if (v > 9) v -= 9; }
        sum += v;
    }
    s.push_back(char('0' + (10 - sum % 10) % 10));
    return s;
}

std::string cn_id(Rng& r) {
    std::string s = "110105" + pad(1960 + r.below(45), 4) + pad(1 + r.below(12), 2) + pad(1 + r.below(28), 2) + digits(r, 3);
    static const int w[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += (s[std::size_t(i)] - '0') * w[i];
    s.push_back("10X98765432"[sum % 11]);
    return s;
}

std::string pii(Rng& r, bool zh) {
    switch (r.below(5)) {
        case 0: return zh ? "请打电话给我 1" + std::string(1, char('3' + r.below(7))) + digits(r, 9) : "call me at +1 555-" + digits(r, 3) + "-" + digits(r, 4);
        case 1: return (zh ? "邮箱 " : "mail ") + std::string("user") + digits(r, 4) + "@example.com";
        case 2: return zh ? "身份证号" + cn_id(r) : "my card " + luhn_card(r) + " was charged twice";
        case 3: return zh ? "卡号" + luhn_card(r) + "被扣了两次" : "from IP 10." + std::to_string(r.below(256)) + ".0." + std::to_string(1 + r.below(254));
        default: return "https://example.com/account?token=" + digits(r, 12);
    }
}

class Generator : public ResponseGenerator {
public:
    Generator(std::shared_ptr<const Survey> survey, std::string map_id, std::vector<Touchpoint> tps, const GenerateOptions& o)
        : survey_(std::move(survey)), map_id_(std::move(map_id)), tps_(std::move(tps)), options_(o), rng_(o.seed) {}

    std::string next() override {
        ++count_;
        const Touchpoint* tp = tps_.empty() ? nullptr : &rng_.pick(tps_);
        double sentiment = 7.0 + (tp ? tp->bias : 0.0) + 2.4 * rng_.gauss();  // on the NPS scale
        const std::vector<std::string>& locales = survey_->locales;
        std::string locale = locales.empty() ? "en" : rng_.below(10) < 6 ? locales[0] : rng_.pick(locales);
        static const std::vector<std::string> kPlans = {"free", "pro", "enterprise"};
        static const std::vector<std::string> kRoles = {"decision-maker", "funder", "influencer", "end-user"};
        json segment = json::object();
        for (const std::string& f : survey_->context_fields) {
            if (f.rfind("segment.", 0) != 0) continue;
            std::string name = f.substr(8);
            segment[name] = name == "plan" ? rng_.pick(kPlans) : name == "role" ? rng_.pick(kRoles) : std::string(1, char('a' + rng_.below(3)));
        }
        Session session(survey_, locale, json{{"segment", segment}});
        for (int step = 0; step < 64 && !session.done(); ++step) {
            json view = session.view();
            if (view.contains("questions") && view["questions"].is_array())
                for (const json& q : view["questions"]) answer(session, q, sentiment, locale);
            if (!session.next()) {  // a validation the generator did not foresee: answer the step again
                json again = session.view();
                for (const json& q : again["questions"]) answer(session, q, sentiment, locale);
                if (!session.next()) break;
            }
        }
        std::int64_t span = std::int64_t(options_.days > 0 ? options_.days : 1) * 86400000LL;
        std::int64_t now = options_.start_ms + std::int64_t(rng_.uniform() * double(span));
        json context = {{"page", "/support/ticket/" + std::to_string(1000 + rng_.below(9000)) + "?ref=mail"},
                        {"now_ms", now},
                        {"respondent", "user-" + std::to_string(rng_.below(200000))},
                        {"key", "touchpoint-generator"},
                        {"segment", segment}};
        if (tp) context["journey"] = {{"map", map_id_}, {"stage", tp->stage}, {"touchpoint", tp->id}};
        std::uint8_t random[16];
        for (int k = 0; k < 2; ++k) {
            std::uint64_t v = rng_.next();
            for (int j = 0; j < 8; ++j) random[8 * k + j] = std::uint8_t(v >> (8 * j));
        }
        std::string hexbuf = hex(random, 16);
        json out;
        Diagnostics d;
        if (!build_payload(session, context, hexbuf, out, d)) return "{\"error\":" + json(d.to_string()).dump() + "}";
        return out.dump();
    }

private:
    static int scaled(double sentiment, int lo, int hi, Rng& r) {  // sentiment 0..10 -> lo..hi, with noise
        double x = lo + (sentiment / 10.0) * (hi - lo) + 0.6 * r.gauss();
        int v = int(std::lround(x));
        return v < lo ? lo : v > hi ? hi : v;
    }

    std::string text(double sentiment, const std::string& locale) {
        bool zh = locale.rfind("zh", 0) == 0;
        bool good = sentiment >= 7.5;
        // Pick the pool first: GCC 12 with -fsanitize warns (falsely) on a nested ternary of arrays.
        const char* const* pool = zh ? (good ? kZhGood : kZhBad) : (good ? kEnGood : kEnBad);
        std::string t = pool[rng_.below(5)];
        if (rng_.below(6) == 0) t += (zh ? "，" : ", ") + pii(rng_, zh);
        return t;
    }

    // The question's own sample answer (its class's AnswerSamples), drawn from this response's mood.
    void answer(Session& s, const json& q, double sentiment, const std::string& locale) {
        if (!q.is_object() || !q.contains("id") || !q["id"].is_string()) return;
        const Question* question = survey_->find(q["id"].get<std::string>());
        const AnswerSamples* samples = question ? answer_samples(question->type_name) : nullptr;
        if (!samples) return;
        // Some optional questions stay blank; the NPS question is always answered.
        if (!question->required && question->feeds().score != BuiltinScore::Nps && rng_.below(10) == 0) return;
        Sampler sampler(*this, sentiment, locale);
        json value = samples->sample(*question, sampler);
        if (!value.is_null()) s.answer(question->id, value);
    }

    // What the question classes draw from: this generator's random stream and the respondent's mood.
    class Sampler : public AnswerSampler {
    public:
        Sampler(Generator& g, double sentiment, const std::string& locale) : g_(g), sentiment_(sentiment), locale_(locale) {}
        int below(int n) override { return g_.rng_.below(n); }
        double uniform() override { return g_.rng_.uniform(); }
        double gauss() override { return g_.rng_.gauss(); }
        double sentiment() const override { return sentiment_; }
        int scaled(int lo, int hi) override { return Generator::scaled(sentiment_, lo, hi, g_.rng_); }
        std::string text() override { return g_.text(sentiment_, locale_); }

    private:
        Generator& g_;
        double sentiment_;
        const std::string& locale_;
    };

    std::shared_ptr<const Survey> survey_;
    std::string map_id_;
    std::vector<Touchpoint> tps_;
    GenerateOptions options_;
    Rng rng_;
    std::uint64_t count_ = 0;
};

}  // namespace

std::unique_ptr<ResponseGenerator> ResponseGenerator::create(std::string_view survey_json, std::string_view journey_json,
                                                             const GenerateOptions& options, Diagnostics& diags) {
    register_builtin_answer_samples();
    std::unique_ptr<Survey> survey = parse_survey(survey_json, diags);
    if (!survey) return nullptr;
    std::string map_id;
    std::vector<Touchpoint> tps;
    if (!journey_json.empty()) {
        json map;
        if (!parse_json(journey_json, map, diags, "the journey map")) return nullptr;
        if (!map.is_object()) {
            diags.error("", "the journey map is not a JSON object");
            return nullptr;
        }
        if (!map.contains("id") || !map["id"].is_string()) {
            diags.error("/id", "the journey map has no id");
            return nullptr;
        }
        map_id = map["id"].get<std::string>();
        if (map.contains("touchpoints") && map["touchpoints"].is_array()) {
            for (std::size_t i = 0; i < map["touchpoints"].size(); ++i) {
                const json& t = map["touchpoints"][i];
                if (!t.is_object() || !t.contains("id") || !t["id"].is_string() || !t.contains("stage") || !t["stage"].is_string()) {
                    diags.error(pointer_join("/touchpoints", i), "expected a touchpoint with string id and stage");
                    return nullptr;
                }
                std::string tid = t["id"].get<std::string>();
                // Bias from the id and the seed: stable per map and seed, different across touchpoints.
                Sha256Digest h = sha256(tid + "#" + std::to_string(options.seed));
                unsigned top16 = unsigned(h[0]) * 256u + unsigned(h[1]);
                double bias = double(top16) / 65535.0 * 5.0 - 2.5;
                tps.push_back(Touchpoint{tid, t["stage"].get<std::string>(), bias});
            }
        }
        if (tps.empty()) {
            diags.error("/touchpoints", "the journey map has no touchpoints to link responses to");
            return nullptr;
        }
    }
    return std::unique_ptr<ResponseGenerator>(
        new Generator(std::shared_ptr<const Survey>(std::move(survey)), std::move(map_id), std::move(tps), options));
}

}  // namespace touchpoint
