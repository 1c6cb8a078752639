// libpq plumbing for the PostgreSQL storage (pg_store.cpp, pg_rollups.cpp): connection strings
// (parsed, shown without the password), results freed on scope exit, a small connection pool that
// reconnects with backoff when the server goes away, and statements sent with text parameters,
// by name, or several in one round trip.
#pragma once
#include <libpq-fe.h>

#include <chrono>
#include <cstdint>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

namespace touchpoint::collector::pg {

// [SECTION] Connection strings

// Replaces every occurrence of the connection string's password in `text` by "***" (libpq
// messages may quote parts of the string they could not parse).
std::string scrub_password(const std::string& conninfo, std::string text);

// "host=/tmp/x port=5432 dbname=tp user=app": where the database is, for logs; no password.
// Empty and *error set when libpq cannot parse the string.
std::string describe_conninfo(const std::string& conninfo, std::string* error);

// [SECTION] Results

struct ResultDeleter {
    void operator()(PGresult* r) const { PQclear(r); }
};
using Result = std::unique_ptr<PGresult, ResultDeleter>;

// True if the result is a success (command or rows). Otherwise *error gets the server's message.
bool ok(const Result& r, PGconn* conn, std::string* error);

// SQLSTATE of a failed result ("" if none), e.g. 40P01 (deadlock) and 40001 (serialization):
// both mean "run the transaction again".
std::string sqlstate(const Result& r);

// One value of a result as text (its bytes, NULs included).
std::string value(const Result& r, int row, int col);
// One integer value of a result (bigint, integer, a count); 0 for NULL.
std::int64_t int_value(const Result& r, int row, int col);

// A statement with text parameters ($1, $2, ...).
Result exec_params(PGconn* conn, const char* sql, const std::vector<std::string>& params);

// Creates a store's tables (`sql`: CREATE ... IF NOT EXISTS statements) in one transaction on a
// connection of its own, at startup; false and *error ("cannot create the WHAT tables: ...",
// without the password) if that fails.
bool create_tables(const std::string& conninfo, const std::string& sql, const std::string& what, std::string* error);

// A PostgreSQL text[] literal ({"a","b\"c"}) for a query parameter.
std::string text_array(const std::vector<const std::string*>& items);
// A PostgreSQL bigint[] literal ({16,17}) for a query parameter.
std::string int_array(const std::vector<std::int64_t>& items);

// [SECTION] Pool

// A statement a pool prepares on each connection it opens (a named server-side prepared
// statement): sent by name, it is parsed, analysed and planned once per connection instead of at
// every execution. For the statements run at every group commit, that planning was most of the
// server's work (tools/collector/README.md, "Results rollups").
struct PreparedStatement {
    const char* name;
    const char* sql;
};

// Connections for one database. acquire() reuses an idle connection or opens one; after a failed
// connect it refuses to try again until a backoff (100 ms doubling to 5 s) has passed, so an
// outage costs requests an immediate error (503) rather than a pile of blocked connects.
class Pool {
public:
    // `prepared`: statements prepared on every connection opened (their tables must exist).
    Pool(std::string conninfo, std::size_t max_open, std::vector<PreparedStatement> prepared = {});
    ~Pool();
    Pool(const Pool&) = delete;
    Pool& operator=(const Pool&) = delete;

    // A connection ready for queries (synchronous_commit=on, UTF-8), or null with *error.
    PGconn* acquire(std::string* error);
    // Gives a connection back; a broken one (lost server) is closed instead of pooled.
    void release(PGconn* conn);

    // Connects once, for startup: the error says why (unreachable, authentication, ...).
    PGconn* connect(std::string* error);

private:
    std::string conninfo_;
    std::size_t max_open_;
    std::vector<PreparedStatement> prepared_;
    std::mutex mu_;
    std::condition_variable freed_;
    std::vector<PGconn*> idle_;
    std::size_t open_ = 0;
    std::chrono::steady_clock::time_point retry_at_{};
    std::chrono::milliseconds backoff_{0};
};

// A pooled connection, given back on scope exit.
class Lease {
public:
    Lease(Pool& pool, std::string* error) : pool_(pool), conn_(pool.acquire(error)) {}
    ~Lease() {
        if (conn_) pool_.release(conn_);
    }
    Lease(const Lease&) = delete;
    Lease& operator=(const Lease&) = delete;
    PGconn* get() const { return conn_; }
    explicit operator bool() const { return conn_ != nullptr; }

private:
    Pool& pool_;
    PGconn* conn_;
};

// [SECTION] Statements

// Parameters as C strings for PQexecParams; a null optional string is SQL NULL.
struct Params {
    std::vector<std::string> owned;
    std::vector<const char*> values;
    std::vector<bool> is_null;
    Params& add(std::string v) {
        owned.push_back(std::move(v));
        is_null.push_back(false);
        return *this;
    }
    Params& add_or_null(const std::string& v) {
        owned.push_back(v);
        is_null.push_back(v.empty());
        return *this;
    }
    const char* const* get() {
        values.clear();
        for (std::size_t i = 0; i < owned.size(); ++i) values.push_back(is_null[i] ? nullptr : owned[i].c_str());
        return values.data();
    }
    int size() const { return static_cast<int>(owned.size()); }
};

Result exec_params(PGconn* conn, const char* sql, Params& p);
// A statement the pool prepared (PreparedStatement), by name.
Result exec_params(PGconn* conn, const PreparedStatement& st, Params& p);

// BEGIN and COMMIT go as text (nothing to plan); the rest by name.
extern const PreparedStatement kBegin;
extern const PreparedStatement kCommit;

// Sends the statements in ONE round trip (libpq pipeline mode) and gives one result per
// statement (after a failed one, the rest are PGRES_PIPELINE_ABORTED). False if the connection
// failed on the way; the connection is then unusable (the pool closes it).
bool pipeline(PGconn* conn, const std::vector<std::pair<const PreparedStatement*, Params*>>& statements, std::vector<Result>* results,
              std::string* error);

}  // namespace touchpoint::collector::pg
