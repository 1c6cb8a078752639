// PostgreSQL storage for the collector: several collectors (behind one load balancer) share one
// database. Same rows, same answers as SQLite (sqlite_store.cpp); what differs is what sharing needs:
//
// - Durability: every connection runs with synchronous_commit=on, and a request is answered only
//   after its group's COMMIT returned. A lost connection is a 503 (the commit may or may not have
//   happened; the client's retry is then a duplicate or a new row, never a lie).
// - Idempotency across collectors: INSERT ... ON CONFLICT (id) DO NOTHING waits for a concurrent
//   insert of the same id by another collector to commit or abort, then the stored hash decides:
//   same body = duplicate (200 again), different body = 422.
// - Group commit: one transaction per writer group; all of the group's rows go in ONE statement
//   (unnest of text arrays), so a group costs a handful of round trips whatever its size. A
//   request found conflicting is left out and the group re-run without it (requests stay
//   all-or-nothing); a deadlock with another collector also re-runs the group.
// - The live feed: seq values come from a sequence, so with several writers seq 11 may commit
//   before seq 10 and a "seq > cursor" poll would skip 10 for ever. Each row also records its
//   transaction id (tx); the feed orders by (tx, seq) and hands out only rows whose transaction is
//   older than the oldest transaction still running (the snapshot's xmin): no row can appear
//   behind a cursor later. Cost: a long-running transaction anywhere in the cluster holds the
//   feed back (not ingest) until it ends.
// - The alert outbox is claimed with FOR UPDATE SKIP LOCKED plus a lease (next_at_ms pushed into
//   the future), so two collectors never deliver the same alert at once; an attempt's outcome
//   (delete, or backoff) is recorded as with SQLite.
//
// [SECTION] Schema
// [SECTION] PgStorage: commits
// [SECTION] PgStorage: reads and the feed
// [SECTION] PgStorage: alert outbox
// [SECTION] Opening
#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "collector/pg_conn.hpp"
#include "collector/storage.hpp"
#include "touchpoint/base/json_text.hpp"

namespace touchpoint::collector {
namespace {

using pg::Lease;
using pg::ok;
using pg::Result;

// [SECTION] Schema -----------------------------------------------------------------------------

// Serializes schema creation between collectors starting at the same moment (CREATE ... IF NOT
// EXISTS alone can still collide on the catalog's unique indexes).
const char* const kSchemaLock = "SELECT pg_advisory_xact_lock(7425110106)";  // "touchpoint schema"

// Like SQLite's: no column about the HTTP request. tx = the inserting transaction's id (xid8 as
// bigint), for the feed's exactly-once cursor (see the file comment).
const char* const kSchema = R"sql(
CREATE TABLE IF NOT EXISTS responses(
  seq     bigserial PRIMARY KEY,
  id      text NOT NULL UNIQUE,
  hash    text NOT NULL,
  survey  text NOT NULL,
  map     text,
  payload text NOT NULL,
  tx      bigint NOT NULL DEFAULT (pg_current_xact_id()::text::bigint)
);
CREATE INDEX IF NOT EXISTS responses_by_survey ON responses(survey, seq);
CREATE INDEX IF NOT EXISTS responses_by_map ON responses(map, seq);
CREATE INDEX IF NOT EXISTS responses_feed ON responses(tx, seq);
CREATE TABLE IF NOT EXISTS alert_outbox(
  id          bigserial PRIMARY KEY,
  response_id text NOT NULL,
  body        text NOT NULL,
  attempts    integer NOT NULL DEFAULT 0,
  next_at_ms  bigint NOT NULL,
  last_error  text
);
CREATE INDEX IF NOT EXISTS alert_outbox_due ON alert_outbox(next_at_ms);
CREATE TABLE IF NOT EXISTS rollups(
  survey   text NOT NULL,
  day      text NOT NULL,
  locale   text NOT NULL,
  grouping text NOT NULL,
  state    text NOT NULL,
  shard    integer NOT NULL DEFAULT 0,
  PRIMARY KEY(survey, day, locale, grouping, shard)
);
ALTER TABLE rollups ADD COLUMN IF NOT EXISTS shard integer NOT NULL DEFAULT 0;
DO $$ BEGIN  -- a table from before shards: its key gains the shard
  IF (SELECT indnatts FROM pg_index WHERE indrelid = 'rollups'::regclass AND indisprimary) = 4 THEN
    ALTER TABLE rollups DROP CONSTRAINT rollups_pkey;
    ALTER TABLE rollups ADD PRIMARY KEY (survey, day, locale, grouping, shard);
  END IF;
END $$;
CREATE TABLE IF NOT EXISTS rollup_meta(name text PRIMARY KEY, value text NOT NULL);
CREATE TABLE IF NOT EXISTS rollup_deltas(
  delta   integer NOT NULL,
  writer  bigint NOT NULL,
  written timestamptz NOT NULL DEFAULT now(),
  cells   text NOT NULL
);
CREATE SEQUENCE IF NOT EXISTS rollup_delta_ids AS integer MINVALUE 16 CYCLE;
CREATE OR REPLACE VIEW rollup_cells AS
  SELECT survey, day, locale, grouping, state, shard FROM rollups
  UNION ALL SELECT e->>0, e->>1, e->>2, e->>3, (e->4)::text, d.delta
  FROM rollup_deltas d CROSS JOIN LATERAL json_array_elements(d.cells::json) AS e;
)sql";

// Rollups (rollups.hpp). A commit does not read or rewrite the cells it touches: it folds its own
// new responses into cells of their own (a fresh RollupFold) and INSERTs them as ONE row of
// rollup_deltas (`cells`: a JSON array of [survey, day, locale, grouping, state] rows), numbered by
// a sequence (the `delta`, never below 16) — one statement, no lock, no read, a table without an
// index, in the same transaction as the responses. Readers read the view rollup_cells (`rollups`
// and every delta's rows, in one statement: one snapshot) and merge a delta's cells as cells of
// their own, as they merge days. Each collector's compactor, one at a time in the cluster (a
// transaction-scoped advisory lock, tried), about once a second takes its own committed deltas
// and any older than 10 s (a stopped collector's) with DELETE ... RETURNING, adds each to its cell
// in shard 0 (RollupFold::absorb; the kept fold carries on while shard 0 holds what it last wrote)
// and writes the cells back, all in one transaction: a delta is counted once, before or after,
// never twice or lost. Its own deltas it absorbs from the folds its writers kept in memory
// (recent_deltas_), not parsed back from their text: parsing a state costs 20-40 times what
// merging a fold does. (Before deltas, every commit took one of 16 shards, read its cells and
// wrote them back: PostgreSQL spent about twice the CPU on rollups; shards 1-15 of such a database
// are still read.)
const pg::PreparedStatement kRollupDeltaWrite{"tp_rollup_delta_write",
    "INSERT INTO rollup_deltas(delta, writer, cells) VALUES (nextval('rollup_delta_ids'), $1::bigint, $2) RETURNING delta"};
const pg::PreparedStatement kRollupCompactLock{"tp_rollup_compact_lock", "SELECT pg_try_advisory_xact_lock(74251102, 0)"};
const pg::PreparedStatement kRollupTakeDeltas{"tp_rollup_take_deltas",
    "DELETE FROM rollup_deltas WHERE writer = $1::bigint OR written < now() - interval '10 seconds' RETURNING delta, cells"};
const pg::PreparedStatement kRollupRead{"tp_rollup_read",
    "SELECT r.survey, r.day, r.locale, r.grouping, r.state FROM rollups r "
    "JOIN unnest($1::text[],$2::text[],$3::text[]) AS k(survey,day,locale) USING (survey, day, locale) WHERE r.shard = 0"};
const pg::PreparedStatement kRollupWrite{"tp_rollup_write",
    "INSERT INTO rollups(survey,day,locale,grouping,state,shard) "
    "SELECT u.*, 0 FROM unnest($1::text[],$2::text[],$3::text[],$4::text[],$5::text[]) AS u "
    "ON CONFLICT (survey,day,locale,grouping,shard) DO UPDATE SET state = EXCLUDED.state"};
// How often the compactor runs: readers merge at most about this much ingest as deltas.
constexpr std::chrono::milliseconds kCompactEvery{1000};
constexpr std::size_t kRememberedDeltas = 8192;  // commits' folds kept for the compactor (remember_delta)
// What every connection of the storage's pool prepares (pg::PreparedStatement): the statements
// of a group commit, sent by name. Planned at every execution, they cost the server more than
// executing them did (tools/collector/README.md, "Results rollups").
const std::vector<pg::PreparedStatement>& writer_statements();

const char* const kRollupRows =
    "SELECT day, locale, grouping, state, shard FROM rollup_cells WHERE survey = $1 AND ($2 = '' OR day >= $2) AND ($3 = '' OR day <= $3) "
    "AND grouping <> 'journey' AND grouping NOT LIKE 'segment.%'";
const char* const kRollupStates =
    "SELECT grouping, state FROM rollup_cells r WHERE ($2 = '' OR survey = $2) AND (grouping = $1 OR "
    "($3 <> '' AND grouping = $3 AND NOT EXISTS (SELECT 1 FROM rollup_cells s WHERE s.survey = r.survey "
    "AND s.day = r.day AND s.locale = r.locale AND s.shard = r.shard AND s.grouping = $1)))";

const char* const kShapeCheck =
    "SELECT seq, id, hash, survey, map, payload, tx FROM responses LIMIT 0; "
    "SELECT id, response_id, body, attempts, next_at_ms, last_error FROM alert_outbox LIMIT 0";

// All rows of a group in one statement, in request order (ORDER BY ord: seq follows it).
const pg::PreparedStatement kInsert{"tp_insert",
    "INSERT INTO responses(id,hash,survey,map,payload) "
    "SELECT r.id, r.hash, r.survey, NULLIF(r.map,''), r.payload "
    "FROM unnest($1::text[],$2::text[],$3::text[],$4::text[],$5::text[]) WITH ORDINALITY AS r(id,hash,survey,map,payload,ord) "
    "ORDER BY r.ord ON CONFLICT (id) DO NOTHING RETURNING id"};

// A new statement = a new snapshot (READ COMMITTED): sees rows committed by other collectors
// (ON CONFLICT waited for them) and this transaction's own.
const pg::PreparedStatement kStoredHashes{"tp_stored_hashes", "SELECT id, hash FROM responses WHERE id = ANY($1::text[])"};

const pg::PreparedStatement kOutbox{"tp_outbox",
    "INSERT INTO alert_outbox(response_id, body, next_at_ms) SELECT r.id, r.body, 0 FROM unnest($1::text[],$2::text[]) AS r(id, body)"};

const std::vector<pg::PreparedStatement>& writer_statements() {
    static const std::vector<pg::PreparedStatement> all = {kInsert,          kStoredHashes,      kOutbox,      kRollupDeltaWrite,
                                                           kRollupCompactLock, kRollupTakeDeltas, kRollupRead, kRollupWrite};
    return all;
}

// (tx, seq) after the cursor, only from transactions older than every running one.
// Also returns the horizon itself (first column, on every row; one row of NULLs when nothing is
// new), so a short page can move the cursor up to it: a filtered feed then never rescans the
// rows it skipped.
const char* const kFeed =
    "WITH h AS (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS xmin) "
    "SELECT h.xmin, r.tx, r.seq, r.payload FROM h LEFT JOIN LATERAL ("
    "  SELECT tx, seq, payload FROM responses WHERE (tx, seq) > ($1::bigint, $2::bigint) AND tx < h.xmin "
    "  AND ($3::text IS NULL OR survey = $3) AND ($4::text IS NULL OR map = $4) ORDER BY tx, seq LIMIT $5"
    ") r ON true ORDER BY r.tx, r.seq";

const char* const kScan =
    "SELECT seq, payload FROM responses WHERE seq > $1::bigint "
    "AND ($2::text IS NULL OR survey = $2) AND ($3::text IS NULL OR map = $3) ORDER BY seq LIMIT $4::bigint";

// Claimed alerts are not due again for this long unless their attempt is reported first.
constexpr std::int64_t kAlertLeaseMs = 3 * 60 * 1000;
constexpr int kAlertClaim = 5;  // at most this many per claim, so the lease covers their attempts

const char* const kClaimAlerts =
    "UPDATE alert_outbox o SET next_at_ms = $1::bigint + $3::bigint FROM ("
    "  SELECT id FROM alert_outbox WHERE next_at_ms <= $1::bigint ORDER BY next_at_ms, id LIMIT $2 FOR UPDATE SKIP LOCKED"
    ") due WHERE o.id = due.id RETURNING o.id, o.response_id, o.body, o.attempts";

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

Result exec_params(PGconn* conn, const char* sql, Params& p) {
    return Result(PQexecParams(conn, sql, p.size(), nullptr, p.get(), nullptr, nullptr, 0));
}

// A statement of writer_statements(), by name, on a connection of the storage's pool.
Result exec_params(PGconn* conn, const pg::PreparedStatement& st, Params& p) {
    return Result(PQexecPrepared(conn, st.name, p.size(), p.get(), nullptr, nullptr, 0));
}

// BEGIN and COMMIT go as text (nothing to plan); the rest by name.
const pg::PreparedStatement kBegin{nullptr, "BEGIN"};
const pg::PreparedStatement kCommit{nullptr, "COMMIT"};

// Sends the statements in ONE round trip (libpq pipeline mode) and gives one result per
// statement (after a failed one, the rest are PGRES_PIPELINE_ABORTED). False if the connection
// failed on the way; the connection is then unusable (the pool closes it).
bool pipeline(PGconn* conn, const std::vector<std::pair<const pg::PreparedStatement*, Params*>>& statements, std::vector<Result>* results,
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

// "TX.SEQ" (or "0") -> numbers.
bool parse_cursor(const std::string& cursor, std::int64_t* tx, std::int64_t* seq) {
    if (cursor == "0") {
        *tx = *seq = 0;
        return true;
    }
    const std::size_t dot = cursor.find('.');
    if (dot == std::string::npos || dot == 0 || dot + 1 == cursor.size() || dot > 18 || cursor.size() - dot - 1 > 18) return false;
    if (cursor.find_first_not_of("0123456789.") != std::string::npos || cursor.find('.', dot + 1) != std::string::npos) return false;
    *tx = std::strtoll(cursor.substr(0, dot).c_str(), nullptr, 10);
    *seq = std::strtoll(cursor.substr(dot + 1).c_str(), nullptr, 10);
    return true;
}

// [SECTION] PgStorage: commits -----------------------------------------------------------------

class PgStorage final : public Storage {
public:
    PgStorage(const std::string& conninfo, std::string where) : pool_(conninfo, 20, writer_statements()), where_(std::move(where)) {}
    ~PgStorage() override {
        {
            std::lock_guard<std::mutex> lock(compact_mu_);
            closing_ = true;
        }
        compact_cv_.notify_all();
        if (!compactor_.joinable()) return;
        compactor_.join();
        std::string error;  // the last deltas of this process, rather than leave them to others
        if (!compact_rollups(&error) && !error.empty())
            std::fprintf(stderr, "touchpoint serve: compacting the rollups failed (%s); their deltas are kept and read\n", error.c_str());
    }

    // With rollups on, once they are built: the compactor's thread (compact_rollups).
    void start_compactor() { compactor_ = std::thread([this] { compact_loop(); }); }

    std::vector<RequestOutcome> commit_group(const std::vector<const std::vector<Record>*>& requests) override {
        std::vector<RequestOutcome> out(requests.size());
        std::vector<bool> excluded(requests.size(), false);
        // Each conflict round leaves out at least one request; deadlocks get a few more tries.
        const std::size_t max_rounds = requests.size() + 5;
        std::string error;
        bool reconnected = false;
        for (std::size_t round = 0; round < max_rounds; ++round) {
            Lease conn(pool_, &error);
            if (!conn) return all_failed(out, error);
            switch (try_commit(conn.get(), requests, excluded, out, &error)) {
            case Round::Committed: return out;
            case Round::Again: continue;
            case Round::Reconnect:  // a pooled connection died idle (server restarted): one fresh try
                if (reconnected) return all_failed(out, error);
                reconnected = true;
                continue;
            case Round::Failed: return all_failed(out, error);
            }
        }
        return all_failed(out, "the group could not be committed after " + std::to_string(max_rounds) + " attempts: " + error);
    }

    // [SECTION] PgStorage: reads and the feed --------------------------------------------------

    bool scan(const ScanQuery& q, const std::function<bool(std::int64_t, const std::string&)>& row, std::string* error) override {
        Lease conn(pool_, error);
        if (!conn) return false;
        Params p;
        p.add(std::to_string(q.after_seq)).add_or_null(q.survey).add_or_null(q.map).add_or_null(q.limit < 0 ? "" : std::to_string(q.limit));
        // Row by row (single-row mode): an export of millions of rows never sits in memory.
        if (!PQsendQueryParams(conn.get(), kScan, p.size(), nullptr, p.get(), nullptr, nullptr, 0) || !PQsetSingleRowMode(conn.get())) {
            if (error) *error = PQerrorMessage(conn.get());
            drain(conn.get());
            return false;
        }
        bool good = true, stopped = false;
        while (PGresult* raw = PQgetResult(conn.get())) {
            Result r(raw);
            const ExecStatusType st = PQresultStatus(raw);
            if (st == PGRES_SINGLE_TUPLE) {
                if (stopped) continue;
                if (!row(std::strtoll(PQgetvalue(raw, 0, 0), nullptr, 10), value(r, 0, 1))) {
                    stopped = true;
                    cancel(conn.get());
                }
            } else if (st != PGRES_TUPLES_OK && !stopped) {
                good = ok(r, conn.get(), error);
            }
        }
        return good;
    }

    bool rollups(const std::string& survey, const std::string& from, const std::string& to, std::vector<RollupRow>* out,
                 std::string* error) override {
        Lease conn(pool_, error);
        if (!conn) return false;
        Params p;
        p.add(survey).add(from).add(to);
        Result r = exec_params(conn.get(), kRollupRows, p);
        if (!ok(r, conn.get(), error)) return false;
        for (int i = 0; i < PQntuples(r.get()); ++i)
            out->push_back({{survey, value(r, i, 0), value(r, i, 1), std::atoi(PQgetvalue(r.get(), i, 4))}, value(r, i, 2), value(r, i, 3)});
        return true;
    }

    bool rollup_states(const std::string& survey, const std::string& grouping, const std::string& fallback,
                       std::vector<std::pair<std::string, std::string>>* out, std::string* error) override {
        Lease conn(pool_, error);
        if (!conn) return false;
        Params p;
        p.add(grouping).add(survey).add(fallback);
        Result r = exec_params(conn.get(), kRollupStates, p);
        if (!ok(r, conn.get(), error)) return false;
        for (int i = 0; i < PQntuples(r.get()); ++i) out->emplace_back(value(r, i, 0), value(r, i, 1));
        return true;
    }

    // Every cell from the stored payloads in one transaction; inserts (of every collector) wait.
    bool rebuild_rollups(std::string* error) override {
        Lease conn(pool_, error);
        if (!conn) return false;
        PGconn* db = conn.get();
        auto step = [&](const char* sql) {
            Result r(PQexec(db, sql));
            return ok(r, db, error);
        };
        if (!step("BEGIN") || !step("LOCK TABLE responses IN SHARE MODE") || !step("LOCK TABLE rollups, rollup_deltas IN EXCLUSIVE MODE")) {
            step("ROLLBACK");
            return false;
        }
        RollupFold fold;
        bool good = PQsendQuery(db, "SELECT survey, payload FROM responses ORDER BY seq") && PQsetSingleRowMode(db);
        if (!good) *error = PQerrorMessage(db);
        while (PGresult* raw = PQgetResult(db)) {
            Result r(raw);
            if (PQresultStatus(raw) == PGRES_SINGLE_TUPLE) {
                const std::string payload = value(r, 0, 1);
                const nlohmann::json parsed = nlohmann::json::parse(payload, nullptr, false);
                fold.add(value(r, 0, 0), payload, rollup_facts_of(parsed), parsed.is_discarded() ? nullptr : &parsed);
            } else if (PQresultStatus(raw) != PGRES_TUPLES_OK) {
                ok(r, db, error);  // sets *error
                good = false;
            }
        }
        good = good && step("DELETE FROM rollups") && step("DELETE FROM rollup_deltas");
        const std::vector<RollupRow> rows = fold.rows();
        if (good && !rows.empty()) {
            Params p;
            rollup_params(rows, &p);
            Result r = exec_params(db, kRollupWrite, p);
            good = ok(r, db, error);
        }
        if (good) {
            Params p;
            p.add(kRollupsBuilt);
            Result r = exec_params(db, "INSERT INTO rollup_meta(name, value) VALUES('built', $1) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value", p);
            good = ok(r, db, error);
        }
        good = good && step("COMMIT");
        if (!good) Result rollback(PQexec(db, "ROLLBACK"));
        return good;
    }

    // --no-rollups: commits leave them alone, and they are marked unbuilt (the next opening with
    // rollups rebuilds them from the payloads).
    bool without_rollups(std::string* error) {
        rollups_on_ = false;
        Lease conn(pool_, error);
        if (!conn) return false;
        Result r(PQexec(conn.get(), "DELETE FROM rollup_meta WHERE name = 'built'"));
        return ok(r, conn.get(), error);
    }

    bool rollups_built() {
        std::string error;
        Lease conn(pool_, &error);
        if (!conn) return false;
        Params p;
        p.add(kRollupsBuilt);
        Result r = exec_params(conn.get(), "SELECT 1 FROM rollup_meta WHERE name = 'built' AND value = $1", p);
        return ok(r, conn.get(), &error) && PQntuples(r.get()) == 1;
    }

    bool feed(const std::string& cursor, const ScanQuery& q, const std::function<bool(const std::string&)>& row, std::string* next,
              std::string* error) override {
        std::int64_t tx = 0, seq = 0;
        if (!parse_cursor(cursor, &tx, &seq)) {
            if (error) *error = "invalid cursor";
            return false;
        }
        *next = cursor;
        Lease conn(pool_, error);
        if (!conn) return false;
        const std::int64_t limit = q.limit < 0 ? 5000 : q.limit;
        Params p;
        p.add(std::to_string(tx)).add(std::to_string(seq)).add_or_null(q.survey).add_or_null(q.map).add(std::to_string(limit));
        Result r = exec_params(conn.get(), kFeed, p);
        if (!ok(r, conn.get(), error)) return false;
        std::int64_t delivered = 0;
        for (int i = 0; i < PQntuples(r.get()) && !PQgetisnull(r.get(), i, 1); ++i) {
            tx = std::strtoll(PQgetvalue(r.get(), i, 1), nullptr, 10);
            seq = std::strtoll(PQgetvalue(r.get(), i, 2), nullptr, 10);
            *next = std::to_string(tx) + "." + std::to_string(seq);
            ++delivered;
            if (!row(value(r, i, 3))) return true;
        }
        // A short page holds every matching row below the horizon: continue from the horizon.
        const std::int64_t horizon = PQntuples(r.get()) > 0 ? std::strtoll(PQgetvalue(r.get(), 0, 0), nullptr, 10) : 0;
        if (delivered < limit && horizon > tx) *next = std::to_string(horizon) + ".0";
        return true;
    }

    bool feed_head(std::string* cursor, std::string* error) override {
        Lease conn(pool_, error);
        if (!conn) return false;
        Result r(PQexec(conn.get(), "SELECT pg_snapshot_xmin(pg_current_snapshot())::text"));
        if (!ok(r, conn.get(), error) || PQntuples(r.get()) != 1) return false;
        *cursor = value(r, 0, 0) + ".0";  // every row of that transaction or a later one is "new"
        return true;
    }

    bool valid_cursor(const std::string& cursor) const override {
        std::int64_t tx, seq;
        return parse_cursor(cursor, &tx, &seq);
    }

    int feed_recheck_ms() const override { return 250; }  // other collectors commit too

    // Groups commit in parallel on their own connections; the server flushes concurrent commits
    // together, so several groups share one WAL fsync. No more groups in flight than cores (2 to
    // 4): on 2 cores shared with PostgreSQL, 4 writers took 24-35% fewer single posts per second
    // than 2 (their backends and rollup shards competing for the cores), at the same p99.
    std::size_t writer_threads() const override {
        return std::clamp<std::size_t>(std::thread::hardware_concurrency(), 2, 4);
    }

    std::string describe() const override { return "postgresql " + where_ + " (synchronous_commit=on)"; }

    std::int64_t count() override { return single_int("SELECT COUNT(*) FROM responses"); }
    std::int64_t alerts_pending() override { return single_int("SELECT COUNT(*) FROM alert_outbox"); }

    // [SECTION] PgStorage: alert outbox --------------------------------------------------------

    std::vector<PendingAlert> due_alerts(std::int64_t now_ms, int limit) override {
        std::vector<PendingAlert> out;
        std::string error;
        Lease conn(pool_, &error);
        if (!conn) return out;
        Params p;
        p.add(std::to_string(now_ms)).add(std::to_string(std::min(limit, kAlertClaim))).add(std::to_string(kAlertLeaseMs));
        Result r = exec_params(conn.get(), kClaimAlerts, p);
        if (!ok(r, conn.get(), &error)) return out;
        for (int i = 0; i < PQntuples(r.get()); ++i) {
            out.push_back({std::strtoll(PQgetvalue(r.get(), i, 0), nullptr, 10), value(r, i, 1), value(r, i, 2),
                           static_cast<int>(std::strtol(PQgetvalue(r.get(), i, 3), nullptr, 10))});
        }
        std::sort(out.begin(), out.end(), [](const PendingAlert& a, const PendingAlert& b) { return a.id < b.id; });
        return out;
    }

    void alert_delivered(std::int64_t id) override {
        Params p;
        p.add(std::to_string(id));
        run("DELETE FROM alert_outbox WHERE id = $1::bigint", p);
    }

    void alert_failed(std::int64_t id, std::int64_t next_attempt_ms, const std::string& error) override {
        Params p;
        p.add(std::to_string(id)).add(std::to_string(next_attempt_ms)).add(error);
        run("UPDATE alert_outbox SET attempts = attempts + 1, next_at_ms = $2::bigint, last_error = $3 WHERE id = $1::bigint", p);
    }

    void alert_released(std::int64_t id, std::int64_t now_ms) override {
        Params p;
        p.add(std::to_string(id)).add(std::to_string(now_ms));
        run("UPDATE alert_outbox SET next_at_ms = $2::bigint WHERE id = $1::bigint", p);
    }

private:
    enum class Round { Committed, Again, Reconnect, Failed };

    // One transaction over the requests not excluded. Again = a conflicting request was found
    // (now excluded, its outcome set) or the server asked for a retry (deadlock, serialization).
    Round try_commit(PGconn* conn, const std::vector<const std::vector<Record>*>& requests, std::vector<bool>& excluded,
                     std::vector<RequestOutcome>& out, std::string* error) {
        std::vector<const Record*> recs;
        std::vector<std::size_t> owner;
        for (std::size_t r = 0; r < requests.size(); ++r) {
            if (excluded[r]) continue;
            for (const Record& rec : *requests[r]) {
                recs.push_back(&rec);
                owner.push_back(r);
            }
        }
        if (recs.empty()) return Round::Committed;  // every request conflicted; outcomes already set
        auto retry_or_fail = [&](const Result& res) {
            const std::string state = pg::sqlstate(res);
            Result rollback(PQexec(conn, "ROLLBACK"));
            return state == "40P01" || state == "40001" ? Round::Again : Round::Failed;
        };
        std::vector<const std::string*> ids, hashes, surveys, maps, payloads;
        for (const Record* rec : recs) {
            ids.push_back(&rec->id);
            hashes.push_back(&rec->hash);
            surveys.push_back(&rec->survey);
            maps.push_back(&rec->map);
            payloads.push_back(&rec->payload);
        }
        Params insert;
        insert.add(pg::text_array(ids)).add(pg::text_array(hashes)).add(pg::text_array(surveys)).add(pg::text_array(maps)).add(pg::text_array(payloads));
        // BEGIN and the INSERT in one round trip. Nothing can be committed yet, so a connection
        // found dead here (server restarted since it was pooled) is simply replaced once.
        const std::vector<std::pair<const pg::PreparedStatement*, Params*>> opening = {{&kBegin, nullptr}, {&kInsert, &insert}};
        std::vector<Result> first;
        if (!pipeline(conn, opening, &first, error)) return Round::Reconnect;
        if (!ok(first[0], conn, error)) return PQstatus(conn) == CONNECTION_BAD ? Round::Reconnect : Round::Failed;
        for (std::size_t i = 1; i < first.size(); ++i)
            if (!ok(first[i], conn, error)) return retry_or_fail(first[i]);
        Result& inserted = first[1];

        // The first occurrence of each returned id is the row this statement stored; every other
        // record is checked against the stored hash.
        std::unordered_set<std::string> returned;
        for (int i = 0; i < PQntuples(inserted.get()); ++i) returned.insert(value(inserted, i, 0));
        std::vector<bool> is_new(recs.size(), false);
        std::vector<const std::string*> lookup;
        for (std::size_t i = 0; i < recs.size(); ++i) {
            is_new[i] = returned.erase(recs[i]->id) == 1;
            if (!is_new[i]) lookup.push_back(&recs[i]->id);
        }
        std::unordered_map<std::string, std::string> stored_hash;
        if (!lookup.empty()) {
            Params q;
            q.add(pg::text_array(lookup));
            Result hashes_now = exec_params(conn, kStoredHashes, q);
            if (!ok(hashes_now, conn, error)) return retry_or_fail(hashes_now);
            for (int i = 0; i < PQntuples(hashes_now.get()); ++i) stored_hash[value(hashes_now, i, 0)] = value(hashes_now, i, 1);
        }

        for (std::size_t r = 0; r < requests.size(); ++r) {
            if (!excluded[r]) out[r] = RequestOutcome{RequestOutcome::Status::Stored, 0, 0, 0, {}};
        }
        bool conflict = false;
        std::size_t first_of_request = 0;
        for (std::size_t i = 0; i < recs.size(); ++i) {
            if (i == 0 || owner[i] != owner[i - 1]) first_of_request = i;
            RequestOutcome& o = out[owner[i]];
            if (o.status != RequestOutcome::Status::Stored) continue;
            if (is_new[i]) {
                ++o.stored;
                continue;
            }
            const auto found = stored_hash.find(recs[i]->id);
            if (found == stored_hash.end()) {  // cannot happen: rows are never deleted
                *error = "response " + recs[i]->id + " vanished during the commit";
                return retry_or_fail(Result());
            }
            if (found->second == recs[i]->hash) {
                ++o.duplicates;
            } else {
                o = RequestOutcome{RequestOutcome::Status::Conflict, 0, 0, i - first_of_request, {}};
                excluded[owner[i]] = true;
                conflict = true;
            }
        }
        if (conflict) {  // run again without the conflicting requests: the others stay all-or-nothing
            Result rollback(PQexec(conn, "ROLLBACK"));
            return Round::Again;
        }

        std::vector<const Record*> fresh;
        for (std::size_t i = 0; i < recs.size(); ++i)
            if (is_new[i]) fresh.push_back(recs[i]);
        // The group's own cells (see kRollupDeltaWrite): its new responses alone, folded here.
        std::vector<RollupRow> rollup_rows;
        RollupFold delta;
        if (rollups_on_ && !fresh.empty()) {
            for (const Record* rec : fresh) delta.add(rec->survey, rec->payload, rec->rollup);
            rollup_rows = delta.rows();
        }
        Params up;
        std::vector<const std::string*> alert_ids, alert_bodies;
        for (std::size_t i = 0; i < recs.size(); ++i) {
            if (is_new[i] && !recs[i]->alert_body.empty()) {
                alert_ids.push_back(&recs[i]->id);
                alert_bodies.push_back(&recs[i]->alert_body);
            }
        }
        // The alerts (if any) and COMMIT in one round trip.
        Params a;
        std::vector<std::pair<const pg::PreparedStatement*, Params*>> last;
        if (!alert_ids.empty()) {
            a.add(pg::text_array(alert_ids)).add(pg::text_array(alert_bodies));
            last.push_back({&kOutbox, &a});
        }
        if (!rollup_rows.empty()) {
            up.add(writer_id_).add(delta_cells_text(rollup_rows));
            last.push_back({&kRollupDeltaWrite, &up});
        }
        last.push_back({&kCommit, nullptr});
        std::vector<Result> done;
        if (!pipeline(conn, last, &done, error)) return Round::Failed;  // COMMIT may have happened: no ack
        for (std::size_t i = 0; i + 1 < done.size(); ++i)
            if (!ok(done[i], conn, error)) return retry_or_fail(done[i]);
        const Result& commit = done.back();
        if (!ok(commit, conn, error)) {
            // Includes a connection lost while committing: the outcome is unknown, so nothing is
            // acknowledged; the client's retry finds the row (duplicate) or stores it.
            return pg::sqlstate(commit) == "40001" ? Round::Again : Round::Failed;
        }
        if (!rollup_rows.empty()) {  // committed: the compactor may take it from memory
            const Result& written = done[done.size() - 2];
            if (PQntuples(written.get()) > 0) remember_delta(std::atoi(PQgetvalue(written.get(), 0, 0)), std::move(delta));
        }
        return Round::Committed;
    }

    // Takes every committed delta and adds it to its cell in shard 0 (see kRollupDeltaWrite), in
    // one transaction; nothing to do when another compactor holds the lock. False (and `error`)
    // if that failed: the deltas stay, still read, for the next round.
    bool compact_rollups(std::string* error) {
        Lease conn(pool_, error);
        if (!conn) return false;
        PGconn* db = conn.get();
        auto end = [db](bool good) {
            Result rollback(PQexec(db, "ROLLBACK"));
            return good;
        };
        std::vector<Result> first;
        if (!pipeline(db, {{&kBegin, nullptr}, {&kRollupCompactLock, nullptr}}, &first, error)) return false;
        if (!ok(first[0], db, error) || !ok(first[1], db, error)) return end(false);
        if (std::string(PQgetvalue(first[1].get(), 0, 0)) != "t") return end(true);  // another compactor is at it
        Params mine;
        mine.add(writer_id_);
        Result taken = exec_params(db, kRollupTakeDeltas, mine);
        if (!ok(taken, db, error)) return end(false);
        if (PQntuples(taken.get()) == 0) return end(true);
        // This collector's deltas from memory, the others' (other collectors', or from before a
        // restart) from their text, each cell of them a cell of its own; and every cell they add
        // to, with its rows in shard 0 read in this transaction.
        std::map<int, RollupFold> known;
        std::map<CellKey, RollupFold::StoredRows> foreign, touched;
        {
            std::lock_guard<std::mutex> lock(recent_mu_);
            for (int i = 0; i < PQntuples(taken.get()); ++i) {
                const int id = std::atoi(PQgetvalue(taken.get(), i, 0));
                auto at = recent_deltas_.find(id);
                if (at == recent_deltas_.end()) continue;
                known.emplace(id, std::move(at->second.second));
                recent_deltas_.erase(at);
            }
        }
        for (int i = 0; i < PQntuples(taken.get()); ++i) {
            const int id = std::atoi(PQgetvalue(taken.get(), i, 0));
            auto own = known.find(id);
            if (own != known.end()) {
                for (const CellKey& cell : own->second.cells()) touched[cell];
                continue;
            }
            if (!read_delta_cells(value(taken, i, 1), id, &foreign, error)) return end(false);
        }
        for (const auto& entry : foreign) touched[{entry.first.survey, entry.first.day, entry.first.locale, 0}];
        std::vector<const std::string*> surveys, days, locales;
        for (const auto& entry : touched) {
            surveys.push_back(&entry.first.survey);
            days.push_back(&entry.first.day);
            locales.push_back(&entry.first.locale);
        }
        Params cells;
        cells.add(pg::text_array(surveys)).add(pg::text_array(days)).add(pg::text_array(locales));
        Result stored = exec_params(db, kRollupRead, cells);
        if (!ok(stored, db, error)) return end(false);
        for (int i = 0; i < PQntuples(stored.get()); ++i)
            touched[{value(stored, i, 0), value(stored, i, 1), value(stored, i, 2), 0}].emplace_back(value(stored, i, 3), value(stored, i, 4));
        if (!compacted_.resume(touched, error)) return end(false);
        bool absorbed = true;
        for (const auto& [cell, rows] : foreign)
            absorbed = absorbed && compacted_.absorb({cell.survey, cell.day, cell.locale, 0}, rows, error);
        for (const auto& entry : known) absorbed = absorbed && compacted_.absorb(entry.second, error);
        if (!absorbed) {
            compacted_ = RollupFold();  // its cells are half-absorbed: load them again next time
            return end(false);
        }
        Params up;
        rollup_params(compacted_.take_rows(), &up);
        std::vector<Result> done;
        if (!pipeline(db, {{&kRollupWrite, &up}, {&kCommit, nullptr}}, &done, error)) return false;
        return (ok(done[0], db, error) && ok(done[1], db, error)) || end(false);
    }

    // The compactor's thread: compact_rollups every kCompactEvery until the storage closes.
    void compact_loop() {
        std::string last_error;
        std::unique_lock<std::mutex> lock(compact_mu_);
        while (!compact_cv_.wait_for(lock, kCompactEvery, [this] { return closing_; })) {
            lock.unlock();
            std::string error;
            if (!compact_rollups(&error) && !error.empty() && error != last_error)
                std::fprintf(stderr, "touchpoint serve: compacting the rollups failed (%s); their deltas are kept and read\n", error.c_str());
            last_error = error;
            forget_old_deltas();
            lock.lock();
        }
    }

    // A delta's text (rollup_deltas.cells): a JSON array of its rows, each [survey, day, locale,
    // grouping, state] with the state as a JSON value, so the view rollup_cells reads them apart.
    static std::string delta_cells_text(const std::vector<RollupRow>& rows) {
        std::string out = "[";
        for (const RollupRow& r : rows) {
            if (out.size() > 1) out += ',';
            out += '[';
            for (const std::string* text : {&r.cell.survey, &r.cell.day, &r.cell.locale, &r.grouping}) {
                write_json_string(out, *text);
                out += ',';
            }
            out += r.state;
            out += ']';
        }
        return out + "]";
    }

    // The cells of a delta's text, keyed with the delta's number as their shard.
    static bool read_delta_cells(const std::string& text, int id, std::map<CellKey, RollupFold::StoredRows>* cells, std::string* error) {
        const nlohmann::json rows = nlohmann::json::parse(text, nullptr, false);
        if (!rows.is_array()) {
            *error = "rollup delta " + std::to_string(id) + " is not a JSON array";
            return false;
        }
        for (const nlohmann::json& row : rows) {
            if (!row.is_array() || row.size() != 5 || !row[0].is_string() || !row[1].is_string() || !row[2].is_string() || !row[3].is_string()) {
                *error = "rollup delta " + std::to_string(id) + " has a row that is not [survey, day, locale, grouping, state]";
                return false;
            }
            (*cells)[{row[0].get<std::string>(), row[1].get<std::string>(), row[2].get<std::string>(), id}].emplace_back(
                row[3].get<std::string>(), row[4].dump());
        }
        return true;
    }

    static std::string random_writer_id() {
        std::random_device random;
        const std::uint64_t bits = (std::uint64_t(random()) << 32) | random();
        return std::to_string(std::int64_t(bits >> 1));
    }

    // A delta this collector committed, as its writer folded it (see kRollupDeltaWrite).
    // At most kRememberedDeltas (a few seconds of commits): while compaction fails, the rest are
    // parsed from their text when it works again, rather than held in memory.
    void remember_delta(int id, RollupFold&& fold) {
        if (!compactor_.joinable()) return;
        std::lock_guard<std::mutex> lock(recent_mu_);
        if (recent_deltas_.size() < kRememberedDeltas) recent_deltas_[id] = {std::chrono::steady_clock::now(), std::move(fold)};
    }

    // A fold whose delta a rebuild dropped is never claimed: kept a minute.
    void forget_old_deltas() {
        const auto oldest = std::chrono::steady_clock::now() - std::chrono::minutes(1);
        std::lock_guard<std::mutex> lock(recent_mu_);
        for (auto it = recent_deltas_.begin(); it != recent_deltas_.end();)
            it = it->second.first < oldest ? recent_deltas_.erase(it) : std::next(it);
    }

    static void rollup_params(const std::vector<RollupRow>& rows, Params* p) {
        std::vector<const std::string*> surveys, days, locales, groupings, states;
        for (const RollupRow& r : rows) {
            surveys.push_back(&r.cell.survey);
            days.push_back(&r.cell.day);
            locales.push_back(&r.cell.locale);
            groupings.push_back(&r.grouping);
            states.push_back(&r.state);
        }
        p->add(pg::text_array(surveys)).add(pg::text_array(days)).add(pg::text_array(locales)).add(pg::text_array(groupings)).add(pg::text_array(states));
    }

    void run(const char* sql, Params& p) {
        std::string error;
        Lease conn(pool_, &error);
        if (conn) {
            Result r = exec_params(conn.get(), sql, p);
            if (ok(r, conn.get(), &error)) return;
        }
        std::fprintf(stderr, "touchpoint serve: alert outbox update failed (%s); the alert will be retried\n", error.c_str());
    }

    std::int64_t single_int(const char* sql) {
        std::string error;
        Lease conn(pool_, &error);
        if (!conn) return -1;
        Result r(PQexec(conn.get(), sql));
        return ok(r, conn.get(), &error) && PQntuples(r.get()) == 1 ? std::strtoll(PQgetvalue(r.get(), 0, 0), nullptr, 10) : -1;
    }

    static void cancel(PGconn* conn) {
        if (PGcancel* c = PQgetCancel(conn)) {
            char buf[256];
            PQcancel(c, buf, sizeof buf);
            PQfreeCancel(c);
        }
    }

    static void drain(PGconn* conn) {
        while (PGresult* r = PQgetResult(conn)) PQclear(r);
    }

    pg::Pool pool_;
    std::string where_;
    RollupFold compacted_;  // the compactor's kept cells of shard 0 (its thread alone uses it)
    const std::string writer_id_ = random_writer_id();  // this process's deltas (rollup_deltas.writer)
    std::mutex recent_mu_;
    std::map<int, std::pair<std::chrono::steady_clock::time_point, RollupFold>> recent_deltas_;  // by delta number
    std::mutex compact_mu_;
    std::condition_variable compact_cv_;
    bool closing_ = false;
    std::thread compactor_;
};

}  // namespace

// [SECTION] Opening ----------------------------------------------------------------------------

bool is_postgres_conninfo(const std::string& db) {
    if (db.rfind("postgres://", 0) == 0 || db.rfind("postgresql://", 0) == 0) return true;
    // libpq key=value form: starts with a keyword and "=" ("host=... dbname=...").
    std::size_t i = db.find_first_not_of(' ');
    if (i == std::string::npos) return false;
    const std::size_t key_end = db.find_first_not_of("abcdefghijklmnopqrstuvwxyz_", i);
    if (key_end == std::string::npos || key_end == i) return false;
    const std::size_t eq = db.find_first_not_of(' ', key_end);
    return eq != std::string::npos && db[eq] == '=';
}

std::unique_ptr<Storage> open_postgres_storage(const std::string& conninfo, bool rollups, std::string* error) {
    std::string parse_error;
    const std::string where = pg::describe_conninfo(conninfo, &parse_error);
    if (where.empty()) {
        *error = "not a valid PostgreSQL connection string: " + parse_error;
        return nullptr;
    }
    pg::Pool probe(conninfo, 1);
    PGconn* conn = probe.connect(error);
    if (!conn) {
        *error = "cannot connect to PostgreSQL at " + where + ": " + *error;
        return nullptr;
    }
    std::string schema_error;
    Result begin(PQexec(conn, "BEGIN"));
    Result lock(PQexec(conn, kSchemaLock));
    Result schema(PQexec(conn, kSchema));
    bool created = ok(begin, conn, &schema_error) && ok(lock, conn, &schema_error) && ok(schema, conn, &schema_error);
    Result end(PQexec(conn, created ? "COMMIT" : "ROLLBACK"));
    created = created && ok(end, conn, &schema_error);
    // IF NOT EXISTS keeps a same-named table of someone else's: check the columns we use (also
    // when creating failed: an index on a missing column is the usual symptom).
    std::string shape_error;
    Result shape(PQexec(conn, kShapeCheck));
    const bool fits = ok(shape, conn, &shape_error);
    PQfinish(conn);
    if (!fits && PQresultStatus(shape.get()) == PGRES_FATAL_ERROR && pg::sqlstate(shape) == "42703") {  // undefined column
        *error = "PostgreSQL at " + where + " has tables named responses/alert_outbox that are not the collector's (" + shape_error +
                 "): use another database, or a schema of its own (options=-csearch_path=NAME in the connection string)";
        return nullptr;
    }
    if (!created || !fits) {
        *error = "cannot create the tables in PostgreSQL at " + where + ": " + pg::scrub_password(conninfo, created ? shape_error : schema_error);
        return nullptr;
    }
    auto storage = std::make_unique<PgStorage>(conninfo, where);
    if (!rollups) {
        if (storage->without_rollups(error)) return storage;
        *error = "cannot mark the rollups unbuilt in PostgreSQL at " + where + ": " + pg::scrub_password(conninfo, *error);
        return nullptr;
    }
    if (!storage->rollups_built() && !storage->rebuild_rollups(error)) {  // a database from before rollups
        *error = "cannot build the results rollups in PostgreSQL at " + where + ": " + pg::scrub_password(conninfo, *error);
        return nullptr;
    }
    storage->start_compactor();
    return storage;
}

}  // namespace touchpoint::collector
