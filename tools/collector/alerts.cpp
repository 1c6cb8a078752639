// Alert webhook delivery from the durable outbox (see alerts.hpp).
#include "collector/alerts.hpp"

#include <httplib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>

#include "collector/clock.hpp"

namespace touchpoint::collector {

bool split_http_url(const std::string& url, std::string* origin, std::string* path) {
    const bool http = url.rfind("http://", 0) == 0, https = url.rfind("https://", 0) == 0;
    if (!http && !https) return false;
    const std::size_t host_start = url.find("://") + 3;
    const std::size_t slash = url.find('/', host_start);
    if (slash == host_start) return false;
    *origin = url.substr(0, slash);
    *path = slash == std::string::npos ? "/" : url.substr(slash);
    return origin->size() > host_start;
}

AlertDispatcher::AlertDispatcher(Storage& storage, std::string url, double backoff_s,
                                 std::function<void(const PendingAlert&)> delivered)
    : storage_(storage), backoff_s_(backoff_s > 0 ? backoff_s : 1.0), delivered_(std::move(delivered)) {
    split_http_url(url, &origin_, &path_);
    thread_ = std::thread([this] { run(); });
}

AlertDispatcher::~AlertDispatcher() { stop(); }

void AlertDispatcher::wake() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        woken_ = true;
    }
    cv_.notify_one();
}

void AlertDispatcher::stop() {
    {
        std::lock_guard<std::mutex> lock(mu_);
        stopping_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) thread_.join();
}

bool AlertDispatcher::deliver(const PendingAlert& alert, std::string* error) {
    httplib::Client client(origin_);
    client.set_connection_timeout(5);
    client.set_read_timeout(10);
    client.set_write_timeout(10);
    httplib::Headers headers = {{"Idempotency-Key", alert.response_id}};
    auto res = client.Post(path_.c_str(), headers, alert.body, "application/json");
    if (!res) {
        *error = "webhook unreachable: " + httplib::to_string(res.error());
        return false;
    }
    if (res->status < 200 || res->status > 299) {
        *error = "webhook answered " + std::to_string(res->status);
        return false;
    }
    return true;
}

void AlertDispatcher::run() {
    // Poll at least every half backoff (bounded to [50 ms, 1 s]) so due retries go out on time.
    const auto poll = std::chrono::milliseconds(static_cast<long>(std::clamp(backoff_s_ * 500.0, 50.0, 1000.0)));
    for (;;) {
        {
            std::unique_lock<std::mutex> lock(mu_);
            cv_.wait_for(lock, poll, [&] { return stopping_ || woken_; });
            if (stopping_) return;
            woken_ = false;
        }
        const std::vector<PendingAlert> due = storage_.due_alerts(now_ms(), 50);
        for (std::size_t i = 0; i < due.size(); ++i) {
            const PendingAlert& alert = due[i];
            bool stopping;
            {
                std::lock_guard<std::mutex> lock(mu_);
                stopping = stopping_;
            }
            if (stopping) {  // hand the claimed rest back rather than leave it to the lease
                for (std::size_t j = i; j < due.size(); ++j) storage_.alert_released(due[j].id, now_ms());
                return;
            }
            std::string error;
            if (deliver(alert, &error)) {
                storage_.alert_delivered(alert.id);
                if (delivered_) delivered_(alert);
                continue;
            }
            const double delay_s = std::min(3600.0, backoff_s_ * std::pow(2.0, std::min(alert.attempts, 20)));
            storage_.alert_failed(alert.id, now_ms() + static_cast<std::int64_t>(delay_s * 1000.0), error);
            std::fprintf(stderr, "touchpoint serve: alert for response %s not delivered (%s), retry in %.1f s\n",
                         alert.response_id.c_str(), error.c_str(), delay_s);
        }
    }
}

}  // namespace touchpoint::collector
