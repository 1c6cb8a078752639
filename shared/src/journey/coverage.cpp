// Coverage of a map by surveys and significant changes between two overlays (see coverage.hpp).
#include "touchpoint/journey/coverage.hpp"

#include <cmath>

namespace touchpoint::journey {
namespace {
constexpr double kZ95 = 1.959963984540054;

// Hits behind a share the aggregator printed (rounded to 0.1 %): exact below 1,000 answers, and
// within half an answer per 1,000 above.
long long hits_of(double percent, long long n) { return std::llround(percent / 100.0 * double(n)); }

stats::Change csat_change(const Scores& a, const Scores& b, double alpha) {
    if (!a.csat || !b.csat) return {};
    return stats::compare_shares(hits_of(*a.csat, a.csat_n), a.csat_n, hits_of(*b.csat, b.csat_n), b.csat_n, alpha);
}
stats::Change nps_change(const Scores& a, const Scores& b, double alpha) {
    return stats::compare_nps({a.nps_n, a.promoters, a.detractors}, {b.nps_n, b.promoters, b.detractors}, alpha);
}
}  // namespace

long long answers_for_margin(double variance, double target_points) {
    if (!(target_points > 0)) return 0;
    const double target = target_points / 100.0;
    return static_cast<long long>(std::ceil(kZ95 * kZ95 * variance / (target * target)));
}

std::vector<CoverageRow> coverage(const Map& map, const Overlay& overlay, const CoverageTarget& target) {
    std::vector<CoverageRow> rows(map.touchpoints.size());
    for (std::size_t i = 0; i < map.touchpoints.size(); ++i) {
        CoverageRow& row = rows[i];
        row.touchpoint = static_cast<int>(i);
        bool wants_nps = false, wants_csat = false;
        for (const auto& m : map.metrics) {
            if (m.touchpoint != map.touchpoints[i].id || m.survey.empty() || m.question.empty()) continue;
            row.metrics.push_back(m.id);
            wants_nps = wants_nps || m.kind == MetricKind::Nps;
            wants_csat = wants_csat || m.kind == MetricKind::Csat;
        }
        row.measured = !row.metrics.empty();
        const Scores* s = i < overlay.touchpoints.size() ? &overlay.touchpoints[i] : nullptr;
        row.n = s ? s->n : 0;
        // NPS: variance of the +1/0/−1 coding seen so far (worst case 1 before any answer).
        double nps_var = 1;
        if (s && s->nps_n > 0) {
            const double pp = double(s->promoters) / double(s->nps_n), pd = double(s->detractors) / double(s->nps_n);
            nps_var = stats::nps_coding_variance(pp, pd);
            row.nps_moe = s->nps_moe;
        }
        const long long nps_have = s ? s->nps_n : 0;
        const long long nps_total = answers_for_margin(nps_var, target.nps_moe);
        row.nps_needed = wants_nps && nps_total > nps_have ? nps_total - nps_have : 0;
        double csat_var = 0.25;
        if (s && s->csat && s->csat_n > 0) {
            const double p = *s->csat / 100.0;
            csat_var = p * (1 - p);
            row.csat_moe = kZ95 * std::sqrt(csat_var / double(s->csat_n)) * 100.0;
        }
        const long long csat_have = s ? s->csat_n : 0;
        const long long csat_total = answers_for_margin(csat_var, target.csat_moe);
        row.csat_needed = wants_csat && csat_total > csat_have ? csat_total - csat_have : 0;
        row.meets_target = row.measured && row.nps_needed == 0 && row.csat_needed == 0;
    }
    return rows;
}

nlohmann::json survey_for_touchpoint(const nlohmann::json& survey_template, const Map& map, int touchpoint,
                                     const std::string& new_id) {
    nlohmann::json s = survey_template;
    if (!s.is_object() || touchpoint < 0 || static_cast<std::size_t>(touchpoint) >= map.touchpoints.size()) return s;
    const Touchpoint& t = map.touchpoints[static_cast<std::size_t>(touchpoint)];
    s["id"] = new_id;
    s["journey"] = {{"map", map.id}, {"stage", t.stage}, {"touchpoint", t.id}};
    return s;
}

MetricChange compare_scores(const Scores& before, const Scores& after, double alpha) {
    return {nps_change(before, after, alpha), csat_change(before, after, alpha)};
}

Changes compare_overlays(const Overlay& before, const Overlay& after, double alpha) {
    Changes c;
    auto pairwise = [&](const std::vector<Scores>& a, const std::vector<Scores>& b, std::vector<MetricChange>& out) {
        out.resize(std::min(a.size(), b.size()));
        for (std::size_t i = 0; i < out.size(); ++i) out[i] = compare_scores(a[i], b[i], alpha);
    };
    pairwise(before.touchpoints, after.touchpoints, c.touchpoints);
    pairwise(before.stages, after.stages, c.stages);
    return c;
}

}  // namespace touchpoint::journey
