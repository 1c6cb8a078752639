// What differs between the kinds of records: only the names of their tables (records.hpp).
#include "collector/records.hpp"
#include "collector/storage.hpp"

namespace touchpoint::collector {
namespace {

void replace_all(std::string& text, const std::string& from, const std::string& to) {
    for (std::size_t at = text.find(from); at != std::string::npos; at = text.find(from, at + to.size()))
        text.replace(at, from.size(), to);
}

}  // namespace

std::string record_sql(RecordKind kind, const char* sql_template) {
    // The survey tables keep the names they had before maps became records (existing databases).
    const bool survey = kind == RecordKind::Survey;
    std::string sql = sql_template;
    replace_all(sql, "{head}", survey ? "surveys" : "maps");
    replace_all(sql, "{versions}", survey ? "survey_versions" : "map_versions");
    replace_all(sql, "{key}", survey ? "survey" : "map");
    return sql;
}

std::unique_ptr<Records> open_records(const std::string& db, RecordKind kind, std::string* error) {
    return is_postgres_conninfo(db) ? open_pg_records(db, kind, error) : open_sqlite_records(db, kind, error);
}

}  // namespace touchpoint::collector
