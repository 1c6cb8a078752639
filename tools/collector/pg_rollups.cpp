// The results rollups on PostgreSQL: see pg_rollups.hpp.
#include "collector/pg_rollups.hpp"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <map>

namespace touchpoint::collector::pg {

const char* const kRollupSchema = R"sql(
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
DROP VIEW IF EXISTS rollup_cells;
DROP TABLE IF EXISTS rollup_deltas;
DROP SEQUENCE IF EXISTS rollup_delta_ids;
)sql";

// Rollups (rollups.hpp). A commit does nothing for them: no fold, no row, no lock. The rollups
// hold exactly the responses one snapshot sees, recorded beside them (rollup_meta 'folded', a
// pg_snapshot as text: xmin, xmax and the transactions then running). Every other committed
// response is in the tail: its transaction (responses.tx, pg_current_xact_id of the INSERT) is
// one the snapshot saw running, or began after it (tx >= its xmax). Two index scans of
// responses_feed find it, however old the snapshot's xmin (a long transaction elsewhere, a
// pg_dump, does not make the tail longer; it only stays in the list of running ones). Readers
// read the rollups and the tail in one REPEATABLE READ transaction, and fold the tail's payloads
// as cells of their own (kTailShard). Each collector's compactor, one at a time in the cluster (a
// transaction-scoped advisory lock, tried), once a second (or every 2,000 responses its writers
// commit) folds the tail into shard 0 and records the snapshot that saw it, in one transaction: a
// response is counted once, before or after, never twice or lost, whichever collector (or
// version, or --no-rollups) stored it. The responses its own writers committed it folds from
// memory (RollupCompactor::remember: each writer, once its COMMIT is through, hands over the
// transaction's id and its new responses); others' it reads back (their facts read from the text,
// rollup_facts_of_text). (Until 6 December 2026, midday, each commit folded its responses and
// stored the result as a delta row that the compactor then took: on two cores that cost the
// writers 3-4 us and the server 2-4 us per post, about 8% of single-post ingest; before deltas,
// every commit read and rewrote its cells in one of 16 shards, about twice that.)
namespace {
// The tail of the snapshot in rollup_meta (`f`): its responses, as `what` columns, each branch an index scan.
std::string tail_of(const char* what, const char* where) {
    const std::string also = *where ? std::string(" AND ") + where : "";
    return std::string("SELECT ") + what + " FROM responses WHERE tx >= (SELECT pg_snapshot_xmax(s)::text::bigint FROM f)" + also +
           " UNION ALL SELECT " + what + " FROM responses WHERE tx = ANY (ARRAY(SELECT x::text::bigint FROM f, pg_snapshot_xip(f.s) AS x))" +
           also;
}
const std::string kFolded = "WITH f AS MATERIALIZED (SELECT value::pg_snapshot AS s FROM rollup_meta WHERE name = 'folded') ";
// The compactor's: the statement's own snapshot, whether rollup_meta has one, and the tail's
// transactions with their numbers of responses (a row of NULLs if none).
const std::string kTailSql = kFolded + ", tail AS (" + tail_of("tx", "") +
                             ") SELECT pg_current_snapshot()::text, (SELECT count(*) FROM f), t.tx, t.n FROM (SELECT 1) AS one "
                             "LEFT JOIN (SELECT tx, count(*) AS n FROM tail GROUP BY tx) AS t ON true ORDER BY t.tx";
// A reader's: the payloads of one survey ($1, "" for all) in the tail.
const std::string kReadTailSql = kFolded + "SELECT survey, payload FROM (" + tail_of("seq, survey, payload", "($1 = '' OR survey = $1)") +
                                 ") AS tail ORDER BY seq";
// The rollups and a reader's tail rows ($4-$8: rollup_params' arrays) as one table of cells.
const std::string kCells =
    "WITH cells AS (SELECT survey, day, locale, grouping, state, shard FROM rollups UNION ALL "
    "SELECT u.*, " + std::to_string(kTailShard) + " FROM unnest($4::text[],$5::text[],$6::text[],$7::text[],$8::text[]) AS u) ";
const std::string kRollupRowsSql =
    kCells + "SELECT day, locale, grouping, state, shard FROM cells WHERE survey = $1 AND ($2 = '' OR day >= $2) AND ($3 = '' OR day <= $3) "
             "AND grouping <> 'journey' AND grouping NOT LIKE 'segment.%'";
const std::string kRollupStatesSql =
    kCells + "SELECT grouping, state FROM cells r WHERE ($2 = '' OR survey = $2) AND (grouping = $1 OR "
             "($3 <> '' AND grouping = $3 AND NOT EXISTS (SELECT 1 FROM cells s WHERE s.survey = r.survey "
             "AND s.day = r.day AND s.locale = r.locale AND s.shard = r.shard AND s.grouping = $1)))";
}  // namespace

const PreparedStatement kRollupCompactLock{"tp_rollup_compact_lock", "SELECT pg_try_advisory_xact_lock(74251102, 0)"};
const char* const kRollupRebuildLock = "SELECT pg_advisory_xact_lock(74251102, 0)";  // the same lock, waited for
const PreparedStatement kRollupTail{"tp_rollup_tail", kTailSql.c_str()};
const PreparedStatement kRollupTailPayloads{"tp_rollup_tail_payloads",
    "SELECT survey, payload FROM responses WHERE tx = ANY($1::bigint[]) ORDER BY tx, seq"};
const PreparedStatement kRollupRead{"tp_rollup_read",
    "SELECT r.survey, r.day, r.locale, r.grouping, r.state FROM rollups r "
    "JOIN unnest($1::text[],$2::text[],$3::text[]) AS k(survey,day,locale) USING (survey, day, locale) WHERE r.shard = 0"};
const PreparedStatement kRollupWrite{"tp_rollup_write",
    "INSERT INTO rollups(survey,day,locale,grouping,state,shard) "
    "SELECT u.*, 0 FROM unnest($1::text[],$2::text[],$3::text[],$4::text[],$5::text[]) AS u "
    "ON CONFLICT (survey,day,locale,grouping,shard) DO UPDATE SET state = EXCLUDED.state"};
const PreparedStatement kRollupFoldedWrite{"tp_rollup_folded_write", "UPDATE rollup_meta SET value = $1 WHERE name = 'folded'"};

const PreparedStatement kReadSnapshot{nullptr, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"};
const PreparedStatement kRollupRows{nullptr, kRollupRowsSql.c_str()};
const PreparedStatement kRollupStates{nullptr, kRollupStatesSql.c_str()};
const PreparedStatement kReadTail{nullptr, kReadTailSql.c_str()};

const char* const kRollupFoldedNow =
    "INSERT INTO rollup_meta(name, value) VALUES('folded', pg_current_snapshot()::text) ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value";
const char* const kRollupsBuiltCheck =
    "SELECT 1 FROM rollup_meta b JOIN rollup_meta f ON f.name = 'folded' WHERE b.name = 'built' AND b.value = $1";

// How often the compactor runs: readers fold at most about this much ingest as the tail (or
// RememberedTail::kDefaultRoundAt responses, whichever comes first).
constexpr std::chrono::milliseconds kCompactEvery{1000};
// Rounds due early come at least this far apart: a round that cannot fold (another compactor's
// turn, the database away) keeps what it remembered, and must not be tried again at every commit.
constexpr std::chrono::milliseconds kCompactAtMost{100};

void rollup_params(const std::vector<RollupRow>& rows, Params* p) {
    std::vector<const std::string*> surveys, days, locales, groupings, states;
    for (const RollupRow& r : rows) {
        surveys.push_back(&r.cell.survey);
        days.push_back(&r.cell.day);
        locales.push_back(&r.cell.locale);
        groupings.push_back(&r.grouping);
        states.push_back(&r.state);
    }
    p->add(text_array(surveys)).add(text_array(days)).add(text_array(locales)).add(text_array(groupings)).add(text_array(states));
}

void fold_stored_rows(RollupFold& fold, const Result& rows) {
    std::vector<std::pair<std::string, std::string>> stored;
    stored.reserve(std::size_t(PQntuples(rows.get())));
    for (int i = 0; i < PQntuples(rows.get()); ++i) stored.emplace_back(value(rows, i, 0), value(rows, i, 1));
    fold.add_all_stored(stored);
}

RollupCompactor::RollupCompactor(Pool& pool) : pool_(pool) {}

RollupCompactor::~RollupCompactor() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        closing_ = true;
    }
    wake_.notify_all();
    if (!thread_.joinable()) return;
    thread_.join();
    std::string error;  // the last responses of this process, from memory, rather than leave them to others
    if (!compact(&error) && !error.empty())
        std::fprintf(stderr, "touchpoint serve: compacting the rollups failed (%s); the responses since are read as their tail\n",
                     error.c_str());
}

void RollupCompactor::start() { thread_ = std::thread([this] { loop(); }); }

// A round with the responses remembered until now; if it does not fold the tail (failed, or
// another compactor's turn), they are remembered again with those remembered since, for the next.
// After a round that folded, the remembered transactions it did not find in the tail were folded
// already (by another collector's compactor, reading them back): they are let go.
bool RollupCompactor::compact(std::string* error) {
    RememberedTail::ByTransaction mine = remembered_.take();
    Lease conn(pool_, error);
    const Round round = conn ? fold_tail(conn.get(), mine, error) : Round::Failed;
    if (round == Round::Compacted || round == Round::Empty) return true;
    remembered_.put_back(std::move(mine));
    return round == Round::Busy;
}

// One transaction: the tail of the recorded snapshot, as the statement's own snapshot sees it,
// folded into the cells of shard 0 (from `mine` where it holds a transaction's responses, else
// read back), and that snapshot recorded. Busy if another compactor holds the lock; Empty if the
// tail was.
RollupCompactor::Round RollupCompactor::fold_tail(PGconn* db, const RememberedTail::ByTransaction& mine, std::string* error) {
    auto end = [db](Round round) {
        Result rollback(PQexec(db, "ROLLBACK"));
        return round;
    };
    std::vector<Result> first;
    if (!pipeline(db, {{&kBegin, nullptr}, {&kRollupCompactLock, nullptr}}, &first, error)) return Round::Failed;
    if (!ok(first[0], db, error) || !ok(first[1], db, error)) return end(Round::Failed);
    if (std::string(PQgetvalue(first[1].get(), 0, 0)) != "t") return end(Round::Busy);
    Params none;
    Result tail = exec_params(db, kRollupTail, none);
    if (!ok(tail, db, error)) return end(Round::Failed);
    if (PQntuples(tail.get()) == 0 || value(tail, 0, 1) != "1") {
        *error = "rollup_meta holds no snapshot of the rollups (touchpoint serve --rebuild-rollups builds them again)";
        return end(Round::Failed);
    }
    if (PQgetisnull(tail.get(), 0, 2)) return end(Round::Empty);
    const std::string snapshot = value(tail, 0, 0);
    // This process's transactions from memory, in the order of their ids; the others' read back.
    std::vector<RollupFold::Response> remembered;
    std::vector<std::int64_t> read_back;
    for (int i = 0; i < PQntuples(tail.get()); ++i) {
        const std::int64_t tx = pg::int_value(tail, i, 2);
        const auto found = mine.find(tx);
        if (found == mine.end() || found->second.size() != std::strtoull(PQgetvalue(tail.get(), i, 3), nullptr, 10)) {
            read_back.push_back(tx);
            continue;
        }
        for (const RememberedTail::Owned& r : found->second) remembered.push_back({&r.survey, &r.payload, &r.facts});
    }
    RollupFold fresh;
    fresh.add_all(remembered);
    if (!read_back.empty()) {
        Params p;
        p.add(int_array(read_back));
        Result payloads = exec_params(db, kRollupTailPayloads, p);
        if (!ok(payloads, db, error)) return end(Round::Failed);
        fold_stored_rows(fresh, payloads);
    }
    // Every cell the tail adds to, with its rows in shard 0 read in this transaction.
    std::map<CellKey, RollupFold::StoredRows> touched;
    std::vector<CellKey> cells = fresh.cells();
    std::vector<const std::string*> surveys, days, locales;
    for (const CellKey& cell : cells) {
        touched[cell];
        surveys.push_back(&cell.survey);
        days.push_back(&cell.day);
        locales.push_back(&cell.locale);
    }
    Params keys;
    keys.add(text_array(surveys)).add(text_array(days)).add(text_array(locales));
    Result stored = exec_params(db, kRollupRead, keys);
    if (!ok(stored, db, error)) return end(Round::Failed);
    for (int i = 0; i < PQntuples(stored.get()); ++i)
        touched[{value(stored, i, 0), value(stored, i, 1), value(stored, i, 2), 0}].emplace_back(value(stored, i, 3), value(stored, i, 4));
    if (!compacted_.resume(touched, error)) return end(Round::Failed);
    if (!compacted_.absorb(fresh, error)) {
        compacted_ = RollupFold();  // its cells are half-absorbed: load them again next time
        return end(Round::Failed);
    }
    Params up, folded;
    rollup_params(compacted_.take_rows(), &up);
    folded.add(snapshot);
    std::vector<Result> done;
    if (!pipeline(db, {{&kRollupWrite, &up}, {&kRollupFoldedWrite, &folded}, {&kCommit, nullptr}}, &done, error)) {
        compacted_ = RollupFold();  // whether it committed is unknown: read the cells again next time
        return Round::Failed;
    }
    if (ok(done[0], db, error) && ok(done[1], db, error) && ok(done[2], db, error)) return Round::Compacted;
    compacted_ = RollupFold();
    return end(Round::Failed);
}

// The thread: compact() every kCompactEvery, or when due early (but kCompactAtMost apart), until closed.
void RollupCompactor::loop() {
    std::string last_error;
    std::unique_lock<std::mutex> lock(mu_);
    for (;;) {
        wake_.wait_for(lock, kCompactEvery, [this] { return closing_ || due_; });
        if (closing_) return;
        due_ = false;
        lock.unlock();
        std::string error;
        if (!compact(&error) && !error.empty() && error != last_error)
            std::fprintf(stderr, "touchpoint serve: compacting the rollups failed (%s); the responses since are read as their tail\n",
                         error.c_str());
        last_error = error;
        lock.lock();
        if (wake_.wait_for(lock, kCompactAtMost, [this] { return closing_; })) return;
    }
}

// Runs in the writer's thread, once its commit is through (nothing is kept before start()).
void RollupCompactor::remember(std::int64_t tx, const std::vector<RollupFold::Response>& responses) {
    if (!thread_.joinable() || !remembered_.remember(tx, responses) || !remembered_.round_due()) return;
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (due_) return;
        due_ = true;
    }
    wake_.notify_one();
}

}  // namespace touchpoint::collector::pg
