// The viewer's windows: a toolbar (metric, persona and any-answer filters, time range, search,
// presentation mode, export), the map canvas with its pan/zoom/hover/click handling, and the details
// panel of the selected touchpoint (histogram 0-10, trend, verbatims, top terms).
#include <algorithm>
#include <cmath>
#include <cstdio>

#include "viewer.hpp"

namespace tpviewer {
namespace {

constexpr float kPanelWidth = 360.f;


void update_search(Viewer& v) {
    v.search_hits.clear();
    if (!v.search[0]) return;
    std::string needle(v.search);
    for (auto& c : needle) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    for (std::size_t i = 0; i < v.map.touchpoints.size(); ++i) {
        const auto& tp = v.map.touchpoints[i];
        std::string hay = tp.id + " " + tp.channel + " " + tp.owner;
        for (const auto& var : tp.title.variants) hay += " " + var.second;
        for (auto& c : hay) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
        if (hay.find(needle) != std::string::npos) v.search_hits.push_back(static_cast<int>(i));
    }
}

void remember(Viewer& v, const char* name) {
    const ImVec2 a = ImGui::GetItemRectMin(), b = ImGui::GetItemRectMax();
    v.controls[name] = {a.x, a.y, b.x - a.x, b.y - a.y};
}

void select(Viewer& v, int tp) {
    v.selected = tp;
    if (tp >= 0) compute_detail(v, tp);
    notify(v, "select", tp >= 0 ? "{\"touchpoint\":\"" + v.map.touchpoints[tp].id + "\"}" : "{\"touchpoint\":null}");
}

// The any-answer filter: a question picker, then a value picker with the values answered to it in
// the loaded responses. Both are ImGui combos (mouse, or keyboard: arrows and Enter in the list);
// the element mirrors the same filter in DOM selects beside its table.
void answer_filter(Viewer& v) {
    if (v.responses.empty()) return;
    const AnswerOptions* settled = answer_options_settled(v);  // null in the first frame of new responses
    if (!settled || settled->questions.empty()) return;
    const AnswerOptions& opts = *settled;
    const std::string any = ui_text(v, "anyAnswer");
    if (!v.filter.question.empty()) v.answer_pick = v.filter.question;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(130);
    const std::string q_preview = v.answer_pick.empty() ? any : v.answer_pick;
    if (ImGui::BeginCombo("##answer_question", q_preview.c_str())) {
        if (ImGui::Selectable(any.c_str(), v.answer_pick.empty())) {
            v.answer_pick.clear();
            if (!v.filter.question.empty()) set_answer_filter(v, "", "");
        }
        for (const auto& [question, values] : opts.questions)
            if (ImGui::Selectable(question.c_str(), v.answer_pick == question) && v.answer_pick != question) {
                v.answer_pick = question;
                if (!v.filter.question.empty()) set_answer_filter(v, "", "");  // a new question: pick its value next
            }
        ImGui::EndCombo();
    }
    remember(v, "answer_question");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ui_text(v, "filterQuestionTip").c_str());
    const auto picked = std::find_if(opts.questions.begin(), opts.questions.end(),
                                     [&](const auto& q) { return q.first == v.answer_pick; });
    if (picked == opts.questions.end()) return;
    ImGui::SameLine();
    ImGui::SetNextItemWidth(110);
    const std::string v_preview = v.filter.question.empty() ? ui_text(v, "anyValue") : v.filter.value;
    if (ImGui::BeginCombo("##answer_value", v_preview.c_str())) {
        for (const std::string& value : picked->second)
            if (ImGui::Selectable(value.c_str(), !v.filter.question.empty() && v.filter.value == value))
                set_answer_filter(v, picked->first, value);
        ImGui::EndCombo();
    }
    remember(v, "answer_value");
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ui_text(v, "filterValueTip").c_str());
}

void toolbar(Viewer& v, float width) {
    v.controls.clear();
    ImGui::SetNextWindowPos({0, 0});
    ImGui::SetNextWindowSize({width, kToolbarHeight});
    ImGui::Begin("##toolbar", nullptr, ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings);
    static const char* kMetrics[] = {"NPS", "CSAT", "CES", "n"};
    int m = static_cast<int>(v.metric);
    ImGui::SetNextItemWidth(80);
    if (ImGui::Combo("##metric", &m, kMetrics, 4)) {
        v.metric = static_cast<jn::HeatMetric>(m);
        if (v.selected >= 0) compute_detail(v, v.selected);
        notify(v, "metric", std::string("{\"metric\":\"") + jn::to_string(v.metric) + "\"}");
    }
    remember(v, "metric");
    ImGui::SameLine();
    ImGui::SetNextItemWidth(150);
    std::string persona_label = ui_text(v, "allPersonas");
    for (const auto& p : v.map.personas)
        if (p.id == v.filter.persona) persona_label = std::string(p.name.get(v.locale));
    if (ImGui::BeginCombo("##persona", persona_label.c_str())) {
        if (ImGui::Selectable(ui_text(v, "allPersonas").c_str(), v.filter.persona.empty())) {
            v.filter.persona.clear();
            reaggregate(v);
        }
        for (const auto& p : v.map.personas) {
            const std::string name(p.name.get(v.locale));
            if (ImGui::Selectable(name.c_str(), v.filter.persona == p.id)) {
                v.filter.persona = p.id;
                reaggregate(v);
            }
        }
        ImGui::EndCombo();
    }
    remember(v, "persona");
    if (v.periods.size() > 1) {
        ImGui::SameLine();
        ImGui::SetNextItemWidth(160);
        int to = v.filter.period_to < 0 ? static_cast<int>(v.periods.size()) - 1 : v.filter.period_to;
        if (ImGui::SliderInt("##until", &to, 0, static_cast<int>(v.periods.size()) - 1, v.periods[to].c_str())) {
            v.filter.period_to = to == static_cast<int>(v.periods.size()) - 1 ? -1 : to;
            reaggregate(v);
        }
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("%s", ui_text(v, "upToMonth").c_str());
    }
    answer_filter(v);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(160);
    if (ImGui::InputTextWithHint("##search", ui_text(v, "searchTouchpoints").c_str(), v.search, sizeof v.search))
        update_search(v);
    remember(v, "search");
    ImGui::SameLine();
    if (ImGui::Button(ui_text(v, v.presenting ? "stopPresenting" : "present").c_str())) set_presenting(v, !v.presenting, 0);
    remember(v, "present");
    if (v.presenting) {
        ImGui::SameLine();
        if (ImGui::ArrowButton("##prev", ImGuiDir_Left) && v.present_stage > 0) set_presenting(v, true, v.present_stage - 1);
        ImGui::SameLine();
        if (ImGui::ArrowButton("##next", ImGuiDir_Right) && v.present_stage + 1 < static_cast<int>(v.map.stages.size()))
            set_presenting(v, true, v.present_stage + 1);
        ImGui::SameLine();
        const std::string st(v.map.stages.empty() ? "" : v.map.stages[v.present_stage].title.get(v.locale));
        ImGui::TextUnformatted(st.c_str());
    }
    ImGui::SameLine();
    if (ImGui::Button("PNG")) notify(v, "export", "{\"format\":\"png\"}");
    remember(v, "png");
    ImGui::SameLine();
    if (ImGui::Button("JSON")) notify(v, "export", "{\"format\":\"json\"}");
    remember(v, "json");
    if (v.responses_total > 0) {
        ImGui::SameLine();
        ImGui::TextDisabled("n=%lld", v.responses_total);
    }
    ImGui::End();
}

void sparkline(const std::vector<double>& values, ImVec2 size, ImU32 col) {
    ImDrawList* dl = ImGui::GetWindowDrawList();
    const ImVec2 p = ImGui::GetCursorScreenPos();
    double lo = 1e300, hi = -1e300;
    for (double x : values)
        if (!std::isnan(x)) lo = std::min(lo, x), hi = std::max(hi, x);
    if (hi < lo) {
        ImGui::Dummy(size);
        return;
    }
    if (hi - lo < 1e-9) hi = lo + 1;
    std::vector<ImVec2> pts;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (std::isnan(values[i])) continue;
        const float fx = values.size() > 1 ? static_cast<float>(i) / static_cast<float>(values.size() - 1) : 0.5f;
        const float fy = static_cast<float>((values[i] - lo) / (hi - lo));
        pts.push_back({p.x + fx * size.x, p.y + size.y - fy * size.y});
    }
    dl->AddPolyline(pts.data(), static_cast<int>(pts.size()), col, 0, 2.f);
    for (const ImVec2& q : pts) dl->AddCircleFilled(q, 2.5f, col);
    ImGui::Dummy(size);
}

void details(Viewer& v, float width, float height) {
    if (v.selected < 0 || v.selected >= static_cast<int>(v.map.touchpoints.size())) return;
    const jn::Touchpoint& tp = v.map.touchpoints[v.selected];
    const jn::Scores& s = v.overlay.touchpoints[v.selected];
    ImGui::SetNextWindowPos({width - kPanelWidth, kToolbarHeight});
    ImGui::SetNextWindowSize({kPanelWidth, height - kToolbarHeight});
    bool open = true;
    const std::string title = std::string(tp.title.get(v.locale)) + "###details";
    ImGui::Begin(title.c_str(), &open, ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings);
    const int si = v.map.stage_index(tp.stage);
    ImGui::TextDisabled("%s · %s · %s", si >= 0 ? std::string(v.map.stages[si].title.get(v.locale)).c_str() : "",
                        tp.channel.c_str(), tp.owner.c_str());
    ImGui::Separator();
    if (s.n == 0) {
        ImGui::TextUnformatted(ui_text(v, "noResponsesHere").c_str());
    } else {
        ImGui::Text("n = %lld%s", s.n, s.small_sample ? ui_text(v, "smallSampleNote").c_str() : "");
        if (s.nps) ImGui::Text("NPS %+.1f ± %.1f  (n=%lld)", *s.nps, s.nps_moe.value_or(0), s.nps_n);
        if (s.csat) ImGui::Text("CSAT %.1f%%  mean %.2f  (n=%lld)", *s.csat, s.csat_mean.value_or(0), s.csat_n);
        if (s.ces) ImGui::Text("CES %.2f  easy %.1f%%  (n=%lld)", *s.ces, s.ces_easy.value_or(0), s.ces_n);
    }
    if (v.detail.touchpoint == v.selected) {
        const Detail& d = v.detail;
        long long max = 1;
        for (long long c : d.nps_histogram) max = std::max(max, c);
        ImGui::SeparatorText(ui_text(v, "scoreDistribution").c_str());
        ImDrawList* dl = ImGui::GetWindowDrawList();
        const ImVec2 p = ImGui::GetCursorScreenPos();
        const float bw = (kPanelWidth - 40) / 11.f, bh = 80.f;
        for (int i = 0; i <= 10; ++i) {
            const float h = bh * static_cast<float>(d.nps_histogram[i]) / static_cast<float>(max);
            const float fi = static_cast<float>(i);
            const ImU32 col = i <= 6 ? IM_COL32(215, 48, 31, 255) : i <= 8 ? IM_COL32(240, 180, 41, 255) : IM_COL32(26, 152, 80, 255);
            dl->AddRectFilled({p.x + fi * bw + 1, p.y + bh - h}, {p.x + (fi + 1) * bw - 1, p.y + bh}, col);
            char num[12];  // any int: GCC cannot always see that i is 0..10
            std::snprintf(num, sizeof num, "%d", i);
            dl->AddText({p.x + fi * bw + bw / 2 - 4, p.y + bh + 2}, v.theme.muted, num);
        }
        ImGui::Dummy({kPanelWidth - 40, bh + 18});
        if (d.trend.size() > 1) {
            ImGui::SeparatorText(ui_text(v, "trendByMonth").c_str());
            sparkline(d.trend, {kPanelWidth - 40, 50}, v.theme.accent);
            ImGui::TextDisabled("%s … %s", d.periods.front().c_str(), d.periods.back().c_str());
        }
        if (!d.terms.empty()) {
            ImGui::SeparatorText(ui_text(v, "topWords").c_str());
            std::string line;
            for (const auto& t : d.terms) line += t.term + " (" + std::to_string(t.count) + ")  ";
            ImGui::TextWrapped("%s", line.c_str());
        }
        if (!d.verbatims.empty()) {
            ImGui::SeparatorText(ui_text(v, "verbatims").c_str());
            for (const std::string& t : d.verbatims) {
                ImGui::Bullet();
                ImGui::TextWrapped("%s", t.c_str());
            }
        }
    }
    ImGui::End();
    if (!open) select(v, -1);
}

// Mouse and keyboard on the canvas (when no ImGui widget wants them).
void canvas_input(Viewer& v, ImVec2 origin, ImVec2 size) {
    ImGuiIO& io = ImGui::GetIO();
    const ImVec2 local{io.MousePos.x - origin.x, io.MousePos.y - origin.y};
    const bool over = ImGui::IsWindowHovered() && local.x >= 0 && local.y >= 0 && local.x < size.x && local.y < size.y;
    v.hovered = -1;
    if (over && v.has_map) {
        const float cx = (local.x - v.pan_x) / v.zoom, cy = (local.y - v.pan_y) / v.zoom;
        v.hovered = jn::card_at(v.layout, cx, cy);
        if (io.MouseWheel != 0) zoom_at(v, std::pow(1.15f, io.MouseWheel), local);
        if (edit_canvas_input(v, local, over)) {
            // Edit mode took the mouse (a card or an emotion point is being dragged).
        } else if (ImGui::IsMouseDragging(ImGuiMouseButton_Left, 3.f)) {
            v.user_moved = true;
            v.pan_x += io.MouseDelta.x;
            v.pan_y += io.MouseDelta.y;
        } else if (ImGui::IsMouseReleased(ImGuiMouseButton_Left) && ImGui::GetMouseDragDelta(ImGuiMouseButton_Left, 3.f).x == 0) {
            if (v.hovered >= 0 || v.selected >= 0) select(v, v.hovered);
        }
        if (v.hovered >= 0) {
            const jn::Touchpoint& tp = v.map.touchpoints[v.hovered];
            const jn::Scores& s = v.overlay.touchpoints[v.hovered];
            ImGui::BeginTooltip();
            ImGui::TextUnformatted(std::string(tp.title.get(v.locale)).c_str());
            ImGui::TextDisabled("%s · %s%s", tp.channel.c_str(), tp.owner.c_str(),
                                tp.layer == jn::Layer::Back ? (" · " + ui_text(v, "backstage")).c_str() : "");
            if (s.n > 0) {
                if (s.nps) ImGui::Text("NPS %+.1f ± %.1f", *s.nps, s.nps_moe.value_or(0));
                if (s.csat) ImGui::Text("CSAT %.1f%%", *s.csat);
                if (s.ces) ImGui::Text("CES %.2f", *s.ces);
                ImGui::Text("n = %lld%s", s.n, s.small_sample ? ui_text(v, "smallSampleNote").c_str() : "");
            }
            const char* metric = "";
            if (const touchpoint::stats::Change* ch = marked_change(v, static_cast<std::size_t>(v.hovered), &metric))
                ImGui::TextUnformatted((std::string(ch->delta > 0 ? "▲ " : "▼ ") + change_text(v, *ch, metric)).c_str());
            if (const long long open = open_alerts_at(v, static_cast<std::size_t>(v.hovered)); open > 0)
                ImGui::TextUnformatted(open_alerts_text(v, open).c_str());
            ImGui::EndTooltip();
        }
    } else if (v.edit.drag != EditState::Drag::None) {
        edit_canvas_input(v, local, false);  // a drag that left the canvas still ends on release
    }
    edit_keys(v);
    // Alt+arrows move the selected touchpoint in edit mode (edit_keys), so they do not pan.
    if (!io.WantTextInput && v.has_map && !(v.edit.workshop && io.KeyAlt)) {
        const float step = 60.f;
        if (ImGui::IsKeyPressed(ImGuiKey_LeftArrow) || ImGui::IsKeyPressed(ImGuiKey_RightArrow) ||
            ImGui::IsKeyPressed(ImGuiKey_UpArrow) || ImGui::IsKeyPressed(ImGuiKey_DownArrow))
            v.user_moved = true;
        if (ImGui::IsKeyPressed(ImGuiKey_LeftArrow)) {
            if (v.presenting && v.present_stage > 0) set_presenting(v, true, v.present_stage - 1);
            else if (!v.presenting) v.pan_x += step;
        }
        if (ImGui::IsKeyPressed(ImGuiKey_RightArrow)) {
            if (v.presenting && v.present_stage + 1 < static_cast<int>(v.map.stages.size()))
                set_presenting(v, true, v.present_stage + 1);
            else if (!v.presenting) v.pan_x -= step;
        }
        if (ImGui::IsKeyPressed(ImGuiKey_UpArrow)) v.pan_y += step;
        if (ImGui::IsKeyPressed(ImGuiKey_DownArrow)) v.pan_y -= step;
        if (ImGui::IsKeyPressed(ImGuiKey_Equal) || ImGui::IsKeyPressed(ImGuiKey_KeypadAdd)) zoom_at(v, 1.2f, {size.x / 2, size.y / 2});
        if (ImGui::IsKeyPressed(ImGuiKey_Minus) || ImGui::IsKeyPressed(ImGuiKey_KeypadSubtract)) zoom_at(v, 1 / 1.2f, {size.x / 2, size.y / 2});
        if (ImGui::IsKeyPressed(ImGuiKey_0)) fit_to_view(v, size);
        if (ImGui::IsKeyPressed(ImGuiKey_Escape)) {
            if (v.presenting) set_presenting(v, false, 0);
            else select(v, -1);
        }
    }
}

}  // namespace

void draw_ui(Viewer& v) {
    ImGuiIO& io = ImGui::GetIO();
    const float w = io.DisplaySize.x, h = io.DisplaySize.y;
    ImGuiStyle& style = ImGui::GetStyle();
    if (v.theme.dark) ImGui::StyleColorsDark(&style);
    else ImGui::StyleColorsLight(&style);
    toolbar(v, w);
    const float right = v.selected >= 0 ? kPanelWidth : 0.f;
    ImGui::SetNextWindowPos({0, kToolbarHeight});
    ImGui::SetNextWindowSize({w - right, h - kToolbarHeight});
    ImGui::PushStyleVar(ImGuiStyleVar_WindowPadding, {0, 0});
    // No background: the frame's clear has painted the map's (render_gl_frame). A window-sized fill
    // was a third of the frame's fragments, which a software rasterizer (WebGL without a GPU) shades
    // one by one. ImGui draws a window's border only with its background: drawn here, as it was.
    ImGui::Begin("##map", nullptr,
                 ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove | ImGuiWindowFlags_NoSavedSettings |
                     ImGuiWindowFlags_NoBringToFrontOnFocus | ImGuiWindowFlags_NoScrollWithMouse |
                     ImGuiWindowFlags_NoBackground);
    const ImVec2 origin = ImGui::GetWindowPos(), size = ImGui::GetWindowSize();
    ImDrawList* border = ImGui::GetWindowDrawList();
    border->PushClipRect(origin, {origin.x + size.x, origin.y + size.y});
    border->AddRect(origin, {origin.x + size.x, origin.y + size.y}, ImGui::GetColorU32(ImGuiCol_Border), 0.f, 0,
                    style.WindowBorderSize);
    border->PopClipRect();
    if (v.has_map && v.layout_dirty) relayout(v);
    const bool resized = size.x != v.fitted_size.x || size.y != v.fitted_size.y;
    if (v.has_map && (!v.fitted || (resized && !v.user_moved && !v.presenting))) {
        fit_to_view(v, size);
        v.fitted = true;
        v.fitted_size = size;
    }
    canvas_input(v, origin, size);
    draw_map(v, origin, size);
    draw_edit_overlay(v, origin);
    ImGui::End();
    ImGui::PopStyleVar();
    edit_bar(v, origin);
    details(v, w, h);
}

}  // namespace tpviewer
