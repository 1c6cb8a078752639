// survey_diff (see survey_diff.hpp): a recursive walk over both documents.
#include "collector/survey_diff.hpp"

#include <map>

#include "touchpoint/base/diagnostics.hpp"

namespace touchpoint::collector {
namespace {

using nlohmann::json;

// Arrays whose every element is an object with a distinct string "id": matched by id.
bool keyed_by_id(const json& a) {
    std::map<std::string, int> seen;
    for (const json& item : a) {
        if (!item.is_object() || !item.contains("id") || !item["id"].is_string()) return false;
        if (++seen[item["id"].get<std::string>()] > 1) return false;
    }
    return true;
}

void walk(const json& before, const json& after, const std::string& at_before, const std::string& at_after, json& out) {
    if (before == after) return;
    if (before.is_object() && after.is_object()) {
        for (auto it = before.begin(); it != before.end(); ++it) {
            if (!after.contains(it.key())) out.push_back({{"op", "removed"}, {"pointer", pointer_join(at_before, it.key())}, {"before", it.value()}});
        }
        for (auto it = after.begin(); it != after.end(); ++it) {
            const std::string p = pointer_join(at_after, it.key());
            if (!before.contains(it.key())) out.push_back({{"op", "added"}, {"pointer", p}, {"after", it.value()}});
            else walk(before[it.key()], it.value(), pointer_join(at_before, it.key()), p, out);
        }
        return;
    }
    if (before.is_array() && after.is_array() && keyed_by_id(before) && keyed_by_id(after)) {
        std::map<std::string, std::size_t> where_before, where_after;
        for (std::size_t i = 0; i < before.size(); ++i) where_before[before[i]["id"].get<std::string>()] = i;
        for (std::size_t i = 0; i < after.size(); ++i) where_after[after[i]["id"].get<std::string>()] = i;
        for (std::size_t i = 0; i < before.size(); ++i) {
            if (!where_after.count(before[i]["id"].get<std::string>()))
                out.push_back({{"op", "removed"}, {"pointer", pointer_join(at_before, i)}, {"before", before[i]}});
        }
        for (std::size_t i = 0; i < after.size(); ++i) {
            const auto found = where_before.find(after[i]["id"].get<std::string>());
            const std::string p = pointer_join(at_after, i);
            if (found == where_before.end()) {
                out.push_back({{"op", "added"}, {"pointer", p}, {"after", after[i]}});
                continue;
            }
            if (found->second != i) out.push_back({{"op", "moved"}, {"pointer", p}, {"before", pointer_join(at_before, found->second)}});
            walk(before[found->second], after[i], pointer_join(at_before, found->second), p, out);
        }
        return;
    }
    if (before.is_array() && after.is_array()) {
        const std::size_t common = std::min(before.size(), after.size());
        for (std::size_t i = 0; i < common; ++i) walk(before[i], after[i], pointer_join(at_before, i), pointer_join(at_after, i), out);
        for (std::size_t i = common; i < before.size(); ++i) out.push_back({{"op", "removed"}, {"pointer", pointer_join(at_before, i)}, {"before", before[i]}});
        for (std::size_t i = common; i < after.size(); ++i) out.push_back({{"op", "added"}, {"pointer", pointer_join(at_after, i)}, {"after", after[i]}});
        return;
    }
    out.push_back({{"op", "changed"}, {"pointer", at_after}, {"before", before}, {"after", after}});
}

}  // namespace

json survey_diff(const json& before, const json& after) {
    json out = json::array();
    walk(before, after, "", "", out);
    return out;
}

}  // namespace touchpoint::collector
