// Forwards detractor alerts (payload "alert") to the configured webhook. The alert is written to
// the alert_outbox table in the same transaction as its response, so an acknowledged response's
// alert is never lost; this thread delivers the outbox and retries failures with exponential
// backoff (base * 2^attempts, capped at one hour) until the webhook answers 2xx.
#pragma once
#include <condition_variable>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include "collector/storage.hpp"

namespace touchpoint::collector {

class AlertDispatcher {
public:
    // url: http://host[:port]/path or https://...; backoff_s: the first retry delay in seconds.
    // `delivered` (optional) is told of each alert the webhook accepted (the inbox records it).
    AlertDispatcher(Storage& storage, std::string url, double backoff_s,
                    std::function<void(const PendingAlert&)> delivered = {});
    ~AlertDispatcher();
    AlertDispatcher(const AlertDispatcher&) = delete;
    AlertDispatcher& operator=(const AlertDispatcher&) = delete;
    void wake();  // something new may be in the outbox
    void stop();

private:
    void run();
    bool deliver(const PendingAlert& alert, std::string* error);

    Storage& storage_;
    std::string origin_;  // scheme://host[:port]
    std::string path_;
    double backoff_s_;
    std::function<void(const PendingAlert&)> delivered_;
    std::mutex mu_;
    std::condition_variable cv_;
    bool stopping_ = false;
    bool woken_ = false;
    std::thread thread_;
};

// Splits an http(s) URL into origin and path; false if it is not one.
bool split_http_url(const std::string& url, std::string* origin, std::string* path);

}  // namespace touchpoint::collector
