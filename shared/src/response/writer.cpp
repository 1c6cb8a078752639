#include "touchpoint/response/writer.hpp"

#include "survey/fields.hpp"
#include "touchpoint/base/hash.hpp"
#include "touchpoint/base/timefmt.hpp"
#include "touchpoint/base/utf8.hpp"
#include "touchpoint/base/uuid.hpp"
#include "touchpoint/privacy/scrub.hpp"
#include "touchpoint/response/members.hpp"
#include "touchpoint/response/scores.hpp"

namespace touchpoint {
namespace {

using fields::field;
namespace payload = members::payload;

// The answers that count, each free text scrubbed by its question's pii policy (privacy/scrub.hpp).
json anonymized_answers(const ResponseDraft& draft, int& redactions) {
    json out = json::object();
    for (auto it = draft.answers.begin(); it != draft.answers.end(); ++it) {
        const Question* q = draft.survey.find(it.key());
        if (!q) continue;
        json value = it.value();
        if (scrub_answer(draft.survey, *q, value, redactions)) out[it.key()] = std::move(value);
    }
    return out;
}

// The declared hidden fields with a value, each cut to its maxLength and scrubbed like free text.
json anonymized_fields(const ResponseDraft& draft, int& redactions) {
    json out = json::object();
    if (!draft.fields) return out;
    for (const HiddenField& f : draft.survey.fields) {
        const json& v = field(*draft.fields, f.id.c_str());
        if (!v.is_string() || !utf8_valid(v.get_ref<const std::string&>())) continue;
        std::string text(utf8_truncate(v.get_ref<const std::string&>(), f.max_length));
        scrub_hidden_field(draft.survey, text, redactions);
        if (!text.empty()) out[f.id] = std::move(text);
    }
    return out;
}

bool scalar_segment_value(const json& v) {
    if (v.is_boolean() || v.is_number()) return true;
    return v.is_string() && utf8_length(v.get_ref<const std::string&>()) <= 100 &&
           utf8_valid(v.get_ref<const std::string&>());
}

}  // namespace

std::string strip_page(std::string_view page) {
    std::size_t scheme = page.find("://");
    if (scheme != std::string_view::npos && scheme < 10) {
        std::size_t path = page.find('/', scheme + 3);
        page = path == std::string_view::npos ? std::string_view("/") : page.substr(path);
    }
    std::size_t cut = page.find_first_of("?#");
    std::string out(page.substr(0, cut));
    if (out.empty()) out = "/";
    return std::string(utf8_truncate(out, 500));
}

bool build_payload(const ResponseDraft& draft, const json& context, std::string_view random_hex, json& out,
                   Diagnostics& d) {
    const Survey& s = draft.survey;
    if (!context.is_object()) {
        d.error("/context", "expected a context object");
        return false;
    }
    std::optional<std::string> id = uuid_v4_from_hex(random_hex);
    if (!id) {
        d.error("/random_hex", "expected 32 hex characters of fresh randomness");
        return false;
    }
    const json& now = field(context, "now_ms");
    if (!now.is_number() || now.get<double>() < 0 || now.get<double>() > 253402300799000.0) {
        d.error("/context/now_ms", "expected the current time in milliseconds since 1970");
        return false;
    }
    TimeResolution res = parse_time_resolution(s.time_resolution).value_or(TimeResolution::Hour);
    std::int64_t ms = static_cast<std::int64_t>(now.get<double>());

    int redactions = 0;
    json answers = anonymized_answers(draft, redactions);
    json hidden = anonymized_fields(draft, redactions);
    json scores = compute_scores(s, draft.answers, json::object());

    out = json::object();
    out[payload::touchpoint] = "response/1";
    out[payload::id] = *id;
    out[payload::survey] = {{members::survey::id, s.id}, {members::survey::version, s.version}, {members::survey::hash, s.hash}};
    out[payload::submitted] = format_iso_utc(coarsen(ms, res));
    const json& partial = field(context, "partial");
    out[payload::partial] = partial.is_boolean() ? partial.get<bool>() : !draft.done;
    out[payload::locale] = std::string(draft.locale);
    out[payload::answers] = answers;
    if (!hidden.empty()) out[payload::fields] = hidden;
    out[payload::scores] = scores;

    json journey = s.journey.is_object() ? s.journey : json::object();
    const json& over = field(context, "journey");
    if (over.is_object())
        for (const char* key : {members::journey::map, members::journey::stage, members::journey::touchpoint})
            if (field(over, key).is_string() && fields::valid_id(field(over, key).get<std::string>()))
                journey[key] = over[key];
    if (!journey.empty()) out[payload::journey] = journey;

    json ctx = json::object();
    json segment = json::object();
    const json& seg_in = field(context, "segment");
    for (const std::string& f : s.context_fields) {
        if (f == members::context::page && field(context, "page").is_string()) {
            ctx[members::context::page] = strip_page(context["page"].get<std::string>());
        } else if (f == members::context::respondent && field(context, "respondent").is_string() &&
                   field(context, "key").is_string() &&
                   !context["key"].get_ref<const std::string&>().empty()) {
            // Never the raw id: without a site key there is nothing safe to send.
            ctx[members::context::respondent] = hmac_sha256_hex(context["key"].get<std::string>(), context["respondent"].get<std::string>());
        } else if (starts_with(f, "segment.")) {
            const json& v = field(seg_in, f.c_str() + 8);
            if (scalar_segment_value(v)) segment[f.substr(8)] = v;
        }
    }
    if (!segment.empty()) ctx[members::context::segment] = segment;
    out[payload::context] = ctx;

    json alert = compute_alert(s, scores);
    if (!alert.is_null()) out[payload::alert] = alert;
    out[payload::redactions] = redactions;
    return true;
}

}  // namespace touchpoint
