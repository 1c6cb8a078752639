// Editing a journey map: the operations the viewer's edit mode (canvas and side panel) and any
// other editor perform on the core's model, each checked against the journey/1 rules and each
// undoable. The viewer never changes a Map directly; it asks the Editor, so the browser, the
// native viewer and the tests edit maps the same way.
//
// Undo keeps whole-map snapshots (a map is small next to the responses drawn over it): simple,
// and exact by construction — undo restores the map byte for byte. A drag is one gesture: its
// first step takes the snapshot and later steps of the same gesture change the map in place, so
// dragging costs no copy per frame and undoes in one step.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "touchpoint/journey/map.hpp"

namespace touchpoint::journey {

// What an edit answers: ok, or why not (the map is then unchanged and nothing is recorded).
struct EditResult {
    bool ok = true;
    std::string error;  // "unknown stage \"x\"", "a map holds at most 200 stages", ...
    std::string id;     // the id of what an add created
    explicit operator bool() const { return ok; }
    static EditResult fail(std::string why) { return {false, std::move(why), {}}; }
};

// The text-bearing lanes hold items; the emotion lane holds points (see map.hpp).
enum class TextField { Title, Description };

class Editor {
public:
    explicit Editor(Map map, Limits limits = {}, std::size_t max_undo = 200);

    const Map& map() const { return map_; }
    // The locale a text edit writes when none is given: the map's default locale ("" when the map
    // has none, which keeps texts plain strings).
    std::string_view edit_locale() const { return map_.default_locale(); }

    // ---------------------------------------------------------------- undo / redo
    bool can_undo() const { return !undo_.empty(); }
    bool can_redo() const { return !redo_.empty(); }
    bool undo();
    bool redo();
    // Ends the current gesture: the next change takes a new snapshot (call on mouse-up).
    void end_gesture() { gesture_.clear(); }
    std::size_t undo_depth() const { return undo_.size(); }
    // How many undo steps this editor has recorded since it was made (a gesture counts once), so a
    // Workshop can tell which of its variants a change went to (undo and redo do not count).
    std::size_t recorded_steps() const { return recorded_; }

    // ---------------------------------------------------------------- meta
    EditResult set_title(std::string_view locale, std::string text);
    EditResult set_state(MapState state);

    // ---------------------------------------------------------------- stages
    // `at` is the new position (clamped to the end); an empty id makes one ("stage-N").
    EditResult add_stage(std::size_t at, std::string id, std::string_view locale, std::string title);
    EditResult set_stage_text(std::string_view id, TextField field, std::string_view locale, std::string text);
    EditResult move_stage(std::string_view id, std::size_t to);
    // Deletes the stage with its touchpoints, lane items, emotion points and metrics bound to it.
    EditResult delete_stage(std::string_view id);

    // ---------------------------------------------------------------- touchpoints
    // `at` counts among the stage's own touchpoints (0 = first of the stage).
    EditResult add_touchpoint(std::string_view stage, std::size_t at, std::string id, std::string_view locale,
                              std::string title);
    EditResult set_touchpoint_text(std::string_view id, TextField field, std::string_view locale, std::string text);
    EditResult set_touchpoint_channel(std::string_view id, std::string channel);
    EditResult set_touchpoint_owner(std::string_view id, std::string owner);
    EditResult set_touchpoint_layer(std::string_view id, Layer layer);
    EditResult set_touchpoint_personas(std::string_view id, std::vector<std::string> personas);
    // To another stage and/or position (among that stage's touchpoints). What is bound to the
    // touchpoint (lane items, emotion points, metrics) follows it to its new stage.
    EditResult move_touchpoint(std::string_view id, std::string_view stage, std::size_t at,
                               std::string_view gesture = {});
    EditResult delete_touchpoint(std::string_view id);

    // ---------------------------------------------------------------- personas (incl. B2B roles)
    EditResult add_persona(std::string id, std::string_view locale, std::string name, std::string role);
    EditResult set_persona_name(std::string_view id, std::string_view locale, std::string name);
    EditResult set_persona_role(std::string_view id, std::string role);
    EditResult set_persona_color(std::string_view id, std::string color);  // "#rrggbb" or ""
    EditResult move_persona(std::string_view id, std::size_t to);
    // Deletes the persona, its emotion points, and its name from touchpoints' persona lists.
    EditResult delete_persona(std::string_view id);

    // ---------------------------------------------------------------- lanes
    EditResult add_lane(std::size_t at, std::string id, LaneKind kind, std::string_view locale, std::string title);
    EditResult set_lane_title(std::string_view id, std::string_view locale, std::string title);
    EditResult move_lane(std::string_view id, std::size_t to);
    EditResult delete_lane(std::string_view id);
    // Items of a text lane (pain points, opportunities, backstage, KPIs, actions, thoughts).
    EditResult add_lane_item(std::string_view lane, std::string_view stage, std::string_view touchpoint,
                             std::string_view locale, std::string text);
    EditResult set_lane_item(std::string_view lane, std::size_t index, std::string_view locale, std::string text);
    EditResult delete_lane_item(std::string_view lane, std::size_t index);
    // A persona's emotion at a touchpoint (or a stage when `touchpoint` is empty), clamped to
    // −2…+2; creates the point if there is none. Pass a gesture name while dragging.
    EditResult set_emotion(std::string_view lane, std::string_view persona, std::string_view stage,
                           std::string_view touchpoint, double value, std::string_view gesture = {});
    EditResult delete_emotion(std::string_view lane, std::string_view persona, std::string_view stage,
                              std::string_view touchpoint);

    // ---------------------------------------------------------------- metrics
    // Binds a metric of `kind` on a touchpoint (or a stage when `touchpoint` is empty) to a
    // survey's question; replaces an existing binding of the same kind there.
    EditResult bind_metric(MetricKind kind, std::string_view stage, std::string_view touchpoint, std::string survey,
                           std::string question);
    EditResult unbind_metric(std::string_view id);

private:
    // Runs `change` on the map after recording a snapshot (unless the same gesture already did);
    // a failed change leaves the map and the history untouched.
    template <class F>
    EditResult apply(std::string_view gesture, F&& change);
    std::string fresh_id(const char* prefix) const;
    bool id_taken(std::string_view id) const;

    Map map_;
    Limits limits_;
    std::size_t max_undo_;
    std::vector<Map> undo_;
    std::vector<Map> redo_;
    std::string gesture_;
    std::size_t recorded_ = 0;
};

// A to-be variant of an as-is map (or the reverse): same structure, the other state, a new id,
// and `counterpart` naming the original so the viewer can compare them point by point.
Map make_variant(const Map& map, std::string new_id);

// A blank map to start from: one persona, the given stages (ids stage-1…; one untitled "1" when
// none is given, as a map needs a stage), an emotion lane and a pain-point lane, in `locale`
// ("" for plain texts).
Map blank_map(std::string id, std::string_view locale, const std::vector<std::string>& stage_titles);

}  // namespace touchpoint::journey
