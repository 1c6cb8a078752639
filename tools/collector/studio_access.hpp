// Who may use the Studio API (/v1/studio/...), and how a browser signs in.
//
//  - An editor credential (--editor-token, or the config file's "editor-tokens") writes: in
//    `Authorization: Bearer TOKEN` (touchpoint publish, scripts), or exchanged once at sign-in
//    for a session cookie (the Studio app).
//  - The read token (--token) reads the Studio API but never writes (403).
//  - Nothing → 401 on every Studio route.
//
// The session cookie is a random 256-bit id, HttpOnly (page scripts cannot read it),
// SameSite=Strict (no other site's page makes the browser send it) and Path=/; only its SHA-256
// is stored (records.hpp), with an expiry. Because a cookie rides along on any request the
// browser makes, every state-changing request made with it must also carry the session's CSRF
// token in the X-CSRF-Token header (which a cross-site form or an <img> cannot add), come from
// the collector's own origin (Origin/Sec-Fetch-Site checked when the browser sends them) and be
// JSON (a text/plain or form body is refused before anything is read).
#pragma once
#include <cstddef>
#include <cstdint>
#include <string>

#include "collector/routes.hpp"

namespace touchpoint::collector {

enum class Access { None, Reader, Editor };

struct Caller {
    Access access = Access::None;
    std::string author;       // the editor credential's label
    std::string csrf;         // with a session: its CSRF token
    std::string session;      // with a session: the hash of its id
};

constexpr const char* kSessionCookie = "tp_studio";
constexpr long kSessionSeconds = 8 * 60 * 60;

// Reads the request's credential (bearer token or session cookie). Never sends anything.
Caller identify(Collector& c, const http::Request& req);

// Each returns true to go on; otherwise the answer (401/403/415/503) is already in `res`.
bool require_reader(Collector& c, const http::Request& req, http::Response& res, Caller* caller);
bool require_editor(Collector& c, const http::Request& req, http::Response& res, Caller* caller);

// Constant-time comparison (for a given length) of a presented token with a configured one.
bool same_secret(const std::string& presented, const std::string& expected);
// n random bytes as lowercase hex, from the kernel's CSPRNG.
std::string random_hex(std::size_t bytes);

// POST /v1/studio/session (sign in), GET (who am I), DELETE (sign out).
void install_studio_session_routes(http::Server& server, Collector& c);

}  // namespace touchpoint::collector
