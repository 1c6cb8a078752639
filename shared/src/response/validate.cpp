// validate_response: the response/1 contract, member by member, each finding at its pointer.
#include <cmath>
#include <cstring>

#include "touchpoint/response/derived.hpp"
#include "touchpoint/response/members.hpp"
#include "touchpoint/response/validate.hpp"
#include "touchpoint/survey/other_answer.hpp"
#include "touchpoint/base/timefmt.hpp"
#include "touchpoint/base/utf8.hpp"
#include "touchpoint/base/uuid.hpp"
#include "touchpoint/base/json_text.hpp"

namespace touchpoint {
namespace {

using json = nlohmann::json;

const char* type_name(const json& v) {
    switch (v.type()) {
        case json::value_t::null: return "null";
        case json::value_t::boolean: return "a boolean";
        case json::value_t::string: return "a string";
        case json::value_t::array: return "an array";
        case json::value_t::object: return "an object";
        default: return "a number";
    }
}

// A hidden field's value: at most 1,000 characters as declared, and redaction placeholders may
// lengthen it a little.
constexpr std::size_t kMaxHiddenFieldChars = 2000;

namespace m = members;

struct Checker {
    Diagnostics& d;

    void unknown_member(const std::string& ptr, const std::string& key) {
        d.warning(pointer_join(ptr, key), "unknown member \"" + key + "\" is ignored");
    }
    // Members of `obj` that members.def has no row for in `shape`.
    void unknown_members(const json& obj, const std::string& ptr, const char* shape) {
        for (auto it = obj.begin(); it != obj.end(); ++it) {
            bool ok = false;
            for (const m::Row& row : m::kRows)
                ok = ok || (std::strcmp(row.shape, shape) == 0 && it.key() == row.name);
            if (!ok) unknown_member(ptr, it.key());
        }
    }
    // Member `key` of `obj`: nullptr (and an error if required) when missing.
    const json* member(const json& obj, const char* key, const std::string& ptr, bool required) {
        auto it = obj.find(key);
        if (it == obj.end()) {
            if (required) d.error(pointer_join(ptr, key), std::string("missing required member \"") + key + "\"");
            return nullptr;
        }
        return &*it;
    }
    bool expect_string(const json* v, const std::string& ptr) {
        if (!v) return false;
        if (!v->is_string()) {
            d.error(ptr, std::string("expected a string, got ") + type_name(*v));
            return false;
        }
        if (!utf8_valid(v->get_ref<const std::string&>())) {
            d.error(ptr, "invalid UTF-8");
            return false;
        }
        return true;
    }
    void expect_id(const json* v, const std::string& ptr) {
        if (expect_string(v, ptr) && !is_identifier(v->get_ref<const std::string&>()))
            d.error(ptr, "\"" + v->get<std::string>() + "\" is not an identifier (1-64 of A-Z a-z 0-9 _ . -)");
    }
    // An integral number in [lo, hi]; returns it, or nullopt after reporting.
    std::optional<int> expect_int(const json* v, const std::string& ptr, int lo, int hi) {
        if (!v) return std::nullopt;
        if (!v->is_number()) {
            d.error(ptr, std::string("expected a number, got ") + type_name(*v));
            return std::nullopt;
        }
        double x = v->get<double>();
        if (!(x == std::floor(x)) || x < lo || x > hi) {
            d.error(ptr, "expected a whole number from " + std::to_string(lo) + " to " + std::to_string(hi) + ", got " +
                             write_json(*v));
            return std::nullopt;
        }
        return int(x);
    }
    bool expect_object(const json* v, const std::string& ptr) {
        if (!v) return false;
        if (!v->is_object()) {
            d.error(ptr, std::string("expected an object, got ") + type_name(*v));
            return false;
        }
        return true;
    }
    void expect_bool(const json* v, const std::string& ptr) {
        if (v && !v->is_boolean()) d.error(ptr, std::string("expected true or false, got ") + type_name(*v));
    }

    void survey(const json& s, const std::string& p) {
        if (!expect_object(&s, p)) return;
        expect_id(member(s, m::survey::id, p, true), pointer_join(p, m::survey::id));
        const json* version = member(s, m::survey::version, p, true);
        if (expect_string(version, pointer_join(p, m::survey::version)) && version->get_ref<const std::string&>().empty())
            d.error(pointer_join(p, m::survey::version), "the survey version is empty");
        const json* hash = member(s, m::survey::hash, p, true);
        if (expect_string(hash, pointer_join(p, m::survey::hash)) && !is_survey_hash(hash->get_ref<const std::string&>()))
            d.error(pointer_join(p, m::survey::hash), "expected \"sha256:\" followed by 32 lowercase hex digits");
        unknown_members(s, p, "survey");
    }

    void answer_value(const json& v, const std::string& p) {
        switch (v.type()) {
            case json::value_t::string: expect_string(&v, p); break;
            case json::value_t::boolean:
            case json::value_t::number_integer:
            case json::value_t::number_unsigned: break;
            case json::value_t::number_float:
                if (!std::isfinite(v.get<double>())) d.error(p, "expected a finite number");
                break;
            case json::value_t::array:
                for (std::size_t i = 0; i < v.size(); ++i) expect_string(&v[i], pointer_join(p, i));
                break;
            case json::value_t::object:
                if (v.contains(other_answer::value)) {  // an "other" answer: its members are other_answer.def's
                    const json* value = member(v, other_answer::value, p, true);
                    if (value && value->is_array()) {
                        for (std::size_t i = 0; i < value->size(); ++i)
                            expect_string(&(*value)[i], pointer_join(pointer_join(p, other_answer::value), i));
                    } else {
                        expect_string(value, pointer_join(p, other_answer::value));
                    }
                    if (const json* text = member(v, other_answer::text, p, false))
                        expect_string(text, pointer_join(p, other_answer::text));
                    for (auto it = v.begin(); it != v.end(); ++it)
                        if (!other_answer::is_member(it.key().c_str())) unknown_member(p, it.key());
                } else {  // matrix: {row: column}
                    for (auto it = v.begin(); it != v.end(); ++it) expect_string(&it.value(), pointer_join(p, it.key()));
                }
                break;
            default: d.error(p, std::string("expected an answer value, got ") + type_name(v));
        }
    }

    void answers(const json& a, const std::string& p) {
        if (!expect_object(&a, p)) return;
        for (auto it = a.begin(); it != a.end(); ++it) {
            std::string ap = pointer_join(p, it.key());
            if (!is_identifier(it.key())) d.error(ap, "\"" + it.key() + "\" is not a question id");
            answer_value(it.value(), ap);
        }
    }

    void scores(const json& s, const std::string& p) {
        if (!expect_object(&s, p)) return;
        if (const json* nps = member(s, m::scores::nps, p, false); nps && expect_object(nps, pointer_join(p, m::scores::nps))) {
            std::string np = pointer_join(p, m::scores::nps);
            auto value = expect_int(member(*nps, m::nps::value, np, true), pointer_join(np, m::nps::value), 0, 10);
            const json* cat = member(*nps, m::nps::category, np, true);
            if (expect_string(cat, pointer_join(np, m::nps::category)) && value &&
                cat->get_ref<const std::string&>() != nps_category(*value))
                d.error(pointer_join(np, m::nps::category), "\"" + cat->get<std::string>() + "\" does not match the value " +
                                                                std::to_string(*value) + " (" + nps_category(*value) + ")");
            expect_id(member(*nps, m::nps::question, np, true), pointer_join(np, m::nps::question));
            unknown_members(*nps, np, "nps");
        }
        scale_score(s, p, BuiltinScore::Csat, kCsatDefaultScale);
        scale_score(s, p, BuiltinScore::Ces, kCesDefaultScale);
        if (const json* custom = member(s, m::scores::custom, p, false);
            custom && expect_object(custom, pointer_join(p, m::scores::custom))) {
            std::string cp = pointer_join(p, m::scores::custom);
            for (auto it = custom->begin(); it != custom->end(); ++it) {
                std::string ip = pointer_join(cp, it.key());
                if (!expect_object(&it.value(), ip)) continue;
                const json* v = member(it.value(), m::custom::value, ip, true);
                if (v && (!v->is_number() || !std::isfinite(v->get<double>())))
                    d.error(pointer_join(ip, m::custom::value), std::string("expected a number, got ") + type_name(*v));
                if (const json* band = member(it.value(), m::custom::band, ip, false))
                    expect_string(band, pointer_join(ip, m::custom::band));
                unknown_members(it.value(), ip, "custom");
            }
        }
        unknown_members(s, p, "scores");
    }

    // CSAT or CES: its members.def shape is named like its key (csat, ces), and it has the members
    // of both (value, scale, its flag, question).
    void scale_score(const json& s, const std::string& p, BuiltinScore score, int default_scale) {
        const char* name = builtin_score_key(score);
        const char* flag = scale_flag_key(score);
        const json* sc = member(s, name, p, false);
        std::string sp = pointer_join(p, name);
        if (!sc || !expect_object(sc, sp)) return;
        auto scale = expect_int(member(*sc, m::csat::scale, sp, true), pointer_join(sp, m::csat::scale), 2, 10);
        auto value = expect_int(member(*sc, m::csat::value, sp, true), pointer_join(sp, m::csat::value), 1,
                                scale.value_or(default_scale));
        const json* f = member(*sc, flag, sp, true);
        expect_bool(f, pointer_join(sp, flag));
        if (f && f->is_boolean() && value && scale) {
            if (f->get<bool>() != scale_flag(score, *value, *scale))
                d.error(pointer_join(sp, flag), std::string("does not match the value ") + std::to_string(*value) + " on 1-" +
                                                    std::to_string(*scale));
        }
        expect_id(member(*sc, m::csat::question, sp, true), pointer_join(sp, m::csat::question));
        unknown_members(*sc, sp, name);
    }

    void journey(const json& j, const std::string& p) {
        if (!expect_object(&j, p)) return;
        for (const char* key : {m::journey::map, m::journey::stage, m::journey::touchpoint})
            expect_id(member(j, key, p, false), pointer_join(p, key));
        unknown_members(j, p, "journey");
    }

    void context(const json& c, const std::string& p) {
        if (!expect_object(&c, p)) return;
        const std::string pp = pointer_join(p, m::context::page);
        if (const json* page = member(c, m::context::page, p, false); expect_string(page, pp)) {
            const std::string& s = page->get_ref<const std::string&>();
            if (s.find_first_of("?#") != std::string::npos) d.error(pp, "the page path must not carry a query or fragment");
        }
        const std::string rp = pointer_join(p, m::context::respondent);
        if (const json* r = member(c, m::context::respondent, p, false); expect_string(r, rp)) {
            const std::string& s = r->get_ref<const std::string&>();
            bool hex64 = s.size() == 64 && s.find_first_not_of("0123456789abcdef") == std::string::npos;
            if (!hex64) d.error(rp, "expected a keyed hash (64 lowercase hex digits), not a raw id");
        }
        const std::string segp = pointer_join(p, m::context::segment);
        if (const json* seg = member(c, m::context::segment, p, false); seg && expect_object(seg, segp)) {
            for (auto it = seg->begin(); it != seg->end(); ++it) {
                const json& v = it.value();
                std::string sp = pointer_join(segp, it.key());
                if (v.is_string()) expect_string(&v, sp);
                else if (!v.is_boolean() && !v.is_number())
                    d.error(sp, std::string("expected a string, number or boolean, got ") + type_name(v));
            }
        }
        unknown_members(c, p, "context");
    }

    // Hidden fields: {id: text}, each value already cut and redacted by the writer.
    void hidden_fields(const json& f, const std::string& p) {
        if (!expect_object(&f, p)) return;
        for (auto it = f.begin(); it != f.end(); ++it) {
            std::string fp = pointer_join(p, it.key());
            if (!is_identifier(it.key())) d.error(fp, "\"" + it.key() + "\" is not an identifier (1-64 of A-Z a-z 0-9 _ . -)");
            if (expect_string(&it.value(), fp) && utf8_length(it.value().get_ref<const std::string&>()) > kMaxHiddenFieldChars)
                d.error(fp, "longer than " + std::to_string(kMaxHiddenFieldChars) + " characters");
        }
    }

    void alert(const json& a, const std::string& p) {
        if (!expect_object(&a, p)) return;
        const json* reason = member(a, m::alert::reason, p, true);
        if (expect_string(reason, pointer_join(p, m::alert::reason))) {
            const std::string& r = reason->get_ref<const std::string&>();
            if (r != "detractor" && r != "low-csat" && r != "high-effort")
                d.error(pointer_join(p, m::alert::reason), "\"" + r + "\" is not one of detractor, low-csat, high-effort");
        }
        expect_id(member(a, m::alert::question, p, true), pointer_join(p, m::alert::question));
        unknown_members(a, p, "alert");
    }
};

}  // namespace

bool is_identifier(std::string_view s) {
    if (s.empty() || s.size() > 64) return false;
    for (char c : s)
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' || c == '.'))
            return false;
    return true;
}

bool is_canonical_utc(std::string_view s) {
    if (s.size() != 20) return false;
    auto t = parse_iso_utc(s);
    return t && format_iso_utc(*t) == s;
}

bool is_survey_hash(std::string_view s) {
    return s.size() == 39 && s.substr(0, 7) == "sha256:" &&
           s.find_first_not_of("0123456789abcdef", 7) == std::string_view::npos;
}

Diagnostics validate_response(const nlohmann::json& payload) {
    Diagnostics d;
    Checker c{d};
    if (!payload.is_object()) {
        d.error("", std::string("expected a response/1 object, got ") + type_name(payload));
        return d;
    }
    namespace top = m::payload;
    namespace ptr = m::pointer::payload;
    const json* tag = c.member(payload, top::touchpoint, "", true);
    if (tag && (!tag->is_string() || tag->get_ref<const std::string&>() != "response/1")) {
        d.error(ptr::touchpoint, "expected \"response/1\", got " + write_json(*tag));
        return d;  // another format: member-by-member findings would only be noise
    }
    const json* id = c.member(payload, top::id, "", true);
    if (c.expect_string(id, ptr::id) && !is_uuid_v4(id->get_ref<const std::string&>()))
        d.error(ptr::id, "expected a lowercase UUID v4, got \"" + id->get<std::string>() + "\"");
    if (const json* s = c.member(payload, top::survey, "", true)) c.survey(*s, ptr::survey);
    const json* submitted = c.member(payload, top::submitted, "", true);
    if (c.expect_string(submitted, ptr::submitted) && !is_canonical_utc(submitted->get_ref<const std::string&>()))
        d.error(ptr::submitted,
                "expected a UTC time like \"2026-11-23T05:00:00Z\", got \"" + submitted->get<std::string>() + "\"");
    c.expect_bool(c.member(payload, top::partial, "", true), ptr::partial);
    const json* locale = c.member(payload, top::locale, "", true);
    if (c.expect_string(locale, ptr::locale)) {
        const std::string& l = locale->get_ref<const std::string&>();
        bool ok = !l.empty() && l.size() <= 35 && l.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos &&
                  l.front() != '-' && l.back() != '-';
        if (!ok) d.error(ptr::locale, "\"" + l + "\" is not a BCP 47 language tag");
    }
    if (const json* a = c.member(payload, top::answers, "", true)) c.answers(*a, ptr::answers);
    if (const json* f = c.member(payload, top::fields, "", false)) c.hidden_fields(*f, ptr::fields);
    if (const json* s = c.member(payload, top::scores, "", true)) c.scores(*s, ptr::scores);
    if (const json* j = c.member(payload, top::journey, "", false)) c.journey(*j, ptr::journey);
    if (const json* ctx = c.member(payload, top::context, "", false)) c.context(*ctx, ptr::context);
    if (const json* a = c.member(payload, top::alert, "", false)) c.alert(*a, ptr::alert);
    c.expect_int(c.member(payload, top::redactions, "", true), ptr::redactions, 0, 1000000);
    c.unknown_members(payload, "", "payload");
    return d;
}

}  // namespace touchpoint
