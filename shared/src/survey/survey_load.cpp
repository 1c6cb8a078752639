// survey/1 loader: the document frame, locales, questions, pages and steps. Logic, scores and the
// delivery/privacy/display sections are checked in survey_sections.cpp.
#include <algorithm>

#include "survey/fields.hpp"
#include "survey/survey_enums.hpp"
#include "survey/survey_sections.hpp"
#include "touchpoint/base/hash.hpp"
#include "touchpoint/base/json_text.hpp"
#include "touchpoint/base/locale.hpp"
#include "touchpoint/base/utf8.hpp"
#include "touchpoint/survey/survey.hpp"

namespace touchpoint {

const Question* Survey::find(std::string_view question_id) const {
    std::size_t i = index_of(question_id);
    return i < questions.size() ? questions[i].get() : nullptr;
}

std::size_t Survey::index_of(std::string_view question_id) const {
    for (std::size_t i = 0; i < questions.size(); ++i)
        if (questions[i]->id == question_id) return i;
    return questions.size();
}

const ScoreDef* Survey::find_score(std::string_view score_id) const {
    for (const ScoreDef& s : scores)
        if (s.id == score_id) return &s;
    return nullptr;
}

bool precheck_json(std::string_view text, const SurveyLimits& limits, Diagnostics& diags) {
    if (text.size() > limits.max_bytes) {
        diags.error("", "document is larger than " + std::to_string(limits.max_bytes) + " bytes");
        return false;
    }
    if (const std::size_t at = json_nesting_over(text, limits.max_nesting); at != std::string_view::npos) {
        diags.error("", "document nests deeper than " + std::to_string(limits.max_nesting) + " levels (at byte " +
                            std::to_string(at) + ")");
        return false;
    }
    return true;
}

std::string survey_content_hash(const json& document) {
    return "sha256:" + sha256_hex(write_json(document)).substr(0, 32);
}

namespace {

const char* const kQuestionFields[] = {"id",         "type",       "title", "description", "required",
                                       "visibleIf",  "validation", "pii",   nullptr};

bool in_list(const char* const* list, std::string_view key) {
    for (const char* const* k = list; *k; ++k)
        if (key == *k) return true;
    return false;
}

void load_locales(Survey& s, const json& doc, const SurveyLimits& limits, Diagnostics& d) {
    if (!doc.contains("locales")) {
        d.error("", "missing \"locales\" (the survey's languages, default first, e.g. [\"zh-CN\",\"en\"])");
        return;
    }
    const json& ls = doc["locales"];
    if (!ls.is_array() || ls.empty() || ls.size() > limits.max_locales) {
        d.error("/locales", "expected 1–" + std::to_string(limits.max_locales) + " locale tags");
        return;
    }
    for (std::size_t i = 0; i < ls.size(); ++i) {
        std::string p = pointer_join("/locales", i);
        if (!ls[i].is_string() || !locale_tag_valid(ls[i].get_ref<const std::string&>())) {
            d.error(p, "expected a locale tag such as \"zh-CN\" or \"en\"");
            continue;
        }
        std::string tag = ls[i].get<std::string>();
        bool dup = false;
        for (const std::string& l : s.locales) dup = dup || locale_canonical(l) == locale_canonical(tag);
        if (dup) {
            d.error(p, "duplicate locale \"" + tag + "\"");
            continue;
        }
        s.locales.push_back(tag);
    }
}

void load_question(Survey& s, const json& q, const std::string& p, const LoadContext& ctx, Diagnostics& d) {
    if (!q.is_object()) {
        d.error(p, "expected a question object");
        return;
    }
    std::string id, type;
    bool ok = fields::read_string(q, "id", id, p, d, true, 64);
    if (ok && !fields::valid_id(id)) {
        d.error(pointer_join(p, "id"), "an id needs 1–64 letters, digits, '_', '-' or '.'");
        ok = false;
    }
    if (ok && s.find(id)) {
        d.error(pointer_join(p, "id"), "duplicate question id \"" + id + "\"");
        ok = false;
    }
    if (!fields::read_string(q, "type", type, p, d, true, 64)) return;
    std::unique_ptr<Question> question = make_question(type);
    if (!question) {
        std::string known;
        for (const std::string& t : registered_question_types()) known += (known.empty() ? "" : ", ") + t;
        d.error(pointer_join(p, "type"), "unknown question type \"" + type + "\" (known: " + known + ")");
        return;
    }
    question->id = id;
    question->type_name = type;
    fields::read_text(q, "title", question->title, p, ctx, d, true);
    fields::read_text(q, "description", question->description, p, ctx, d);
    fields::read_bool(q, "required", question->required, p, d);
    fields::read_enum(q, "pii", question->pii, enums::kPii, p, d);
    question->load(q, p, ctx, d);
    for (auto it = q.begin(); it != q.end(); ++it)
        if (!in_list(kQuestionFields, it.key()) && !question->knows_field(it.key()))
            d.warning(pointer_join(p, it.key()), "unknown field \"" + it.key() + "\" for a " + type +
                                                     " question is ignored");
    if (ok) s.questions.push_back(std::move(question));
}

void load_pages(Survey& s, const json& doc, const LoadContext& ctx, const SurveyLimits& limits, Diagnostics& d) {
    if (!doc.contains("pages")) {
        // One question per step: the default for popovers and slide-ins.
        for (std::size_t i = 0; i < s.questions.size(); ++i) {
            Page page;
            page.questions.push_back(i);
            s.steps.push_back(std::move(page));
            s.step_of.push_back(i);
        }
        return;
    }
    s.paged = true;
    const json& pages = doc["pages"];
    if (!pages.is_array() || pages.empty() || pages.size() > limits.max_pages) {
        d.error("/pages", "expected 1–" + std::to_string(limits.max_pages) + " pages");
        return;
    }
    s.step_of.assign(s.questions.size(), s.questions.size() + pages.size());  // "unplaced"
    for (std::size_t i = 0; i < pages.size(); ++i) {
        std::string p = pointer_join("/pages", i);
        const json& pg = pages[i];
        if (!pg.is_object()) {
            d.error(p, "expected a page object");
            continue;
        }
        Page page;
        if (fields::read_string(pg, "id", page.id, p, d, false, 64) && !page.id.empty()) {
            const std::string ip = pointer_join(p, "id");
            if (!fields::valid_id(page.id)) d.error(ip, "an id needs 1–64 letters, digits, '_', '-' or '.'");
            for (const Page& other : s.steps)
                if (other.id == page.id) d.error(ip, "duplicate page id \"" + page.id + "\"");
            if (s.find(page.id)) d.error(ip, "page id \"" + page.id + "\" is also a question id");
        }
        fields::read_text(pg, "title", page.title, p, ctx, d);
        std::string qp = pointer_join(p, "questions");
        if (!pg.contains("questions") || !pg["questions"].is_array() || pg["questions"].empty()) {
            d.error(pg.contains("questions") ? qp : p, "a page needs a \"questions\" array of question ids");
            continue;
        }
        const json& ids = pg["questions"];
        for (std::size_t j = 0; j < ids.size(); ++j) {
            std::string ip = pointer_join(qp, j);
            if (!ids[j].is_string()) {
                d.error(ip, "expected a question id");
                continue;
            }
            std::string qid = ids[j].get<std::string>();
            std::size_t qi = s.index_of(qid);
            if (qi == s.questions.size()) {
                d.error(ip, "unknown question \"" + qid + "\"");
                continue;
            }
            if (s.step_of[qi] != s.questions.size() + pages.size()) {
                d.error(ip, "question \"" + qid + "\" is already on page " + std::to_string(s.step_of[qi]));
                continue;
            }
            s.step_of[qi] = s.steps.size();
            page.questions.push_back(qi);
        }
        fields::warn_unknown(pg, p, {"id", "title", "questions"}, d);
        s.steps.push_back(std::move(page));
    }
    for (std::size_t qi = 0; qi < s.questions.size(); ++qi)
        if (s.step_of[qi] >= s.steps.size() && !d.has_errors())
            d.error("/pages", "question \"" + s.questions[qi]->id + "\" is on no page");
}

}  // namespace

std::unique_ptr<Survey> load_survey(const json& doc, Diagnostics& d, const SurveyLimits& limits) {
    register_builtin_question_types();
    if (!doc.is_object()) {
        d.error("", "expected a survey object {\"touchpoint\":\"survey/1\", ...}");
        return nullptr;
    }
    auto s = std::make_unique<Survey>();
    s->document = doc;
    s->hash = survey_content_hash(doc);
    if (!doc.contains("touchpoint") || doc["touchpoint"] != "survey/1") {
        d.error(doc.contains("touchpoint") ? "/touchpoint" : "", "expected \"touchpoint\": \"survey/1\"");
        return nullptr;
    }
    if (fields::read_string(doc, "id", s->id, "", d, true, 64) && !fields::valid_id(s->id))
        d.error("/id", "an id needs 1–64 letters, digits, '_', '-' or '.'");
    if (doc.contains("version")) {
        const json& v = doc["version"];
        if (v.is_string() && !v.get_ref<const std::string&>().empty() && v.get_ref<const std::string&>().size() <= 32)
            s->version = v.get<std::string>();
        else if (v.is_number_unsigned() || v.is_number_integer())
            s->version = write_json(v);
        else
            d.error("/version", "expected a version string such as \"3\" or \"2026-11\"");
    } else {
        d.error("", "missing \"version\"");
    }
    load_locales(*s, doc, limits, d);
    fields::warn_unknown(doc, "", {"touchpoint", "id", "version", "locales", "title", "description", "questions",
                                   "pages", "logic", "scores", "journey", "display", "trigger", "delivery",
                                   "privacy", "thankYou", "messages", "fields", "$schema"},
                         d);

    LoadContext ctx;
    ctx.locales = &s->locales;
    ctx.max_text_chars = limits.max_text_chars;
    ctx.max_choices = limits.max_choices;
    std::vector<std::pair<std::string, const json*>> texts;  // checked for piping once every id is known
    ctx.texts = &texts;
    sections::load_hidden_fields(*s, doc, limits, d);
    fields::read_text(doc, "title", s->title, "", ctx, d);
    fields::read_text(doc, "description", s->description, "", ctx, d);

    if (!doc.contains("questions") || !doc["questions"].is_array() || doc["questions"].empty()) {
        d.error(doc.contains("questions") ? "/questions" : "", "a survey needs a non-empty \"questions\" array");
        return nullptr;
    }
    const json& qs = doc["questions"];
    if (qs.size() > limits.max_questions) {
        d.error("/questions", "more than " + std::to_string(limits.max_questions) + " questions");
        return nullptr;
    }
    for (std::size_t i = 0; i < qs.size(); ++i) load_question(*s, qs[i], pointer_join("/questions", i), ctx, d);
    if (s->questions.size() != qs.size()) return nullptr;  // the ids of later sections would not resolve
    load_pages(*s, doc, ctx, limits, d);
    sections::load_scores(*s, doc, ctx, limits, d);
    sections::load_expressions(*s, doc, ctx, d);
    sections::load_logic(*s, doc, limits, d);
    sections::load_settings(*s, doc, ctx, d);
    sections::check_piping(*s, texts, d);
    if (d.has_errors()) return nullptr;
    return s;
}

std::unique_ptr<Survey> parse_survey(std::string_view text, Diagnostics& d, const SurveyLimits& limits) {
    if (!precheck_json(text, limits, d)) return nullptr;
    json doc;
    if (!parse_json(text, doc, d)) return nullptr;
    return load_survey(doc, d, limits);
}

}  // namespace touchpoint
