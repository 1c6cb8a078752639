// The widget's anonymous display counts (displays/1, touchpoint/aggregate/displays.hpp), summed per
// survey, version and UTC day, with the per-question "reached" counts where partial responses are
// on. Counts are additive, so a retried batch must not count twice: each batch's random id is kept
// with the hash of its rows, and a batch seen before adds nothing (the same id with other rows is a
// conflict). Nothing about the sender is stored: no address, no time of receipt.
// SQLite (display_counts_sqlite.cpp) and PostgreSQL (display_counts_pg.cpp), in the responses' database.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "touchpoint/aggregate/displays.hpp"

namespace touchpoint::collector {

enum class DisplayAdd { Stored, Duplicate, Conflict, Failed };

// Every call is safe from any thread.
class DisplayCounts {
public:
    virtual ~DisplayCounts() = default;
    // Adds the batch's rows in one transaction, unless its id was stored before. `hash`: the
    // sha256 of the batch's canonical JSON. Failed sets *error.
    virtual DisplayAdd add(const DisplayBatch& batch, const std::string& hash, std::string* error) = 0;
    // The rows of one survey on UTC days in [from, to] ("" = open), in no particular order.
    virtual bool rows(const std::string& survey, const std::string& from, const std::string& to, std::vector<DisplayCount>* out,
                      std::string* error) = 0;
};

// `db` is --db (a SQLite path or a PostgreSQL connection string); creates the tables if missing.
std::unique_ptr<DisplayCounts> open_display_counts(const std::string& db, std::string* error);
std::unique_ptr<DisplayCounts> open_sqlite_display_counts(const std::string& path, std::string* error);
std::unique_ptr<DisplayCounts> open_pg_display_counts(const std::string& conninfo, std::string* error);

}  // namespace touchpoint::collector
