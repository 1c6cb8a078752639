// The collector's HTTP server: libmicrohttpd's event loop (epoll, a small pool of I/O threads)
// reads and writes every connection, so a client that opens many connections and trickles
// bytes costs a socket each, not a thread; complete requests run on a pool of handler threads
// while their connection is suspended (a route may block: group commit, long poll).
//
// Its API mirrors the subset of cpp-httplib's Server the routes use (Get/Post/... with regex
// patterns, pre-routing and error handlers, mount points), so routes port by changing the
// include and the namespace. Limits (ServerLimits) guard against slow and greedy clients.
//
// Order of handling, as in cpp-httplib: pre-routing handler; static files (GET/HEAD under a
// mount point); the first route whose pattern matches the whole path; else 404. The error
// handler then sees every response with status >= 400 (including the server's own 404/413).
#pragma once
#include <atomic>
#include <cstddef>
#include <functional>
#include <memory>
#include <regex>
#include <string>
#include <utility>
#include <vector>

#include "collector/http/message.hpp"

namespace touchpoint::http {

struct ServerLimits {
    std::size_t max_body = 1 << 20;               // bytes; above: 413 (the body is read and dropped)
    unsigned header_timeout_s = 10;               // connection open / previous answer -> request head complete
    unsigned body_timeout_s = 30;                 // request head -> body complete
    unsigned max_connections = 2048;              // open connections in all; more wait in the listen queue
    unsigned max_connections_per_client = 128;    // open connections per client address (0 = no cap); more are refused
    std::size_t handler_threads = 64;             // requests handled at once (a long poll holds one)
    unsigned io_threads = 2;                      // event-loop threads
    std::size_t event_loop_body_max = 64 * 1024;  // Runs::OnEventLoop routes take bodies up to this there
};

class Server {
public:
    enum class HandlerResponse { Handled, Unhandled };
    using Handler = std::function<void(const Request&, Response&)>;
    using HandlerWithResponse = std::function<HandlerResponse(const Request&, Response&)>;
    // Where a route runs. OnHandlerThread (the default): on one of the handler threads, so it may
    // block (database reads, long polls). OnEventLoop: a route that never blocks (it computes, or
    // hands its work on and answers later with Response::defer) runs on the event-loop thread that
    // read the request, sparing two thread hand-offs per request; a body over
    // ServerLimits::event_loop_body_max still goes to a handler thread, so no event loop is held
    // up for long. The pre-routing and error handlers must then never block either.
    enum class Runs { OnHandlerThread, OnEventLoop };

    Server();
    ~Server();
    Server(const Server&) = delete;
    Server& operator=(const Server&) = delete;

    // Routes: `pattern` is a std::regex matched against the whole decoded path (req.matches).
    Server& Get(const std::string& pattern, Handler handler);  // also answers HEAD
    Server& Post(const std::string& pattern, Handler handler, Runs runs = Runs::OnHandlerThread);
    Server& Put(const std::string& pattern, Handler handler);
    Server& Delete(const std::string& pattern, Handler handler);
    Server& Options(const std::string& pattern, Handler handler);
    Server& Patch(const std::string& pattern, Handler handler);

    Server& set_pre_routing_handler(HandlerWithResponse handler);
    Server& set_error_handler(HandlerWithResponse handler);
    Server& set_error_handler(Handler handler);

    // Serves the files under `dir` at `mount_point` ("/dist"), with `headers` on each; false if
    // `dir` is not a folder. A path ending in "/" serves its index.html; ".." is never followed.
    bool set_mount_point(const std::string& mount_point, const std::string& dir, Headers headers = {});
    Server& set_file_extension_and_mimetype_mapping(const std::string& ext, const std::string& mime);

    void set_limits(const ServerLimits& limits) { limits_ = limits; }
    const ServerLimits& limits() const { return limits_; }

    bool bind_to_port(const std::string& host, int port);  // false if the address is taken or invalid
    int bind_to_any_port(const std::string& host);         // the port chosen, or -1
    bool listen_after_bind();                              // serves until stop(); false if it could not start
    bool is_running() const { return running_.load(); }
    void stop();  // stops accepting, lets requests in flight finish, then returns listen_after_bind

    // Routing of one complete request (called by the event loop, on a handler thread or, for a
    // Runs::OnEventLoop route, on the event loop). A route that deferred its answer returns here
    // at once; its Response::Finish runs finish() later.
    void handle(Request& req, Response& res) const;
    // Whether the request's route is a Runs::OnEventLoop one (before handle(); matches the path).
    bool runs_on_event_loop(const Request& req) const;

private:
    struct Route {
        std::string method;
        std::regex pattern;
        std::string literal;  // the pattern when it has no regex syntax: compared as a string, with no groups
        bool is_literal = false;
        Handler handler;
        Runs runs = Runs::OnHandlerThread;
        bool matches(Request& req) const;
    };
    struct Mount {
        std::string mount_point;
        std::string dir;
        Headers headers;
    };
    class Loop;  // the libmicrohttpd side (server.cpp)

    Server& add_route(const char* method, const std::string& pattern, Handler handler, Runs runs = Runs::OnHandlerThread);
    void finish(const Request& req, Response& res) const;  // after a route: the default status, the error handler
    static void set_finish(Response& res, Response::Finish finish) { res.finish_ = std::move(finish); }
    bool serve_file(const Request& req, Response& res) const;
    void apply_error_handler(const Request& req, Response& res) const;
    int bind_socket(const std::string& host, int port);

    std::vector<Route> routes_;
    std::vector<Mount> mounts_;
    std::vector<std::pair<std::string, std::string>> mime_types_;
    HandlerWithResponse pre_routing_;
    HandlerWithResponse error_handler_;
    ServerLimits limits_;
    int listen_fd_ = -1;
    std::atomic<bool> running_{false};
    std::atomic<bool> stop_requested_{false};
    std::unique_ptr<Loop> loop_;
};

}  // namespace touchpoint::http
