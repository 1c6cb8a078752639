// Studio credentials, sessions and CSRF checks (see studio_access.hpp).
//
// [SECTION] Secrets
// [SECTION] Identifying the caller
// [SECTION] Session routes
#include "collector/studio_access.hpp"

#include "collector/clock.hpp"
#include "collector/http/server.hpp"
#include <nlohmann/json.hpp>
#include <sys/random.h>

#include <algorithm>
#include <chrono>

#include "touchpoint/base/hash.hpp"

namespace touchpoint::collector {

// [SECTION] Secrets ----------------------------------------------------------------------------

bool same_secret(const std::string& presented, const std::string& expected) {
    if (presented.size() != expected.size() || expected.empty()) return false;
    unsigned char diff = 0;
    for (std::size_t i = 0; i < presented.size(); ++i) diff = static_cast<unsigned char>(diff | (presented[i] ^ expected[i]));
    return diff == 0;
}

std::string random_hex(std::size_t bytes) {
    std::string raw(bytes, '\0');
    std::size_t got = 0;
    while (got < bytes) {
        const ssize_t n = getrandom(raw.data() + got, bytes - got, 0);
        if (n > 0) got += static_cast<std::size_t>(n);
    }
    return hex(reinterpret_cast<const std::uint8_t*>(raw.data()), bytes);
}

// [SECTION] Identifying the caller -------------------------------------------------------------

namespace {

std::string cookie_value(const std::string& header, const std::string& name) {
    std::size_t at = 0;
    while (at < header.size()) {
        while (at < header.size() && (header[at] == ' ' || header[at] == ';')) ++at;
        const std::size_t end = std::min(header.find(';', at), header.size());
        const std::string pair = header.substr(at, end - at);
        if (pair.size() > name.size() && pair.compare(0, name.size(), name) == 0 && pair[name.size()] == '=') return pair.substr(name.size() + 1);
        at = end;
    }
    return {};
}

// The request comes from the collector's own pages: Origin (sent by browsers on every POST,
// PUT, DELETE) names this host, and Sec-Fetch-Site, when sent, says same-origin.
bool same_origin(const http::Request& req) {
    const std::string origin = req.get_header_value("Origin");
    const std::string host = req.get_header_value("Host");
    if (!origin.empty() && origin != "http://" + host && origin != "https://" + host) return false;
    const std::string site = req.get_header_value("Sec-Fetch-Site");
    return site.empty() || site == "same-origin" || site == "none";
}

bool is_json(const http::Request& req) {
    const std::string type = req.get_header_value("Content-Type");
    return type.rfind("application/json", 0) == 0;
}

void unauthorized(Collector& c, http::Response& res) {
    res.set_header("WWW-Authenticate", "Bearer realm=\"touchpoint studio\"");
    send_error(res, 401, "", c.config.editors.empty() && c.config.token.empty()
                                 ? "the Studio API is closed: start the collector with --editor-token"
                                 : "sign in first (POST /v1/studio/session) or send Authorization: Bearer TOKEN");
}

}  // namespace

Caller identify(Collector& c, const http::Request& req) {
    Caller caller;
    const std::string auth = req.get_header_value("Authorization");
    if (auth.rfind("Bearer ", 0) == 0) {
        const std::string presented = auth.substr(7);
        for (const EditorCredential& e : c.config.editors) {
            if (same_secret(presented, e.token)) return {Access::Editor, e.author, "", ""};
        }
        if (same_secret(presented, c.config.token)) return {Access::Reader, "", "", ""};
        return caller;  // a wrong bearer token is not rescued by a cookie
    }
    const std::string id = cookie_value(req.get_header_value("Cookie"), kSessionCookie);
    if (id.size() != 64 || !c.records) return caller;
    StudioSession s;
    bool found = false;
    std::string error;
    const std::string id_hash = sha256_hex(id);
    if (!c.records->get_session(id_hash, now_ms(), &s, &found, &error) || !found) return caller;
    return {Access::Editor, s.author, s.csrf, id_hash};
}

bool require_reader(Collector& c, const http::Request& req, http::Response& res, Caller* caller) {
    *caller = identify(c, req);
    if (caller->access != Access::None) return true;
    unauthorized(c, res);
    return false;
}

bool require_editor(Collector& c, const http::Request& req, http::Response& res, Caller* caller) {
    *caller = identify(c, req);
    if (caller->access == Access::None) {
        unauthorized(c, res);
        return false;
    }
    if (caller->access == Access::Reader) {
        send_error(res, 403, "", "the read token cannot change surveys: use an editor credential (--editor-token)");
        return false;
    }
    if (!caller->session.empty()) {  // a cookie: prove the request was made by the Studio page itself
        if (!same_origin(req)) {
            send_error(res, 403, "", "cross-site request refused: Studio writes must come from the collector's own origin");
            return false;
        }
        if (!same_secret(req.get_header_value("X-CSRF-Token"), caller->csrf)) {
            send_error(res, 403, "", "missing or wrong X-CSRF-Token header (it is returned at sign-in)");
            return false;
        }
    }
    if (!req.body.empty() && !is_json(req)) {
        send_error(res, 415, "", "the body must be application/json");
        return false;
    }
    return true;
}

// [SECTION] Session routes ---------------------------------------------------------------------

void install_studio_session_routes(http::Server& server, Collector& c) {
    server.Post("/v1/studio/session", [&c](const http::Request& req, http::Response& res) {
        // Password guessing costs the same token bucket as any other request from the address.
        if (const int wait_s = c.limiter.acquire(req.remote_addr)) {
            res.set_header("Retry-After", std::to_string(wait_s));
            return send_error(res, 429, "", "too many requests from this client: retry after " + std::to_string(wait_s) + " s");
        }
        if (!same_origin(req)) return send_error(res, 403, "", "cross-site sign-in refused");
        if (!is_json(req)) return send_error(res, 415, "", "the body must be application/json: {\"token\": \"...\"}");
        const nlohmann::json body = nlohmann::json::parse(req.body, nullptr, false);
        if (body.is_discarded() || !body.is_object() || !body.contains("token") || !body["token"].is_string())
            return send_error(res, 400, "/token", "expected {\"token\": \"...\"}");
        const std::string presented = body["token"].get<std::string>();
        const EditorCredential* editor = nullptr;
        for (const EditorCredential& e : c.config.editors) {
            if (same_secret(presented, e.token)) editor = &e;
        }
        if (!editor) {
            if (same_secret(presented, c.config.token))
                return send_error(res, 403, "/token", "the read token cannot sign in to Studio: use an editor credential");
            res.set_header("WWW-Authenticate", "Bearer realm=\"touchpoint studio\"");
            return send_error(res, 401, "/token", "wrong token");
        }
        const std::string id = random_hex(32);
        const StudioSession s{sha256_hex(id), random_hex(32), editor->author, now_ms() + kSessionSeconds * 1000};
        std::string error;
        if (!c.records || !c.records->put_session(s, &error)) return send_error(res, 503, "", "the session could not be stored; retry later");
        res.set_header("Set-Cookie", std::string(kSessionCookie) + "=" + id + "; HttpOnly; SameSite=Strict; Path=/; Max-Age=" +
                                         std::to_string(kSessionSeconds));
        res.set_content(nlohmann::json{{"author", s.author}, {"csrf", s.csrf}, {"expires", s.expires_ms}}.dump(), "application/json");
    });

    // The page reloads: the cookie still names a session; the page gets the CSRF token again.
    server.Get("/v1/studio/session", [&c](const http::Request& req, http::Response& res) {
        Caller caller;
        if (!require_reader(c, req, res, &caller)) return;
        res.set_content(nlohmann::json{{"author", caller.author},
                                       {"csrf", caller.csrf},
                                       {"access", caller.access == Access::Editor ? "editor" : "reader"}}
                            .dump(),
                        "application/json");
    });

    server.Delete("/v1/studio/session", [&c](const http::Request& req, http::Response& res) {
        Caller caller;
        if (!require_editor(c, req, res, &caller)) return;
        std::string error;
        if (!caller.session.empty() && !c.records->delete_session(caller.session, &error))
            return send_error(res, 503, "", "the session could not be ended; retry later");
        res.set_header("Set-Cookie", std::string(kSessionCookie) + "=; HttpOnly; SameSite=Strict; Path=/; Max-Age=0");
        res.status = 204;
    });
}

}  // namespace touchpoint::collector
