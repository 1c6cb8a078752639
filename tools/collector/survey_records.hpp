// Surveys as records of the collector: every save is a numbered version (1, 2, ...) of a survey,
// kept for ever with its content hash (the core's survey_content_hash), author label and time.
// A survey has at most one published version at a time; publishing another (or rolling back to an
// older one) never deletes anything, so a response started on version 3 still finds version 3.
// Studio's sign-in sessions live here too: with PostgreSQL, every collector sharing the database
// sees the same sessions. SQLite (survey_records_sqlite.cpp) and PostgreSQL
// (survey_records_pg.cpp) implement it, in the same database as the responses.
//
// [SECTION] Rows
// [SECTION] SurveyRecords
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace touchpoint::collector {

// [SECTION] Rows -------------------------------------------------------------------------------

struct SurveyVersion {
    std::string survey;            // survey id
    std::int64_t number = 0;       // 1, 2, ... per survey
    std::string hash;              // "sha256:<32 hex>" of the canonical document
    std::string author;            // the editor credential's label
    std::int64_t created_ms = 0;   // saved at (Unix ms)
    std::int64_t published_ms = 0; // last published at; 0 = never published
    std::string body;              // the survey/1 document as saved (canonical JSON)
};

struct SurveySummary {
    std::string survey;
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

// [SECTION] SurveyRecords ----------------------------------------------------------------------

// Every call is safe from any thread. false = the database failed (*error says why); a missing
// row is `true` with *found = false.
class SurveyRecords {
public:
    virtual ~SurveyRecords() = default;

    // Appends a version (number = latest + 1, in one transaction); sets v.number. When `publish`,
    // the new version is also the published one. An unchanged body (same hash as the latest) is
    // not a new version: v gets the latest's number and *created = false.
    virtual bool save(SurveyVersion& v, bool publish, bool* created, std::string* error) = 0;
    // Makes an existing version the published one (published_ms = now_ms). *found = false if no such version.
    virtual bool publish(const std::string& survey, std::int64_t number, std::int64_t now_ms, bool* found, std::string* error) = 0;
    virtual bool list(std::vector<SurveySummary>* out, std::string* error) = 0;
    // Newest first; bodies left empty.
    virtual bool history(const std::string& survey, std::vector<SurveyVersion>* out, std::string* error) = 0;
    // number 0 = the published version.
    virtual bool get(const std::string& survey, std::int64_t number, SurveyVersion* out, bool* found, std::string* error) = 0;
    virtual bool published_number(const std::string& survey, std::int64_t* number, std::string* error) = 0;

    virtual bool put_session(const StudioSession& s, std::string* error) = 0;
    // Finds an unexpired session by id hash (expired ones are deleted on the way).
    virtual bool get_session(const std::string& id_hash, std::int64_t now_ms, StudioSession* out, bool* found, std::string* error) = 0;
    virtual bool delete_session(const std::string& id_hash, std::string* error) = 0;
};

// The records in the same database as the responses (`db` is --db: a SQLite path or a PostgreSQL
// connection string). Creates the tables if missing. Null and *error on failure.
std::unique_ptr<SurveyRecords> open_survey_records(const std::string& db, std::string* error);
std::unique_ptr<SurveyRecords> open_sqlite_survey_records(const std::string& path, std::string* error);
std::unique_ptr<SurveyRecords> open_pg_survey_records(const std::string& conninfo, std::string* error);

}  // namespace touchpoint::collector
