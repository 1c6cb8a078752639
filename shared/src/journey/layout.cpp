// The map's canvas layout: a grid whose columns are stages and whose rows are the touchpoint
// cards followed by each lane. Computed once per (map, locale, font), drawn every frame.
#include <algorithm>
#include <cmath>
#include <unordered_map>

#include "touchpoint/journey/layout.hpp"
#include "touchpoint/journey/ui_strings.hpp"

namespace touchpoint::journey {
namespace {

float lines_height(std::size_t lines, const LayoutStyle& st) { return static_cast<float>(lines) * st.line_height; }

// One curve per persona over the emotion lane whose middle is at `mid`, ±2 reaching ±`amp`.
// A point sits over its touchpoint's card, or mid-stage when bound to the stage. Points that land
// in the same column (cards stacked in one sub-column are alternatives at the same step — web,
// phone, in person — not a sequence) merge into one point at their mean, with their range kept:
// a CX designer reads the curve left to right as "how it feels at this step", and a vertical
// zig-zag would suggest moments that never happened in that order. Spreading them across the
// column instead would invent an order the map does not state.
using Index = std::unordered_map<std::string_view, int>;

int find_index(const Index& index, std::string_view id) {
    auto it = index.find(id);
    return it == index.end() ? -1 : it->second;
}

void place_curves(const Map& map, const Index& stage_ix, const Index& tp_ix, const Lane& lane, int lane_index, float mid,
                  float amp, Layout& out) {
    std::vector<Curve> curves(map.personas.size());
    for (std::size_t k = 0; k < lane.points.size(); ++k) {
        const EmotionPoint& p = lane.points[k];
        const int pi = map.persona_index(p.persona);
        const int s = find_index(stage_ix, p.stage);
        if (pi < 0 || s < 0 || s >= static_cast<int>(out.columns.size())) continue;
        CurvePoint cp;
        cp.stage = s;
        cp.point = static_cast<int>(k);
        cp.points = {cp.point};
        cp.value = cp.low = cp.high = p.value;
        const int t = p.touchpoint.empty() ? -1 : find_index(tp_ix, p.touchpoint);
        if (t >= 0 && out.cards[t].stage >= 0) {
            cp.touchpoint = t;
            cp.x = out.cards[t].rect.x + out.cards[t].rect.w / 2;
        } else {
            cp.x = out.columns[s].header.x + out.columns[s].header.w / 2;
        }
        curves[pi].persona = pi;
        curves[pi].points.push_back(std::move(cp));
    }
    for (Curve& c : curves) {
        if (c.points.empty()) continue;
        c.lane = lane_index;
        std::stable_sort(c.points.begin(), c.points.end(), [](const CurvePoint& a, const CurvePoint& b) { return a.x < b.x; });
        std::vector<CurvePoint> merged;
        for (CurvePoint& cp : c.points) {
            // Same column: positions are computed from the same column geometry, so equal up to rounding.
            if (merged.empty() || cp.x - merged.back().x > 0.5f) {
                merged.push_back(std::move(cp));
                continue;
            }
            CurvePoint& m = merged.back();
            m.points.push_back(cp.point);
            m.low = std::min(m.low, cp.value);
            m.high = std::max(m.high, cp.value);
            if (m.touchpoint != cp.touchpoint) m.touchpoint = -1;
        }
        for (CurvePoint& m : merged) {
            std::sort(m.points.begin(), m.points.end());
            m.point = m.points.front();
            double sum = 0;
            for (int k : m.points) sum += lane.points[static_cast<std::size_t>(k)].value;
            m.value = sum / static_cast<double>(m.points.size());
            m.y = mid - static_cast<float>(m.value / 2.0) * amp;
        }
        c.points = std::move(merged);
        out.curves.push_back(std::move(c));
    }
}

}  // namespace

Layout layout_map(const Map& map, std::string_view locale, const MeasureText& measure, const LayoutStyle& st) {
    Layout out;
    const std::size_t n_stages = map.stages.size();
    Index stage_ix, tp_ix;
    for (std::size_t i = 0; i < n_stages; ++i) stage_ix.emplace(map.stages[i].id, static_cast<int>(i));
    for (std::size_t i = 0; i < map.touchpoints.size(); ++i) tp_ix.emplace(map.touchpoints[i].id, static_cast<int>(i));
    auto stage_of = [&](const std::string& id) {
        auto it = stage_ix.find(id);
        return it == stage_ix.end() ? -1 : it->second;
    };

    // Touchpoints per stage, in map order.
    std::vector<std::vector<int>> per_stage(n_stages);
    for (std::size_t i = 0; i < map.touchpoints.size(); ++i) {
        const int s = stage_of(map.touchpoints[i].stage);
        if (s >= 0) per_stage[s].push_back(static_cast<int>(i));
    }
    const int max_rows = std::max(1, st.max_card_rows);
    const float card_h = 2 * st.padding + lines_height(static_cast<std::size_t>(st.card_title_lines) + 1, st) +
                         st.card_metric_height;

    // Columns: wide enough for their cards' sub-columns.
    out.columns.resize(n_stages);
    float x = st.label_width + st.gap;
    int rows_used = 1;
    for (std::size_t s = 0; s < n_stages; ++s) {
        const int n = static_cast<int>(per_stage[s].size());
        const int sub_cols = std::max(1, (n + max_rows - 1) / max_rows);
        rows_used = std::max(rows_used, std::min(n, max_rows));
        const float w = std::max(st.stage_min_width, static_cast<float>(sub_cols) * (st.card_width + st.gap) + st.gap);
        StageColumn& col = out.columns[s];
        col.stage = static_cast<int>(s);
        col.header = {x, 0, w, st.header_height};
        col.title_lines = wrap_text(map.stages[s].title.get(locale), w - 2 * st.padding, 2, measure);
        x += w + st.gap;
    }
    out.width = x;

    // Touchpoint cards.
    float y = st.header_height + st.gap;
    out.cards_label = {0, y, st.label_width, 0};
    out.cards.resize(map.touchpoints.size());
    for (std::size_t s = 0; s < n_stages; ++s) {
        const StageColumn& col = out.columns[s];
        const int n = static_cast<int>(per_stage[s].size());
        const int sub_cols = std::max(1, (n + max_rows - 1) / max_rows);
        // Centre the sub-columns in a column that is wider than they need.
        const float used = static_cast<float>(sub_cols) * (st.card_width + st.gap) - st.gap;
        const float x0 = col.header.x + std::max(st.gap, (col.header.w - used) / 2);
        for (int k = 0; k < n; ++k) {
            const int ti = per_stage[s][k];
            const Touchpoint& tp = map.touchpoints[ti];
            Card& c = out.cards[ti];
            c.touchpoint = ti;
            c.stage = static_cast<int>(s);
            c.rect = {x0 + static_cast<float>(k / max_rows) * (st.card_width + st.gap),
                      y + static_cast<float>(k % max_rows) * (card_h + st.gap), st.card_width, card_h};
            c.title_lines = wrap_text(tp.title.get(locale), st.card_width - 2 * st.padding, st.card_title_lines, measure);
            std::string sub = tp.channel;
            if (!tp.owner.empty()) sub += (sub.empty() ? "" : " · ") + tp.owner;
            const auto sub_lines = wrap_text(sub, st.card_width - 2 * st.padding, 1, measure);
            c.subtitle = sub_lines.empty() ? std::string() : sub_lines.front();
        }
    }
    // Touchpoints whose stage is unknown cannot be placed: an empty rect (the parser rejects them).
    const float band_h = static_cast<float>(rows_used) * (card_h + st.gap) - st.gap;
    out.cards_band = {st.label_width + st.gap, y, out.width - st.label_width - 2 * st.gap, band_h};
    out.cards_label.h = band_h;
    y += band_h + st.gap;

    // Lanes.
    for (std::size_t li = 0; li < map.lanes.size(); ++li) {
        const Lane& lane = map.lanes[li];
        LaneRow row;
        row.lane = static_cast<int>(li);
        // A lane without a title is named by its kind, in the viewer's language.
        const std::string kind_name = lane.title.empty() ? ui_lane_kind(to_string(lane.kind), locale) : std::string();
        row.label_lines = wrap_text(lane.title.empty() ? std::string_view(kind_name) : lane.title.get(locale),
                                    st.label_width - 2 * st.padding, 3, measure);
        float h = std::max(lines_height(row.label_lines.size(), st) + 2 * st.padding, 2 * st.line_height);
        if (lane.kind == LaneKind::Emotion) {
            h = std::max(h, st.emotion_height);
        } else {
            std::vector<std::vector<int>> items(n_stages);
            for (std::size_t k = 0; k < lane.items.size(); ++k) {
                const int s = stage_of(lane.items[k].stage);
                if (s >= 0) items[s].push_back(static_cast<int>(k));
            }
            for (std::size_t s = 0; s < n_stages; ++s) {
                if (items[s].empty()) continue;
                LaneCell cell;
                cell.stage = static_cast<int>(s);
                cell.items = items[s];
                const float w = out.columns[s].header.w - 2 * st.padding;
                for (int k : items[s]) {
                    const int room = st.max_lane_lines - static_cast<int>(cell.lines.size());
                    if (room <= 0) break;
                    const std::string bullet = (items[s].size() > 1 ? "• " : "") +
                                               std::string(lane.items[k].text.get(locale));
                    for (auto& l : wrap_text(bullet, w, room, measure)) cell.lines.push_back(std::move(l));
                }
                h = std::max(h, lines_height(cell.lines.size(), st) + 2 * st.padding);
                row.cells.push_back(std::move(cell));
            }
        }
        row.label = {0, y, st.label_width, h};
        row.row = {st.label_width + st.gap, y, out.width - st.label_width - 2 * st.gap, h};
        for (LaneCell& cell : row.cells) {
            const Rect& hdr = out.columns[cell.stage].header;
            cell.rect = {hdr.x, y, hdr.w, h};
        }
        if (lane.kind == LaneKind::Emotion) place_curves(map, stage_ix, tp_ix, lane, static_cast<int>(li), y + h / 2, h / 2 - st.padding, out);
        out.lanes.push_back(std::move(row));
        y += h + st.gap;
    }
    out.height = y;
    for (StageColumn& col : out.columns) col.body = {col.header.x, 0, col.header.w, out.height};
    return out;
}

int card_at(const Layout& layout, float x, float y) {
    for (std::size_t i = 0; i < layout.cards.size(); ++i)
        if (layout.cards[i].rect.contains(x, y)) return static_cast<int>(i);
    return -1;
}

int column_at(const Layout& layout, float x) {
    for (std::size_t i = 0; i < layout.columns.size(); ++i) {
        const Rect& r = layout.columns[i].header;
        if (x >= r.x && x < r.right()) return static_cast<int>(i);
    }
    return -1;
}

}  // namespace touchpoint::journey
