// The change tests against published worked examples (and, where a source gives the data but not
// the answer, against the textbook formula evaluated independently; each case says which).
#include <catch2/catch.hpp>

#include <cmath>
#include <vector>

#include "touchpoint/aggregate/significance.hpp"

using namespace touchpoint::stats;
using Catch::Detail::Approx;

namespace {
void mean_var(const std::vector<double>& x, double& mean, double& var) {
    double s = 0;
    for (double v : x) s += v;
    mean = s / double(x.size());
    double q = 0;
    for (double v : x) q += (v - mean) * (v - mean);
    var = q / double(x.size() - 1);
}
}  // namespace

TEST_CASE("significance: Welch's t-test on R's sleep data (t.test(extra ~ group, data = sleep))", "[stats]") {
    // R's documented example (datasets::sleep, Student 1908); R prints
    // "t = -1.8608, df = 17.776, p-value = 0.07939" for the Welch two-sample t-test.
    const std::vector<double> g1 = {0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0};
    const std::vector<double> g2 = {1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4};
    double m1, v1, m2, v2;
    mean_var(g1, m1, v1);
    mean_var(g2, m2, v2);
    const Change c = compare_means(10, m2, v2, 10, m1, v1);  // group 1 minus group 2, as R reports it
    REQUIRE(c.statistic == Approx(-1.8608).margin(5e-5));
    REQUIRE(c.df == Approx(17.776).margin(5e-4));
    REQUIRE(c.p_value == Approx(0.07939).margin(5e-6));
    REQUIRE(!c.testable);  // 10 per group: below the small-sample threshold, never marked
    REQUIRE(!c.significant);
}

TEST_CASE("significance: Student's t distribution at known quantiles", "[stats]") {
    // Table values: t(0.975; 10) = 2.228, t(0.975; 30) = 2.042, t(0.995; 5) = 4.032; df = 1 is Cauchy.
    REQUIRE(student_t_two_sided_p(2.2281389, 10) == Approx(0.05).margin(1e-6));
    REQUIRE(student_t_two_sided_p(2.0422725, 30) == Approx(0.05).margin(1e-6));
    REQUIRE(student_t_two_sided_p(4.0321430, 5) == Approx(0.01).margin(1e-6));
    REQUIRE(student_t_two_sided_p(1.0, 1) == Approx(0.5).margin(1e-12));
    REQUIRE(student_t_two_sided_p(0.0, 7) == Approx(1.0));
    REQUIRE(normal_two_sided_p(1.959963985) == Approx(0.05).margin(1e-9));
}

TEST_CASE("significance: NPS change on the +1/0/-1 coding", "[stats]") {
    // A published exercise (before: 1,200 answers, 540 promoters, 300 detractors, NPS 20; after:
    // 1,350, 675, 324, NPS 26). The formula evaluated independently: variance of the coding
    // p+ + p- - (p+ - p-)^2 = 0.66 and 0.6724, SE of the difference 3.2374 points, z = 1.8533,
    // p = 0.06383: a 6-point rise that is not significant at 5 %.
    const Change c = compare_nps({1200, 540, 300}, {1350, 675, 324});
    REQUIRE(c.delta == Approx(6.0));
    REQUIRE(c.standard_error == Approx(3.23740).margin(1e-4));
    REQUIRE(c.statistic == Approx(1.85334).margin(1e-4));
    REQUIRE(c.p_value == Approx(0.063834).margin(1e-5));
    REQUIRE(c.testable);
    REQUIRE(!c.significant);
    // Twice the sample with the same shares: now significant.
    const Change big = compare_nps({2400, 1080, 600}, {2700, 1350, 648});
    REQUIRE(big.significant);
    REQUIRE(big.p_value < 0.01);
    // Direction: a drop is negative.
    REQUIRE(compare_nps({1350, 675, 324}, {1200, 540, 300}).delta == Approx(-6.0));
}

TEST_CASE("significance: two shares (CSAT top-2-box)", "[stats]") {
    // 84 % -> 78 % top-2 on 500 answers each; pooled z = -2.41825 (z^2 = 5.848, what a chi-square
    // test of the 2x2 table without continuity correction gives), p = 0.015595.
    const Change c = compare_shares(420, 500, 390, 500);
    REQUIRE(c.delta == Approx(-6.0));
    REQUIRE(c.statistic == Approx(-2.418254).margin(1e-5));
    REQUIRE(c.statistic * c.statistic == Approx(5.847953).margin(1e-5));
    REQUIRE(c.p_value == Approx(0.0155952).margin(1e-6));
    REQUIRE(c.significant);
}

TEST_CASE("significance: degenerate samples are never significant", "[stats]") {
    REQUIRE(!compare_nps({0, 0, 0}, {100, 50, 10}).testable);
    REQUIRE(!compare_nps({29, 29, 0}, {500, 0, 500}).testable);  // one side too small
    REQUIRE(!compare_shares(40, 40, 40, 40).testable);          // no variance at all
    REQUIRE(!compare_means(100, 5, 0, 100, 5, 0).testable);
    REQUIRE(!compare_means(1, 5, 0, 100, 5, 1).testable);
}
