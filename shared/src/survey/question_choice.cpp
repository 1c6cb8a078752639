// Choice questions: single (one value, optionally "other" with text), multi (picks within
// minPicks..maxPicks, optionally "other") and ranking (every choice ordered once).
#include <algorithm>
#include <cmath>

#include "survey/fields.hpp"
#include "survey/question_types.hpp"
#include "touchpoint/base/utf8.hpp"
#include "touchpoint/survey/other_answer.hpp"

namespace touchpoint::questions {
namespace {

constexpr std::size_t kOtherMaxChars = 500;
const char* const kOther = other_answer::kChoice;

class ChoiceBase : public Question {
public:
    void load_choices(const json& def, const std::string& ptr, const LoadContext& ctx, Diagnostics& d,
                      std::size_t min_count) {
        fields::read_choices(def, "choices", choices_, ptr, ctx, d, min_count);
    }
    void load_other(const json& def, const std::string& ptr, const LoadContext& ctx, Diagnostics& d) {
        if (!def.contains("other")) return;
        const json& o = def["other"];
        if (o.is_boolean()) {
            other_ = o.get<bool>();
        } else if (validate_text_field(def, "other", ptr, ctx, d)) {
            other_ = true;
            other_label_ = o;
        }
        if (other_ && fields::find_choice(choices_, kOther))
            d.error(pointer_join(ptr, "other"), "a choice already uses the value \"other\"");
    }
    static bool validate_text_field(const json& def, const char* key, const std::string& ptr, const LoadContext& ctx,
                                    Diagnostics& d) {
        json ignored;
        return fields::read_text(def, key, ignored, ptr, ctx, d);
    }

    // Reads {"value":..., "text":"..."} for "other"; returns the trimmed text or an error.
    AnswerCheck other_text(const json& raw, std::string& text) const {
        if (!other_) return {AnswerError::UnknownChoice, ""};
        if (!raw.contains(other_answer::text) || !raw[other_answer::text].is_string()) return {AnswerError::OtherText, ""};
        const std::string& t = raw[other_answer::text].get_ref<const std::string&>();
        if (!utf8_valid(t)) return {AnswerError::Type, ""};
        text = trim_text(t);
        if (utf8_length(text) > kOtherMaxChars) return {AnswerError::TooLong, std::to_string(kOtherMaxChars)};
        return {};
    }

    void describe_choices(json& out, const Localizer& loc) const {
        out["choices"] = fields::describe_choices(choices_, loc);
        out["other"] = other_;
        if (!other_label_.is_null()) out["otherLabel"] = loc.text(other_label_);
    }

    bool has_free_text() const override { return other_; }

    // Choice values become their labels (read without piping: a label never pipes an answer into
    // itself); "other" becomes the text typed.
    std::string answer_text(const json& answer, const Localizer& loc) const override {
        Localizer plain = loc;
        plain.pipe = nullptr;
        const json& values = answer.is_object() && answer.contains(other_answer::value) ? answer[other_answer::value] : answer;
        std::string typed = answer.is_object() && answer.contains(other_answer::text) && answer[other_answer::text].is_string()
                                ? answer[other_answer::text].get<std::string>()
                                : std::string();
        std::string out;
        for (const json& v : values.is_array() ? values : json::array({values})) {
            if (!v.is_string()) continue;
            const fields::Choice* c = fields::find_choice(choices_, v.get<std::string>());
            std::string text = c ? plain.text(c->label) : v == kOther ? typed : std::string();
            if (text.empty()) continue;
            out += (out.empty() ? "" : ", ") + text;
        }
        return out;
    }

    const std::vector<fields::Choice>& choices() const { return choices_; }
    bool other() const { return other_; }

protected:
    std::vector<fields::Choice> choices_;
    bool other_ = false;
    json other_label_;
};

class SingleQuestion : public ChoiceBase {
public:
    void load(const json& def, const std::string& ptr, const LoadContext& ctx, Diagnostics& d) override {
        load_choices(def, ptr, ctx, d, 2);
        load_other(def, ptr, ctx, d);
    }
    bool knows_field(std::string_view key) const override { return key == "choices" || key == "other"; }

    AnswerCheck normalize(const json& raw, json& out) const override {
        out = nullptr;
        if (raw.is_null()) return {};
        if (raw.is_string()) {
            const std::string& v = raw.get_ref<const std::string&>();
            if (fields::find_choice(choices_, v)) {
                out = v;
                return {};
            }
            if (other_ && v == kOther) return {AnswerError::OtherText, ""};
            return {AnswerError::UnknownChoice, ""};
        }
        if (raw.is_object() && raw.contains(other_answer::value) && raw[other_answer::value] == kOther) {
            std::string text;
            AnswerCheck c = other_text(raw, text);
            if (c.error == AnswerError::UnknownChoice || c.error == AnswerError::Type) return c;
            out = {{other_answer::value, kOther}, {other_answer::text, text}};
            if (c.ok() && text.empty()) return {AnswerError::OtherText, ""};
            return c;
        }
        return {AnswerError::Type, ""};
    }

    void describe(json& out, const Localizer& loc) const override { describe_choices(out, loc); }

    bool numeric(const json& answer, double& out) const override {
        if (!answer.is_string()) return false;
        const fields::Choice* c = fields::find_choice(choices_, answer.get<std::string>());
        if (!c || !c->has_score) return false;
        out = c->score;
        return true;
    }
};

class MultiQuestion : public ChoiceBase {
public:
    void load(const json& def, const std::string& ptr, const LoadContext& ctx, Diagnostics& d) override {
        load_choices(def, ptr, ctx, d, 1);
        load_other(def, ptr, ctx, d);
        long long options = static_cast<long long>(choices_.size()) + (other_ ? 1 : 0);
        fields::read_int(def, "minPicks", min_picks_, 0, options, ptr, d);
        max_picks_ = options;
        fields::read_int(def, "maxPicks", max_picks_, 1, options, ptr, d);
        if (min_picks_ > max_picks_) d.error(pointer_join(ptr, "minPicks"), "minPicks is greater than maxPicks");
    }
    bool knows_field(std::string_view key) const override {
        return key == "choices" || key == "other" || key == "minPicks" || key == "maxPicks";
    }

    AnswerCheck normalize(const json& raw, json& out) const override {
        out = nullptr;
        if (raw.is_null()) return {};
        const json* picks = &raw;
        std::string text;
        bool with_other = false;
        AnswerCheck other_check;
        if (raw.is_object()) {
            if (!raw.contains(other_answer::value) || !raw[other_answer::value].is_array()) return {AnswerError::Type, ""};
            picks = &raw[other_answer::value];
            other_check = other_text(raw, text);
            if (other_check.error == AnswerError::UnknownChoice || other_check.error == AnswerError::Type)
                return other_check;
            with_other = true;
        }
        if (!picks->is_array()) return {AnswerError::Type, ""};
        json values = json::array();
        bool picked_other = false;
        for (const json& p : *picks) {
            if (!p.is_string()) return {AnswerError::Type, ""};
            const std::string& v = p.get_ref<const std::string&>();
            bool known = fields::find_choice(choices_, v) != nullptr || (other_ && v == kOther);
            if (!known) return {AnswerError::UnknownChoice, ""};
            if (std::find(values.begin(), values.end(), p) != values.end()) continue;  // a double click
            picked_other = picked_other || v == kOther;
            values.push_back(p);
        }
        if (values.empty()) return {};
        if (picked_other || with_other) {
            if (!picked_other) {
                out = values;  // text typed, then "other" unticked: the text goes
            } else {
                out = {{other_answer::value, values}, {other_answer::text, text}};
                if (!other_check.ok()) return other_check;
                if (text.empty()) return {AnswerError::OtherText, ""};
            }
        } else {
            out = values;
        }
        long long n = static_cast<long long>(values.size());
        if (n > max_picks_) return {AnswerError::TooMany, std::to_string(max_picks_)};
        if (n < min_picks_) return {AnswerError::TooFew, std::to_string(min_picks_)};
        return {};
    }

    void describe(json& out, const Localizer& loc) const override {
        describe_choices(out, loc);
        out["minPicks"] = min_picks_;
        out["maxPicks"] = max_picks_;
    }

    // The sum of the scores of the picks (choices without a score count 0).
    bool numeric(const json& answer, double& out) const override {
        const json& picks = answer.is_object() && answer.contains(other_answer::value) ? answer[other_answer::value] : answer;
        if (!picks.is_array()) return false;
        double total = 0;
        bool any = false;
        for (const json& p : picks) {
            if (!p.is_string()) continue;
            const fields::Choice* c = fields::find_choice(choices_, p.get<std::string>());
            if (c && c->has_score) {
                total += c->score;
                any = true;
            }
        }
        out = total;
        return any || !picks.empty();
    }

    long long min_picks() const { return min_picks_; }
    long long max_picks() const { return max_picks_; }

private:
    long long min_picks_ = 0;
    long long max_picks_ = 0;
};

class RankingQuestion : public ChoiceBase {
public:
    void load(const json& def, const std::string& ptr, const LoadContext& ctx, Diagnostics& d) override {
        load_choices(def, ptr, ctx, d, 2);
    }
    bool knows_field(std::string_view key) const override { return key == "choices"; }

    AnswerCheck normalize(const json& raw, json& out) const override {
        out = nullptr;
        if (raw.is_null()) return {};
        if (!raw.is_array()) return {AnswerError::Type, ""};
        json order = json::array();
        for (const json& p : raw) {
            if (!p.is_string()) return {AnswerError::Type, ""};
            if (!fields::find_choice(choices_, p.get<std::string>())) return {AnswerError::UnknownChoice, ""};
            if (std::find(order.begin(), order.end(), p) != order.end()) return {AnswerError::Type, ""};
            order.push_back(p);
        }
        if (order.empty()) return {};
        out = order;
        if (order.size() != choices_.size()) return {AnswerError::Incomplete, ""};
        return {};
    }
    bool complete(const json& answer) const override { return answer.is_array() && answer.size() == choices_.size(); }
    void describe(json& out, const Localizer& loc) const override {
        out["choices"] = fields::describe_choices(choices_, loc);
    }
    bool numeric(const json&, double&) const override { return false; }
    bool has_free_text() const override { return false; }
};

// [SECTION] Sample answers.
const ChoiceBase& choice(const Question& q) { return static_cast<const ChoiceBase&>(q); }
// Free text for "other", with a phone number the redactor must catch.
const char* const kOtherSample = "Something else, call me on 13812345678";

// Skewed by mood so answers correlate with scores (first choices for happy respondents).
json sample_single(const Question& q, AnswerSampler& s) {
    const auto& choices = choice(q).choices();
    int n = int(choices.size());
    int i = int(std::lround((1.0 - s.sentiment() / 10.0) * double(n - 1) + s.gauss() * 0.8));
    i = i < 0 ? 0 : i >= n ? n - 1 : i;
    if (choice(q).other() && s.below(15) == 0) return {{other_answer::value, kOther}, {other_answer::text, s.text()}};
    return choices[std::size_t(i)].value;
}
std::vector<json> single_boundaries(const Question& q) {
    std::vector<json> out;
    for (const auto& c : choice(q).choices()) out.push_back(c.value);
    if (choice(q).other()) out.push_back({{other_answer::value, kOther}, {other_answer::text, kOtherSample}});
    return accepted(q, std::move(out));
}

// Between minPicks (at least one) and maxPicks distinct choices, at random.
json sample_multi(const Question& q, AnswerSampler& s) {
    const auto& choices = choice(q).choices();
    const auto& multi = static_cast<const MultiQuestion&>(q);
    int lo = int(multi.min_picks()), hi = int(multi.max_picks());
    if (lo < 1) lo = 1;
    if (hi > int(choices.size())) hi = int(choices.size());
    int n = lo + s.below(hi - lo + 1);
    std::vector<std::string> pool, picks;
    for (const auto& c : choices) pool.push_back(c.value);
    for (int k = 0; k < n && !pool.empty(); ++k) {
        std::size_t at = std::size_t(s.below(int(pool.size())));
        picks.push_back(pool[at]);
        pool.erase(pool.begin() + std::ptrdiff_t(at));
    }
    return picks;
}
std::vector<json> multi_boundaries(const Question& q) {
    const auto& choices = choice(q).choices();
    auto first = [&](long long k) {
        json picks = json::array();
        for (std::size_t i = 0; i < choices.size() && static_cast<long long>(i) < k; ++i) picks.push_back(choices[i].value);
        return picks;
    };
    const auto& multi = static_cast<const MultiQuestion&>(q);
    long long fewest = std::max(multi.min_picks(), 1LL);
    std::vector<json> out = {first(fewest), first(multi.max_picks())};
    if (choice(q).other()) {
        json picks = first(fewest - 1);
        picks.push_back(kOther);
        out.push_back({{other_answer::value, picks}, {other_answer::text, kOtherSample}});
    }
    return accepted(q, std::move(out));
}

// A random order of every choice.
json sample_ranking(const Question& q, AnswerSampler& s) {
    std::vector<std::string> order;
    for (const auto& c : choice(q).choices()) order.push_back(c.value);
    for (std::size_t k = order.size(); k > 1; --k) std::swap(order[k - 1], order[std::size_t(s.below(int(k)))]);
    return order;
}
std::vector<json> ranking_boundaries(const Question& q) {
    json order = json::array();
    for (const auto& c : choice(q).choices()) order.push_back(c.value);
    json reversed = json::array();
    for (auto it = order.rbegin(); it != order.rend(); ++it) reversed.push_back(*it);
    return accepted(q, {order, reversed});
}

}  // namespace

AnswerSamples single_samples() { return {sample_single, single_boundaries}; }
AnswerSamples multi_samples() { return {sample_multi, multi_boundaries}; }
AnswerSamples ranking_samples() { return {sample_ranking, ranking_boundaries}; }

// A ranking item by item, each grouped by the position it was given (1 = first).
ResultLayout ranking_result(const Question& q) {
    ResultLayout out{ResultShape::Parts, {}, {}};
    for (const auto& c : choice(q).choices()) out.parts.push_back({c.value, c.label});
    for (std::size_t i = 1; i <= out.parts.size(); ++i) out.options.push_back({std::to_string(i), json()});
    return out;
}

std::unique_ptr<Question> make_single() { return std::make_unique<SingleQuestion>(); }
std::unique_ptr<Question> make_multi() { return std::make_unique<MultiQuestion>(); }
std::unique_ptr<Question> make_ranking() { return std::make_unique<RankingQuestion>(); }

}  // namespace touchpoint::questions
