#include "survey/survey_sections.hpp"

#include <cmath>

#include "survey/builtin_scores.hpp"
#include "survey/fields.hpp"
#include "survey/survey_enums.hpp"
#include "touchpoint/base/json_text.hpp"
#include "touchpoint/base/locale.hpp"
#include "touchpoint/base/utf8.hpp"
#include "touchpoint/survey/piping.hpp"

namespace touchpoint::sections {
namespace {

using fields::warn_unknown;

bool valid_url(const std::string& u) {
    return (starts_with(u, "https://") && u.size() > 8) || (starts_with(u, "http://") && u.size() > 7) ||
           (starts_with(u, "/") && !starts_with(u, "//"));
}

void read_url(const json& obj, const char* key, const std::string& p, Diagnostics& d, bool required) {
    std::string url;
    if (!fields::read_string(obj, key, url, p, d, required, 2000)) return;
    if (obj.contains(key) && !valid_url(url))
        d.error(pointer_join(p, key), "expected an http(s) URL or a path starting with '/'");
}

// One reader per kind of trigger_fields.def.
void read_trigger_int(Survey&, const json& v, const char* key, long long min, long long max, Diagnostics& d) {
    long long n = 0;
    fields::read_int(v, key, n, min, max, "/trigger", d);
}
void read_trigger_bool(Survey&, const json& v, const char* key, long long, long long, Diagnostics& d) {
    bool b = false;
    fields::read_bool(v, key, b, "/trigger", d);
}
void read_trigger_string(Survey&, const json& v, const char* key, long long, long long max, Diagnostics& d) {
    std::string text;
    fields::read_string(v, key, text, "/trigger", d, false, static_cast<std::size_t>(max));
}
// An expression the loader hands to the engine as is: the audience sees the visitor's attributes
// (segment.NAME), an event's condition also the properties given to track() (properties.NAME).
// Nothing else exists where they are evaluated, so any other name is an error, not a silent null.
void read_trigger_expr(Survey& s, const json& v, const char* key, long long, long long max, Diagnostics& d) {
    std::string text;
    if (!v.contains(key) || !fields::read_string(v, key, text, "/trigger", d, false, static_cast<std::size_t>(max))) return;
    const std::string p = pointer_join("/trigger", key);
    expr::ParseError err;
    expr::Expression e = expr::Expression::parse(text, err);
    if (!e.valid()) return d.error(p, "bad expression: " + err.message + " (column " + std::to_string(err.column) + ")");
    const bool audience = std::string_view(key) == "audience";
    for (const expr::Expression::Reference& r : e.references()) {
        const bool segment = starts_with(r.name, "segment.") && r.name.size() > 8;
        const bool property = !audience && starts_with(r.name, "properties.") && r.name.size() > 11;
        if (!segment && !property)
            return d.error(p, "unknown name \"" + r.name + "\": expected " +
                                  (audience ? "segment.NAME" : "properties.NAME or segment.NAME") + " (column " +
                                  std::to_string(r.column) + ")");
    }
    if (audience) s.audience = std::move(e);
    else if (!v.contains("event")) d.error(p, "needs \"event\": the condition is on that event's properties");
    else s.event_condition = std::move(e);
}

// The defaults engine::settings applies (setting_defaults.def), as JSON literals (a table rather
// than code: the engine ships in every page that shows a survey).
struct SettingDefault {
    const char* section;
    const char* key;
    const char* value;
};
const SettingDefault kSettingDefaults[] = {
#define TP_SETTING_DEFAULT(section, key, value) {#section, #key, value},
#include "setting_defaults.def"
#undef TP_SETTING_DEFAULT
};

}  // namespace

json settings_json(const Survey& s) {
    const json& doc = s.document;
    json out = json::object();
    for (const SettingDefault& d : kSettingDefaults) {
        json& section = out[d.section];
        if (section.is_null()) section = doc.contains(d.section) ? doc[d.section] : json::object();
        if (!section.contains(d.key)) parse_json(d.value, section[d.key]);  // the table's values are JSON literals
    }
    return out;
}

expr::Expression load_expression(const Survey& s, const json& value, const std::string& p, std::size_t scores_before,
                                 Diagnostics& d) {
    if (!value.is_string()) {
        d.error(p, "expected an expression string");
        return {};
    }
    expr::ParseError err;
    expr::Expression e = expr::Expression::parse(value.get_ref<const std::string&>(), err);
    if (!e.valid()) {
        d.error(p, "bad expression: " + err.message + " (column " + std::to_string(err.column) + ")");
        return e;
    }
    for (const expr::Expression::Reference& r : e.references()) {
        std::string col = " (column " + std::to_string(r.column) + ")";
        if (starts_with(r.name, "context.")) continue;
        bool is_score = starts_with(r.name, "score."), is_band = starts_with(r.name, "band.");
        if (is_score || is_band) {
            std::string id = r.name.substr(is_score ? 6 : 5);
            bool found = is_score && builtin_score(id);
            for (std::size_t i = 0; i < s.scores.size() && !found; ++i) {
                if (s.scores[i].id != id) continue;
                if (i >= scores_before) {
                    d.error(p, "score \"" + id + "\" is not computed yet at this point" + col);
                    return {};
                }
                found = true;
            }
            if (!found) {
                d.error(p, "unknown score \"" + id + "\"" + col);
                return {};
            }
            continue;
        }
        if (!s.find(r.name)) {
            d.error(p, "unknown question \"" + r.name + "\"" + col);
            return {};
        }
    }
    return e;
}

void load_expressions(Survey& s, const json& doc, const LoadContext& ctx, Diagnostics& d) {
    const json& qs = doc["questions"];
    for (std::size_t i = 0; i < s.questions.size(); ++i) {
        Question& q = *s.questions[i];
        const json& def = qs[i];
        std::string p = pointer_join("/questions", i);
        if (def.contains("visibleIf"))
            q.visible_if = load_expression(s, def["visibleIf"], pointer_join(p, "visibleIf"), s.scores.size(), d);
        if (!def.contains("validation")) continue;
        std::string vp = pointer_join(p, "validation");
        const json& rules = def["validation"];
        if (!rules.is_array()) {
            d.error(vp, "expected an array of {\"rule\",\"message\"}");
            continue;
        }
        for (std::size_t j = 0; j < rules.size() && j < 20; ++j) {
            std::string rp = pointer_join(vp, j);
            if (!rules[j].is_object() || !rules[j].contains("rule")) {
                d.error(rp, "expected {\"rule\": expression, \"message\": text}");
                continue;
            }
            ValidationRule rule;
            rule.rule = load_expression(s, rules[j]["rule"], pointer_join(rp, "rule"), s.scores.size(), d);
            fields::read_text(rules[j], "message", rule.message, rp, ctx, d, true);
            warn_unknown(rules[j], rp, {"rule", "message"}, d);
            if (rule.rule.valid()) q.validation.push_back(std::move(rule));
        }
    }
}

void load_scores(Survey& s, const json& doc, const LoadContext& ctx, const SurveyLimits& limits, Diagnostics& d) {
    if (!doc.contains("scores")) return;
    const json& list = doc["scores"];
    if (!list.is_array() || list.size() > limits.max_scores) {
        d.error("/scores", "expected an array of at most " + std::to_string(limits.max_scores) + " scores");
        return;
    }
    // Ids first, so expressions can name scores defined before them.
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string p = pointer_join("/scores", i);
        ScoreDef def;
        if (!list[i].is_object()) {
            d.error(p, "expected a score object");
            return;
        }
        if (!fields::read_string(list[i], "id", def.id, p, d, true, 64)) return;
        if (!fields::valid_id(def.id) || builtin_score(def.id)) {
            d.error(pointer_join(p, "id"), "a score id needs 1–64 letters, digits, '_', '-' or '.', and not nps/csat/ces");
            return;
        }
        if (s.find_score(def.id)) {
            d.error(pointer_join(p, "id"), "duplicate score id \"" + def.id + "\"");
            return;
        }
        s.scores.push_back(std::move(def));
    }
    for (std::size_t i = 0; i < list.size(); ++i) {
        const json& sd = list[i];
        ScoreDef& def = s.scores[i];
        std::string p = pointer_join("/scores", i);
        fields::read_text(sd, "title", def.title, p, ctx, d);
        bool has_weights = sd.contains("weights"), has_expr = sd.contains("expression");
        if (has_weights == has_expr) d.error(p, "a score needs either \"weights\" or \"expression\"");
        if (has_weights) {
            const json& w = sd["weights"];
            std::string wp = pointer_join(p, "weights");
            if (!w.is_object() || w.empty()) d.error(wp, "expected {\"question id\": weight, ...}");
            else
                for (auto it = w.begin(); it != w.end(); ++it) {
                    std::string ip = pointer_join(wp, it.key());
                    if (!s.find(it.key())) d.error(ip, "unknown question \"" + it.key() + "\"");
                    else if (!it.value().is_number()) d.error(ip, "expected a number");
                    else def.weights.emplace_back(it.key(), it.value().get<double>());
                }
        }
        if (has_expr) def.expression = load_expression(s, sd["expression"], pointer_join(p, "expression"), i, d);
        if (sd.contains("bands")) {
            const json& bands = sd["bands"];
            std::string bp = pointer_join(p, "bands");
            if (!bands.is_array() || bands.empty() || bands.size() > 20) {
                d.error(bp, "expected 1–20 bands");
            } else {
                for (std::size_t j = 0; j < bands.size(); ++j) {
                    std::string jp = pointer_join(bp, j);
                    ScoreBand band;
                    bool present = false;
                    if (!bands[j].is_object()) {
                        d.error(jp, "expected {\"id\",\"min\",\"label\"}");
                        continue;
                    }
                    fields::read_string(bands[j], "id", band.id, jp, d, true, 64);
                    fields::read_number(bands[j], "min", band.min, present, jp, d);
                    if (!present && j > 0) d.error(jp, "missing \"min\" (only the lowest band may omit it)");
                    if (!present) band.min = -HUGE_VAL;
                    band.label = band.id;
                    fields::read_text(bands[j], "label", band.label, jp, ctx, d);
                    warn_unknown(bands[j], jp, {"id", "min", "label"}, d);
                    if (!def.bands.empty() && band.min <= def.bands.back().min)
                        d.error(pointer_join(jp, "min"), "bands must be in increasing order of min");
                    for (const ScoreBand& b : def.bands)
                        if (b.id == band.id) d.error(pointer_join(jp, "id"), "duplicate band id \"" + band.id + "\"");
                    def.bands.push_back(std::move(band));
                }
            }
        }
        warn_unknown(sd, p, {"id", "title", "weights", "expression", "bands"}, d);
    }
}

void load_logic(Survey& s, const json& doc, const SurveyLimits& limits, Diagnostics& d) {
    if (!doc.contains("logic")) return;
    const json& list = doc["logic"];
    if (!list.is_array() || list.size() > limits.max_logic) {
        d.error("/logic", "expected an array of at most " + std::to_string(limits.max_logic) + " rules");
        return;
    }
    auto step_of_id = [&](const std::string& id, std::size_t& step) {
        for (std::size_t i = 0; i < s.steps.size(); ++i)
            if (!s.steps[i].id.empty() && s.steps[i].id == id) {
                step = i;
                return true;
            }
        std::size_t qi = s.index_of(id);
        if (qi == s.questions.size() || qi >= s.step_of.size()) return false;
        step = s.step_of[qi];
        return true;
    };
    for (std::size_t i = 0; i < list.size(); ++i) {
        std::string p = pointer_join("/logic", i);
        const json& r = list[i];
        if (!r.is_object() || !r.contains("if")) {
            d.error(p, "expected {\"if\": expression, \"goto\": id} or {\"if\": expression, \"end\": true}");
            continue;
        }
        LogicRule rule;
        rule.condition = load_expression(s, r["if"], pointer_join(p, "if"), s.scores.size(), d);
        fields::read_string(r, "from", rule.from, p, d, false, 64);
        std::size_t from_step = 0;
        if (!rule.from.empty() && !step_of_id(rule.from, from_step))
            d.error(pointer_join(p, "from"), "unknown question or page \"" + rule.from + "\"");
        fields::read_string(r, "goto", rule.go_to, p, d, false, 64);
        fields::read_bool(r, "end", rule.end, p, d);
        if (rule.go_to.empty() == !rule.end) {
            d.error(p, "a rule needs exactly one of \"goto\" and \"end\": true");
        } else if (!rule.go_to.empty()) {
            if (!step_of_id(rule.go_to, rule.target_step)) {
                d.error(pointer_join(p, "goto"), "unknown question or page \"" + rule.go_to + "\"");
            } else if (!rule.from.empty() && rule.target_step <= from_step) {
                d.error(pointer_join(p, "goto"), "goto must jump forward (\"" + rule.go_to + "\" is not after \"" +
                                                     rule.from + "\")");
            }
        }
        warn_unknown(r, p, {"if", "from", "goto", "end"}, d);
        if (rule.condition.valid()) s.logic.push_back(std::move(rule));
    }
}

void load_settings(Survey& s, const json& doc, const LoadContext& ctx, Diagnostics& d) {
    if (doc.contains("journey")) {
        const json& j = doc["journey"];
        if (!j.is_object()) {
            d.error("/journey", "expected {\"map\",\"stage\",\"touchpoint\"}");
        } else {
            std::string v;
            for (const char* key : {"map", "stage", "touchpoint"})
                if (fields::read_string(j, key, v, "/journey", d, std::string(key) == "map", 64) && j.contains(key) &&
                    !fields::valid_id(v))
                    d.error(pointer_join("/journey", key), "an id needs 1–64 letters, digits, '_', '-' or '.'");
            warn_unknown(j, "/journey", {"map", "stage", "touchpoint"}, d);
            s.journey = json::object();
            for (const char* key : {"map", "stage", "touchpoint"})
                if (j.contains(key) && j[key].is_string()) s.journey[key] = j[key];
        }
    }
    if (doc.contains("display")) {
        const json& v = doc["display"];
        if (!v.is_object()) {
            d.error("/display", "expected an object");
        } else {
            const std::string at = "/display";  // built once for the readers below
            std::string e;
            fields::read_enum(v, "mode", e, enums::kDisplayModes, at, d);
            fields::read_enum(v, "position", e, enums::kDisplayPositions, at, d);
            if (v.contains("theme")) {
                const json& t = v["theme"];
                if (!t.is_object()) d.error("/display/theme", "expected {\"token\": \"css value\"}");
                else
                    for (auto it = t.begin(); it != t.end(); ++it)
                        if (!it.value().is_string() || it.value().get_ref<const std::string&>().size() > 200)
                            d.error(pointer_join("/display/theme", it.key()), "expected a CSS value string");
            }
            bool b = false;
            fields::read_bool(v, "showProgress", b, at, d);
            fields::read_bool(v, "dismissible", b, at, d);
            warn_unknown(v, at, {"mode", "position", "theme", "showProgress", "dismissible"}, d);
        }
    }
    if (doc.contains("trigger")) {
        const json& v = doc["trigger"];
        if (!v.is_object()) {
            d.error("/trigger", "expected an object");
        } else {
            // The fields and their ranges: trigger_fields.def (the widget's loader checks the same table).
#define TP_TRIGGER_FIELD(name, kind, min, max) read_trigger_##kind(s, v, #name, min, max, d);
#include "trigger_fields.def"
#undef TP_TRIGGER_FIELD
            warn_unknown(v, "/trigger", {
#define TP_TRIGGER_FIELD(name, kind, min, max) #name,
#include "trigger_fields.def"
#undef TP_TRIGGER_FIELD
                         }, d);
        }
    }
    if (doc.contains("delivery")) {
        const json& v = doc["delivery"];
        if (!v.is_object()) {
            d.error("/delivery", "expected an object");
        } else {
            const std::string at = "/delivery";  // built once for the readers below
            read_url(v, "endpoint", at, d, true);
            std::string e;
            fields::read_enum(v, "method", e, enums::kDeliveryMethods, at, d);
            fields::read_enum(v, "format", e, enums::kDeliveryFormats, at, d);
            long long n = 0;
            fields::read_int(v, "batch", n, 1, 100, at, d);
            if (v.contains("headers")) {
                const json& h = v["headers"];
                if (!h.is_object()) d.error("/delivery/headers", "expected {\"Header-Name\": \"value\"}");
                else
                    for (auto it = h.begin(); it != h.end(); ++it)
                        if (!it.value().is_string()) d.error(pointer_join("/delivery/headers", it.key()), "expected a string");
            }
            if (v.contains("alerts")) {
                const json& a = v["alerts"];
                const std::string ap = "/delivery/alerts";
                if (!a.is_object()) {
                    d.error(ap, "expected {\"endpoint\", \"on\": [\"detractor\",\"low-csat\",\"high-effort\"]}");
                } else {
                    read_url(a, "endpoint", ap, d, true);
                    bool all = !a.contains("on");
                    s.alerts.detractor = s.alerts.low_csat = s.alerts.high_effort = all;
                    if (!all) {
                        const json& on = a["on"];
                        if (!on.is_array()) d.error(ap + "/on", "expected a list of alert reasons");
                        else
                            for (std::size_t i = 0; i < on.size(); ++i) {
                                std::string r = on[i].is_string() ? on[i].get<std::string>() : "";
                                if (r == "detractor") s.alerts.detractor = true;
                                else if (r == "low-csat") s.alerts.low_csat = true;
                                else if (r == "high-effort") s.alerts.high_effort = true;
                                else d.error(pointer_join(ap + "/on", i), "expected detractor, low-csat or high-effort");
                            }
                    }
                    bool present = false;
                    fields::read_number(a, "lowCsatAtMost", s.alerts.low_csat_at_most, present, ap, d);
                    fields::read_number(a, "highEffortAtMost", s.alerts.high_effort_at_most, present, ap, d);
                    warn_unknown(a, ap, {"endpoint", "on", "lowCsatAtMost", "highEffortAtMost"}, d);
                }
            }
            warn_unknown(v, at, {"endpoint", "method", "format", "batch", "headers", "alerts"}, d);
        }
    }
    if (doc.contains("privacy")) {
        const json& v = doc["privacy"];
        if (!v.is_object()) {
            d.error("/privacy", "expected an object");
        } else {
            const std::string at = "/privacy";  // built once for the readers below
            fields::read_enum(v, "timeResolution", s.time_resolution, enums::kTimeResolutions, at, d);
            fields::read_bool(v, "redact", s.redact, at, d);
            if (v.contains("context")) {
                const json& c = v["context"];
                if (!c.is_array()) d.error("/privacy/context", "expected a list of allowed context fields");
                else
                    for (std::size_t i = 0; i < c.size(); ++i) {
                        std::string f = c[i].is_string() ? c[i].get<std::string>() : "";
                        bool ok = f == "page" || f == "respondent" ||
                                  (starts_with(f, "segment.") && fields::valid_id(f.substr(8)));
                        if (!ok) d.error(pointer_join("/privacy/context", i), "expected \"page\", \"respondent\" or \"segment.NAME\"");
                        else s.context_fields.push_back(f);
                    }
            }
            warn_unknown(v, at, {"timeResolution", "redact", "context"}, d);
        }
    }
    if (doc.contains("thankYou")) {
        const json& v = doc["thankYou"];
        if (!v.is_object()) {
            d.error("/thankYou", "expected {\"title\", \"message\"}");
        } else {
            const std::string at = "/thankYou";  // built once for the readers below
            json t;
            fields::read_text(v, "title", t, at, ctx, d);
            fields::read_text(v, "message", t, at, ctx, d);
            warn_unknown(v, at, {"title", "message"}, d);
            s.thank_you = v;
        }
    }
    if (doc.contains("messages")) {
        const json& v = doc["messages"];
        if (!v.is_object()) {
            d.error("/messages", "expected {\"required\": text, ...}");
        } else {
            LoadContext message_ctx = ctx;
            message_ctx.texts = nullptr;  // the widget's own messages are not piped
            for (auto it = v.begin(); it != v.end(); ++it) {
                if (!known_message_code(it.key())) {
                    d.warning(pointer_join("/messages", it.key()), "unknown message \"" + it.key() + "\" is ignored");
                    continue;
                }
                json t;
                fields::read_text(v, it.key().c_str(), t, "/messages", message_ctx, d);
            }
            s.messages = v;
        }
    }
}

void check_piping(const Survey& s, const std::vector<std::pair<std::string, const json*>>& texts, Diagnostics& d) {
    for (const auto& [pointer, text] : texts) {
        if (text->is_string()) {
            std::string problem = piping::check(text->get_ref<const std::string&>(), s);
            if (!problem.empty()) d.error(pointer, problem);
            continue;
        }
        for (auto it = text->begin(); it != text->end(); ++it) {  // a locale map: each translation
            if (!it.value().is_string()) continue;
            std::string problem = piping::check(it.value().get_ref<const std::string&>(), s);
            if (!problem.empty()) d.error(pointer_join(pointer, it.key()), problem);
        }
    }
}

}  // namespace touchpoint::sections
