// libpq plumbing for the PostgreSQL storage (see pg_conn.hpp).
//
// [SECTION] Connection strings
// [SECTION] Results
// [SECTION] Pool
#include "collector/pg_conn.hpp"

#include <algorithm>
#include <cstdlib>

namespace touchpoint::collector::pg {

// [SECTION] Connection strings -----------------------------------------------------------------

namespace {

// libpq messages end with a newline and put hints on tab-indented lines: one log line instead.
std::string one_line(std::string message) {
    for (std::size_t at = message.find("\n\t"); at != std::string::npos; at = message.find("\n\t", at)) message.replace(at, 2, "; ");
    for (char& ch : message) {
        if (ch == '\n' || ch == '\t') ch = ' ';
    }
    while (!message.empty() && message.back() == ' ') message.pop_back();
    return message;
}

// The password as written in a URI's userinfo (postgres://user:PASSWORD@host) or a key=value
// string (password=PASSWORD or password='PASS WORD'), raw, before any decoding.
std::vector<std::string> written_passwords(const std::string& s) {
    std::vector<std::string> out;
    const std::size_t scheme = s.find("://");
    if (scheme != std::string::npos) {
        const std::size_t start = scheme + 3;
        const std::size_t end = std::min(s.find('/', start), s.find('?', start));
        const std::string authority = s.substr(start, end == std::string::npos ? std::string::npos : end - start);
        const std::size_t at = authority.rfind('@');
        if (at != std::string::npos) {
            const std::size_t colon = authority.find(':');
            if (colon != std::string::npos && colon < at) out.push_back(authority.substr(colon + 1, at - colon - 1));
        }
        const std::size_t query = s.find("password=", start);
        if (query != std::string::npos) out.push_back(s.substr(query + 9, s.find('&', query) - (query + 9)));
        return out;
    }
    for (std::size_t key = s.find("password"); key != std::string::npos; key = s.find("password", key + 8)) {
        std::size_t i = key + 8;
        while (i < s.size() && s[i] == ' ') ++i;
        if (i >= s.size() || s[i] != '=') continue;
        ++i;
        while (i < s.size() && s[i] == ' ') ++i;
        if (i < s.size() && s[i] == '\'') {
            const std::size_t close = s.find('\'', i + 1);
            out.push_back(s.substr(i + 1, close == std::string::npos ? std::string::npos : close - i - 1));
        } else {
            out.push_back(s.substr(i, s.find(' ', i) == std::string::npos ? std::string::npos : s.find(' ', i) - i));
        }
    }
    return out;
}

}  // namespace

std::string scrub_password(const std::string& conninfo, std::string text) {
    std::vector<std::string> secrets = written_passwords(conninfo);
    char* parse_error = nullptr;
    if (PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &parse_error)) {
        for (PQconninfoOption* o = opts; o->keyword; ++o) {
            if (std::string(o->keyword) == "password" && o->val && *o->val) secrets.push_back(o->val);
        }
        PQconninfoFree(opts);
    }
    PQfreemem(parse_error);
    for (const std::string& secret : secrets) {
        if (secret.empty()) continue;
        for (std::size_t at = text.find(secret); at != std::string::npos; at = text.find(secret, at + 3)) text.replace(at, secret.size(), "***");
    }
    return text;
}

std::string describe_conninfo(const std::string& conninfo, std::string* error) {
    char* parse_error = nullptr;
    PQconninfoOption* opts = PQconninfoParse(conninfo.c_str(), &parse_error);
    if (!opts) {
        *error = scrub_password(conninfo, one_line(parse_error ? parse_error : "out of memory"));
        PQfreemem(parse_error);
        return "";
    }
    std::string out;
    for (const char* key : {"host", "hostaddr", "port", "dbname", "user"}) {
        for (PQconninfoOption* o = opts; o->keyword; ++o) {
            if (std::string(o->keyword) == key && o->val && *o->val) out += (out.empty() ? "" : " ") + std::string(key) + "=" + o->val;
        }
    }
    PQconninfoFree(opts);
    return out.empty() ? "(libpq defaults)" : out;
}

// [SECTION] Results ----------------------------------------------------------------------------

bool ok(const Result& r, PGconn* conn, std::string* error) {
    const ExecStatusType st = r ? PQresultStatus(r.get()) : PGRES_FATAL_ERROR;
    if (st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK || st == PGRES_SINGLE_TUPLE) return true;
    if (error) {
        std::string message = r ? PQresultErrorMessage(r.get()) : "";
        if (message.empty()) message = PQerrorMessage(conn);
        message = one_line(message);
        *error = message.empty() ? "the database connection failed" : message;
    }
    return false;
}

std::string value(const Result& r, int row, int col) {
    return std::string(PQgetvalue(r.get(), row, col), static_cast<std::size_t>(PQgetlength(r.get(), row, col)));
}

std::int64_t int_value(const Result& r, int row, int col) { return std::strtoll(PQgetvalue(r.get(), row, col), nullptr, 10); }

Result exec_params(PGconn* conn, const char* sql, const std::vector<std::string>& params) {
    std::vector<const char*> values;
    for (const std::string& p : params) values.push_back(p.c_str());
    return Result(PQexecParams(conn, sql, static_cast<int>(values.size()), nullptr, values.data(), nullptr, nullptr, 0));
}

bool create_tables(const std::string& conninfo, const std::string& sql, const std::string& what, std::string* error) {
    Pool probe(conninfo, 1);
    PGconn* conn = probe.connect(error);
    if (!conn) return false;
    Result begin(PQexec(conn, "BEGIN"));
    Result schema(PQexec(conn, sql.c_str()));
    bool created = ok(begin, conn, error) && ok(schema, conn, error);
    Result end(PQexec(conn, created ? "COMMIT" : "ROLLBACK"));
    created = created && ok(end, conn, error);
    PQfinish(conn);
    if (!created) *error = "cannot create the " + what + " tables: " + scrub_password(conninfo, *error);
    return created;
}

std::string sqlstate(const Result& r) {
    const char* s = r ? PQresultErrorField(r.get(), PG_DIAG_SQLSTATE) : nullptr;
    return s ? s : "";
}

std::string text_array(const std::vector<const std::string*>& items) {
    std::size_t size = 2;
    for (const std::string* s : items) size += s->size() + 3;
    std::string out;
    out.reserve(size + size / 16);
    out += '{';
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out += ',';
        out += '"';
        for (char ch : *items[i]) {
            if (ch == '"' || ch == '\\') out += '\\';
            out += ch;
        }
        out += '"';
    }
    out += '}';
    return out;
}

std::string int_array(const std::vector<std::int64_t>& items) {
    std::string out = "{";
    for (std::int64_t item : items) {
        if (out.size() > 1) out += ',';
        out += std::to_string(item);
    }
    return out + "}";
}

// [SECTION] Pool -------------------------------------------------------------------------------

Pool::Pool(std::string conninfo, std::size_t max_open, std::vector<PreparedStatement> prepared)
    : conninfo_(std::move(conninfo)), max_open_(std::max<std::size_t>(max_open, 1)), prepared_(std::move(prepared)) {}

Pool::~Pool() {
    for (PGconn* c : idle_) PQfinish(c);
}

PGconn* Pool::connect(std::string* error) {
    // Our defaults come first: whatever the connection string sets overrides them (libpq applies
    // the expanded dbname's parameters over earlier keywords).
    const char* keys[] = {"connect_timeout", "application_name", "client_encoding", "keepalives", "keepalives_idle",
                          "keepalives_interval", "keepalives_count", "tcp_user_timeout", "dbname", nullptr};
    const char* values[] = {"5", "touchpoint-collector", "UTF8", "1", "10", "5", "3", "15000", conninfo_.c_str(), nullptr};
    PGconn* conn = PQconnectdbParams(keys, values, 1);
    if (!conn || PQstatus(conn) != CONNECTION_OK) {
        *error = scrub_password(conninfo_, one_line(conn ? PQerrorMessage(conn) : "out of memory"));
        PQfinish(conn);
        return nullptr;
    }
    // Server notices ("relation already exists, skipping") are not errors: keep them off stderr.
    PQsetNoticeProcessor(conn, [](void*, const char*) {}, nullptr);
        if (PQserverVersion(conn) < 130000) {
        *error = "PostgreSQL 13 or newer is needed (the server is " + std::to_string(PQserverVersion(conn) / 10000) + ")";
        PQfinish(conn);
        return nullptr;
    }
    // An acknowledgement means "committed and flushed": never let a server or role default of
    // synchronous_commit=off turn a 200 into a promise the database may not keep.
    Result set(PQexec(conn, "SET synchronous_commit = on"));
    if (!ok(set, conn, error)) {
        *error = scrub_password(conninfo_, *error);
        PQfinish(conn);
        return nullptr;
    }
    for (const PreparedStatement& st : prepared_) {
        Result prepared(PQprepare(conn, st.name, st.sql, 0, nullptr));
        if (!ok(prepared, conn, error)) {
            *error = scrub_password(conninfo_, "cannot prepare " + std::string(st.name) + ": " + *error);
            PQfinish(conn);
            return nullptr;
        }
    }
    return conn;
}

PGconn* Pool::acquire(std::string* error) {
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
        if (!idle_.empty()) {
            PGconn* c = idle_.back();
            idle_.pop_back();
            return c;
        }
        if (open_ < max_open_) break;
        if (!freed_.wait_for(lock, std::chrono::seconds(10), [&] { return !idle_.empty() || open_ < max_open_; })) {
            *error = "every database connection is busy";
            return nullptr;
        }
    }
    const auto now = std::chrono::steady_clock::now();
    if (now < retry_at_) {
        *error = "the database is unreachable (next attempt in " +
                 std::to_string(std::chrono::duration_cast<std::chrono::milliseconds>(retry_at_ - now).count()) + " ms)";
        return nullptr;
    }
    ++open_;
    lock.unlock();
    PGconn* c = connect(error);
    lock.lock();
    if (!c) {
        --open_;
        backoff_ = std::min<std::chrono::milliseconds>(std::max<std::chrono::milliseconds>(backoff_ * 2, std::chrono::milliseconds(100)),
                                                       std::chrono::seconds(5));
        retry_at_ = std::chrono::steady_clock::now() + backoff_;
        freed_.notify_one();
        return nullptr;
    }
    backoff_ = std::chrono::milliseconds(0);
    return c;
}

void Pool::release(PGconn* conn) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (PQstatus(conn) == CONNECTION_OK && PQtransactionStatus(conn) == PQTRANS_IDLE) {
            idle_.push_back(conn);
        } else {
            PQfinish(conn);
            --open_;
        }
    }
    freed_.notify_one();
}

// [SECTION] Statements

Result exec_params(PGconn* conn, const char* sql, Params& p) {
    return Result(PQexecParams(conn, sql, p.size(), nullptr, p.get(), nullptr, nullptr, 0));
}

Result exec_params(PGconn* conn, const PreparedStatement& st, Params& p) {
    return Result(PQexecPrepared(conn, st.name, p.size(), p.get(), nullptr, nullptr, 0));
}

const PreparedStatement kBegin{nullptr, "BEGIN"};
const PreparedStatement kCommit{nullptr, "COMMIT"};

bool pipeline(PGconn* conn, const std::vector<std::pair<const PreparedStatement*, Params*>>& statements, std::vector<Result>* results,
              std::string* error) {
    auto fail = [&] {
        *error = PQerrorMessage(conn);
        if (error->empty()) *error = "the database connection failed";
        return false;
    };
    if (!PQenterPipelineMode(conn)) return fail();
    for (const auto& [st, params] : statements) {
        const int n = params ? params->size() : 0;
        const char* const* values = params ? params->get() : nullptr;
        const int sent = st->name ? PQsendQueryPrepared(conn, st->name, n, values, nullptr, nullptr, 0)
                                  : PQsendQueryParams(conn, st->sql, n, nullptr, values, nullptr, nullptr, 0);
        if (!sent) return fail();
    }
    if (!PQpipelineSync(conn)) return fail();
    results->clear();
    for (std::size_t i = 0; i < statements.size(); ++i) {
        PGresult* r = PQgetResult(conn);
        if (!r) return fail();
        results->emplace_back(r);
        while (PGresult* extra = PQgetResult(conn)) PQclear(extra);  // up to the statement's end (NULL)
    }
    Result sync(PQgetResult(conn));
    if (!sync || PQresultStatus(sync.get()) != PGRES_PIPELINE_SYNC) return fail();
    return PQexitPipelineMode(conn) == 1 || fail();
}

}  // namespace touchpoint::collector::pg
