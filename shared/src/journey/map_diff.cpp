// As-is against to-be, per stage and touchpoint (see map_diff.hpp).
#include "touchpoint/journey/map_diff.hpp"

#include <algorithm>
#include <cstddef>

namespace touchpoint::journey {
namespace {

// Marks the members of one longest strictly increasing subsequence of `seq` (patience sorting).
std::vector<bool> longest_increasing(const std::vector<int>& seq) {
    std::vector<int> tails;          // index into seq of the smallest tail of each length
    std::vector<int> prev(seq.size(), -1);
    for (std::size_t i = 0; i < seq.size(); ++i) {
        const auto pos = std::lower_bound(tails.begin(), tails.end(), seq[i],
                                          [&](int t, int value) { return seq[static_cast<std::size_t>(t)] < value; });
        if (pos != tails.begin()) prev[i] = *(pos - 1);
        if (pos == tails.end()) tails.push_back(static_cast<int>(i));
        else *pos = static_cast<int>(i);
    }
    std::vector<bool> in(seq.size(), false);
    for (int i = tails.empty() ? -1 : tails.back(); i >= 0; i = prev[static_cast<std::size_t>(i)])
        in[static_cast<std::size_t>(i)] = true;
    return in;
}

// Mean of every emotion point at a touchpoint (`touchpoint` non-empty) or anywhere in a stage.
std::optional<double> mean_emotion(const Map& m, const std::string& stage, const std::string& touchpoint) {
    double sum = 0;
    int n = 0;
    for (const Lane& lane : m.lanes) {
        if (lane.kind != LaneKind::Emotion) continue;
        for (const EmotionPoint& p : lane.points) {
            if (touchpoint.empty() ? p.stage != stage : p.touchpoint != touchpoint) continue;
            sum += p.value;
            ++n;
        }
    }
    if (n == 0) return std::nullopt;
    return sum / n;
}

std::optional<MetricChange> metrics_of(const Overlay* a, const Overlay* b, bool stage, int ia, int ib, double alpha) {
    if (!a || !b || ia < 0 || ib < 0) return std::nullopt;
    const std::vector<Scores>& sa = stage ? a->stages : a->touchpoints;
    const std::vector<Scores>& sb = stage ? b->stages : b->touchpoints;
    const auto ua = static_cast<std::size_t>(ia), ub = static_cast<std::size_t>(ib);
    if (ua >= sa.size() || ub >= sb.size() || sa[ua].n == 0 || sb[ub].n == 0) return std::nullopt;
    return compare_scores(sa[ua], sb[ub], alpha);
}

// Marks as moved the shared steps (change Same so far) that left the order the others keep, per
// group (`group` of a diff: its stage for touchpoints, one group for stages).
template <class GroupOf>
void mark_moves(std::vector<StepDiff>& diffs, GroupOf group) {
    std::vector<std::string> groups;
    for (const StepDiff& d : diffs)
        if (d.change == StepChange::Same && std::find(groups.begin(), groups.end(), group(d)) == groups.end())
            groups.push_back(group(d));
    for (const std::string& g : groups) {
        std::vector<std::size_t> members;  // in to-be order
        std::vector<int> before;
        for (std::size_t i = 0; i < diffs.size(); ++i) {
            if (diffs[i].change != StepChange::Same || group(diffs[i]) != g) continue;
            members.push_back(i);
            before.push_back(diffs[i].before);
        }
        const std::vector<bool> kept = longest_increasing(before);
        for (std::size_t k = 0; k < members.size(); ++k)
            if (!kept[k]) diffs[members[k]].change = StepChange::Moved;
    }
}

}  // namespace

const char* to_string(StepChange c) {
    switch (c) {
        case StepChange::Same: return "same";
        case StepChange::Added: return "added";
        case StepChange::Removed: return "removed";
        case StepChange::Moved: return "moved";
    }
    return "same";
}

MapDiff diff_maps(const Map& as_is, const Map& to_be, const Overlay* oa, const Overlay* ob, double alpha) {
    MapDiff out;
    // Stages.
    for (std::size_t j = 0; j < to_be.stages.size(); ++j) {
        const Stage& s = to_be.stages[j];
        StepDiff d;
        d.id = s.id;
        d.after = static_cast<int>(j);
        d.before = as_is.stage_index(s.id);
        d.change = d.before < 0 ? StepChange::Added : StepChange::Same;
        if (d.before >= 0) {
            const Stage& old = as_is.stages[static_cast<std::size_t>(d.before)];
            d.edited = old.title.variants != s.title.variants || old.description.variants != s.description.variants;
            d.emotion_before = mean_emotion(as_is, s.id, {});
        }
        d.emotion_after = mean_emotion(to_be, s.id, {});
        d.metrics = metrics_of(oa, ob, true, d.before, d.after, alpha);
        out.stages.push_back(std::move(d));
    }
    mark_moves(out.stages, [](const StepDiff&) { return std::string(); });
    for (std::size_t i = 0; i < as_is.stages.size(); ++i) {
        if (to_be.stage_index(as_is.stages[i].id) >= 0) continue;
        StepDiff d;
        d.id = as_is.stages[i].id;
        d.before = static_cast<int>(i);
        d.change = StepChange::Removed;
        d.emotion_before = mean_emotion(as_is, d.id, {});
        out.stages.push_back(std::move(d));
    }
    // Touchpoints.
    for (std::size_t j = 0; j < to_be.touchpoints.size(); ++j) {
        const Touchpoint& t = to_be.touchpoints[j];
        StepDiff d;
        d.id = t.id;
        d.after = static_cast<int>(j);
        d.stage_after = t.stage;
        d.before = as_is.touchpoint_index(t.id);
        d.change = d.before < 0 ? StepChange::Added : StepChange::Same;
        if (d.before >= 0) {
            const Touchpoint& old = as_is.touchpoints[static_cast<std::size_t>(d.before)];
            d.stage_before = old.stage;
            if (old.stage != t.stage) d.change = StepChange::Moved;
            d.edited = old.title.variants != t.title.variants || old.description.variants != t.description.variants || old.channel != t.channel ||
                       old.owner != t.owner || old.layer != t.layer || old.personas != t.personas;
            d.emotion_before = mean_emotion(as_is, old.stage, t.id);
        }
        d.emotion_after = mean_emotion(to_be, t.stage, t.id);
        d.metrics = metrics_of(oa, ob, false, d.before, d.after, alpha);
        out.touchpoints.push_back(std::move(d));
    }
    mark_moves(out.touchpoints, [](const StepDiff& d) { return d.stage_after; });
    for (std::size_t i = 0; i < as_is.touchpoints.size(); ++i) {
        const Touchpoint& t = as_is.touchpoints[i];
        if (to_be.touchpoint_index(t.id) >= 0) continue;
        StepDiff d;
        d.id = t.id;
        d.before = static_cast<int>(i);
        d.stage_before = t.stage;
        d.change = StepChange::Removed;
        d.emotion_before = mean_emotion(as_is, t.stage, t.id);
        out.touchpoints.push_back(std::move(d));
    }
    for (const StepDiff& d : out.touchpoints) {
        out.added += d.change == StepChange::Added;
        out.removed += d.change == StepChange::Removed;
        out.moved += d.change == StepChange::Moved;
        out.edited += d.edited;
    }
    return out;
}

}  // namespace touchpoint::journey
