// Documents kept as records of the collector — surveys (survey/1) and journey maps (journey/1),
// one implementation for both kinds: every save is a numbered version (1, 2, ...) of a document,
// kept for ever with its content hash (the core's canonical hash), author label and time.
// A document has at most one published version at a time; publishing another (or rolling back to
// an older one) never deletes anything, so a response started on version 3 still finds version 3.
// Each kind has its own pair of tables (surveys/survey_versions, maps/map_versions).
// Studio's sign-in sessions live here too: with PostgreSQL, every collector sharing the database
// sees the same sessions. SQLite (records_sqlite.cpp) and PostgreSQL (records_pg.cpp) implement
// it, in the same database as the responses.
//
// [SECTION] Rows
// [SECTION] Records
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace touchpoint::collector {

// [SECTION] Rows -------------------------------------------------------------------------------

// Which documents a Records instance keeps: its tables are named after the kind.
enum class RecordKind { Survey, Map };

struct RecordVersion {
    std::string id;                // the document's id (survey id, map id)
    std::int64_t number = 0;       // 1, 2, ... per document
    std::string hash;              // "sha256:<32 hex>" of the canonical document
    std::string author;            // the editor credential's label
    std::int64_t created_ms = 0;   // saved at (Unix ms)
    std::int64_t published_ms = 0; // last published at; 0 = never published
    std::string body;              // the document as saved (canonical JSON)
};

struct RecordSummary {
    std::string id;
    std::int64_t latest = 0;       // newest version number (the draft being edited)
    std::int64_t published = 0;    // version number served publicly; 0 = none
    std::string latest_hash, published_hash, author;  // author of the latest version
    std::int64_t updated_ms = 0;
};

struct StudioSession {
    std::string id_hash;           // sha256 hex of the cookie's random id (the id itself is not stored)
    std::string csrf;              // the token every state-changing request must echo
    std::string author;
    std::int64_t expires_ms = 0;
};

// [SECTION] Records ----------------------------------------------------------------------------

// Every call is safe from any thread. false = the database failed (*error says why); a missing
// row is `true` with *found = false.
class Records {
public:
    virtual ~Records() = default;

    // Appends a version (number = latest + 1, in one transaction); sets v.number. When `publish`,
    // the new version is also the published one. An unchanged body (same hash as the latest) is
    // not a new version: v gets the latest's number and *created = false.
    virtual bool save(RecordVersion& v, bool publish, bool* created, std::string* error) = 0;
    // Makes an existing version the published one (published_ms = now_ms). *found = false if no such version.
    virtual bool publish(const std::string& id, std::int64_t number, std::int64_t now_ms, bool* found, std::string* error) = 0;
    virtual bool list(std::vector<RecordSummary>* out, std::string* error) = 0;
    // Newest first; bodies left empty.
    virtual bool history(const std::string& id, std::vector<RecordVersion>* out, std::string* error) = 0;
    // number 0 = the published version.
    virtual bool get(const std::string& id, std::int64_t number, RecordVersion* out, bool* found, std::string* error) = 0;
    virtual bool published_number(const std::string& id, std::int64_t* number, std::string* error) = 0;

    virtual bool put_session(const StudioSession& s, std::string* error) = 0;
    // Finds an unexpired session by id hash (expired ones are deleted on the way).
    virtual bool get_session(const std::string& id_hash, std::int64_t now_ms, StudioSession* out, bool* found, std::string* error) = 0;
    virtual bool delete_session(const std::string& id_hash, std::string* error) = 0;

    // Queues `body` in the responses' alert outbox (the webhook path of alerts.hpp) unless an alert
    // with this `key` was ever queued: a change alert goes out once per map, touchpoint and period,
    // however often the change is computed. *queued says whether this call queued it.
    virtual bool queue_alert_once(const std::string& key, const std::string& body, bool* queued, std::string* error) = 0;
};

// The records of one kind in the same database as the responses (`db` is --db: a SQLite path or a
// PostgreSQL connection string). Creates the tables if missing. Null and *error on failure.
std::unique_ptr<Records> open_records(const std::string& db, RecordKind kind, std::string* error);
std::unique_ptr<Records> open_sqlite_records(const std::string& path, RecordKind kind, std::string* error);
std::unique_ptr<Records> open_pg_records(const std::string& conninfo, RecordKind kind, std::string* error);

// The kind's table and key column names, spliced into the SQL of both backends: "{head}" (one row
// per document), "{versions}" (one per version) and "{key}" (the versions' document column).
std::string record_sql(RecordKind kind, const char* sql_template);

}  // namespace touchpoint::collector
