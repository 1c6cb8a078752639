// The collector's flat CSV export of response/1 payloads, one row per response:
//   id,survey,version,submitted,locale,map,stage,touchpoint,nps,csat,csat_scale,ces,ces_scale,alert,redactions,answers
// (`answers` is the answers object as one JSON-encoded cell), then, in an export of one survey,
// one column per hidden field the survey declares, `fields.<id>` in declaration order (the
// payload's `fields` member: empty when the response has no value for it); in an export of several
// surveys, one column per field any of them declares (response_csv_field_union). RFC 4180 quoting; rows
// end in CRLF, the reader accepts LF too. `touchpoint score` and the journey viewer read both forms.
#pragma once
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace touchpoint {

extern const char* const kResponseCsvColumns[16];
constexpr const char* kResponseCsvFieldPrefix = "fields.";
// The header row, CRLF-terminated: the 16 columns, then "fields.<id>" for each of `field_ids`.
std::string response_csv_header(const std::vector<std::string>& field_ids = {});
// The fields.<id> columns of an export over several surveys: each id once, in the order it first
// appears — the surveys in the order given, each one's fields in declaration order. A field two
// surveys declare is one column (a response carries only its own survey's fields).
std::vector<std::string> response_csv_field_union(const std::vector<std::vector<std::string>>& declared);
// One row for a payload (members it lacks are empty cells), CRLF-terminated. The answers cell is
// the compact JSON dump of payload["answers"] ("{}" when absent); then payload["fields"][id] for
// each of `field_ids` (the same list as the header's).
std::string response_to_csv_row(const nlohmann::json& payload, const std::vector<std::string>& field_ids = {});
void csv_append_field(std::string& out, std::string_view field);  // quotes when needed

// Incremental RFC 4180 reader over a whole buffer: quoted fields may hold commas, quotes ("")
// and newlines. `line` counts physical lines (1-based) for error messages.
class CsvReader {
public:
    explicit CsvReader(std::string_view data) : data_(data) {}
    // Reads the next record into `fields`; false at the end of the data. A malformed record
    // (stray quote, unterminated quote) sets `error` and returns true with what was read.
    bool next(std::vector<std::string>& fields, std::string& error);
    std::size_t record_line() const { return record_line_; }  // first line of the last record
    std::size_t line() const { return line_; }

private:
    std::string_view data_;
    std::size_t pos_ = 0;
    std::size_t line_ = 1;
    std::size_t record_line_ = 1;
};

// Rebuilds a response/1 payload from one CSV row (cells in kResponseCsvColumns order, then one
// per field of `field_ids`, as csv_header_matches read them from the header). Derived members (NPS
// category, top2, easy, alert.reason) are recomputed; a non-empty field cell becomes
// payload["fields"][id]; errors name the column, e.g. "/nps: not a number".
std::optional<nlohmann::json> response_from_csv(const std::vector<std::string>& fields, std::string& error,
                                                const std::vector<std::string>& field_ids = {});
// Whether `header` is the export's header: the 16 columns, then any number of distinct
// "fields.<id>" columns, whose ids go to `field_ids` (cleared first) when given.
bool csv_header_matches(const std::vector<std::string>& header, std::vector<std::string>* field_ids = nullptr);

}  // namespace touchpoint
