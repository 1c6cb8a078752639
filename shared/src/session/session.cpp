#include "touchpoint/session/session.hpp"

#include "survey/fields.hpp"
#include "session/messages.hpp"
#include "touchpoint/base/locale.hpp"
#include "touchpoint/base/utf8.hpp"
#include "touchpoint/response/members.hpp"
#include "touchpoint/response/scores.hpp"
#include "touchpoint/survey/hidden_fields.hpp"
#include "touchpoint/base/json_text.hpp"

namespace touchpoint {
namespace {

using fields::field;

bool rtl(const std::string& locale) {
    std::string lang = locale.substr(0, locale.find('-'));
    return lang == "ar" || lang == "he" || lang == "fa" || lang == "ur" || lang == "yi";
}

// A scalar as text for piping; "" for anything else.
std::string piped_scalar_text(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_boolean()) return v.get<bool>() ? "true" : "false";
    if (v.is_number()) return write_json(expr::number_value(v.get<double>()));
    return "";
}

}  // namespace

// What piping placeholders read: answers (as the respondent reads them), the visitor's attributes,
// the scores given (band labels localized) and the hidden fields. Texts inserted are never piped
// again (piping::fill), and choice labels are read without piping (Question::answer_text).
class Session::PipedValues : public piping::Values {
public:
    PipedValues(const Session& session, const json& scores) : session_(session), scores_(scores) {}
    bool value(const piping::Placeholder& p, std::string& out) const override {
        const Survey& s = *session_.survey_;
        Localizer plain{session_.locale_, s.locales.front()};
        std::string name(p.name);
        switch (p.kind) {
            case piping::Kind::Answer: {
                std::size_t qi = s.index_of(name);
                const json& a = field(session_.answers_, name.c_str());
                if (qi < s.questions.size() && !a.is_null() && session_.visible(qi))
                    out = s.questions[qi]->answer_text(a, plain);
                break;
            }
            case piping::Kind::Segment: out = piped_scalar_text(field(field(session_.context_, "segment"), name.c_str())); break;
            case piping::Kind::Score: {
                const json& custom = field(field(scores_, members::scores::custom), name.c_str());
                out = piped_scalar_text(field(custom.is_object() ? custom : field(scores_, name.c_str()), members::custom::value));
                break;
            }
            case piping::Kind::Band: {
                const json& band = field(field(field(scores_, members::scores::custom), name.c_str()), members::custom::band);
                if (const ScoreDef* def = s.find_score(name))
                    for (const ScoreBand& b : def->bands)
                        if (band == b.id) out = plain.text(b.label);
                break;
            }
            case piping::Kind::Field: out = piped_scalar_text(field(session_.fields_, name.c_str())); break;
        }
        return !out.empty();
    }

private:
    const Session& session_;
    const json& scores_;
};

Session::Session(std::unique_ptr<const Survey> survey, std::string_view requested_locale, json context)
    : Session(survey.get(), Owner(survey.get(), [](const void* p) { delete static_cast<const Survey*>(p); }),
              requested_locale, std::move(context)) {
    survey.release();  // owner_ deletes it now
}

Session::Session(const Survey* survey, Owner owner, std::string_view requested_locale, json context)
    : owner_(std::move(owner)), survey_(survey), context_(context.is_object() ? std::move(context) : json::object()) {
    locale_ = negotiate_locale(requested_locale, survey_->locales);
    std::size_t first = next_visible_step(0);
    if (first >= survey_->steps.size()) {
        path_.push_back(0);
        done_ = true;
    } else {
        path_.push_back(first);
    }
}

bool Session::visible(std::size_t q) const {
    const Question& question = *survey_->questions[q];
    if (!question.visible_if.valid()) return true;
    const json& partial = scores();
    return question.visible_if.test(AnswerScope(answers_, partial, context_));
}

bool Session::step_visible(std::size_t step) const {
    for (std::size_t q : survey_->steps[step].questions)
        if (visible(q)) return true;
    return false;
}

std::size_t Session::next_visible_step(std::size_t from) const {
    for (std::size_t i = from; i < survey_->steps.size(); ++i)
        if (step_visible(i)) return i;
    return survey_->steps.size();
}

bool Session::answer(std::string_view question_id, const json& raw) {
    const Question* q = survey_->find(question_id);
    if (!q) return false;
    std::string id(question_id);
    json value;
    AnswerCheck check = q->normalize(raw, value);
    const std::size_t qi = survey_->index_of(question_id);
    set_error(qi, nullptr);
    if (value.is_null() && !check.ok()) {
        set_error(qi, answer_message(*survey_, check, Localizer{locale_, survey_->locales.front()}));
        return true;
    }
    if (value.is_null()) answers_.erase(id);
    else answers_[id] = value;
    scores_dirty_ = true;
    return true;
}

std::vector<std::string> Session::set_hidden_fields(const json& sources) {
    std::vector<std::string> ignored;
    json resolved = resolve_hidden_fields(*survey_, sources, field(context_, "segment"), ignored);
    for (auto it = resolved.begin(); it != resolved.end(); ++it) fields_[it.key()] = it.value();
    return ignored;
}

bool Session::check_step() {
    PipedValues piped(*this, scores());
    Localizer loc{locale_, survey_->locales.front(), &piped};
    bool clean = true;
    for (std::size_t qi : survey_->steps[current()].questions) {
        if (!visible(qi)) continue;
        const Question& q = *survey_->questions[qi];
        const json& a = field(answers_, q.id.c_str());
        AnswerCheck check;
        if (a.is_null()) {
            if (q.required) check.error = AnswerError::Required;
        } else {
            json normalized;
            check = q.normalize(a, normalized);
            if (check.ok() && q.required && !q.complete(a))
                check.error = q.incomplete_error();
        }
        std::string message;
        if (!check.ok()) {
            message = answer_message(*survey_, check, loc);
        } else if (!a.is_null()) {
            const json& partial = scores();
            AnswerScope scope(answers_, partial, context_);
            for (const ValidationRule& rule : q.validation) {
                if (rule.rule.test(scope)) continue;
                message = loc.text(rule.message);
                break;
            }
        }
        if (message.empty()) {
            set_error(qi, nullptr);
        } else {
            set_error(qi, std::move(message));
            clean = false;
        }
    }
    return clean;
}

bool Session::next() {
    if (done_) return true;
    if (!check_step()) return false;
    std::size_t step = current();
    const Page& page = survey_->steps[step];
    std::size_t target = step + 1;
    const json& partial = scores();
    AnswerScope scope(answers_, partial, context_);
    for (const LogicRule& rule : survey_->logic) {
        bool applies = rule.from.empty() || rule.from == page.id;
        for (std::size_t qi : page.questions) applies = applies || survey_->questions[qi]->id == rule.from;
        if (!applies || !rule.condition.test(scope)) continue;
        if (rule.end) {
            done_ = true;
            return true;
        }
        if (rule.target_step > step) {  // a backward jump could loop; the loader rejects those with "from"
            target = rule.target_step;
            break;
        }
    }
    std::size_t next_step = next_visible_step(target);
    if (next_step >= survey_->steps.size()) {
        done_ = true;
    } else {
        path_.push_back(next_step);
    }
    return true;
}

bool Session::back() {
    if (done_) {
        // Back from the thank-you screen: to the last step shown, unless nothing was ever shown
        // (every step hidden from the start) — then there is nowhere to go back to.
        if (step_visible(current())) {
            done_ = false;
            return true;
        }
        if (path_.size() <= 1) return false;
        done_ = false;
    }
    if (path_.size() <= 1) return false;
    path_.pop_back();
    for (std::size_t qi : survey_->steps[current()].questions) set_error(qi, nullptr);
    return true;
}

json Session::answers() const {
    json out = json::object();
    for (std::size_t step : path_) {
        for (std::size_t qi : survey_->steps[step].questions) {
            const Question& q = *survey_->questions[qi];
            const json& a = field(answers_, q.id.c_str());
            if (!a.is_null() && visible(qi)) out[q.id] = a;
        }
    }
    return out;
}

const json& Session::scores() const {
    // Raw answers (not answers()): visibility itself may depend on scores, so this must not recurse.
    if (scores_dirty_) {
        scores_cache_ = compute_scores(*survey_, answers_, context_);
        scores_dirty_ = false;
    }
    return scores_cache_;
}

void Session::set_error(std::size_t qi, json message) {
    if (message.is_null() && qi >= errors_.size()) return;
    while (errors_.size() <= qi) errors_.push_back(nullptr);
    errors_[qi] = std::move(message);
}

json Session::describe_question(std::size_t qi, const Localizer& loc) const {
    const Question& q = *survey_->questions[qi];
    json out = {{"id", q.id}, {"type", q.type_name}, {"title", loc.text(q.title)}};
    if (!q.description.is_null()) out["description"] = loc.text(q.description);
    out["required"] = q.required;
    q.describe(out, loc);
    out["answer"] = field(answers_, q.id.c_str());
    out["error"] = qi < errors_.size() ? errors_[qi] : json();
    return out;
}

namespace {
constexpr char kThanksScoreTitle[] = "title";  // the score's title, in the view's locale
constexpr char kThanksBandLabel[] = "label";  // the label of the band its value falls in
}  // namespace

json Session::thank_you() const {
    Localizer plain{locale_, survey_->locales.front()};
    const json& ty = survey_->thank_you;
    bool zh = locale_fallbacks(locale_).empty() ? false : locale_fallbacks(locale_).back() == "zh";
    json s = compute_scores(*survey_, answers(), context_);
    // Band labels and score titles, localized, so the thank-you screen can show "领先者": members of
    // this view only, never of a response/1 payload (members.def has no row for them).
    if (s.contains(members::scores::custom)) {
        json& custom = s[members::scores::custom];
        for (auto it = custom.begin(); it != custom.end(); ++it) {
            const ScoreDef* def = survey_->find_score(it.key());
            if (!def) continue;
            if (!def->title.is_null()) it.value()[kThanksScoreTitle] = plain.text(def->title);
            if (!it.value().contains(members::custom::band)) continue;
            for (const ScoreBand& b : def->bands)
                if (b.id == it.value()[members::custom::band]) it.value()[kThanksBandLabel] = plain.text(b.label);
        }
    }
    PipedValues piped(*this, s);
    Localizer loc{locale_, survey_->locales.front(), &piped};
    json out;
    out["title"] = ty.contains("title") ? loc.text(ty["title"]) : (zh ? "谢谢！" : "Thank you!");
    out["message"] = ty.contains("message") ? loc.text(ty["message"]) : "";
    out["scores"] = s;
    return out;
}

json Session::view() const {
    const Survey& s = *survey_;
    PipedValues piped(*this, scores());
    Localizer loc{locale_, s.locales.front(), &piped};
    json out;
    out["survey"] = {{"id", s.id},          {"version", s.version},
                     {"title", loc.text(s.title)}, {"locale", locale_},
                     {"dir", rtl(locale_) ? "rtl" : "ltr"},
                     {"display", s.document.contains("display") ? s.document["display"] : json::object()}};
    std::size_t count = s.steps.size();
    std::size_t index = done_ ? count : current();
    json step = {{"index", index}, {"count", count}};
    if (!done_ && !s.steps[current()].title.is_null()) step["title"] = loc.text(s.steps[current()].title);
    out["step"] = step;
    out["progress"] = count == 0 ? 1.0 : static_cast<double>(index) / static_cast<double>(count);
    json questions = json::array();
    if (!done_)
        for (std::size_t qi : s.steps[current()].questions)
            if (visible(qi)) questions.push_back(describe_question(qi, loc));
    out["questions"] = questions;
    out["canBack"] = done_ ? !path_.empty() : path_.size() > 1;
    out["isLast"] = done_ || next_visible_step(current() + 1) >= s.steps.size();
    out["done"] = done_;
    if (done_) out["thankYou"] = thank_you();
    return out;
}

json Session::state() const {
    json out = {{"touchpoint", "session/1"}, {"survey", survey_->hash}, {"locale", locale_},
                {"answers", answers_},       {"path", path_},          {"done", done_}};
    if (!fields_.empty()) out["fields"] = fields_;  // a resumed session still knows where it came from
    return out;
}

bool Session::restore(const json& st, Diagnostics& d) {
    if (!st.is_object() || field(st, "touchpoint") != "session/1") {
        d.error("/state", "expected a session state {\"touchpoint\":\"session/1\", ...}");
        return false;
    }
    if (field(st, "survey") != survey_->hash) {
        d.error("/state/survey", "the state belongs to another version of the survey");
        return false;
    }
    const json& path = field(st, "path");
    if (!path.is_array() || path.empty() || path.size() > survey_->steps.size()) {
        d.error("/state/path", "expected the list of steps visited");
        return false;
    }
    std::vector<std::size_t> steps;
    for (std::size_t i = 0; i < path.size(); ++i) {
        if (!path[i].is_number_unsigned() || path[i].get<std::size_t>() >= survey_->steps.size() ||
            (!steps.empty() && path[i].get<std::size_t>() <= steps.back())) {
            d.error(pointer_join("/state/path", i), "not a step after the previous one");
            return false;
        }
        steps.push_back(path[i].get<std::size_t>());
    }
    const json& answers = field(st, "answers");
    if (!answers.is_object()) {
        d.error("/state/answers", "expected an object of answers");
        return false;
    }
    json restored = json::object();
    for (auto it = answers.begin(); it != answers.end(); ++it) {
        const Question* q = survey_->find(it.key());
        json value;
        if (!q) {
            d.warning(pointer_join("/state/answers", it.key()), "unknown question, answer dropped");
            continue;
        }
        AnswerCheck check = q->normalize(it.value(), value);
        if (value.is_null() && !check.ok()) {
            d.warning(pointer_join("/state/answers", it.key()), "answer no longer valid, dropped");
            continue;
        }
        if (!value.is_null()) restored[it.key()] = value;
    }
    answers_ = std::move(restored);
    const json& kept = field(st, "fields");
    if (kept.is_object())
        for (const HiddenField& f : survey_->fields)
            if (field(kept, f.id.c_str()).is_string() && !fields_.contains(f.id))
                fields_[f.id] = std::string(utf8_truncate(kept[f.id].get<std::string>(), f.max_length));
    scores_dirty_ = true;
    path_ = std::move(steps);
    done_ = field(st, "done").is_boolean() && field(st, "done").get<bool>();
    errors_.clear();
    return true;
}

bool build_payload(const Session& session, const json& context, std::string_view random_hex, json& out,
                   Diagnostics& diags) {
    return build_payload(
        ResponseDraft{session.survey(), session.answers(), session.locale(), session.done(), &session.hidden_fields()},
        context, random_hex, out, diags);
}

}  // namespace touchpoint
