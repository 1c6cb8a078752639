// The alert inbox's state: who an alert (a response's "alert": detractor, low CSAT, high effort)
// is assigned to, when and by whom it was handled and with what note, and how its webhook
// delivery went. The alerts themselves are the stored responses that carry one (the response is
// the single owner of that fact); this keeps only what people and the dispatcher add to them.
// SQLite (alert_inbox_sqlite.cpp) and PostgreSQL (alert_inbox_pg.cpp), in the responses' database.
#pragma once
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace touchpoint::collector {

struct AlertHandling {
    std::string response_id;
    std::string assignee;      // "" = nobody
    std::string note;          // the handler's note
    std::string updated_by;    // the editor credential's label of the last change
    std::int64_t handled_ms = 0;  // 0 = open
    std::int64_t updated_ms = 0;
};

// Webhook delivery of one alert: waiting in the outbox (attempts so far, the last error, when the
// next try is due) or delivered (when, after how many attempts).
struct AlertDelivery {
    std::string response_id;
    bool delivered = false;
    int attempts = 0;
    std::int64_t next_at_ms = 0, delivered_ms = 0;
    std::string last_error;
};

// Every call is safe from any thread; false = the database failed (*error says why).
class AlertInbox {
public:
    virtual ~AlertInbox() = default;
    virtual bool handling(std::vector<AlertHandling>* out, std::string* error) = 0;
    // Inserts or replaces the row of h.response_id.
    virtual bool set_handling(const AlertHandling& h, std::string* error) = 0;
    // The outbox's rows and the delivered ones.
    virtual bool deliveries(std::vector<AlertDelivery>* out, std::string* error) = 0;
    // Called by the dispatcher after a 2xx: `attempts` including this one.
    virtual bool record_delivered(const std::string& response_id, int attempts, std::int64_t now_ms, std::string* error) = 0;
};

// `db` is --db (a SQLite path or a PostgreSQL connection string); creates the tables if missing.
std::unique_ptr<AlertInbox> open_alert_inbox(const std::string& db, std::string* error);
std::unique_ptr<AlertInbox> open_sqlite_alert_inbox(const std::string& path, std::string* error);
std::unique_ptr<AlertInbox> open_pg_alert_inbox(const std::string& conninfo, std::string* error);

}  // namespace touchpoint::collector
