// Facts from a parsed payload, and the shared acceptance rules (check_facts).
#include <cmath>
#include <string>

#include "aggregate/facts.hpp"
#include "touchpoint/response/members.hpp"
#include "touchpoint/survey/other_answer.hpp"
#include "touchpoint/survey/scales.hpp"
#include "touchpoint/base/timefmt.hpp"

namespace touchpoint::agg {
namespace {

using json = nlohmann::json;
namespace m = members;
namespace top = members::payload;

Raw raw_of(const json* v) {
    Raw r;
    if (!v) return r;
    switch (v->type()) {
        case json::value_t::string:
            r.kind = Raw::String;
            r.text = v->get_ref<const std::string&>();
            break;
        case json::value_t::boolean: r.kind = v->get<bool>() ? Raw::True : Raw::False; break;
        case json::value_t::null: r.kind = Raw::Null; break;
        case json::value_t::object: r.kind = Raw::Object; break;
        case json::value_t::array: r.kind = Raw::Array; break;
        default:
            r.kind = Raw::Number;
            r.number = v->get<double>();
            break;
    }
    return r;
}

const json* find(const json* obj, const char* key) {
    if (!obj || !obj->is_object()) return nullptr;
    auto it = obj->find(key);
    return it == obj->end() ? nullptr : &*it;
}
const json* find(const json* obj, const std::string& key) { return find(obj, key.c_str()); }

// Group text of a scalar; false if the value does not group (null, an object).
bool scalar_text(const json& v, Facts& f, std::string_view& out) {
    switch (v.type()) {
        case json::value_t::string: out = v.get_ref<const std::string&>(); return true;
        case json::value_t::boolean: out = v.get<bool>() ? "true" : "false"; return true;
        case json::value_t::number_integer: f.scratch.push_back(std::to_string(v.get<std::int64_t>())); break;
        case json::value_t::number_unsigned: f.scratch.push_back(std::to_string(v.get<std::uint64_t>())); break;
        case json::value_t::number_float: f.scratch.push_back(v.dump()); break;
        default: return false;
    }
    out = f.scratch.back();
    return true;
}

void values_of(const json* v, Facts& f, Values& out) {
    if (!v) return;
    out.present = true;
    out.raw = raw_of(v);
    std::string_view text;
    if (v->is_array()) {
        for (const json& item : *v)
            if (item.is_string() && out.count < kMaxValues) out.items[out.count++] = item.get_ref<const std::string&>();
    } else if (v->is_object()) {
        const json* value = find(v, other_answer::value);  // an "other" answer (other_answer.def): its values count
        if (value && value->is_string()) out.items[out.count++] = value->get_ref<const std::string&>();
        if (value && value->is_array())
            for (const json& item : *value)
                if (item.is_string() && out.count < kMaxValues) out.items[out.count++] = item.get_ref<const std::string&>();
    } else if (scalar_text(*v, f, text)) {
        out.items[out.count++] = text;
    }
}

// One requested answer: "q" is the answer itself; "q/part" is one part of it — a matrix row's
// column(s), or where a ranking placed an item ("1" = first). '/' cannot occur in a question id.
void answer_values(const json* answers, const std::string& requested, Facts& f, Values& out) {
    const std::size_t slash = requested.find('/');
    if (slash == std::string::npos) return values_of(find(answers, requested), f, out);
    const json* whole = find(answers, requested.substr(0, slash));
    const std::string part = requested.substr(slash + 1);
    if (whole && whole->is_object()) return values_of(find(whole, part), f, out);
    if (!whole || !whole->is_array()) return;
    for (std::size_t i = 0; i < whole->size(); ++i)
        if ((*whole)[i].is_string() && (*whole)[i].get_ref<const std::string&>() == part) {
            out.present = true;
            out.raw.kind = Raw::Number;
            out.raw.number = static_cast<double>(i + 1);
            f.scratch.push_back(std::to_string(i + 1));
            out.items[out.count++] = f.scratch.back();
            return;
        }
}

// A finding: "POINTER: what", the pointer built from the members' names (only on failure).
using Path = std::initializer_list<const char*>;
std::string at(Path path, const char* what) {
    std::string out;
    for (const char* key : path) out.append("/").append(key);
    return out.append(": ").append(what);
}

std::string need_whole(const Raw& r, Path path, int lo, int hi) {
    if (r.kind != Raw::Number) return at(path, "expected a number");
    if (!(r.number == std::floor(r.number)) || r.number < lo || r.number > hi)
        return at(path, "expected a whole number from ") + std::to_string(lo) + " to " + std::to_string(hi);
    return std::string();
}

bool absent_or(const Raw& r, Raw::Kind k) { return r.kind == Raw::Absent || r.kind == k; }

}  // namespace

// Only the kinds: a Raw's text and number are read only under its kind (they stay from the last
// line otherwise), and this runs for every line, so its stores count (~5% of the wasm scan).
void Facts::reset(std::size_t answers_n, std::size_t segments_n) {
    // Spelled out, not a loop over a list of the members' addresses: once a line, that loop was 3% of
    // the scan's instructions; these are 22 stores.
    tag.kind = survey.kind = survey_id.kind = survey_version.kind = submitted.kind = locale.kind = Raw::Absent;
    journey.kind = map.kind = stage.kind = touchpoint.kind = Raw::Absent;
    scores.kind = nps.kind = nps_value.kind = csat.kind = csat_value.kind = csat_scale.kind = Raw::Absent;
    ces.kind = ces_value.kind = ces_scale.kind = answers.kind = context.kind = segment.kind = Raw::Absent;
    if (answer.size() < answers_n) answer.resize(answers_n);
    if (segment_value.size() < segments_n) segment_value.resize(segments_n);
    for (std::size_t i = 0; i < answers_n; ++i) { answer[i].present = false; answer[i].count = 0; answer[i].raw.kind = Raw::Absent; }
    for (std::size_t i = 0; i < segments_n; ++i) {
        segment_value[i].present = false;
        segment_value[i].count = 0;
        segment_value[i].raw.kind = Raw::Absent;
    }
    if (!scratch.empty()) scratch.clear();
    answer_names.clear();
    segment_names.clear();
    part_names.clear();
    answer_list_or_object = false;
}

void facts_from_json(const nlohmann::json& p, const FactsRequest& req, Facts& f) {
    f.reset(req.answers.size(), req.segments.size());
    if (!p.is_object()) return;  // tag stays Absent: check_facts refuses it
    const json* root = &p;
    f.tag = raw_of(find(root, top::touchpoint));
    const json* survey = find(root, top::survey);
    f.survey = raw_of(survey);
    f.survey_id = raw_of(find(survey, m::survey::id));
    f.survey_version = raw_of(find(survey, m::survey::version));
    f.submitted = raw_of(find(root, top::submitted));
    f.locale = raw_of(find(root, top::locale));
    const json* journey = find(root, top::journey);
    f.journey = raw_of(journey);
    f.map = raw_of(find(journey, m::journey::map));
    f.stage = raw_of(find(journey, m::journey::stage));
    f.touchpoint = raw_of(find(journey, m::journey::touchpoint));
    const json* scores = find(root, top::scores);
    f.scores = raw_of(scores);
    const json* nps = find(scores, m::scores::nps);
    f.nps = raw_of(nps);
    f.nps_value = raw_of(find(nps, m::nps::value));
    const json* csat = find(scores, m::scores::csat);
    f.csat = raw_of(csat);
    f.csat_value = raw_of(find(csat, m::csat::value));
    f.csat_scale = raw_of(find(csat, m::csat::scale));
    const json* ces = find(scores, m::scores::ces);
    f.ces = raw_of(ces);
    f.ces_value = raw_of(find(ces, m::ces::value));
    f.ces_scale = raw_of(find(ces, m::ces::scale));
    const json* answers = find(root, top::answers);
    f.answers = raw_of(answers);
    f.scratch.reserve(req.answers.size() + req.segments.size());  // views into scratch stay valid
    for (std::size_t i = 0; i < req.answers.size(); ++i) answer_values(answers, req.answers[i], f, f.answer[i]);
    const json* context = find(root, top::context);
    f.context = raw_of(context);
    const json* segment = find(context, m::context::segment);
    f.segment = raw_of(segment);
    for (std::size_t i = 0; i < req.segments.size(); ++i) {
        const json* v = find(segment, req.segments[i]);
        if (v && (v->is_array() || v->is_object())) {  // segments are scalars: record the type only
            f.segment_value[i].present = true;
            f.segment_value[i].raw = raw_of(v);
            continue;
        }
        values_of(v, f, f.segment_value[i]);
    }
}

std::string check_facts(const Facts& f) {
    if (f.tag.kind != Raw::String || f.tag.text != "response/1") return at({top::touchpoint}, "not a response/1 payload");
    if (!absent_or(f.survey, Raw::Object)) return at({top::survey}, "expected an object");
    if (!absent_or(f.survey_id, Raw::String)) return at({top::survey, m::survey::id}, "expected a string");
    if (f.submitted.kind != Raw::Absent &&
        (f.submitted.kind != Raw::String || !parse_iso_utc(f.submitted.text)))
        return at({top::submitted}, "expected an ISO-8601 UTC time");
    if (!absent_or(f.locale, Raw::String)) return at({top::locale}, "expected a string");
    if (!absent_or(f.journey, Raw::Object)) return at({top::journey}, "expected an object");
    if (!absent_or(f.map, Raw::String)) return at({top::journey, m::journey::map}, "expected a string");
    if (!absent_or(f.stage, Raw::String)) return at({top::journey, m::journey::stage}, "expected a string");
    if (!absent_or(f.touchpoint, Raw::String)) return at({top::journey, m::journey::touchpoint}, "expected a string");
    if (!absent_or(f.scores, Raw::Object)) return at({top::scores}, "expected an object");
    if (!absent_or(f.nps, Raw::Object)) return at({top::scores, m::scores::nps}, "expected an object");
    if (f.nps.kind == Raw::Object) {
        std::string e = need_whole(f.nps_value, {top::scores, m::scores::nps, m::nps::value}, 0, 10);
        if (!e.empty()) return e;
    }
    struct Scaled { const Raw& obj; const Raw& value; const Raw& scale; const char* name; int def; };
    const Scaled scaled[2] = {{f.csat, f.csat_value, f.csat_scale, m::scores::csat, kCsatDefaultScale},
                               {f.ces, f.ces_value, f.ces_scale, m::scores::ces, kCesDefaultScale}};
    for (const Scaled& s : scaled) {
        if (!absent_or(s.obj, Raw::Object)) return at({top::scores, s.name}, "expected an object");
        if (s.obj.kind != Raw::Object) continue;
        int scale = s.def;
        if (s.scale.kind != Raw::Absent) {
            std::string e = need_whole(s.scale, {top::scores, s.name, m::csat::scale}, 2, 10);
            if (!e.empty()) return e;
            scale = int(s.scale.number);
        }
        std::string e = need_whole(s.value, {top::scores, s.name, m::csat::value}, 1, scale);
        if (!e.empty()) return e;
    }
    if (!absent_or(f.answers, Raw::Object)) return at({top::answers}, "expected an object");
    if (!absent_or(f.context, Raw::Object)) return at({top::context}, "expected an object");
    if (!absent_or(f.segment, Raw::Object)) return at({top::context, m::context::segment}, "expected an object");
    return std::string();
}

std::string check_segment(const Facts& f, std::size_t index, const std::string& name) {
    Raw::Kind k = f.segment_value[index].raw.kind;
    if (k == Raw::Object || k == Raw::Array)
        return at({top::context, m::context::segment, name.c_str()}, "expected a string, number or boolean");
    return std::string();
}

}  // namespace touchpoint::agg
