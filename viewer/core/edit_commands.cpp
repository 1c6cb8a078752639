// Edit commands as JSON ({"op":"move_touchpoint","id":"demo","stage":"decide","at":0}): the one
// way the element's side panel (and any script) edits the map. Each op is a call of the core's
// Editor (journey/edit.hpp); nothing here changes the map itself. The ops and their fields are
// documented in docs/journey.md ("Edit mode").
#include <cmath>
#include <cstddef>
#include <string>

#include "viewer.hpp"

namespace tpviewer {
namespace {

using json = nlohmann::json;

// Reads the command's members; the first missing or mistyped one becomes the error, with its pointer.
struct Args {
    const json& cmd;
    std::string error;

    std::string str(const char* key, bool required = true) {
        const auto it = cmd.find(key);
        if (it == cmd.end() || it->is_null()) {
            if (required && error.empty()) error = std::string("/") + key + ": required";
            return {};
        }
        if (!it->is_string()) {
            if (error.empty()) error = std::string("/") + key + ": expected a string";
            return {};
        }
        return it->get<std::string>();
    }
    std::size_t index(const char* key, std::size_t fallback) {
        const auto it = cmd.find(key);
        if (it == cmd.end() || it->is_null()) return fallback;
        if (!it->is_number_integer() || it->get<long long>() < 0) {
            if (error.empty()) error = std::string("/") + key + ": expected a whole number ≥ 0";
            return fallback;
        }
        return static_cast<std::size_t>(it->get<long long>());
    }
    double number(const char* key) {
        const auto it = cmd.find(key);
        if (it == cmd.end() || !it->is_number() || !std::isfinite(it->get<double>())) {
            if (error.empty()) error = std::string("/") + key + ": expected a number";
            return 0;
        }
        return it->get<double>();
    }
};

constexpr std::size_t kEnd = static_cast<std::size_t>(-1);  // "at the end" (the Editor clamps)

json result(const jn::EditResult& r) {
    json out = {{"ok", r.ok}};
    if (!r.ok) out["error"] = r.error;
    if (!r.id.empty()) out["id"] = r.id;
    return out;
}

// Every branch reads its members first and calls the Editor only when all of them were right.
jn::EditResult run(jn::Editor& e, const std::string& op, Args& a) {
    using jn::TextField;
    const std::string given_locale = a.str("locale", false);
    const std::string loc = given_locale.empty() ? std::string(e.edit_locale()) : given_locale;
    const auto bad = [&a] { return jn::EditResult::fail(a.error); };
    if (op == "set_title") {
        std::string text = a.str("text");
        return a.error.empty() ? e.set_title(loc, std::move(text)) : bad();
    }
    if (op == "add_stage" || op == "add_touchpoint" || op == "add_lane") {
        const std::size_t at = a.index("at", kEnd);
        std::string id = a.str("id", false), title = a.str("title");
        if (op == "add_stage") return a.error.empty() ? e.add_stage(at, std::move(id), loc, std::move(title)) : bad();
        if (op == "add_touchpoint") {
            const std::string stage = a.str("stage");
            return a.error.empty() ? e.add_touchpoint(stage, at, std::move(id), loc, std::move(title)) : bad();
        }
        const std::string kind_name = a.str("kind");
        if (!a.error.empty()) return bad();
        const auto kind = jn::lane_kind_from(kind_name);
        if (!kind) return jn::EditResult::fail("/kind: unknown lane kind \"" + kind_name + "\"");
        return e.add_lane(at, std::move(id), *kind, loc, std::move(title));
    }
    if (op == "set_stage_title" || op == "set_touchpoint_title" || op == "set_lane_title") {
        const std::string id = a.str("id");
        std::string title = a.str("title");
        if (!a.error.empty()) return bad();
        if (op == "set_stage_title") return e.set_stage_text(id, TextField::Title, loc, std::move(title));
        if (op == "set_touchpoint_title") return e.set_touchpoint_text(id, TextField::Title, loc, std::move(title));
        return e.set_lane_title(id, loc, std::move(title));
    }
    if (op == "set_touchpoint_channel" || op == "set_touchpoint_owner") {
        const std::string id = a.str("id");
        std::string text = a.str("text");
        if (!a.error.empty()) return bad();
        return op == "set_touchpoint_channel" ? e.set_touchpoint_channel(id, std::move(text))
                                              : e.set_touchpoint_owner(id, std::move(text));
    }
    if (op == "move_stage" || op == "move_persona" || op == "move_lane") {
        const std::string id = a.str("id");
        const std::size_t to = a.index("to", 0);
        if (!a.error.empty()) return bad();
        if (op == "move_stage") return e.move_stage(id, to);
        if (op == "move_persona") return e.move_persona(id, to);
        return e.move_lane(id, to);
    }
    if (op == "move_touchpoint") {
        const std::string id = a.str("id"), stage = a.str("stage");
        const std::size_t at = a.index("at", kEnd);
        return a.error.empty() ? e.move_touchpoint(id, stage, at) : bad();
    }
    if (op == "delete_stage" || op == "delete_touchpoint" || op == "delete_persona" || op == "delete_lane") {
        const std::string id = a.str("id");
        if (!a.error.empty()) return bad();
        if (op == "delete_stage") return e.delete_stage(id);
        if (op == "delete_touchpoint") return e.delete_touchpoint(id);
        if (op == "delete_persona") return e.delete_persona(id);
        return e.delete_lane(id);
    }
    if (op == "add_persona") {
        std::string id = a.str("id", false), name = a.str("name"), role = a.str("role", false);
        return a.error.empty() ? e.add_persona(std::move(id), loc, std::move(name), std::move(role)) : bad();
    }
    if (op == "set_persona_name") {
        const std::string id = a.str("id");
        std::string name = a.str("name");
        return a.error.empty() ? e.set_persona_name(id, loc, std::move(name)) : bad();
    }
    if (op == "set_persona_role") {
        const std::string id = a.str("id");
        std::string role = a.str("role");
        return a.error.empty() ? e.set_persona_role(id, std::move(role)) : bad();
    }
    if (op == "add_lane_item") {
        const std::string lane = a.str("lane"), stage = a.str("stage"), tp = a.str("touchpoint", false);
        std::string text = a.str("text");
        return a.error.empty() ? e.add_lane_item(lane, stage, tp, loc, std::move(text)) : bad();
    }
    if (op == "set_lane_item" || op == "delete_lane_item") {
        const std::string lane = a.str("lane");
        const std::size_t index = a.index("index", kEnd);
        if (op == "delete_lane_item") return a.error.empty() ? e.delete_lane_item(lane, index) : bad();
        std::string text = a.str("text");
        return a.error.empty() ? e.set_lane_item(lane, index, loc, std::move(text)) : bad();
    }
    if (op == "set_emotion" || op == "delete_emotion") {
        const std::string lane = a.str("lane"), persona = a.str("persona"), stage = a.str("stage"),
                          tp = a.str("touchpoint", false);
        if (op == "delete_emotion") return a.error.empty() ? e.delete_emotion(lane, persona, stage, tp) : bad();
        const double value = a.number("value");
        return a.error.empty() ? e.set_emotion(lane, persona, stage, tp, value) : bad();
    }
    return jn::EditResult::fail("/op: unknown edit \"" + op + "\"");
}

}  // namespace

json edit_command(Viewer& v, std::string_view text) {
    const json cmd = json::parse(text.begin(), text.end(), nullptr, false);
    if (!cmd.is_object()) return {{"ok", false}, {"error", "an edit is a JSON object {\"op\": ...}"}};
    Args a{cmd, {}};
    const std::string op = a.str("op");
    if (!a.error.empty()) return {{"ok", false}, {"error", a.error}};
    if (op == "edit") return {{"ok", set_editing(v, true)}};
    if (!v.edit.workshop) return {{"ok", false}, {"error", "not in edit mode (set edit=on first)"}};
    if (op == "undo" || op == "redo") {
        const bool ok = edit_undo(v, op == "redo");
        return ok ? json{{"ok", true}} : json{{"ok", false}, {"error", "nothing to " + op}};
    }
    jn::Workshop& w = *v.edit.workshop;
    if (op == "create_variant" || op == "activate_variant") {
        // As-is / to-be: a copy of the active map in the other state, or a switch to another variant.
        std::string id = a.str("id", op == "activate_variant");
        if (!a.error.empty()) return {{"ok", false}, {"error", a.error}};
        w.editor().end_gesture();
        const jn::EditResult r = op == "create_variant" ? w.create_variant(std::move(id)) : w.activate(id);
        if (r.ok) show_variants(v);
        return result(r);
    }
    jn::Editor& e = w.editor();
    const jn::EditResult r = run(e, op, a);
    if (r.ok) {
        e.end_gesture();
        after_edit(v);
    }
    return result(r);
}

}  // namespace tpviewer
