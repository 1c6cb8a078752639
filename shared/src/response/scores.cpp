#include "touchpoint/response/scores.hpp"

#include <cmath>

#include "touchpoint/base/utf8.hpp"
#include "touchpoint/response/derived.hpp"
#include "touchpoint/response/members.hpp"

namespace touchpoint {
namespace {

const json& null_json() {
    static const json n;
    return n;
}

const json& child(const json& obj, std::string_view key) {
    if (!obj.is_object()) return null_json();
    auto it = obj.find(std::string(key));
    return it == obj.end() ? null_json() : *it;
}

}  // namespace

json AnswerScope::lookup(std::string_view name) const {
    auto walk = [](const json* v, std::string_view path) -> json {
        while (!path.empty() && v->is_object()) {
            std::size_t dot = path.find('.');
            v = &child(*v, path.substr(0, dot));
            path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
        }
        return path.empty() ? *v : json();
    };
    if (starts_with(name, "context.")) return walk(&context_, name.substr(8));
    if (starts_with(name, "score.")) {
        std::string_view id = name.substr(6);
        const json& builtin = child(scores_, id);
        if (builtin.is_object()) return child(builtin, members::nps::value);
        return child(child(child(scores_, members::scores::custom), id), members::custom::value);
    }
    if (starts_with(name, "band."))
        return child(child(child(scores_, members::scores::custom), name.substr(5)), members::custom::band);
    return child(answers_, name);
}

json compute_scores(const Survey& s, const json& answers, const json& context) {
    json out = json::object();
    for (const auto& q : s.questions) {  // the first answered question of each built-in score counts
        Question::ScoreFeed feed = q->feeds();
        const char* key = builtin_score_key(feed.score);
        const json& a = child(answers, q->id);
        if (feed.score == BuiltinScore::None || out.contains(key) || !a.is_number_integer()) continue;
        out[key] = score_entry(feed.score, a.get<long long>(), feed.scale, q->id);
    }
    json custom = json::object();
    for (const ScoreDef& def : s.scores) {
        json value;
        if (def.expression.valid()) {
            json partial = out;
            partial[members::scores::custom] = custom;
            value = def.expression.evaluate(AnswerScope(answers, partial, context));
            if (!value.is_number()) continue;
        } else {
            double total = 0;
            bool any = false;
            for (const auto& [qid, weight] : def.weights) {
                const Question* q = s.find(qid);
                double n = 0;
                if (q && q->numeric(child(answers, qid), n)) {
                    total += weight * n;
                    any = true;
                }
            }
            if (!any) continue;
            value = expr::number_value(std::round(total * 100) / 100);
        }
        json entry = {{members::custom::value, value}};
        double v = value.get<double>();
        for (auto it = def.bands.rbegin(); it != def.bands.rend(); ++it) {
            if (v >= it->min) {
                entry[members::custom::band] = it->id;
                break;
            }
        }
        custom[def.id] = entry;
    }
    if (!custom.empty()) out[members::scores::custom] = custom;
    return out;
}

json compute_alert(const Survey& s, const json& scores) {
    const AlertPolicy& p = s.alerts;
    namespace alert = members::alert;
    const json& nps = child(scores, members::scores::nps);
    if (p.detractor && nps.is_object() && nps[members::nps::category] == "detractor")
        return {{alert::reason, "detractor"}, {alert::question, nps[members::nps::question]}};
    const json& csat = child(scores, members::scores::csat);
    if (p.low_csat && csat.is_object() && csat[members::csat::value].get<double>() <= p.low_csat_at_most)
        return {{alert::reason, "low-csat"}, {alert::question, csat[members::csat::question]}};
    const json& ces = child(scores, members::scores::ces);
    if (p.high_effort && ces.is_object() && ces[members::ces::value].get<double>() <= p.high_effort_at_most)
        return {{alert::reason, "high-effort"}, {alert::question, ces[members::ces::question]}};
    return nullptr;
}

}  // namespace touchpoint
