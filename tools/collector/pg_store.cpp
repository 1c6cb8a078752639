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
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "collector/pg_conn.hpp"
#include "collector/pg_rollups.hpp"
#include "collector/storage.hpp"

namespace touchpoint::collector {
namespace {

using pg::exec_params;
using pg::kBegin;
using pg::kCommit;
using pg::Lease;
using pg::ok;
using pg::Params;
using pg::pipeline;
using pg::Result;

// [SECTION] Schema -----------------------------------------------------------------------------

// Serializes schema creation between collectors starting at the same moment (CREATE ... IF NOT
// EXISTS alone can still collide on the catalog's unique indexes).
const char* const kSchemaLock = "SELECT pg_advisory_xact_lock(7425110106)";  // "touchpoint schema"

// Like SQLite's: no column about the HTTP request. tx = the inserting transaction's id (xid8 as
// bigint), for the feed's exactly-once cursor (see the file comment).
const char* const kResponsesPgSchema = R"sql(
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
)sql";

// What every connection of the storage's pool prepares (pg::PreparedStatement): the statements
// of a group commit, sent by name. Planned at every execution, they cost the server more than
// executing them did (tools/collector/README.md, "Results rollups").
const std::vector<pg::PreparedStatement>& writer_statements();

const char* const kShapeCheck =
    "SELECT seq, id, hash, survey, map, payload, tx FROM responses LIMIT 0; "
    "SELECT id, response_id, body, attempts, next_at_ms, last_error FROM alert_outbox LIMIT 0";

// All rows of a group in one statement, in request order (ORDER BY ord: seq follows it).
const char* const kInsertSql =
    "INSERT INTO responses(id,hash,survey,map,payload) "
    "SELECT r.id, r.hash, r.survey, NULLIF(r.map,''), r.payload "
    "FROM unnest($1::text[],$2::text[],$3::text[],$4::text[],$5::text[]) WITH ORDINALITY AS r(id,hash,survey,map,payload,ord) "
    "ORDER BY r.ord ON CONFLICT (id) DO NOTHING RETURNING id, tx";  // tx: for the rollups' compactor (pg_rollups.hpp)
const pg::PreparedStatement kInsert{"tp_insert", kInsertSql};

// A new statement = a new snapshot (READ COMMITTED): sees rows committed by other collectors
// (ON CONFLICT waited for them) and this transaction's own.
const pg::PreparedStatement kStoredHashes{"tp_stored_hashes", "SELECT id, hash FROM responses WHERE id = ANY($1::text[])"};

const pg::PreparedStatement kOutbox{"tp_outbox",
    "INSERT INTO alert_outbox(response_id, body, next_at_ms) SELECT r.id, r.body, 0 FROM unnest($1::text[],$2::text[]) AS r(id, body)"};

const std::vector<pg::PreparedStatement>& writer_statements() {
    static const std::vector<pg::PreparedStatement> all = {
        kInsert, kStoredHashes, kOutbox,  // the group commit
        pg::kRollupCompactLock, pg::kRollupTail, pg::kRollupTailPayloads, pg::kRollupRead, pg::kRollupWrite,  // the compactor
        pg::kRollupFoldedWrite,
    };
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
    "AND ($2::text IS NULL OR survey = $2) AND ($3::text IS NULL OR map = $3) AND ($5::bigint IS NULL OR seq <= $5) "
    "ORDER BY seq LIMIT $4::bigint";

// Claimed alerts are not due again for this long unless their attempt is reported first.
constexpr std::int64_t kAlertLeaseMs = 3 * 60 * 1000;
constexpr int kAlertClaim = 5;  // at most this many per claim, so the lease covers their attempts

const char* const kClaimAlerts =
    "UPDATE alert_outbox o SET next_at_ms = $1::bigint + $3::bigint FROM ("
    "  SELECT id FROM alert_outbox WHERE next_at_ms <= $1::bigint ORDER BY next_at_ms, id LIMIT $2 FOR UPDATE SKIP LOCKED"
    ") due WHERE o.id = due.id RETURNING o.id, o.response_id, o.body, o.attempts";

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

    // With rollups on, once they are built: the compactor's thread (pg_rollups.hpp).
    void start_compactor() { compactor_.start(); }

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
        p.add(std::to_string(q.after_seq)).add_or_null(q.survey).add_or_null(q.map).add_or_null(q.limit < 0 ? "" : std::to_string(q.limit))
            .add_or_null(q.through_seq < 0 ? "" : std::to_string(q.through_seq));
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
        Params p;
        p.add(survey).add(from).add(to);
        Result r;
        if (!read_rollups(survey, pg::kRollupRows, p, &r, error)) return false;
        for (int i = 0; i < PQntuples(r.get()); ++i)
            out->push_back({{survey, value(r, i, 0), value(r, i, 1), std::atoi(PQgetvalue(r.get(), i, 4))}, value(r, i, 2), value(r, i, 3)});
        return true;
    }

    bool rollup_states(const std::string& survey, const std::string& grouping, const std::string& fallback,
                       std::vector<std::pair<std::string, std::string>>* out, std::string* error) override {
        Params p;
        p.add(grouping).add(survey).add(fallback);
        Result r;
        if (!read_rollups(survey, pg::kRollupStates, p, &r, error)) return false;
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
        // The compactors' lock first (a round under way ends before), then no insert until the end:
        // the snapshot recorded then sees exactly the payloads folded.
        if (!step("BEGIN") || !step(pg::kRollupRebuildLock) || !step("LOCK TABLE responses IN SHARE MODE") ||
            !step("LOCK TABLE rollups IN EXCLUSIVE MODE")) {
            step("ROLLBACK");
            return false;
        }
        RollupFold fold;
        bool good = PQsendQuery(db, "SELECT survey, payload FROM responses ORDER BY seq") && PQsetSingleRowMode(db);
        if (!good) *error = PQerrorMessage(db);
        while (PGresult* raw = PQgetResult(db)) {
            Result r(raw);
            if (PQresultStatus(raw) == PGRES_SINGLE_TUPLE) {
                fold.add_stored(value(r, 0, 0), value(r, 0, 1));
            } else if (PQresultStatus(raw) != PGRES_TUPLES_OK) {
                ok(r, db, error);  // sets *error
                good = false;
            }
        }
        good = good && step("DELETE FROM rollups") && step(pg::kRollupFoldedNow);
        const std::vector<RollupRow> rows = fold.rows();
        if (good && !rows.empty()) {
            Params p;
            pg::rollup_params(rows, &p);
            Result r = exec_params(db, pg::kRollupWrite, p);
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
        Result r = exec_params(conn.get(), pg::kRollupsBuiltCheck, p);
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
            tx = pg::int_value(r, i, 1);
            seq = pg::int_value(r, i, 2);
            *next = std::to_string(tx) + "." + std::to_string(seq);
            ++delivered;
            if (!row(value(r, i, 3))) return true;
        }
        // A short page holds every matching row below the horizon: continue from the horizon.
        const std::int64_t horizon = PQntuples(r.get()) > 0 ? pg::int_value(r, 0, 0) : 0;
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
    // than 2 (their backends, and the rollup shards of then, competing for the cores), at the same p99.
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
            out.push_back({pg::int_value(r, i, 0), value(r, i, 1), value(r, i, 2),
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
        const std::vector<std::pair<const pg::PreparedStatement*, Params*>> opening = {
            {&kBegin, nullptr}, {&kInsert, &insert}};
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
        if (rollups_on_ && PQntuples(inserted.get()) > 0) {  // committed: the compactor may fold them from memory
            std::vector<RollupFold::Response> fresh;
            for (std::size_t i = 0; i < recs.size(); ++i)
                if (is_new[i]) fresh.push_back({&recs[i]->survey, &recs[i]->payload, &recs[i]->rollup});
            compactor_.remember(pg::int_value(inserted, 0, 1), fresh);
        }
        return Round::Committed;
    }

    // A reader's statement `st` over the rollups and the tail's cells, of one snapshot
    // (pg_rollups.hpp): the tail's payloads of `survey` are read and folded first, then `st` runs
    // with their rows as its parameters $4-$8 (after p's three).
    bool read_rollups(const std::string& survey, const pg::PreparedStatement& st, Params& p, Result* rows, std::string* error) {
        Lease conn(pool_, error);
        if (!conn) return false;
        PGconn* db = conn.get();
        auto failed = [db] {
            Result rollback(PQexec(db, "ROLLBACK"));
            return false;
        };
        Params which;
        which.add(survey);
        std::vector<Result> first;
        if (!pipeline(db, {{&pg::kReadSnapshot, nullptr}, {&pg::kReadTail, &which}}, &first, error)) return false;
        if (!ok(first[0], db, error) || !ok(first[1], db, error)) return failed();
        RollupFold tail;
        pg::fold_stored_rows(tail, first[1]);
        pg::rollup_params(tail.rows(), &p);
        std::vector<Result> second;
        if (!pipeline(db, {{&st, &p}, {&kCommit, nullptr}}, &second, error)) return false;
        if (!ok(second[0], db, error) || !ok(second[1], db, error)) return failed();
        *rows = std::move(second[0]);
        return true;
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
        return ok(r, conn.get(), &error) && PQntuples(r.get()) == 1 ? pg::int_value(r, 0, 0) : -1;
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
    pg::RollupCompactor compactor_{pool_};  // after pool_: closed (a last round run) before it
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
    Result schema(PQexec(conn, kResponsesPgSchema));
    Result rollup_schema(PQexec(conn, pg::kRollupSchema));
    bool created = ok(begin, conn, &schema_error) && ok(lock, conn, &schema_error) && ok(schema, conn, &schema_error) &&
                   ok(rollup_schema, conn, &schema_error);
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
