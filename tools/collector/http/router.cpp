// Routing of a complete request: pre-routing handler, static files, routes, error handler
// (see server.hpp for the order). Runs on a handler thread; the event loop is in server.cpp.
#include <sys/stat.h>

#include <fstream>
#include <sstream>

#include "collector/http/server.hpp"

namespace touchpoint::http {
namespace {

bool is_folder(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool is_regular_file(const std::string& path) {
    struct stat st {};
    return stat(path.c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

// A path below a mount point may name files only inside its folder: no "..", no NUL.
bool safe_sub_path(const std::string& sub) {
    if (sub.find('\0') != std::string::npos || sub.find('\\') != std::string::npos) return false;
    std::size_t start = 0;
    while (start <= sub.size()) {
        std::size_t slash = sub.find('/', start);
        if (slash == std::string::npos) slash = sub.size();
        if (sub.compare(start, slash - start, "..") == 0 && slash - start == 2) return false;
        start = slash + 1;
    }
    return true;
}

// Types the browser needs right for the files the demo serves; set_file_extension_and_mimetype_mapping adds or overrides.
const char* default_mime(const std::string& ext) {
    static const std::pair<const char*, const char*> types[] = {
        {"html", "text/html"}, {"htm", "text/html"}, {"css", "text/css"}, {"js", "text/javascript"},
        {"mjs", "text/javascript"}, {"json", "application/json"}, {"wasm", "application/wasm"},
        {"svg", "image/svg+xml"}, {"png", "image/png"}, {"jpg", "image/jpeg"}, {"jpeg", "image/jpeg"},
        {"gif", "image/gif"}, {"ico", "image/x-icon"}, {"webp", "image/webp"}, {"woff", "font/woff"},
        {"woff2", "font/woff2"}, {"txt", "text/plain"}, {"csv", "text/csv"}, {"map", "application/json"}};
    for (const auto& [e, mime] : types)
        if (ext == e) return mime;
    return "application/octet-stream";
}

// A pattern without regex syntax (most routes: "/v1/responses") is compared as a string: std::regex
// costs microseconds per match, on every request.
bool has_regex_syntax(const std::string& pattern) { return pattern.find_first_of(".[]{}()\\*+?^$|") != std::string::npos; }

}  // namespace

Server& Server::add_route(const char* method, const std::string& pattern, Handler handler, Runs runs) {
    Route route;
    route.method = method;
    route.pattern = std::regex(pattern);
    route.is_literal = !has_regex_syntax(pattern);
    if (route.is_literal) route.literal = pattern;
    route.handler = std::move(handler);
    route.runs = runs;
    routes_.push_back(std::move(route));
    return *this;
}

bool Server::Route::matches(Request& req) const {
    if (is_literal) return req.path == literal;  // req.matches stays empty: such a pattern has no groups
    return std::regex_match(req.path, req.matches, pattern);
}

bool Server::runs_on_event_loop(const Request& req) const {
    const std::string method = req.method == "HEAD" ? "GET" : req.method;
    if (method == "GET") return false;  // static files come first, and they are read from disk
    for (const Route& route : routes_) {
        if (route.method != method) continue;
        if (route.is_literal ? req.path == route.literal : std::regex_match(req.path, route.pattern))
            return route.runs == Runs::OnEventLoop;
    }
    return false;
}

Server& Server::Get(const std::string& pattern, Handler handler) { return add_route("GET", pattern, std::move(handler)); }
Server& Server::Post(const std::string& pattern, Handler handler, Runs runs) { return add_route("POST", pattern, std::move(handler), runs); }
Server& Server::Put(const std::string& pattern, Handler handler) { return add_route("PUT", pattern, std::move(handler)); }
Server& Server::Delete(const std::string& pattern, Handler handler) { return add_route("DELETE", pattern, std::move(handler)); }
Server& Server::Options(const std::string& pattern, Handler handler) { return add_route("OPTIONS", pattern, std::move(handler)); }
Server& Server::Patch(const std::string& pattern, Handler handler) { return add_route("PATCH", pattern, std::move(handler)); }

Server& Server::set_pre_routing_handler(HandlerWithResponse handler) {
    pre_routing_ = std::move(handler);
    return *this;
}

Server& Server::set_error_handler(HandlerWithResponse handler) {
    error_handler_ = std::move(handler);
    return *this;
}

Server& Server::set_error_handler(Handler handler) {
    error_handler_ = [h = std::move(handler)](const Request& req, Response& res) {
        h(req, res);
        return HandlerResponse::Handled;
    };
    return *this;
}

bool Server::set_mount_point(const std::string& mount_point, const std::string& dir, Headers headers) {
    if (!is_folder(dir)) return false;
    mounts_.push_back({mount_point, dir, std::move(headers)});
    return true;
}

Server& Server::set_file_extension_and_mimetype_mapping(const std::string& ext, const std::string& mime) {
    mime_types_.emplace_back(ext, mime);
    return *this;
}

bool Server::serve_file(const Request& req, Response& res) const {
    for (const Mount& m : mounts_) {
        if (req.path.compare(0, m.mount_point.size(), m.mount_point) != 0) continue;
        std::string sub = "/" + req.path.substr(m.mount_point.size());
        if (!safe_sub_path(sub)) continue;
        std::string file = m.dir + sub;
        if (file.back() == '/') file += "index.html";
        if (!is_regular_file(file)) continue;
        std::ifstream in(file, std::ios::binary);
        if (!in) continue;
        std::ostringstream content;
        content << in.rdbuf();
        const std::size_t dot = file.rfind('.');
        const std::string ext = dot == std::string::npos || file.find('/', dot) != std::string::npos ? "" : file.substr(dot + 1);
        std::string mime = default_mime(ext);
        for (const auto& [e, type] : mime_types_)
            if (e == ext) mime = type;
        for (const auto& [key, value] : m.headers) res.set_header(key, value);
        res.set_content(content.str(), mime);
        return true;
    }
    return false;
}

void Server::apply_error_handler(const Request& req, Response& res) const {
    if (res.status >= 400 && error_handler_) error_handler_(req, res);
}

void Server::finish(const Request& req, Response& res) const {
    if (res.status == -1) res.status = 200;
    apply_error_handler(req, res);
}

void Server::handle(Request& req, Response& res) const {
    try {
        if (pre_routing_ && pre_routing_(req, res) == HandlerResponse::Handled) {
            if (res.status == -1) res.status = 200;
            return apply_error_handler(req, res);
        }
        if (res.status == 413) return apply_error_handler(req, res);  // set by the event loop: body over max_body
        const bool head = req.method == "HEAD";
        if ((req.method == "GET" || head) && serve_file(req, res)) {
            res.status = 200;
            return;
        }
        const std::string method = head ? "GET" : req.method;
        bool known_method = false;
        for (const Route& route : routes_) {
            if (route.method != method) continue;
            known_method = true;
            if (!route.matches(req)) continue;
            route.handler(req, res);
            if (res.deferred()) return;  // answered later, by finish(): `res` is no longer ours
            return finish(req, res);
        }
        const bool standard = method == "GET" || method == "POST" || method == "PUT" || method == "DELETE" ||
                              method == "OPTIONS" || method == "PATCH";
        res.status = known_method || standard ? 404 : 400;
    } catch (...) {  // a route that throws answers 500; the server goes on
        res = Response();
        res.status = 500;
    }
    apply_error_handler(req, res);
}

}  // namespace touchpoint::http
