// As-is / to-be variants edited together, with one undo history (see workshop.hpp).
#include "touchpoint/journey/workshop.hpp"

namespace touchpoint::journey {

Workshop::Workshop(Map first, std::vector<Map> others, Limits limits, std::size_t max_undo)
    : limits_(limits), max_undo_(max_undo) {
    variants_.push_back({Editor(std::move(first), limits, max_undo), 0});
    for (Map& m : others) variants_.push_back({Editor(std::move(m), limits, max_undo), 0});
}

void Workshop::push(Step s) {
    undo_.push_back(s);
    // The Editors keep at most max_undo_ snapshots each, so the shared history needs no more.
    if (undo_.size() > max_undo_) undo_.erase(undo_.begin());
    redo_.clear();
    uncreated_.clear();
}

void Workshop::record() {
    Variant& v = variants_[active_];
    const std::size_t now = v.editor.recorded_steps();
    for (; v.seen < now; ++v.seen) push({false, active_, 0});
}

int Workshop::find(std::string_view id) const {
    for (std::size_t i = 0; i < variants_.size(); ++i)
        if (map(i).id == id) return static_cast<int>(i);
    return -1;
}

int Workshop::counterpart() const {
    const Map& me = map();
    if (!me.meta.counterpart.empty()) {
        const int named = find(me.meta.counterpart);
        if (named >= 0 && static_cast<std::size_t>(named) != active_) return named;
    }
    for (std::size_t i = 0; i < variants_.size(); ++i)
        if (i != active_ && map(i).meta.counterpart == me.id) return static_cast<int>(i);
    return -1;
}

EditResult Workshop::activate(std::string_view id) {
    record();
    const int i = find(id);
    if (i < 0) return EditResult::fail("unknown variant \"" + std::string(id) + "\"");
    active_ = static_cast<std::size_t>(i);
    return EditResult{true, {}, std::string(id)};
}

EditResult Workshop::create_variant(std::string id) {
    record();
    const Map& from = map();
    if (id.empty()) {
        const std::string base = from.id + (from.meta.state == MapState::Current ? "-to-be" : "-as-is");
        id = base;
        for (int n = 2; find(id) >= 0; ++n) id = base + "-" + std::to_string(n);
    }
    if (!valid_map_id(id)) return EditResult::fail("\"" + id + "\" is not a map id (1–100 letters, digits, - _ . :)");
    if (find(id) >= 0) return EditResult::fail("a variant \"" + id + "\" exists already");
    if (variants_.size() >= 20) return EditResult::fail("a journey holds at most 20 variants");
    const std::size_t origin = active_;
    variants_.push_back({Editor(make_variant(from, id), limits_, max_undo_), 0});
    push({true, variants_.size() - 1, origin});
    active_ = variants_.size() - 1;
    return EditResult{true, {}, id};
}

bool Workshop::undo() {
    record();
    if (undo_.empty()) return false;
    const Step s = undo_.back();
    if (s.created) {
        // Steps are undone last first, so the variant created here is the last one again.
        uncreated_.push_back(std::move(variants_.back()));
        variants_.pop_back();
        active_ = s.from;
    } else {
        if (!variants_[s.variant].editor.undo()) return false;
        active_ = s.variant;
    }
    undo_.pop_back();
    redo_.push_back(s);
    return true;
}

bool Workshop::redo() {
    record();
    if (redo_.empty()) return false;
    const Step s = redo_.back();
    if (s.created) {
        variants_.push_back(std::move(uncreated_.back()));
        uncreated_.pop_back();
        active_ = s.variant;
    } else {
        if (!variants_[s.variant].editor.redo()) return false;
        active_ = s.variant;
    }
    redo_.pop_back();
    undo_.push_back(s);
    return true;
}

}  // namespace touchpoint::journey
