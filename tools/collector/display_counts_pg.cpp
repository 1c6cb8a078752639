// Display counts in PostgreSQL (see display_counts.hpp), shared by every collector on the
// database. A batch is one transaction: claiming its id (INSERT ... ON CONFLICT DO NOTHING, so two
// collectors receiving the same retry cannot both add it), then adding its rows.
#include <cstdlib>
#include <map>

#include "collector/display_counts.hpp"
#include "collector/pg_conn.hpp"
#include "collector/storage.hpp"

namespace touchpoint::collector {
namespace {

using pg::Lease;
using pg::Result;

const char* const kDisplayCountsPgSchema = R"sql(
SELECT pg_advisory_xact_lock(7425110109);
CREATE TABLE IF NOT EXISTS display_batches(
  id   text PRIMARY KEY,
  hash text NOT NULL
);
CREATE TABLE IF NOT EXISTS display_counts(
  survey    text NOT NULL,
  version   text NOT NULL,
  day       text NOT NULL,
  shown     bigint NOT NULL,
  dismissed bigint NOT NULL,
  completed bigint NOT NULL,
  PRIMARY KEY(survey, version, day)
);
CREATE TABLE IF NOT EXISTS display_reached(
  survey   text NOT NULL,
  version  text NOT NULL,
  day      text NOT NULL,
  question text NOT NULL,
  n        bigint NOT NULL,
  PRIMARY KEY(survey, version, day, question)
);
)sql";


class PgDisplayCounts final : public DisplayCounts {
public:
    explicit PgDisplayCounts(const std::string& conninfo) : pool_(conninfo, 2) {}

    DisplayAdd add(const DisplayBatch& batch, const std::string& hash, std::string* error) override {
        Lease conn(pool_, error);
        if (!conn) return DisplayAdd::Failed;
        Result begin(PQexec(conn.get(), "BEGIN"));
        if (!pg::ok(begin, conn.get(), error)) return DisplayAdd::Failed;
        const DisplayAdd outcome = add_in_transaction(conn.get(), batch, hash, error);
        Result end(PQexec(conn.get(), outcome == DisplayAdd::Stored ? "COMMIT" : "ROLLBACK"));
        if (outcome == DisplayAdd::Stored && !pg::ok(end, conn.get(), error)) return DisplayAdd::Failed;
        return outcome;
    }

    bool rows(const std::string& survey, const std::string& from, const std::string& to, std::vector<DisplayCount>* out,
              std::string* error) override {
        Lease conn(pool_, error);
        if (!conn) return false;
        const std::string range = " WHERE survey = $1 AND ($2 = '' OR day >= $2) AND ($3 = '' OR day <= $3)";
        Result counts = pg::exec_params(conn.get(), ("SELECT version, day, shown, dismissed, completed FROM display_counts" + range).c_str(),
                              {survey, from, to});
        if (!pg::ok(counts, conn.get(), error)) return false;
        Result reached = pg::exec_params(conn.get(), ("SELECT version, day, question, n FROM display_reached" + range + " ORDER BY question").c_str(),
                               {survey, from, to});
        if (!pg::ok(reached, conn.get(), error)) return false;
        std::map<std::pair<std::string, std::string>, std::size_t> index;
        for (int i = 0; i < PQntuples(counts.get()); ++i) {
            index[{pg::value(counts, i, 0), pg::value(counts, i, 1)}] = out->size();
            out->push_back({survey, pg::value(counts, i, 0), pg::value(counts, i, 1), pg::int_value(counts, i, 2),
                            pg::int_value(counts, i, 3), pg::int_value(counts, i, 4), {}});
        }
        for (int i = 0; i < PQntuples(reached.get()); ++i) {
            auto it = index.find({pg::value(reached, i, 0), pg::value(reached, i, 1)});
            if (it != index.end()) (*out)[it->second].reached.emplace_back(pg::value(reached, i, 2), pg::int_value(reached, i, 3));
        }
        return true;
    }

private:
    DisplayAdd add_in_transaction(PGconn* conn, const DisplayBatch& batch, const std::string& hash, std::string* error) {
        Result claim = pg::exec_params(conn, "INSERT INTO display_batches(id, hash) VALUES($1,$2) ON CONFLICT(id) DO NOTHING RETURNING id", {batch.id, hash});
        if (!pg::ok(claim, conn, error)) return DisplayAdd::Failed;
        if (PQntuples(claim.get()) == 0) {
            Result seen = pg::exec_params(conn, "SELECT hash FROM display_batches WHERE id = $1", {batch.id});
            if (!pg::ok(seen, conn, error)) return DisplayAdd::Failed;
            return PQntuples(seen.get()) == 1 && pg::value(seen, 0, 0) == hash ? DisplayAdd::Duplicate : DisplayAdd::Conflict;
        }
        for (const DisplayCount& c : batch.counts) {
            Result r = pg::exec_params(conn,
                             "INSERT INTO display_counts(survey, version, day, shown, dismissed, completed) VALUES($1,$2,$3,$4,$5,$6) "
                             "ON CONFLICT(survey, version, day) DO UPDATE SET shown = display_counts.shown + $4, "
                             "dismissed = display_counts.dismissed + $5, completed = display_counts.completed + $6",
                             {c.survey, c.version, c.day, std::to_string(c.shown), std::to_string(c.dismissed), std::to_string(c.completed)});
            if (!pg::ok(r, conn, error)) return DisplayAdd::Failed;
            for (const auto& [question, n] : c.reached) {
                Result q = pg::exec_params(conn,
                                 "INSERT INTO display_reached(survey, version, day, question, n) VALUES($1,$2,$3,$4,$5) "
                                 "ON CONFLICT(survey, version, day, question) DO UPDATE SET n = display_reached.n + $5",
                                 {c.survey, c.version, c.day, question, std::to_string(n)});
                if (!pg::ok(q, conn, error)) return DisplayAdd::Failed;
            }
        }
        return DisplayAdd::Stored;
    }
    pg::Pool pool_;
};

}  // namespace

std::unique_ptr<DisplayCounts> open_pg_display_counts(const std::string& conninfo, std::string* error) {
    if (!pg::create_tables(conninfo, kDisplayCountsPgSchema, "display count", error)) return nullptr;
    return std::make_unique<PgDisplayCounts>(conninfo);
}

std::unique_ptr<DisplayCounts> open_display_counts(const std::string& db, std::string* error) {
    return is_postgres_conninfo(db) ? open_pg_display_counts(db, error) : open_sqlite_display_counts(db, error);
}

}  // namespace touchpoint::collector
