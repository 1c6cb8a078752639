// displays/1: reading a batch (every finding at its JSON pointer) and the figures of stored rows.
#include "touchpoint/aggregate/displays.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

#include "touchpoint/base/timefmt.hpp"
#include "touchpoint/base/utf8.hpp"
#include "touchpoint/base/uuid.hpp"
#include "touchpoint/response/validate.hpp"

namespace touchpoint {
namespace {

using json = nlohmann::json;

// A value as an error message shows it: scalars as JSON (a string cut at 40 bytes), containers by
// kind only (never dumped: a hostile body may nest deep or be long).
std::string describe(const json& v) {
    if (v.is_object()) return "an object";
    if (v.is_array()) return "an array";
    if (v.is_string() && v.get_ref<const std::string&>().size() > 40)
        return json(std::string(utf8_truncate(v.get_ref<const std::string&>(), 40)) + "…").dump();
    return v.dump();
}

bool is_day(const std::string& s) {
    if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
    for (std::size_t i : {0u, 1u, 2u, 3u, 5u, 6u, 8u, 9u})
        if (s[i] < '0' || s[i] > '9') return false;
    return valid_civil_date(std::stoi(s.substr(0, 4)), std::stoi(s.substr(5, 2)), std::stoi(s.substr(8, 2)));
}

// A whole number in 0..kDisplayCountMax; -1 after reporting.
std::int64_t count_at(const json& v, const std::string& ptr, Diagnostics& d) {
    if (!v.is_number() || (v.is_number_float() && v.get<double>() != std::floor(v.get<double>()))) {
        d.error(ptr, "expected a whole number, got " + describe(v));
        return -1;
    }
    const double x = v.get<double>();
    if (x < 0 || x > double(kDisplayCountMax)) {
        d.error(ptr, "expected a count from 0 to " + std::to_string(kDisplayCountMax) + ", got " + describe(v));
        return -1;
    }
    return static_cast<std::int64_t>(x);
}

const std::string* string_at(const json& obj, const char* key, const std::string& ptr, Diagnostics& d) {
    auto it = obj.find(key);
    if (it == obj.end()) {
        d.error(pointer_join(ptr, key), std::string("missing required member \"") + key + "\"");
        return nullptr;
    }
    if (!it->is_string() || !utf8_valid(it->get_ref<const std::string&>())) {
        d.error(pointer_join(ptr, key), "expected a string, got " + describe(*it));
        return nullptr;
    }
    return &it->get_ref<const std::string&>();
}

void read_row(const json& row, const std::string& p, Diagnostics& d, DisplayCount* out) {
    if (!row.is_object()) return d.error(p, "expected an object, got " + describe(row));
    for (auto it = row.begin(); it != row.end(); ++it) {
        const std::string& k = it.key();
        if (k != "survey" && k != "version" && k != "day" && k != "shown" && k != "dismissed" && k != "completed" && k != "reached")
            d.error(pointer_join(p, k), "unknown member \"" + k + "\": display counts carry nothing else");
    }
    if (const std::string* s = string_at(row, "survey", p, d)) {
        if (!is_identifier(*s)) d.error(pointer_join(p, "survey"), "\"" + *s + "\" is not an identifier (1-64 of A-Z a-z 0-9 _ . -)");
        out->survey = *s;
    }
    if (const std::string* s = string_at(row, "version", p, d)) {
        if (s->empty() || s->size() > kDisplayVersionMaxChars)
            d.error(pointer_join(p, "version"), "expected the survey's version label, 1 to " + std::to_string(kDisplayVersionMaxChars) + " characters");
        out->version = *s;
    }
    if (const std::string* s = string_at(row, "day", p, d)) {
        if (!is_day(*s)) d.error(pointer_join(p, "day"), "expected a UTC day \"YYYY-MM-DD\", got \"" + *s + "\"");
        out->day = *s;
    }
    std::int64_t* fields[] = {&out->shown, &out->dismissed, &out->completed};
    const char* names[] = {"shown", "dismissed", "completed"};
    for (int i = 0; i < 3; ++i) {
        auto it = row.find(names[i]);
        if (it == row.end()) d.error(pointer_join(p, names[i]), std::string("missing required member \"") + names[i] + "\"");
        else *fields[i] = count_at(*it, pointer_join(p, names[i]), d);
    }
    auto reached = row.find("reached");
    if (reached == row.end()) return;
    const std::string rp = pointer_join(p, "reached");
    if (!reached->is_object()) return d.error(rp, "expected an object of question id -> count, got " + describe(*reached));
    if (reached->size() > kDisplayReachedMax)
        return d.error(rp, "at most " + std::to_string(kDisplayReachedMax) + " questions, got " + std::to_string(reached->size()));
    for (auto it = reached->begin(); it != reached->end(); ++it) {
        if (!is_identifier(it.key())) d.error(pointer_join(rp, it.key()), "\"" + it.key() + "\" is not a question id");
        out->reached.emplace_back(it.key(), count_at(*it, pointer_join(rp, it.key()), d));
    }
}

json counts_json(std::int64_t shown, std::int64_t dismissed, std::int64_t completed) {
    return {{"shown", shown},
            {"dismissed", dismissed},
            {"completed", completed},
            {"rate", response_rate(shown, completed)},
            {"dismissal_rate", response_rate(shown, dismissed)}};
}

struct Sum {
    std::int64_t shown = 0, dismissed = 0, completed = 0;
    void add(const DisplayCount& r) {
        shown += r.shown;
        dismissed += r.dismissed;
        completed += r.completed;
    }
};

}  // namespace

Diagnostics read_displays(const json& doc, DisplayBatch* batch) {
    Diagnostics d;
    *batch = DisplayBatch{};
    if (!doc.is_object()) {
        d.error("", "expected a displays/1 object, got " + describe(doc));
        return d;
    }
    for (auto it = doc.begin(); it != doc.end(); ++it)
        if (it.key() != "touchpoint" && it.key() != "id" && it.key() != "counts")
            d.error(pointer_join("", it.key()), "unknown member \"" + it.key() + "\": display counts carry nothing else");
    auto tag = doc.find("touchpoint");
    if (tag == doc.end()) d.error("/touchpoint", "missing required member \"touchpoint\"");
    else if (*tag != "displays/1") d.error("/touchpoint", "expected \"displays/1\", got " + describe(*tag));
    if (const std::string* id = string_at(doc, "id", "", d)) {
        if (!is_uuid_v4(*id)) d.error("/id", "expected a lowercase UUID v4 (random per batch), got \"" + *id + "\"");
        batch->id = *id;
    }
    auto counts = doc.find("counts");
    if (counts == doc.end()) {
        d.error("/counts", "missing required member \"counts\"");
        return d;
    }
    if (!counts->is_array()) {
        d.error("/counts", "expected an array of counts, got " + describe(*counts));
        return d;
    }
    if (counts->size() > kDisplayCountsMax) {
        d.error("/counts", "at most " + std::to_string(kDisplayCountsMax) + " rows in one batch, got " + std::to_string(counts->size()));
        return d;
    }
    std::map<std::tuple<std::string, std::string, std::string>, std::size_t> index;
    for (std::size_t i = 0; i < counts->size(); ++i) {
        DisplayCount row;
        read_row((*counts)[i], pointer_join("/counts", i), d, &row);
        if (d.has_errors()) continue;
        auto [at, fresh] = index.emplace(std::make_tuple(row.survey, row.version, row.day), batch->counts.size());
        if (fresh) {
            batch->counts.push_back(std::move(row));
            continue;
        }
        DisplayCount& same = batch->counts[at->second];
        same.shown += row.shown;
        same.dismissed += row.dismissed;
        same.completed += row.completed;
        // Not a structured binding: C++17 cannot capture one in a lambda (clang, the wasm build, refuses).
        for (const auto& entry : row.reached) {
            auto hit = std::find_if(same.reached.begin(), same.reached.end(),
                                    [&](const auto& e) { return e.first == entry.first; });
            if (hit == same.reached.end()) same.reached.push_back(entry);
            else hit->second += entry.second;
        }
    }
    if (d.has_errors()) batch->counts.clear();
    return d;
}

json response_rate(std::int64_t shown, std::int64_t completed) {
    if (shown <= 0) return nullptr;
    return std::round(1000.0 * double(completed) / double(shown)) / 10.0;
}

json display_report(const std::vector<DisplayCount>& rows, const std::vector<std::string>& question_order) {
    Sum total;
    std::map<std::string, Sum> by_day, by_version;
    std::map<std::string, std::int64_t> reached;
    std::int64_t base = 0;
    for (const DisplayCount& r : rows) {
        total.add(r);
        by_day[r.day].add(r);
        by_version[r.version].add(r);
        if (r.reached.empty()) continue;
        base += r.shown;
        for (const auto& [q, n] : r.reached) reached[q] += n;
    }
    json out = {{"total", counts_json(total.shown, total.dismissed, total.completed)},
                {"by_day", json::array()},
                {"by_version", json::array()},
                {"dropoff", {{"base", base}, {"questions", json::array()}}}};
    for (const auto& [day, s] : by_day) {
        json e = counts_json(s.shown, s.dismissed, s.completed);
        e["day"] = day;
        out["by_day"].push_back(std::move(e));
    }
    for (const auto& [version, s] : by_version) {
        json e = counts_json(s.shown, s.dismissed, s.completed);
        e["version"] = version;
        out["by_version"].push_back(std::move(e));
    }
    std::vector<std::string> order;
    for (const std::string& q : question_order)
        if (reached.count(q)) order.push_back(q);
    for (const auto& [q, n] : reached)
        if (std::find(order.begin(), order.end(), q) == order.end()) order.push_back(q);
    std::int64_t before = base;
    for (const std::string& q : order) {
        const std::int64_t n = reached[q];
        out["dropoff"]["questions"].push_back(
            {{"question", q}, {"reached", n}, {"share", response_rate(base, n)}, {"lost", std::max<std::int64_t>(0, before - n)}});
        before = n;
    }
    return out;
}

}  // namespace touchpoint
