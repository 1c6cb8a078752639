// The single writer thread with group commit. HTTP handler threads hand it their validated
// records and block; the writer takes everything queued so far, stores it in ONE transaction
// (one fsync), then wakes every waiting handler with its own outcome. Under load many requests
// share each fsync, so throughput grows with concurrency while each acknowledgement still means
// "durably committed".
#pragma once
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <mutex>
#include <thread>
#include <vector>

#include "collector/storage.hpp"

namespace touchpoint::collector {

class GroupCommitWriter {
public:
    // max_group_records caps one transaction (a huge group would delay everyone's ack).
    GroupCommitWriter(Storage& storage, std::size_t max_group_records);
    ~GroupCommitWriter();
    GroupCommitWriter(const GroupCommitWriter&) = delete;
    GroupCommitWriter& operator=(const GroupCommitWriter&) = delete;

    // Blocks until the records are committed (or rejected). After stop(), answers Failed.
    RequestOutcome submit(const std::vector<Record>& records);

    // Blocks until a commit stored something after `seq`, or the timeout passes, or stop().
    // Used by the live feed's long poll.
    void wait_for_rows_after(std::int64_t seq, int timeout_ms);

    // Makes current and future wait_for_rows_after() return at once (shutdown begins).
    void interrupt_waits();

    // Finishes the queued requests, then stops the thread. Idempotent.
    void stop();

    std::int64_t committed_seq() const;

private:
    struct Job {
        const std::vector<Record>* records;
        RequestOutcome outcome;
        bool done = false;
    };
    void run();

    Storage& storage_;
    std::size_t max_group_records_;
    mutable std::mutex mu_;
    std::condition_variable work_cv_;   // writer waits for jobs
    std::condition_variable done_cv_;   // handlers wait for their outcome
    std::condition_variable rows_cv_;   // feed long-polls wait for new rows
    std::deque<Job*> queue_;
    std::int64_t committed_seq_ = 0;
    bool stopping_ = false;
    bool waits_interrupted_ = false;
    std::thread thread_;
};

}  // namespace touchpoint::collector
