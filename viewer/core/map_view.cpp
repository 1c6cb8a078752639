// The map canvas: stage columns, touchpoint cards with their live metric, lanes and emotion
// curves, drawn with ImGui's draw list under a pan/zoom transform. Text is drawn at the zoomed
// size (the dynamic atlas bakes it), so it is crisp at any zoom. Only what is visible is drawn.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <optional>

#include "imgui_internal.h"
#include "touchpoint/journey/compare.hpp"
#include "viewer.hpp"

namespace tpviewer {
namespace {

ImU32 rgb_to_u32(std::uint32_t rgb, int alpha = 255) {
    return IM_COL32((rgb >> 16) & 0xff, (rgb >> 8) & 0xff, rgb & 0xff, alpha);
}
ImU32 persona_color(const jn::Persona& p, int index) {
    static const std::uint32_t kPalette[] = {0xc0392b, 0x2e86c1, 0x8e44ad, 0x16a085, 0xd35400, 0x7f8c8d};
    if (p.color.size() == 7) return rgb_to_u32(static_cast<std::uint32_t>(std::strtoul(p.color.c_str() + 1, nullptr, 16)));
    return rgb_to_u32(kPalette[index % 6]);
}

struct Xf {
    ImVec2 origin;
    float zoom;
    ImVec2 pt(float x, float y) const { return {origin.x + x * zoom, origin.y + y * zoom}; }
    ImVec2 pt(const jn::Rect& r) const { return pt(r.x, r.y); }
    ImVec2 end(const jn::Rect& r) const { return pt(r.right(), r.bottom()); }
};

// Font size for the zoom, rounded to whole pixels so the atlas does not bake a size per frame.
float zoomed(float size, float zoom) { return std::round(size * zoom); }

// Level of detail: text smaller than 4 px is unreadable, so a far-out view draws the cards as
// heat tiles only (also what keeps a 1,000-touchpoint overview cheap).
constexpr float kMinTextPx = 4.f;
void text(ImDrawList* dl, float size, ImVec2 pos, ImU32 col, const std::string& s) {
    if (size < kMinTextPx) return;
    dl->AddText(nullptr, size, pos, col, s.c_str(), s.c_str() + s.size());
}

// Open alerts at a touchpoint: an amber pill with the count, astride the card's top edge left of
// the change badge's corner (so neither covers the title). The tooltip and the DOM table say it
// in words. Sized in screen pixels with a floor: at the zoom that fits a whole map, a pill scaled
// with the card would be about 6 px high with unreadable digits — the overview is where a CX lead
// looks for the touchpoints with open alerts.
constexpr float kBadgeMinPx = 15.f, kBadgeMinFontPx = 10.f;
void open_alerts_badge(ImDrawList* dl, const Xf& xf, const jn::Rect& card, long long open, const Theme& th, int alpha) {
    const std::string label = open > 99 ? "99+" : std::to_string(open);
    const float h = std::max(16.f * xf.zoom, kBadgeMinPx);
    const float fs = std::max(zoomed(11.f, xf.zoom), kBadgeMinFontPx);
    const float text_w = ImGui::GetFont()->CalcTextSizeA(fs, FLT_MAX, 0, label.c_str()).x;
    const float w = std::max(h, text_w + 10.f * h / 16.f);
    const ImVec2 top_right = xf.pt(card.right() - 28.f, card.y);
    const ImVec2 a{top_right.x - w, top_right.y - h / 2}, b{top_right.x, top_right.y + h / 2};
    // Light: amber-700 under white text; dark: amber-400 under near-black text (both >= 4.5:1).
    const ImU32 fill = th.dark ? IM_COL32(251, 191, 36, alpha) : IM_COL32(180, 83, 9, alpha);
    const ImU32 ink = th.dark ? IM_COL32(28, 32, 40, alpha) : IM_COL32(255, 255, 255, alpha);
    dl->AddRectFilled(a, b, fill, h / 2);
    dl->AddRect(a, b, th.bg, h / 2, 0, std::max(1.f, 1.5f * xf.zoom));
    text(dl, fs, {a.x + (w - text_w) / 2, a.y + (h - fs) / 2}, ink, label);
}

}  // namespace

Theme make_theme(bool dark) {
    Theme t;
    t.dark = dark;
    if (dark) {
        t.bg = IM_COL32(24, 26, 31, 255);
        t.grid = IM_COL32(44, 48, 56, 255);
        t.header_bg = IM_COL32(52, 58, 70, 255);
        t.header_text = IM_COL32(236, 239, 244, 255);
        t.card_bg = IM_COL32(36, 40, 48, 255);
        t.card_border = IM_COL32(80, 88, 102, 255);
        t.text = IM_COL32(226, 230, 236, 255);
        t.muted = IM_COL32(150, 158, 170, 255);
        t.lane_bg = IM_COL32(30, 33, 39, 255);
        t.accent = IM_COL32(96, 165, 250, 255);
        t.selection = IM_COL32(250, 204, 21, 255);
    } else {
        t.bg = IM_COL32(247, 248, 250, 255);
        t.grid = IM_COL32(226, 230, 236, 255);
        t.header_bg = IM_COL32(39, 55, 84, 255);
        t.header_text = IM_COL32(255, 255, 255, 255);
        t.card_bg = IM_COL32(255, 255, 255, 255);
        t.card_border = IM_COL32(203, 210, 220, 255);
        t.text = IM_COL32(28, 32, 40, 255);
        t.muted = IM_COL32(96, 104, 116, 255);
        t.lane_bg = IM_COL32(255, 255, 255, 255);
        t.accent = IM_COL32(37, 99, 235, 255);
        t.selection = IM_COL32(202, 138, 4, 255);
    }
    return t;
}

void relayout(Viewer& v) {
    if (!v.has_map) return;
    ImFont* font = ImGui::GetFont();
    const float size = v.base_font;
    // The layout measures every text of the map at the base size, at which a whole map is seldom
    // drawn (fitted to the view it is smaller): advances only, no glyph bitmaps. A glyph drawn at
    // this size is rasterized when it is first drawn (the toolbar's, or the map's at zoom 1).
    font->GetFontBaked(size)->LoadNoRenderOnLayout = true;
    v.layout = jn::layout_map(v.map, v.locale, [font, size](std::string_view s) {
        return font->CalcTextSizeA(size, FLT_MAX, 0.f, s.data(), s.data() + s.size()).x;
    });
    v.layout_dirty = false;
}

void fit_to_view(Viewer& v, ImVec2 size) {
    if (!v.has_map || v.layout.width <= 0) return;
    const float margin = 16.f;
    const float z = std::min((size.x - margin) / v.layout.width, (size.y - margin) / v.layout.height);
    v.zoom = std::clamp(z, 0.02f, 1.5f);
    v.pan_x = std::max(8.f, (size.x - v.layout.width * v.zoom) / 2);
    v.pan_y = 8.f;
    v.user_moved = false;
}

void focus_stage(Viewer& v, int stage, ImVec2 size) {
    if (stage < 0 || stage >= static_cast<int>(v.layout.columns.size())) return;
    const jn::Rect& col = v.layout.columns[stage].body;
    v.zoom = std::clamp(std::min(size.x / (col.w + 2 * v.layout.columns[0].header.x), size.y / v.layout.height), 0.3f, 2.f);
    v.pan_x = size.x / 2 - (col.x + col.w / 2) * v.zoom;
    v.pan_y = 8.f;
}

void zoom_at(Viewer& v, float factor, ImVec2 anchor) {
    const float z = std::clamp(v.zoom * factor, 0.02f, 8.f);
    v.user_moved = true;
    // Keep the canvas point under the anchor fixed.
    v.pan_x = anchor.x - (anchor.x - v.pan_x) * (z / v.zoom);
    v.pan_y = anchor.y - (anchor.y - v.pan_y) * (z / v.zoom);
    v.zoom = z;
}

void draw_map(Viewer& v, ImVec2 origin, ImVec2 size) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const Theme& th = v.theme;
    // The map's background is the frame's clear colour (th.bg, render_gl_frame): not filled again.
    if (!v.has_map) {
        text(dl, 16, {origin.x + 20, origin.y + 20}, th.muted, "Drop a journey map (journey/1 JSON) here");
        return;
    }
    if (v.layout_dirty) relayout(v);
    const jn::Layout& L = v.layout;
    const Xf xf{{origin.x + v.pan_x, origin.y + v.pan_y}, v.zoom};
    const float z = v.zoom;
    const float fs = zoomed(v.base_font, z), fs_small = zoomed(v.base_font * 0.85f, z);
    const float pad = 10.f * z;
    const ImVec2 clip_min = origin, clip_max{origin.x + size.x, origin.y + size.y};
    dl->PushClipRect(clip_min, clip_max, true);
    auto visible = [&](const jn::Rect& r) {
        const ImVec2 a = xf.pt(r), b = xf.end(r);
        return b.x >= clip_min.x && a.x <= clip_max.x && b.y >= clip_min.y && a.y <= clip_max.y;
    };

    // Stage columns and headers.
    for (const jn::StageColumn& col : L.columns) {
        if (!visible(col.body)) continue;
        const bool dim = v.presenting && col.stage != v.present_stage;
        dl->AddRectFilled(xf.pt(col.body), xf.end(col.body), dim ? th.bg : th.grid, 6 * z);
        // Stage heat: the stage's aggregate on its header's bottom edge.
        const jn::Scores& ss = v.overlay.stages.size() > static_cast<std::size_t>(col.stage)
                                   ? v.overlay.stages[col.stage] : jn::Scores{};
        dl->AddRectFilled(xf.pt(col.header), xf.end(col.header), th.header_bg, 6 * z);
        float ty = col.header.y + 6;
        for (const std::string& line : col.title_lines) {
            text(dl, fs, xf.pt(col.header.x + 10, ty), th.header_text, line);
            ty += 18;
        }
        if (auto val = jn::metric_value(ss, v.metric)) {
            const jn::Rect bar{col.header.x, col.header.bottom() - 5, col.header.w, 5};
            dl->AddRectFilled(xf.pt(bar), xf.end(bar),
                              rgb_to_u32(jn::heat_rgb(jn::heat_position(v.metric, *val, v.overlay.max_touchpoint_n))));
            if (fs_small >= kMinTextPx) {
                const std::string label = format_metric(ss, v.metric);
                const ImVec2 lsz = ImGui::GetFont()->CalcTextSizeA(fs_small, FLT_MAX, 0, label.c_str());
                text(dl, fs_small, {xf.pt(col.header.right(), 0).x - lsz.x - pad, xf.pt(0, col.header.y + 8).y},
                     th.header_text, label);
            }
        }
    }

    // Row labels.
    auto label = [&](const jn::Rect& r, const std::vector<std::string>& lines) {
        if (!visible(r)) return;
        float ty = r.y + 10;
        for (const std::string& line : lines) {
            text(dl, fs, xf.pt(r.x + 10, ty), th.muted, line);
            ty += 18;
        }
    };
    label(L.cards_label, {ui_text(v, "touchpoints")});

    // Touchpoint cards.
    const bool searching = v.search[0] != 0;
    for (std::size_t i = 0; i < L.cards.size(); ++i) {
        const jn::Card& c = L.cards[i];
        if (c.stage < 0 || !visible(c.rect)) continue;
        const jn::Touchpoint& tp = v.map.touchpoints[i];
        const bool hit = searching && std::find(v.search_hits.begin(), v.search_hits.end(), static_cast<int>(i)) != v.search_hits.end();
        const bool dim = (v.presenting && c.stage != v.present_stage) || (searching && !hit);
        const ImVec2 a = xf.pt(c.rect), b = xf.end(c.rect);
        const jn::Scores& s = v.overlay.touchpoints[i];
        const auto val = jn::metric_value(s, v.metric);
        const int alpha = dim ? 90 : 255;
        dl->AddRectFilled(a, b, (th.card_bg & 0x00ffffff) | (static_cast<ImU32>(alpha) << 24), 6 * z);
        if (tp.layer == jn::Layer::Back)  // back stage: dashed look through a second inset border
            dl->AddRect({a.x + 3 * z, a.y + 3 * z}, {b.x - 3 * z, b.y - 3 * z}, th.card_border, 4 * z, 0, 1.f);
        const bool sel = static_cast<int>(i) == v.selected, hov = static_cast<int>(i) == v.hovered;
        dl->AddRect(a, b, sel ? th.selection : hov ? th.accent : th.card_border, 6 * z, 0, sel ? 3.f : hov ? 2.f : 1.f);
        float ty = c.rect.y + 10;
        for (const std::string& line : c.title_lines) {
            text(dl, fs, xf.pt(c.rect.x + 10, ty), (th.text & 0x00ffffff) | (static_cast<ImU32>(alpha) << 24), line);
            ty += 18;
        }
        text(dl, fs_small, xf.pt(c.rect.x + 10, c.rect.y + 10 + 18 * 2), th.muted, c.subtitle);
        // Metric strip: heat colour and the value (with n), or "no data".
        const jn::Rect strip{c.rect.x, c.rect.bottom() - 26, c.rect.w, 26};
        if (val) {
            const ImU32 heat = rgb_to_u32(jn::heat_rgb(jn::heat_position(v.metric, *val, v.overlay.max_touchpoint_n)), alpha);
            dl->AddRectFilled(xf.pt(strip), xf.end(strip), heat, 6 * z, ImDrawFlags_RoundCornersBottom);
            if (fs_small >= kMinTextPx) {  // a far-out view formats no label it would not draw
                std::string lab = format_metric(s, v.metric) + "  n=" + std::to_string(s.n) + (s.small_sample ? " ⚠" : "");
                text(dl, fs_small, xf.pt(strip.x + 10, strip.y + 5), IM_COL32(255, 255, 255, 255), lab);
            }
        } else {
            text(dl, fs_small, xf.pt(strip.x + 10, strip.y + 5), th.muted, v.responses_total ? "—" : "");
        }
        // A significant change against the month before: a badge on the card's corner, its arrow
        // pointing the way the metric moved (size and p in the tooltip and the DOM table).
        const char* metric = "";
        if (const touchpoint::stats::Change* ch = marked_change(v, i, &metric)) {
            const bool up = ch->delta > 0;
            const float r = 9.f;
            const ImVec2 m = xf.pt(c.rect.right() - r - 4, c.rect.y + r + 4);
            const ImU32 fill = up ? IM_COL32(21, 128, 61, alpha) : IM_COL32(185, 28, 28, alpha);
            dl->AddCircleFilled(m, r * z, fill);
            const float h = 5.f * z, w = 5.f * z;
            if (up) dl->AddTriangleFilled({m.x, m.y - h}, {m.x + w, m.y + h * 0.7f}, {m.x - w, m.y + h * 0.7f}, IM_COL32_WHITE);
            else dl->AddTriangleFilled({m.x - w, m.y - h * 0.7f}, {m.x + w, m.y - h * 0.7f}, {m.x, m.y + h}, IM_COL32_WHITE);
        }
        if (const long long open = open_alerts_at(v, i); open > 0) open_alerts_badge(dl, xf, c.rect, open, th, alpha);
    }

    // Lanes.
    for (const jn::LaneRow& row : L.lanes) {
        const jn::Lane& lane = v.map.lanes[row.lane];
        label(row.label, row.label_lines);
        if (lane.kind == jn::LaneKind::Emotion) {
            if (!visible(row.row)) continue;
            dl->AddRectFilled(xf.pt(row.row), xf.end(row.row), (th.lane_bg & 0x00ffffff) | 0x80000000u, 6 * z);
            const float mid = row.row.y + row.row.h / 2;
            dl->AddLine(xf.pt(row.row.x, mid), xf.pt(row.row.right(), mid), th.grid, 1.f);
            continue;
        }
        for (const jn::LaneCell& cell : row.cells) {
            if (!visible(cell.rect)) continue;
            const ImVec2 a = xf.pt(cell.rect.x + 4, cell.rect.y), b = xf.pt(cell.rect.right() - 4, cell.rect.bottom());
            ImU32 bg = th.lane_bg;
            if (lane.kind == jn::LaneKind::PainPoints) bg = th.dark ? IM_COL32(74, 34, 34, 255) : IM_COL32(254, 236, 236, 255);
            if (lane.kind == jn::LaneKind::Opportunities) bg = th.dark ? IM_COL32(28, 64, 44, 255) : IM_COL32(232, 248, 238, 255);
            if (lane.kind == jn::LaneKind::Backstage) bg = th.dark ? IM_COL32(40, 40, 60, 255) : IM_COL32(238, 240, 250, 255);
            dl->AddRectFilled(a, b, bg, 4 * z);
            float ty = cell.rect.y + 10;
            for (const std::string& line : cell.lines) {
                text(dl, fs, xf.pt(cell.rect.x + 10, ty), th.text, line);
                ty += 18;
            }
        }
    }

    // Emotion curves, one colour per persona (filtered to one persona when a filter is set),
    // and the counterpart (to-be / as-is) curve dashed when a comparison map is loaded.
    for (const jn::Curve& c : L.curves) {
        const jn::Persona& p = v.map.personas[c.persona];
        if (!v.filter.persona.empty() && p.id != v.filter.persona) continue;
        const ImU32 col = persona_color(p, c.persona);
        std::vector<ImVec2> pts;
        for (const jn::CurvePoint& cp : c.points) pts.push_back(xf.pt(cp.x, cp.y));
        if (pts.size() > 1) dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col, 0, 2.5f);
        for (const ImVec2& q : pts) dl->AddCircleFilled(q, 4.f * std::max(0.6f, z), col);
        if (!pts.empty()) {
            const std::string name(p.name.get(v.locale));
            text(dl, fs_small, {pts.back().x + 6, pts.back().y - fs_small / 2}, col, name);
        }
        if (v.counterpart) {
            // The other map's value for the same column (persona, stage, touchpoint ids; a mean
            // when the column merges several points): a dashed line from here to a ring there.
            const jn::LaneRow& row = L.lanes[c.lane];
            const float mid = row.row.y + row.row.h / 2, amp2 = row.row.h / 2 - 10;
            for (const jn::CurvePoint& cp : c.points) {
                const std::optional<double> other = jn::counterpart_value(v.map.lanes[c.lane], cp, *v.counterpart);
                if (!other) continue;
                const ImVec2 q = xf.pt(cp.x, mid - static_cast<float>(*other / 2.0) * amp2);
                const ImVec2 o = xf.pt(cp.x, cp.y);
                for (float t = 0; t < 1.f; t += 0.2f)
                    dl->AddLine({o.x, o.y + (q.y - o.y) * t}, {o.x, o.y + (q.y - o.y) * (t + 0.1f)}, col, 1.5f);
                dl->AddCircle(q, 5.f * std::max(0.6f, z), col, 0, 1.5f);
            }
        }
    }
    dl->PopClipRect();
}

}  // namespace tpviewer
