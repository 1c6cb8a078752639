// The collector's flat CSV export of response/1 payloads, and its reader (RFC 4180).
#include <algorithm>
#include <cmath>
#include <cstdlib>

#include "touchpoint/response/csv.hpp"
#include "touchpoint/response/derived.hpp"
#include "touchpoint/response/members.hpp"

namespace touchpoint {
namespace {

using json = nlohmann::json;
namespace m = members;
namespace top = members::payload;

const json& child(const json& obj, const char* key) {
    static const json kNull;
    if (!obj.is_object()) return kNull;
    auto it = obj.find(key);
    return it == obj.end() ? kNull : *it;
}

// Scalars as cell text: strings verbatim, numbers as JSON writes them, null/objects empty.
std::string cell(const json& v) {
    if (v.is_string()) return v.get<std::string>();
    if (v.is_number() || v.is_boolean()) return v.dump();
    return std::string();
}

// A whole number cell, or nullopt for empty; `ok` false when the text is not a number.
std::optional<double> number_cell(const std::string& s, bool& ok) {
    ok = true;
    if (s.empty()) return std::nullopt;
    json v = json::parse(s, nullptr, false);
    if (v.is_discarded() || !v.is_number()) {
        ok = false;
        return std::nullopt;
    }
    return v.get<double>();
}

json number_json(double x) {
    if (x == std::floor(x) && std::fabs(x) < 1e15) return json(static_cast<std::int64_t>(x));
    return json(x);
}

}  // namespace

const char* const kResponseCsvColumns[16] = {"id",  "survey", "version",    "submitted", "locale", "map",
                                             "stage", "touchpoint", "nps",  "csat",     "csat_scale", "ces",
                                             "ces_scale", "alert", "redactions", "answers"};

void csv_append_field(std::string& out, std::string_view field) {
    bool quote = field.find_first_of(",\"\r\n") != std::string_view::npos ||
                 (!field.empty() && (field.front() == ' ' || field.back() == ' '));
    if (!quote) {
        out.append(field.data(), field.size());
        return;
    }
    out.push_back('"');
    for (char c : field) {
        if (c == '"') out.push_back('"');
        out.push_back(c);
    }
    out.push_back('"');
}

std::string response_csv_header(const std::vector<std::string>& field_ids) {
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i) out.push_back(',');
        out += kResponseCsvColumns[i];
    }
    for (const std::string& id : field_ids) {
        out.push_back(',');
        csv_append_field(out, kResponseCsvFieldPrefix + id);
    }
    out += "\r\n";
    return out;
}

std::vector<std::string> response_csv_field_union(const std::vector<std::vector<std::string>>& declared) {
    std::vector<std::string> out;
    for (const auto& ids : declared)
        for (const std::string& id : ids)
            if (std::find(out.begin(), out.end(), id) == out.end()) out.push_back(id);
    return out;
}

std::string response_to_csv_row(const nlohmann::json& p, const std::vector<std::string>& field_ids) {
    const json& survey = child(p, top::survey);
    const json& journey = child(p, top::journey);
    const json& scores = child(p, top::scores);
    const json& csat = child(scores, m::scores::csat);
    const json& ces = child(scores, m::scores::ces);
    const json& answers = child(p, top::answers);
    std::string cells[16] = {cell(child(p, top::id)),
                             cell(child(survey, m::survey::id)),
                             cell(child(survey, m::survey::version)),
                             cell(child(p, top::submitted)),
                             cell(child(p, top::locale)),
                             cell(child(journey, m::journey::map)),
                             cell(child(journey, m::journey::stage)),
                             cell(child(journey, m::journey::touchpoint)),
                             cell(child(child(scores, m::scores::nps), m::nps::value)),
                             cell(child(csat, m::csat::value)),
                             cell(child(csat, m::csat::scale)),
                             cell(child(ces, m::ces::value)),
                             cell(child(ces, m::ces::scale)),
                             cell(child(child(p, top::alert), m::alert::reason)),
                             cell(child(p, top::redactions)),
                             answers.is_object() ? answers.dump() : std::string("{}")};
    std::string out;
    for (int i = 0; i < 16; ++i) {
        if (i) out.push_back(',');
        csv_append_field(out, cells[i]);
    }
    const json& fields = child(p, top::fields);
    for (const std::string& id : field_ids) {
        out.push_back(',');
        csv_append_field(out, cell(child(fields, id.c_str())));
    }
    out += "\r\n";
    return out;
}

bool CsvReader::next(std::vector<std::string>& fields, std::string& error) {
    fields.clear();
    error.clear();
    if (pos_ >= data_.size()) return false;
    record_line_ = line_;
    std::string field;
    for (;;) {
        if (pos_ < data_.size() && data_[pos_] == '"') {
            ++pos_;
            bool closed = false;
            while (pos_ < data_.size()) {
                char c = data_[pos_++];
                if (c == '"') {
                    if (pos_ < data_.size() && data_[pos_] == '"') {
                        field.push_back('"');
                        ++pos_;
                    } else {
                        closed = true;
                        break;
                    }
                } else {
                    if (c == '\n') ++line_;
                    field.push_back(c);
                }
            }
            if (!closed) {
                error = "unterminated quoted field";
                fields.push_back(std::move(field));
                return true;
            }
            if (pos_ < data_.size() && data_[pos_] != ',' && data_[pos_] != '\r' && data_[pos_] != '\n') {
                error = "unexpected character after a quoted field";
                while (pos_ < data_.size() && data_[pos_] != '\n') ++pos_;  // resynchronize at the next line
                if (pos_ < data_.size()) { ++pos_; ++line_; }
                fields.push_back(std::move(field));
                return true;
            }
        } else {
            while (pos_ < data_.size() && data_[pos_] != ',' && data_[pos_] != '\r' && data_[pos_] != '\n') {
                if (data_[pos_] == '"' && error.empty()) error = "quote inside an unquoted field";
                field.push_back(data_[pos_++]);
            }
        }
        fields.push_back(std::move(field));
        field.clear();
        if (pos_ >= data_.size()) return true;
        char c = data_[pos_++];
        if (c == ',') continue;
        if (c == '\r' && pos_ < data_.size() && data_[pos_] == '\n') ++pos_;
        ++line_;
        return true;
    }
}

bool csv_header_matches(const std::vector<std::string>& header, std::vector<std::string>* field_ids) {
    if (field_ids) field_ids->clear();
    if (header.size() < 16) return false;
    for (int i = 0; i < 16; ++i) {
        std::string_view f = header[std::size_t(i)];
        if (i == 0 && f.size() >= 3 && f.substr(0, 3) == "\xEF\xBB\xBF") f.remove_prefix(3);  // spreadsheet BOM
        if (f != kResponseCsvColumns[i]) return false;
    }
    const std::string_view prefix = kResponseCsvFieldPrefix;
    std::vector<std::string> ids;
    for (std::size_t i = 16; i < header.size(); ++i) {
        const std::string& column = header[i];
        if (column.size() <= prefix.size() || column.compare(0, prefix.size(), prefix) != 0) return false;
        std::string id = column.substr(prefix.size());
        if (std::find(ids.begin(), ids.end(), id) != ids.end()) return false;  // one column per field
        ids.push_back(std::move(id));
    }
    if (field_ids) *field_ids = std::move(ids);
    return true;
}

std::optional<nlohmann::json> response_from_csv(const std::vector<std::string>& f, std::string& error,
                                                const std::vector<std::string>& field_ids) {
    if (f.size() != 16 + field_ids.size()) {
        error = "/: expected " + std::to_string(16 + field_ids.size()) + " columns, got " + std::to_string(f.size());
        return std::nullopt;
    }
    json p = json::object();
    p[top::touchpoint] = "response/1";
    p[top::id] = f[0];
    p[top::survey] = {{m::survey::id, f[1]}, {m::survey::version, f[2]}};
    p[top::submitted] = f[3];
    p[top::locale] = f[4];
    json journey = json::object();
    if (!f[5].empty()) journey[m::journey::map] = f[5];
    if (!f[6].empty()) journey[m::journey::stage] = f[6];
    if (!f[7].empty()) journey[m::journey::touchpoint] = f[7];
    if (!journey.empty()) p[top::journey] = journey;
    json scores = json::object();
    bool ok = true;
    auto nps = number_cell(f[8], ok);
    if (!ok) { error = "/nps: \"" + f[8] + "\" is not a number"; return std::nullopt; }
    if (nps) {
        int v = int(*nps);
        scores[m::scores::nps] = {{m::nps::value, number_json(*nps)}, {m::nps::category, nps_category(v)}};
    }
    struct { BuiltinScore score; std::size_t value, scale; double default_scale; } scaled[2] = {
        {BuiltinScore::Csat, 9, 10, kCsatDefaultScale}, {BuiltinScore::Ces, 11, 12, kCesDefaultScale}};
    for (const auto& s : scaled) {
        auto value = number_cell(f[s.value], ok);
        if (!ok) { error = std::string("/") + kResponseCsvColumns[s.value] + ": \"" + f[s.value] + "\" is not a number"; return std::nullopt; }
        auto scale = number_cell(f[s.scale], ok);
        if (!ok) { error = std::string("/") + kResponseCsvColumns[s.scale] + ": \"" + f[s.scale] + "\" is not a number"; return std::nullopt; }
        if (!value) continue;
        double sc = scale.value_or(s.default_scale);
        json entry = {{m::csat::value, number_json(*value)}, {m::csat::scale, number_json(sc)}};
        entry[scale_flag_key(s.score)] = scale_flag(s.score, *value, sc);
        scores[builtin_score_key(s.score)] = entry;
    }
    p[top::scores] = scores;
    if (!f[13].empty()) p[top::alert] = {{m::alert::reason, f[13]}};
    auto redactions = number_cell(f[14], ok);
    if (!ok) { error = "/redactions: \"" + f[14] + "\" is not a number"; return std::nullopt; }
    p[top::redactions] = number_json(redactions.value_or(0));
    if (f[15].empty()) {
        p[top::answers] = json::object();
    } else {
        json answers = json::parse(f[15], nullptr, false);
        if (answers.is_discarded() || !answers.is_object()) {
            error = "/answers: not a JSON object";
            return std::nullopt;
        }
        p[top::answers] = std::move(answers);
    }
    // Fields are text as stored (already cut and redacted); an empty cell is a field without a value.
    json fields = json::object();
    for (std::size_t i = 0; i < field_ids.size(); ++i)
        if (!f[16 + i].empty()) fields[field_ids[i]] = f[16 + i];
    if (!fields.empty()) p[top::fields] = std::move(fields);
    return p;
}

}  // namespace touchpoint
