// The writer thread(s) with group commit. Requests hand it their validated records; a writer
// takes everything queued so far, stores it in ONE transaction (one fsync), then hands each
// request its own outcome: to a callback (submit_async: the ingest route, which holds no thread
// while it waits) or by waking the one thread blocked in submit. Where the storage separates
// commit and sync (SQLite: Storage::separate_sync), a syncer thread syncs and answers the
// committed groups while the writer already commits the next: one fsync then serves every group
// committed while the previous one ran, and the writer's own work no longer adds to the wait. Under load many requests share each
// fsync, so throughput grows with concurrency while each acknowledgement still means "durably
// committed". SQLite has one writer; a database server (PostgreSQL) takes several groups at once
// (Storage::writer_threads), each on its own connection, and flushes their commits together.
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include "collector/storage.hpp"

namespace touchpoint::collector {

class GroupCommitWriter {
public:
    // max_group_records caps one transaction (a huge group would delay everyone's ack).
    GroupCommitWriter(Storage& storage, std::size_t max_group_records, std::size_t threads = 1);
    ~GroupCommitWriter();
    GroupCommitWriter(const GroupCommitWriter&) = delete;
    GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

    // Called once per request with its records and outcome, on the writer thread right after the
    // group's commit (or at once, on the caller's thread, after stop()). Keep it short: the next
    // group waits for it.
    using Done = std::function<void(const std::vector<Record>& records, const RequestOutcome& outcome)>;

    // Queues the records and returns at once; `done` gets the outcome. After stop(), answers Failed.
    void submit_async(std::vector<Record> records, Done done);

    // Blocks until the records are committed (or rejected). After stop(), answers Failed.
    RequestOutcome submit(const std::vector<Record>& records);

    // How many commits stored new rows so far. The live feed's long poll reads it BEFORE looking
    // at the database, then waits for it to change: no commit can slip between the two.
    std::uint64_t commits() const;

    // Blocks until commits() differs from `seen`, or the timeout passes, or stop().
    void wait_for_commit_after(std::uint64_t seen, int timeout_ms);

    // Makes current and future wait_for_commit_after() return at once (shutdown begins).
    void interrupt_waits();
    bool waits_interrupted() const;

    // Finishes the queued requests, then stops the thread. Idempotent.
    void stop();

private:
    struct Job {
        std::vector<Record> owned;  // submit_async's records; submit's stay with its caller
        const std::vector<Record>* records = nullptr;
        Done done;
    };
    struct Synced {  // a committed group waiting for its sync (Storage::separate_sync)
        std::vector<Job*> group;
        std::vector<RequestOutcome> outcomes;
    };
    void enqueue(Job* job);  // takes ownership
    void run();
    void sync_loop();
    void deliver(const std::vector<Job*>& group, const std::vector<RequestOutcome>& outcomes);  // answers, deletes the jobs

    Storage& storage_;
    std::size_t max_group_records_;
    const bool separate_sync_;  // Storage::separate_sync(): a syncer thread answers the committed groups
    mutable std::mutex mu_;
    std::condition_variable work_cv_;   // writer waits for jobs
    std::condition_variable rows_cv_;   // feed long-polls wait for new rows
    std::deque<Job*> queue_;
    std::uint64_t commits_ = 0;
    bool stopping_ = false;
    bool waits_interrupted_ = false;
    std::vector<std::thread> threads_;
    // With Storage::separate_sync: committed groups for the syncer thread, which syncs and answers them.
    std::mutex sync_mu_;
    std::condition_variable sync_cv_;
    std::vector<Synced> committed_;  // under sync_mu_
    bool sync_stopping_ = false;     // under sync_mu_
    // Two: a group committed while a sync runs starts its own at once instead of waiting for that
    // one to end; the disk completes the two cache flushes back to back (or as one).
    static constexpr std::size_t kSyncers = 2;
    std::vector<std::thread> syncers_;
};

}  // namespace touchpoint::collector
