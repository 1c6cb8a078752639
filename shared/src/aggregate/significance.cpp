// Two-sample tests for the change of a metric (see significance.hpp for which test and why).
#include "touchpoint/aggregate/significance.hpp"

#include <cmath>

namespace touchpoint::stats {
namespace {

// Regularized incomplete beta I_x(a, b) by its continued fraction (modified Lentz), using the
// symmetry I_x(a,b) = 1 − I_{1−x}(b,a) where the fraction converges slowly.
double incomplete_beta(double x, double a, double b) {
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    if (x > (a + 1) / (a + b + 2)) return 1 - incomplete_beta(1 - x, b, a);
    const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
    const double tiny = 1e-300;
    double c = 1, d = 1 - (a + b) * x / (a + 1);
    if (std::fabs(d) < tiny) d = tiny;
    d = 1 / d;
    double f = d;
    for (int m = 1; m <= 300; ++m) {
        const double dm = m;
        // Even step.
        double num = dm * (b - dm) * x / ((a + 2 * dm - 1) * (a + 2 * dm));
        d = 1 + num * d;
        if (std::fabs(d) < tiny) d = tiny;
        c = 1 + num / c;
        if (std::fabs(c) < tiny) c = tiny;
        d = 1 / d;
        f *= d * c;
        // Odd step.
        num = -(a + dm) * (a + b + dm) * x / ((a + 2 * dm) * (a + 2 * dm + 1));
        d = 1 + num * d;
        if (std::fabs(d) < tiny) d = tiny;
        c = 1 + num / c;
        if (std::fabs(c) < tiny) c = tiny;
        d = 1 / d;
        const double step = d * c;
        f *= step;
        if (std::fabs(step - 1) < 1e-15) break;
    }
    return std::exp(log_front) * f / a;
}

Change finish(double delta, double se, double statistic, double df, double p, bool large_enough, double alpha) {
    Change c;
    c.delta = delta;
    c.standard_error = se;
    c.statistic = statistic;
    c.df = df;
    c.p_value = p;
    c.testable = large_enough && se > 0 && std::isfinite(p);
    c.significant = c.testable && p < alpha;
    return c;
}

bool large(std::int64_t n) { return n >= kSmallSample; }

}  // namespace

double normal_two_sided_p(double z) { return std::erfc(std::fabs(z) / std::sqrt(2.0)); }

double student_t_two_sided_p(double t, double df) {
    if (!(df > 0) || !std::isfinite(t)) return std::isfinite(t) ? 1.0 : 0.0;
    return incomplete_beta(df / (df + t * t), df / 2, 0.5);
}

Change compare_nps(const NpsCounts& a, const NpsCounts& b, double alpha) {
    if (a.n <= 0 || b.n <= 0) return {};
    auto mean_var = [](const NpsCounts& s, double& mean, double& var) {
        const double pp = double(s.promoters) / double(s.n), pd = double(s.detractors) / double(s.n);
        mean = pp - pd;
        var = nps_coding_variance(pp, pd);
    };
    double ma, va, mb, vb;
    mean_var(a, ma, va);
    mean_var(b, mb, vb);
    const double se = std::sqrt(va / double(a.n) + vb / double(b.n));
    const double z = se > 0 ? (mb - ma) / se : 0;
    return finish((mb - ma) * 100, se * 100, z, 0, se > 0 ? normal_two_sided_p(z) : 1, large(a.n) && large(b.n), alpha);
}

Change compare_shares(std::int64_t hits_a, std::int64_t n_a, std::int64_t hits_b, std::int64_t n_b, double alpha) {
    if (n_a <= 0 || n_b <= 0) return {};
    const double pa = double(hits_a) / double(n_a), pb = double(hits_b) / double(n_b);
    const double pooled = double(hits_a + hits_b) / double(n_a + n_b);
    const double se = std::sqrt(pooled * (1 - pooled) * (1 / double(n_a) + 1 / double(n_b)));
    const double z = se > 0 ? (pb - pa) / se : 0;
    return finish((pb - pa) * 100, se * 100, z, 0, se > 0 ? normal_two_sided_p(z) : 1, large(n_a) && large(n_b), alpha);
}

Change compare_means(std::int64_t n_a, double mean_a, double var_a, std::int64_t n_b, double mean_b, double var_b,
                     double alpha) {
    if (n_a <= 1 || n_b <= 1) return {};
    const double qa = var_a / double(n_a), qb = var_b / double(n_b);
    const double se = std::sqrt(qa + qb);
    if (!(se > 0)) return finish(mean_b - mean_a, 0, 0, 0, 1, false, alpha);
    const double t = (mean_b - mean_a) / se;
    const double df = (qa + qb) * (qa + qb) / (qa * qa / double(n_a - 1) + qb * qb / double(n_b - 1));
    return finish(mean_b - mean_a, se, t, df, student_t_two_sided_p(t, df), large(n_a) && large(n_b), alpha);
}

}  // namespace touchpoint::stats
