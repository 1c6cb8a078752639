// The journey viewer/editor's own words (its toolbar, panels, table and messages; not the map's
// texts), in the columns of the core's strings table: the rows of journey/ui_strings.def. The
// column a locale reads is the one the widget's chrome reads for it (session/messages.cpp:
// Chinese by script, zh-TW/zh-HK/zh-Hant Traditional; a locale without a column here reads English).
#pragma once
#include <initializer_list>
#include <string>
#include <string_view>
#include <utility>

namespace touchpoint::journey {

// The column for `locale`: "en", "zh-Hans", "zh-Hant" or "ar" (the embedder's DOM reads the same
// rows, bundled, in this column; "ar" has no words yet and reads English).
std::string ui_strings_column(std::string_view locale);

// The words of `code` for `locale`, with each {name} replaced by its value; `code` itself when the
// table has no such row (a typo shows on screen instead of an empty control).
std::string ui_text(std::string_view code, std::string_view locale,
                    std::initializer_list<std::pair<std::string_view, std::string>> fields = {});

// The name of a lane kind ("pain-points": the row lane_pain_points), for a lane without a title.
std::string ui_lane_kind(std::string_view kind, std::string_view locale);

}  // namespace touchpoint::journey
