// Group commit: see writer.hpp.
#include "collector/writer.hpp"

#include <chrono>
#include <string>

namespace touchpoint::collector {

GroupCommitWriter::GroupCommitWriter(Storage& storage, std::size_t max_group_records, std::size_t threads)
    : storage_(storage), max_group_records_(max_group_records ? max_group_records : 1), separate_sync_(storage.separate_sync()) {
    for (std::size_t i = 0; separate_sync_ && i < kSyncers; ++i) syncers_.emplace_back([this] { sync_loop(); });
    for (std::size_t i = 0; i < (threads ? threads : 1); ++i) threads_.emplace_back([this] { run(); });
}

GroupCommitWriter::~GroupCommitWriter() { stop(); }

void GroupCommitWriter::enqueue(Job* job) {
    {
        std::lock_guard<std::mutex> lock(mu_);
        if (!stopping_) {
            queue_.push_back(job);
            work_cv_.notify_one();
            return;
        }
    }
    RequestOutcome refused;
    refused.status = RequestOutcome::Status::Failed;
    refused.error = "the collector is shutting down";
    job->done(*job->records, refused);
    delete job;
}

void GroupCommitWriter::submit_async(std::vector<Record> records, Done done) {
    auto* job = new Job;
    job->owned = std::move(records);
    job->records = &job->owned;
    job->done = std::move(done);
    enqueue(job);
}

RequestOutcome GroupCommitWriter::submit(const std::vector<Record>& records) {
    // Its own wake-up: a commit wakes the requests of its group, not every waiting thread.
    std::mutex m;
    std::condition_variable cv;
    bool finished = false;
    RequestOutcome result;
    auto* job = new Job;
    job->records = &records;
    job->done = [&](const std::vector<Record>&, const RequestOutcome& outcome) {
        std::lock_guard<std::mutex> lock(m);
        result = outcome;
        finished = true;
        cv.notify_one();
    };
    enqueue(job);
    std::unique_lock<std::mutex> lock(m);
    cv.wait(lock, [&] { return finished; });
    return result;
}

void GroupCommitWriter::wait_for_commit_after(std::uint64_t seen, int timeout_ms) {
    std::unique_lock<std::mutex> lock(mu_);
    rows_cv_.wait_for(lock, std::chrono::milliseconds(timeout_ms), [&] { return waits_interrupted_ || stopping_ || commits_ != seen; });
}

void GroupCommitWriter::interrupt_waits() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        waits_interrupted_ = true;
    }
    rows_cv_.notify_all();
}

bool GroupCommitWriter::waits_interrupted() const {
    std::lock_guard<std::mutex> lock(mu_);
    return waits_interrupted_ || stopping_;
}

std::uint64_t GroupCommitWriter::commits() const {
    std::lock_guard<std::mutex> lock(mu_);
    return commits_;
}

void GroupCommitWriter::stop() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stopping_ = true;
    }
    work_cv_.notify_all();
    rows_cv_.notify_all();
    for (std::thread& t : threads_) {
        if (t.joinable()) t.join();
    }
    {  // after the writers: every committed group is synced and answered first
        std::lock_guard<std::mutex> lock(sync_mu_);
        sync_stopping_ = true;
    }
    sync_cv_.notify_all();
    for (std::thread& t : syncers_) {
        if (t.joinable()) t.join();
    }
}

void GroupCommitWriter::run() {
    std::vector<Job*> group;
    std::vector<const std::vector<Record>*> requests;
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(mu_);
            work_cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, and everything queued has been answered
            // Take everything queued (up to the cap; a single oversized request still goes alone).
            std::size_t records = 0;
            group.clear();
            while (!queue_.empty() && (group.empty() || records + queue_.front()->records->size() <= max_group_records_)) {
                records += queue_.front()->records->size();
                group.push_back(queue_.front());
                queue_.pop_front();
            }
        }
        requests.clear();
        for (Job* job : group) requests.push_back(job->records);
        std::vector<RequestOutcome> outcomes = storage_.commit_group(requests);
        if (separate_sync_) {
            {
                std::lock_guard<std::mutex> lock(sync_mu_);
                committed_.push_back({group, std::move(outcomes)});
            }
            sync_cv_.notify_one();
            continue;
        }
        deliver(group, outcomes);
    }
}

// Every group taken here was committed before storage_.sync() is called, so that sync covers it.
void GroupCommitWriter::sync_loop() {
    std::vector<Synced> batch;
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(sync_mu_);
            sync_cv_.wait(lock, [&] { return sync_stopping_ || !committed_.empty(); });
            if (committed_.empty()) return;  // stopping, and everything committed has been answered
            batch.swap(committed_);
        }
        std::string error;
        const bool synced = storage_.sync(&error);
        for (Synced& s : batch) {
            if (!synced) {
                // Committed but perhaps not on disk: not acknowledged. A retry finds the row and
                // answers 200 (a duplicate) after a sync of its own.
                for (RequestOutcome& o : s.outcomes) {
                    if (o.status != RequestOutcome::Status::Stored) continue;
                    o = RequestOutcome{};
                    o.status = RequestOutcome::Status::Failed;
                    o.error = "the commit could not be synced to disk: " + error;
                }
            }
            deliver(s.group, s.outcomes);
        }
        batch.clear();
    }
}

void GroupCommitWriter::deliver(const std::vector<Job*>& group, const std::vector<RequestOutcome>& outcomes) {
    bool stored_any = false;
    for (const RequestOutcome& o : outcomes) stored_any = stored_any || o.stored > 0;
    if (stored_any) {
        {
            std::lock_guard<std::mutex> lock(mu_);
            ++commits_;
        }
        rows_cv_.notify_all();
    }
    for (std::size_t i = 0; i < group.size(); ++i) {
        group[i]->done(*group[i]->records, outcomes[i]);
        delete group[i];
    }
}

}  // namespace touchpoint::collector
