// As-is and to-be variants of one journey, edited together. journey/1 keeps each variant a map of
// its own (meta.state "current" or "future", meta.counterpart naming the other), so a variant is
// stored, versioned and published like any map; the Workshop is what an editor holds while
// working on them: one Editor per variant, the active one, and one undo history across them in
// the order things happened — so "create a to-be" undoes like any other edit, and undoing an edit
// made in the as-is while looking at the to-be switches back to the as-is first.
//
// Changes go through editor() (the active variant's Editor); record() then files the steps that
// editor took in the shared history. Undo and redo go through the Workshop, never the Editors.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "touchpoint/journey/edit.hpp"

namespace touchpoint::journey {

class Workshop {
public:
    // Holds `first` and, when given, the variants it is compared with (their order is kept).
    explicit Workshop(Map first, std::vector<Map> others = {}, Limits limits = {}, std::size_t max_undo = 200);

    std::size_t size() const { return variants_.size(); }
    std::size_t active() const { return active_; }
    const Map& map(std::size_t i) const { return variants_[i].editor.map(); }
    const Map& map() const { return map(active_); }
    // The active variant's Editor: edit through it, then call record().
    Editor& editor() { return variants_[active_].editor; }
    const Editor& editor() const { return variants_[active_].editor; }
    // Files the steps editor() recorded since the last call in the shared history.
    void record();

    int find(std::string_view id) const;  // index of the variant with this map id, or -1
    // The variant the active one is compared with: the one its meta.counterpart names, else one
    // naming it as counterpart; -1 when there is none.
    int counterpart() const;

    // Makes the variant with this id the active one (not an edit: nothing to undo).
    EditResult activate(std::string_view id);
    // A copy of the active variant in the other state (make_variant), its counterpart set to the
    // active one, added and made active. An empty id makes one: "<id>-to-be" / "<id>-as-is".
    // Undoable: undo removes it again (and re-activates the original).
    EditResult create_variant(std::string id = {});

    bool can_undo() const { return !undo_.empty(); }
    bool can_redo() const { return !redo_.empty(); }
    bool undo();
    bool redo();

private:
    struct Variant {
        Editor editor;
        std::size_t seen = 0;  // editor.recorded_steps() already filed
    };
    // One undoable step: an edit of a variant, or the creation of one (from `from`).
    struct Step {
        bool created = false;
        std::size_t variant = 0;
        std::size_t from = 0;
    };
    void push(Step s);

    std::vector<Variant> variants_;
    std::vector<Variant> uncreated_;  // variants whose creation was undone, for redo (last first)
    std::size_t active_ = 0;
    Limits limits_;
    std::size_t max_undo_;
    std::vector<Step> undo_, redo_;
};

}  // namespace touchpoint::journey
