// Did a metric really change? Tests for the difference between two independent samples (two
// periods, or an as-is and a to-be map), from the sufficient statistics the aggregator keeps.
// The journey map marks a change only when its test says so, and change alerts fire only on
// significant moves — never per response.
//
// Tests (all two-sided, normal approximations as the CX literature uses them):
// - NPS: each answer coded +1 (promoter), 0 (passive), −1 (detractor); NPS is the mean of that
//   coding, its variance p⁺ + p⁻ − (p⁺ − p⁻)²; the difference of two means over its unpooled
//   standard error is compared with the normal distribution (a two-sample z-test).
// - Shares (CSAT top-2-box, CES "easy"): the two-proportion z-test with the pooled share.
// - Means (CES, CSAT means): Welch's t-test (unequal variances, Welch–Satterthwaite degrees of
//   freedom), p from Student's t distribution.
// A side with fewer than kSmallSample answers is never significant (too small to say): the same
// threshold below which the aggregator flags a group "small_sample".
#pragma once
#include <cstdint>

namespace touchpoint::stats {

// Below 30 answers the normal approximation behind margins and tests is unreliable.
constexpr std::int64_t kSmallSample = 30;

struct Change {
    double delta = 0;        // b − a, in the metric's unit (NPS points −200…200, share points, mean)
    double standard_error = 0;  // of delta, same unit
    double statistic = 0;    // z or t
    double df = 0;           // degrees of freedom (Welch); 0 for z-tests
    double p_value = 1;      // two-sided
    bool testable = false;   // both samples large enough and a non-zero standard error
    bool significant = false;  // testable and p_value < alpha
};

// Variance of the NPS coding (+1 promoter, 0 passive, −1 detractor) from the two shares: the one
// formula behind the aggregator's margin of error, the change test and the coverage targets.
inline double nps_coding_variance(double promoter_share, double detractor_share) {
    const double mean = promoter_share - detractor_share;
    return promoter_share + detractor_share - mean * mean;
}

struct NpsCounts {
    std::int64_t n = 0;
    std::int64_t promoters = 0;
    std::int64_t detractors = 0;
};

// NPS change from a to b; delta and standard error in NPS points (×100).
Change compare_nps(const NpsCounts& a, const NpsCounts& b, double alpha = 0.05);
// Change of a share (hits of n) from a to b; delta in percentage points.
Change compare_shares(std::int64_t hits_a, std::int64_t n_a, std::int64_t hits_b, std::int64_t n_b,
                      double alpha = 0.05);
// Change of a mean; sample variances with n − 1 in the denominator.
Change compare_means(std::int64_t n_a, double mean_a, double var_a, std::int64_t n_b, double mean_b, double var_b,
                     double alpha = 0.05);

// Two-sided p-values.
double normal_two_sided_p(double z);
double student_t_two_sided_p(double t, double df);

}  // namespace touchpoint::stats
