// SQLite plumbing shared by the responses store (sqlite_store.cpp) and the survey records
// (records_sqlite.cpp): prepared statements finalized on scope exit, exec, and opening a
// connection with the busy timeout both need.
#pragma once
#include <sqlite3.h>

#include <cstdint>
#include <string>

namespace touchpoint::collector::sqlite {

// A prepared statement, finalized on scope exit.
class Statement {
public:
    Statement(sqlite3* db, const char* sql) { ok_ = sqlite3_prepare_v2(db, sql, -1, &stmt_, nullptr) == SQLITE_OK; }
    ~Statement() { sqlite3_finalize(stmt_); }
    Statement(const Statement&) = delete;
    Statement& operator=(const Statement&) = delete;
    bool ok() const { return ok_; }
    sqlite3_stmt* get() { return stmt_; }
    void reset() {
        sqlite3_reset(stmt_);
        sqlite3_clear_bindings(stmt_);
    }
    void bind(int i, const std::string& s) { sqlite3_bind_text(stmt_, i, s.data(), static_cast<int>(s.size()), SQLITE_TRANSIENT); }
    void bind_or_null(int i, const std::string& s) {
        if (s.empty()) sqlite3_bind_null(stmt_, i);
        else bind(i, s);
    }
    void bind(int i, std::int64_t v) { sqlite3_bind_int64(stmt_, i, v); }
    int step() { return sqlite3_step(stmt_); }
    std::string text(int col) {
        const unsigned char* p = sqlite3_column_text(stmt_, col);
        return p ? std::string(reinterpret_cast<const char*>(p), static_cast<std::size_t>(sqlite3_column_bytes(stmt_, col))) : std::string();
    }
    std::int64_t int64(int col) { return sqlite3_column_int64(stmt_, col); }

private:
    sqlite3_stmt* stmt_ = nullptr;
    bool ok_ = false;
};

inline bool exec(sqlite3* db, const char* sql, std::string* error) {
    char* msg = nullptr;
    if (sqlite3_exec(db, sql, nullptr, nullptr, &msg) == SQLITE_OK) return true;
    if (error) *error = msg ? msg : sqlite3_errmsg(db);
    sqlite3_free(msg);
    return false;
}

inline sqlite3* open_connection(const std::string& path, bool read_only, std::string* error) {
    sqlite3* db = nullptr;
    int flags = (read_only ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE) | SQLITE_OPEN_NOMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
        if (error) *error = db ? sqlite3_errmsg(db) : "out of memory";
        sqlite3_close(db);
        return nullptr;
    }
    // Readers and the outbox updater may briefly wait for the writer's lock.
    sqlite3_busy_timeout(db, 10000);
    return db;
}

// A read-write connection for a store whose tables `schema_sql` creates (CREATE ... IF NOT
// EXISTS), or null and *error: the records, the alert inbox and the display counts open this way.
inline sqlite3* open_with_tables(const std::string& path, const std::string& schema_sql, std::string* error) {
    sqlite3* db = open_connection(path, false, error);
    if (db && !exec(db, schema_sql.c_str(), error)) {
        sqlite3_close(db);
        db = nullptr;
    }
    return db;
}

}  // namespace touchpoint::collector::sqlite
