// Where everything of a journey map goes on the canvas: stage columns, touchpoint cards, lane
// rows and emotion curves, in canvas units (CSS pixels at zoom 1). Pure and platform-free: the
// caller passes a text-measuring function (the viewer measures with its font; tests use a
// fixed-advance one), so the same layout is tested natively and drawn in the browser.
#pragma once
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "touchpoint/journey/map.hpp"

namespace touchpoint::journey {

struct Rect {
    float x = 0, y = 0, w = 0, h = 0;
    bool contains(float px, float py) const { return px >= x && px < x + w && py >= y && py < y + h; }
    float right() const { return x + w; }
    float bottom() const { return y + h; }
};

// Width of `text` on one line at the style's font size, in canvas units.
using MeasureText = std::function<float(std::string_view text)>;

struct LayoutStyle {
    float line_height = 18;        // of the body font
    float padding = 10;            // inside cards and cells
    float gap = 10;                // between cards, columns and rows
    float label_width = 130;       // the left column naming each row
    float header_height = 48;      // stage titles
    float card_width = 190;
    int card_title_lines = 2;
    float card_metric_height = 26; // strip at the bottom of a card for the live metric
    int max_card_rows = 4;         // cards per sub-column before a stage widens
    float stage_min_width = 210;
    int max_lane_lines = 8;        // per cell; longer text ends with "…"
    float emotion_height = 130;
};

struct StageColumn {
    int stage = -1;
    Rect header;  // the title box
    Rect body;    // the full column under the header, through every row
    std::vector<std::string> title_lines;
};

struct Card {
    int touchpoint = -1;
    int stage = -1;
    Rect rect;
    std::vector<std::string> title_lines;
    std::string subtitle;  // "channel · owner"
};

struct LaneCell {
    int stage = -1;
    Rect rect;
    std::vector<std::string> lines;  // wrapped "• item" texts
    std::vector<int> items;          // indices into Lane::items
};

struct LaneRow {
    int lane = -1;
    Rect label;
    Rect row;
    std::vector<std::string> label_lines;
    std::vector<LaneCell> cells;  // only stages with items
};

// One point of a persona's curve per card column: where several emotion points share a column
// (cards stacked under one stage, or a stage-level point over a one-column stage) they become one
// point at their mean, so the curve never jumps vertically (see layout.cpp for why the mean).
struct CurvePoint {
    float x = 0, y = 0;
    double value = 0;           // the mean of the column's points
    double low = 0, high = 0;   // their range (equal to value for a single point)
    int stage = -1;
    int touchpoint = -1;        // the one touchpoint; -1 when bound to the stage or merged from several
    int point = -1;             // index into Lane::points: the first of the column in map order
    std::vector<int> points;    // every merged index into Lane::points, in map order
};

struct Curve {
    int lane = -1;
    int persona = -1;
    std::vector<CurvePoint> points;  // left to right, x strictly increasing
};

struct Layout {
    float width = 0, height = 0;
    Rect cards_band;  // the row holding touchpoint cards (right of the labels)
    Rect cards_label;
    std::vector<StageColumn> columns;  // one per stage, in map order
    std::vector<Card> cards;           // one per touchpoint, in map order
    std::vector<LaneRow> lanes;        // one per lane, in map order
    std::vector<Curve> curves;         // per emotion lane and persona
};

Layout layout_map(const Map& map, std::string_view locale, const MeasureText& measure,
                  const LayoutStyle& style = {});

// Index into Layout::cards of the card under (x, y), or -1.
int card_at(const Layout& layout, float x, float y);
// Index into Layout::columns of the stage column under x, or -1.
int column_at(const Layout& layout, float x);

// Greedy line breaking: between words, and between any two CJK characters (which have no
// spaces). At most `max_lines`; a cut text ends with "…".
std::vector<std::string> wrap_text(std::string_view text, float width, int max_lines, const MeasureText& measure);

}  // namespace touchpoint::journey
