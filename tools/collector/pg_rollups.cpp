// The results rollups on PostgreSQL: see pg_rollups.hpp.
#include "collector/pg_rollups.hpp"

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <map>
#include <random>

#include "touchpoint/base/json_text.hpp"

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
// new responses into cells of their own (a RollupDelta, which each writer reuses from commit to
// commit: rollup_delta.hpp) and INSERTs them as ONE row of
// rollup_deltas (`cells`: a JSON array of [survey, day, locale, grouping, state] rows), numbered by
// a sequence (the `delta`, never below 16) — no lock, no read, a table without an index, in the
// same transaction as the responses and, when they are all new, in the statement that inserts
// them (with_delta_write). Readers read the view rollup_cells (`rollups`
// and every delta's rows, in one statement: one snapshot) and merge a delta's cells as cells of
// their own, as they merge days. Each collector's compactor, one at a time in the cluster (a
// transaction-scoped advisory lock, tried), about once a second takes with DELETE ... RETURNING
// the deltas its writers remembered (RollupCompactor::remember) and any older than 10 s (a stopped
// collector's, or one of its own it could not remember), adds them to their cells in shard 0
// (RollupFold::absorb; the kept fold carries on while shard 0 holds what it last wrote) and writes
// the cells back, all in one transaction: a delta is counted once, before or after, never twice or
// lost. The remembered ones it does not parse back from their text (parsing a state costs 20-40
// times what merging a fold does), nor even fetch: each writer, once its commit is through, adds
// its delta's fold to one fold of every delta remembered since the last round, in its own thread
// (the fold's memory is then taken and freed where it was allocated: handing each commit's fold
// to the compactor's thread to free cost the writers' allocator about as much as the fold itself).
// That fold counts its deltas together, so it is used only if every delta it holds is still there
// to take; if one is gone (another compactor took it once 10 s old, a rebuild dropped it), the
// round is run again reading every delta from its text. (Before deltas, every commit took one of
// 16 shards, read its cells and wrote them back: PostgreSQL spent about twice the CPU on rollups;
// shards 1-15 of such a database are still read.)
namespace {
// A delta's INSERT from its writer's and its text's parameters (every other column is the table's
// default); `written_if` is a condition the row is written under (SQL, "true" for always).
std::string delta_insert(const char* writer, const char* cells, const char* written_if) {
    return std::string("INSERT INTO rollup_deltas(delta, writer, cells) SELECT nextval('rollup_delta_ids'), ") + writer + "::bigint, " +
           cells + " WHERE " + written_if + " RETURNING delta";
}
const std::string kDeltaWriteSql = delta_insert("$1", "$2", "true");
}  // namespace

const PreparedStatement kRollupDeltaWrite{"tp_rollup_delta_write", kDeltaWriteSql.c_str()};

std::string with_delta_write(const std::string& insert, int writer_param) {
    const std::string writer = "$" + std::to_string(writer_param), cells = "$" + std::to_string(writer_param + 1),
                      expected = "$" + std::to_string(writer_param + 2);
    const std::string all_new = "(SELECT count(*) FROM stored) = " + expected + "::bigint";
    return "WITH stored AS (" + insert + "), delta AS (" + delta_insert(writer.c_str(), cells.c_str(), all_new.c_str()) +
           ") SELECT stored.id, (SELECT delta FROM delta) FROM stored";
}
const PreparedStatement kRollupCompactLock{"tp_rollup_compact_lock", "SELECT pg_try_advisory_xact_lock(74251102, 0)"};
// $1 this writer, $2 the deltas it remembers, $3 whether to return their text too (else only the
// others': theirs is NULL unless 10 s old). IN (SELECT unnest) and not = ANY: the planner hashes
// the list (a hashed SubPlan) rather than comparing each row with each of its numbers, which for
// a second of deltas (1,500) took the scan 3.6 ms against 0.9.
const PreparedStatement kRollupTakeDeltas{"tp_rollup_take_deltas",
    "DELETE FROM rollup_deltas WHERE (writer = $1::bigint AND delta IN (SELECT unnest($2::integer[]))) OR written < now() - interval '10 seconds' "
    "RETURNING delta, CASE WHEN $3::boolean OR writer <> $1::bigint OR written < now() - interval '10 seconds' THEN cells END"};
const PreparedStatement kRollupRead{"tp_rollup_read",
    "SELECT r.survey, r.day, r.locale, r.grouping, r.state FROM rollups r "
    "JOIN unnest($1::text[],$2::text[],$3::text[]) AS k(survey,day,locale) USING (survey, day, locale) WHERE r.shard = 0"};
const PreparedStatement kRollupWrite{"tp_rollup_write",
    "INSERT INTO rollups(survey,day,locale,grouping,state,shard) "
    "SELECT u.*, 0 FROM unnest($1::text[],$2::text[],$3::text[],$4::text[],$5::text[]) AS u "
    "ON CONFLICT (survey,day,locale,grouping,shard) DO UPDATE SET state = EXCLUDED.state"};
// How often the compactor runs: readers merge at most about this much ingest as deltas.
constexpr std::chrono::milliseconds kCompactEvery{1000};
constexpr std::size_t kRememberedDeltas = 8192;  // at most, between rounds (RollupCompactor::remember)

const char* const kRollupRows =
    "SELECT day, locale, grouping, state, shard FROM rollup_cells WHERE survey = $1 AND ($2 = '' OR day >= $2) AND ($3 = '' OR day <= $3) "
    "AND grouping <> 'journey' AND grouping NOT LIKE 'segment.%'";
const char* const kRollupStates =
    "SELECT grouping, state FROM rollup_cells r WHERE ($2 = '' OR survey = $2) AND (grouping = $1 OR "
    "($3 <> '' AND grouping = $3 AND NOT EXISTS (SELECT 1 FROM rollup_cells s WHERE s.survey = r.survey "
    "AND s.day = r.day AND s.locale = r.locale AND s.shard = r.shard AND s.grouping = $1)))";

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

std::string delta_cells_text(const std::vector<RollupRow>& rows) {
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

namespace {

// The cells of a delta's text, keyed with the delta's number as their shard.
bool read_delta_cells(const std::string& text, int id, std::map<CellKey, RollupFold::StoredRows>* cells, std::string* error) {
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

std::string random_writer_id() {
    std::random_device random;
    const std::uint64_t bits = (std::uint64_t(random()) << 32) | random();
    return std::to_string(std::int64_t(bits >> 1));
}

}  // namespace

RollupCompactor::RollupCompactor(Pool& pool) : pool_(pool), writer_id_(random_writer_id()) {}

RollupCompactor::~RollupCompactor() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        closing_ = true;
    }
    wake_.notify_all();
    if (!thread_.joinable()) return;
    thread_.join();
    std::string error;  // the last deltas of this process, rather than leave them to others
    if (!compact(&error) && !error.empty())
        std::fprintf(stderr, "touchpoint serve: compacting the rollups failed (%s); their deltas are kept and read\n", error.c_str());
}

void RollupCompactor::start() { thread_ = std::thread([this] { loop(); }); }

// A round with the deltas remembered until now; if it does not compact them (failed, or another
// compactor's turn), they are remembered again with those remembered since, for the next.
bool RollupCompactor::compact(std::string* error) {
    Remembered mine;
    {
        std::lock_guard<std::mutex> lock(remembered_mu_);
        std::swap(mine, remembered_);
    }
    Lease conn(pool_, error);
    Round round = conn ? take_and_compact(conn.get(), mine, false, error) : Round::Failed;
    if (round == Round::Unlisted) {
        // A delta the fold holds was taken by someone else: its counts cannot be told apart from
        // the others', so every delta is read from its text instead, and the fold dropped (any
        // of its deltas this round does not take are read from their text once 10 s old).
        round = take_and_compact(conn.get(), mine, true, error);
        mine = Remembered();
    }
    if (round == Round::Compacted) vacuum_deltas(conn.get());
    if (round == Round::Compacted || round == Round::Empty) return true;
    if (!mine.ids.empty()) {
        std::lock_guard<std::mutex> lock(remembered_mu_);
        std::string absorb_error;
        if (mine.fold.absorb(remembered_.fold, &absorb_error)) {  // else mine's deltas are read from their text once 10 s old
            mine.ids.insert(mine.ids.end(), remembered_.ids.begin(), remembered_.ids.end());
            remembered_ = std::move(mine);
        }
    }
    return round == Round::Busy;
}

// One transaction: takes the deltas `mine` lists and every delta older than 10 s, and adds them to
// their cells in shard 0 — the listed ones from mine's fold, unless `from_text` (then every one
// from its text). Unlisted (rolled back) if a listed delta is gone; Busy if another compactor
// holds the lock; Empty if there was none to take.
RollupCompactor::Round RollupCompactor::take_and_compact(PGconn* db, const Remembered& mine, bool from_text, std::string* error) {
    auto end = [db](Round round) {
        Result rollback(PQexec(db, "ROLLBACK"));
        return round;
    };
    std::vector<Result> first;
    if (!pipeline(db, {{&kBegin, nullptr}, {&kRollupCompactLock, nullptr}}, &first, error)) return Round::Failed;
    if (!ok(first[0], db, error) || !ok(first[1], db, error)) return end(Round::Failed);
    if (std::string(PQgetvalue(first[1].get(), 0, 0)) != "t") return end(Round::Busy);
    Params take;
    take.add(writer_id_).add(int_array(mine.ids)).add(from_text ? "true" : "false");
    Result taken = exec_params(db, kRollupTakeDeltas, take);
    if (!ok(taken, db, error)) return end(Round::Failed);
    // The deltas read from their text, each cell of them a cell of its own; and every cell they
    // add to, with its rows in shard 0 read in this transaction.
    std::vector<int> listed = mine.ids;
    std::sort(listed.begin(), listed.end());
    std::size_t found = 0;
    std::map<CellKey, RollupFold::StoredRows> foreign, touched;
    for (int i = 0; i < PQntuples(taken.get()); ++i) {
        const int id = std::atoi(PQgetvalue(taken.get(), i, 0));
        if (!from_text && std::binary_search(listed.begin(), listed.end(), id)) {
            ++found;
            continue;
        }
        if (!read_delta_cells(value(taken, i, 1), id, &foreign, error)) return end(Round::Failed);
    }
    if (!from_text && found != listed.size()) return end(Round::Unlisted);
    if (PQntuples(taken.get()) == 0) return end(Round::Empty);
    if (!from_text)
        for (const CellKey& cell : mine.fold.cells()) touched[cell];
    for (const auto& entry : foreign) touched[{entry.first.survey, entry.first.day, entry.first.locale, 0}];
    std::vector<const std::string*> surveys, days, locales;
    for (const auto& entry : touched) {
        surveys.push_back(&entry.first.survey);
        days.push_back(&entry.first.day);
        locales.push_back(&entry.first.locale);
    }
    Params cells;
    cells.add(text_array(surveys)).add(text_array(days)).add(text_array(locales));
    Result stored = exec_params(db, kRollupRead, cells);
    if (!ok(stored, db, error)) return end(Round::Failed);
    for (int i = 0; i < PQntuples(stored.get()); ++i)
        touched[{value(stored, i, 0), value(stored, i, 1), value(stored, i, 2), 0}].emplace_back(value(stored, i, 3), value(stored, i, 4));
    if (!compacted_.resume(touched, error)) return end(Round::Failed);
    bool absorbed = true;
    for (const auto& [cell, rows] : foreign)
        absorbed = absorbed && compacted_.absorb({cell.survey, cell.day, cell.locale, 0}, rows, error);
    if (!from_text) absorbed = absorbed && mine.fold.fold_into(compacted_, error);
    if (!absorbed) {
        compacted_ = RollupFold();  // its cells are half-absorbed: load them again next time
        return end(Round::Failed);
    }
    Params up;
    rollup_params(compacted_.take_rows(), &up);
    std::vector<Result> done;
    if (!pipeline(db, {{&kRollupWrite, &up}, {&kCommit, nullptr}}, &done, error)) return Round::Failed;
    return ok(done[0], db, error) && ok(done[1], db, error) ? Round::Compacted : end(Round::Failed);
}

// The deltas just taken are dead rows, and autovacuum reaches a table only about once a minute
// (its launcher visits each database that often). Under load, a minute of dead deltas (about 170
// MB at 14,000 posts per second) was scanned by every round's DELETE and every reader of
// rollup_cells, and new deltas were appended after them instead of reusing their space. Vacuumed
// after each round, the table holds about two seconds of deltas. SKIP_LOCKED: another collector's
// compactor may be vacuuming it; TRUNCATE false: truncating the file's empty end would lock the
// writers' inserts out.
void RollupCompactor::vacuum_deltas(PGconn* db) {
    Result r(PQexec(db, "VACUUM (SKIP_LOCKED, TRUNCATE false) rollup_deltas"));
    std::string error;
    if (ok(r, db, &error) || vacuum_failed_) return;
    vacuum_failed_ = true;
    std::fprintf(stderr, "touchpoint serve: vacuuming rollup_deltas failed (%s); autovacuum is left to it\n", error.c_str());
}

// The thread: compact() every kCompactEvery until closed.
void RollupCompactor::loop() {
    std::string last_error;
    std::unique_lock<std::mutex> lock(mu_);
    while (!wake_.wait_for(lock, kCompactEvery, [this] { return closing_; })) {
        lock.unlock();
        std::string error;
        if (!compact(&error) && !error.empty() && error != last_error)
            std::fprintf(stderr, "touchpoint serve: compacting the rollups failed (%s); their deltas are kept and read\n", error.c_str());
        last_error = error;
        lock.lock();
    }
}

// Runs in the writer's thread, once its commit is through. At most kRememberedDeltas between
// rounds (a few seconds of commits): while compaction fails, the rest are read from their text,
// once 10 s old, when it works again, rather than held in memory.
void RollupCompactor::remember(int id, const RollupDelta& fold) {
    if (!thread_.joinable()) return;
    std::lock_guard<std::mutex> lock(remembered_mu_);
    if (remembered_.ids.size() >= kRememberedDeltas) return;
    std::string error;
    if (remembered_.fold.absorb(fold, &error)) remembered_.ids.push_back(id);
    else remembered_ = Remembered();  // half-absorbed: its deltas are read from their text once 10 s old
}

}  // namespace touchpoint::collector::pg
