// The event-driven side of the HTTP server (see server.hpp): libmicrohttpd reads and writes all
// connections on `io_threads` epoll loops; a complete request is handed to a handler thread while
// its connection is suspended, and resumed with the answer.
//
// [SECTION] Handler threads
// [SECTION] Deadlines: connections that do not finish their request in time are cut
// [SECTION] libmicrohttpd callbacks
// [SECTION] Listening and stopping
#include "collector/http/server.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <microhttpd.h>
#include <netdb.h>
#include <netinet/in.h>
#include <strings.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstring>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <unordered_set>

namespace touchpoint::http {
namespace {

using Clock = std::chrono::steady_clock;

// [SECTION] Handler threads --------------------------------------------------------------------

// A fixed pool: routes may block (a group commit, a long poll), the event loop never does.
class HandlerPool {
public:
    explicit HandlerPool(std::size_t threads) {
        for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
    }
    ~HandlerPool() {  // runs every task already posted, then joins
        {
            std::lock_guard<std::mutex> lock(mutex_);
            stopping_ = true;
        }
        ready_.notify_all();
        for (std::thread& t : threads_) t.join();
    }
    void post(std::function<void()> task) {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            tasks_.push_back(std::move(task));
        }
        ready_.notify_one();
    }

private:
    void run() {
        for (;;) {
            std::function<void()> task;
            {
                std::unique_lock<std::mutex> lock(mutex_);
                ready_.wait(lock, [this] { return stopping_ || !tasks_.empty(); });
                if (tasks_.empty()) return;
                task = std::move(tasks_.front());
                tasks_.pop_front();
            }
            task();
        }
    }
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> tasks_;
    bool stopping_ = false;
    std::vector<std::thread> threads_;
};

// One open connection, known from accept to close.
struct Connection {
    int fd = -1;
    Clock::time_point deadline;  // meaningful while `armed`
    bool armed = true;           // false while a request is handled or its answer written
    bool cut = false;
};

// One request on a connection, from its complete head to its answer's last byte.
struct Exchange {
    Request req;
    Response res;
    bool too_large = false;
    bool dispatched = false;
    std::atomic<bool> answered{false};
    // An answer may come from another thread (a handler, or whoever finishes a deferred answer)
    // before or after the event loop suspended the connection: `mu` orders the two.
    std::mutex mu;
    bool suspended = false;
};

// A chunked body produced by the route's content provider, pulled by libmicrohttpd as the client
// reads. The provider reads the database (an export's page of 2,000 rows), so it runs on a
// handler thread, never on the event loop: while a page is produced the connection is suspended
// (Loop::read_stream) and every other connection on that event-loop thread carries on.
struct Stream {
    ContentProviderWithoutLength provider;
    ContentProviderResourceReleaser releaser;
    MHD_Connection* connection = nullptr;
    std::function<bool(std::function<void()>)> post;  // to a handler thread; false when stopping
    std::string pending;  // written only while `producing` (the connection suspended), read after
    std::size_t pos = 0;
    std::size_t offset = 0;
    bool done = false;
    bool failed = false;
    // Set by the event loop before handing the stream to a handler thread; cleared by that thread
    // (release) after the page is in `pending`, so the event loop (acquire) sees the page.
    std::atomic<bool> producing{false};

    // One call of the provider: appends its bytes to `pending`.
    void produce() {
        DataSink sink;
        sink.write = [this](const char* data, std::size_t size) {
            pending.append(data, size);
            return true;
        };
        sink.done = [this] { done = true; };
        sink.is_writable = [] { return true; };
        if (!provider(offset, sink)) failed = true;
    }
};

void free_stream(void* cls) {
    Stream* s = static_cast<Stream*>(cls);
    if (s->releaser) s->releaser(s->done && !s->failed);
    delete s;
}

std::string numeric_address(const sockaddr* addr, int* port) {
    char text[INET6_ADDRSTRLEN] = "";
    if (addr && addr->sa_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(addr);
        inet_ntop(AF_INET, &in->sin_addr, text, sizeof text);
        *port = ntohs(in->sin_port);
    } else if (addr && addr->sa_family == AF_INET6) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(addr);
        inet_ntop(AF_INET6, &in6->sin6_addr, text, sizeof text);
        *port = ntohs(in6->sin6_port);
    }
    return text;
}

}  // namespace

class Server::Loop {
public:
    explicit Loop(Server& server)
        : server_(server), limits_(server.limits_), handlers_(std::make_unique<HandlerPool>(server.limits_.handler_threads)) {}

    bool start(int listen_fd) {
        const unsigned io_threads = limits_.io_threads < 1 ? 1 : limits_.io_threads;
        // The inactivity timeout bounds any pause in a connection's traffic (and idle keep-alive);
        // the sweeper below bounds the total time to send a request, which trickling bytes cannot reset.
        daemon_ = MHD_start_daemon(
            MHD_USE_EPOLL_INTERNAL_THREAD | MHD_ALLOW_SUSPEND_RESUME, 0, nullptr, nullptr, &Loop::on_request, this,
            MHD_OPTION_LISTEN_SOCKET, static_cast<MHD_socket>(listen_fd), MHD_OPTION_THREAD_POOL_SIZE, io_threads,
            MHD_OPTION_CONNECTION_TIMEOUT, limits_.header_timeout_s, MHD_OPTION_CONNECTION_LIMIT, limits_.max_connections,
            MHD_OPTION_PER_IP_CONNECTION_LIMIT, limits_.max_connections_per_client, MHD_OPTION_NOTIFY_COMPLETED,
            &Loop::on_completed, this, MHD_OPTION_NOTIFY_CONNECTION, &Loop::on_connection, this, MHD_OPTION_END);
        if (!daemon_) return false;
        sweeper_ = std::thread([this] { sweep(); });
        return true;
    }

    // Stops accepting (the listening socket is closed: new clients are refused at once), waits
    // up to `grace` for requests in flight, finishes the handlers, then closes every connection.
    void stop(std::chrono::milliseconds grace) {
        const MHD_socket fd = MHD_quiesce_daemon(daemon_);
        if (fd != MHD_INVALID_SOCKET) close(fd);
        const auto until = Clock::now() + grace;
        while (in_flight_.load() > 0 && Clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(10));
        {
            std::lock_guard<std::mutex> lock(mutex_);
            sweeping_ = false;
        }
        sweep_wake_.notify_all();
        sweeper_.join();
        std::unique_ptr<HandlerPool> pool;
        {
            std::lock_guard<std::mutex> lock(pool_mutex_);
            pool = std::move(handlers_);
        }
        pool.reset();  // every posted request has been answered (and its connection resumed)
        // Deferred answers (a group commit) still to come touch their connection: wait for them.
        while (unanswered_.load() > 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
        MHD_stop_daemon(daemon_);
    }

private:
    // [SECTION] Deadlines: connections that do not finish their request in time are cut ------

    // Looked up each time, never kept: once the connection is closed its context is null.
    static Connection* connection_of(MHD_Connection* mc) {
        const MHD_ConnectionInfo* info = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_SOCKET_CONTEXT);
        return info ? static_cast<Connection*>(info->socket_context) : nullptr;
    }

    void arm(Connection* c, unsigned seconds) {
        std::lock_guard<std::mutex> lock(mutex_);
        c->deadline = Clock::now() + std::chrono::seconds(seconds);
        c->armed = true;
    }
    void disarm(Connection* c) {
        std::lock_guard<std::mutex> lock(mutex_);
        c->armed = false;
    }

    // Several times a second: a connection past its deadline is shut down; libmicrohttpd sees the
    // socket end and closes it (the fd stays valid until on_connection(CLOSED) removes it here).
    void sweep() {
        std::unique_lock<std::mutex> lock(mutex_);
        while (sweeping_) {
            const auto now = Clock::now();
            for (Connection* c : connections_) {
                if (c->armed && !c->cut && now > c->deadline) {
                    shutdown(c->fd, SHUT_RDWR);
                    c->cut = true;
                }
            }
            sweep_wake_.wait_for(lock, std::chrono::milliseconds(200));
        }
    }

    // [SECTION] libmicrohttpd callbacks ----------------------------------------------------------

    static void on_connection(void* cls, MHD_Connection* mc, void** socket_context, MHD_ConnectionNotificationCode code) {
        Loop& loop = *static_cast<Loop*>(cls);
        if (code == MHD_CONNECTION_NOTIFY_STARTED) {
            auto* c = new Connection;
            const MHD_ConnectionInfo* info = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CONNECTION_FD);
            c->fd = info ? info->connect_fd : -1;
            c->deadline = Clock::now() + std::chrono::seconds(loop.limits_.header_timeout_s);
            std::lock_guard<std::mutex> lock(loop.mutex_);
            loop.connections_.insert(c);
            *socket_context = c;
        } else if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
            auto* c = static_cast<Connection*>(*socket_context);
            if (!c) return;
            std::lock_guard<std::mutex> lock(loop.mutex_);
            loop.connections_.erase(c);
            delete c;
            *socket_context = nullptr;
        }
    }

    static MHD_Result on_request(void* cls, MHD_Connection* mc, const char* url, const char* method, const char*,
                                 const char* upload_data, size_t* upload_data_size, void** con_cls) {
        Loop& loop = *static_cast<Loop*>(cls);
        auto* ex = static_cast<Exchange*>(*con_cls);
        if (!ex) return loop.begin(mc, url, method, con_cls);
        if (*upload_data_size > 0) {  // a piece of the body
            if (!ex->too_large) {
                if (ex->req.body.size() + *upload_data_size > loop.limits_.max_body) {
                    ex->too_large = true;  // read on and dropped, so the client can read the 413
                    std::string().swap(ex->req.body);
                } else {
                    ex->req.body.append(upload_data, *upload_data_size);
                }
            }
            *upload_data_size = 0;
            return MHD_YES;
        }
        if (!ex->dispatched) return loop.dispatch(mc, ex);
        if (!ex->answered.load()) return MHD_YES;  // not expected: resumed only once answered
        return loop.answer(mc, *ex);
    }

    // The request head is complete: the body must now arrive within body_timeout_s.
    MHD_Result begin(MHD_Connection* mc, const char* url, const char* method, void** con_cls) {
        auto* ex = new Exchange;
        *con_cls = ex;
        ++in_flight_;
        if (Connection* c = connection_of(mc)) arm(c, limits_.body_timeout_s);
        Request& req = ex->req;
        req.method = method;
        req.path = url;
        MHD_get_connection_values(mc, MHD_HEADER_KIND, [](void* h, MHD_ValueKind, const char* key, const char* value) {
            static_cast<Headers*>(h)->emplace(key, value ? value : "");
            return MHD_YES;
        }, &req.headers);
        MHD_get_connection_values(mc, MHD_GET_ARGUMENT_KIND, [](void* p, MHD_ValueKind, const char* key, const char* value) {
            static_cast<Params*>(p)->emplace(key, value ? value : "");
            return MHD_YES;
        }, &req.params);
        const MHD_ConnectionInfo* addr = MHD_get_connection_info(mc, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
        req.remote_addr = numeric_address(addr ? addr->client_addr : nullptr, &req.remote_port);
        // A declared length over the limit is known now; the body is still read (and dropped).
        const std::string length = req.get_header_value("Content-Length");
        if (!length.empty() && std::strtoull(length.c_str(), nullptr, 10) > limits_.max_body) ex->too_large = true;
        return MHD_YES;
    }

    // The body is complete: the route runs on a handler thread while the connection sleeps, or,
    // for a Runs::OnEventLoop route and a small body, here (see server.hpp).
    MHD_Result dispatch(MHD_Connection* mc, Exchange* ex) {
        ex->dispatched = true;
        if (ex->too_large) ex->res.status = 413;
        if (Connection* c = connection_of(mc)) disarm(c);
        Server::set_finish(ex->res, [this, mc, ex] {
            server_.finish(ex->req, ex->res);
            complete(mc, ex);
        });
        const bool here = !ex->too_large && ex->req.body.size() <= limits_.event_loop_body_max && server_.runs_on_event_loop(ex->req);
        {
            std::lock_guard<std::mutex> lock(pool_mutex_);
            if (!handlers_) {  // stopping: too late to start a route
                ex->res.status = 503;
                ex->res.set_header("Retry-After", "1");
                ex->answered = true;
                return answer(mc, *ex);
            }
            ++unanswered_;
            if (!here) {
                MHD_suspend_connection(mc);
                ex->suspended = true;
                handlers_->post([this, mc, ex] {
                    server_.handle(ex->req, ex->res);
                    if (!ex->res.deferred()) complete(mc, ex);
                });
                return MHD_YES;
            }
        }
        server_.handle(ex->req, ex->res);
        if (!ex->res.deferred()) {
            ex->answered = true;
            --unanswered_;
            return answer(mc, *ex);
        }
        std::lock_guard<std::mutex> lock(ex->mu);
        if (ex->answered) return answer(mc, *ex);  // finished already, on another thread
        MHD_suspend_connection(mc);
        ex->suspended = true;
        return MHD_YES;
    }

    // The answer is ready (any thread): the event loop sends it, now if the connection sleeps,
    // else as soon as dispatch() sees `answered`. `ex` may be gone once the connection resumed.
    void complete(MHD_Connection* mc, Exchange* ex) {
        bool resume = false;
        {
            std::lock_guard<std::mutex> lock(ex->mu);
            ex->answered = true;
            resume = ex->suspended;
        }
        if (resume) MHD_resume_connection(mc);
        --unanswered_;
    }

    // Runs `task` on a handler thread; false once stop() has taken the pool away.
    bool post(std::function<void()> task) {
        std::lock_guard<std::mutex> lock(pool_mutex_);
        if (!handlers_) return false;
        handlers_->post(std::move(task));
        return true;
    }

    // libmicrohttpd asks for the next bytes of a streamed body. With none ready, the next page is
    // produced on a handler thread while the connection is suspended (returning 0 without
    // suspending would make the event loop spin); the handler resumes it when the page is there.
    static ssize_t read_stream(void* cls, uint64_t, char* buf, size_t max) {
        Stream& s = *static_cast<Stream*>(cls);
        if (s.producing.load(std::memory_order_acquire)) return 0;  // not expected: resumed only once the page is there
        if (s.pos == s.pending.size()) {
            s.pending.clear();
            s.pos = 0;
            if (s.failed) return MHD_CONTENT_READER_END_WITH_ERROR;  // the client sees a cut-off body
            if (s.done) return MHD_CONTENT_READER_END_OF_STREAM;
            s.producing.store(true, std::memory_order_relaxed);
            MHD_suspend_connection(s.connection);
            Stream* stream = &s;
            auto next_page = [stream] {
                stream->produce();
                stream->producing.store(false, std::memory_order_release);
                MHD_resume_connection(stream->connection);  // publishes the page to the event loop
            };
            if (!s.post(next_page)) next_page();  // stopping: the handlers are gone, produce it here
            return 0;
        }
        const std::size_t n = std::min(max, s.pending.size() - s.pos);
        std::memcpy(buf, s.pending.data() + s.pos, n);
        s.pos += n;
        s.offset += n;
        return static_cast<ssize_t>(n);
    }

    MHD_Result answer(MHD_Connection* mc, Exchange& ex) {
        Response& res = ex.res;
        MHD_Response* response = nullptr;
        if (res.content_provider) {
            auto* s = new Stream;
            s->provider = std::move(res.content_provider);
            s->releaser = std::move(res.content_provider_releaser);
            s->connection = mc;
            s->post = [this](std::function<void()> task) { return post(std::move(task)); };
            response = MHD_create_response_from_callback(MHD_SIZE_UNKNOWN, 16 * 1024, &Loop::read_stream, s, &free_stream);
        } else {
            response = MHD_create_response_from_buffer(res.body.size(), res.body.data(), MHD_RESPMEM_MUST_COPY);
        }
        if (!response) return MHD_NO;
        for (const auto& [key, value] : res.headers) {
            if (strcasecmp(key.c_str(), "Content-Length") == 0) continue;  // libmicrohttpd's own
            MHD_add_response_header(response, key.c_str(), value.c_str());
        }
        // A refused body was not read to its end on purpose only when it was too large: close then.
        if (ex.too_large) MHD_add_response_header(response, "Connection", "close");
        const MHD_Result queued = MHD_queue_response(mc, static_cast<unsigned>(res.status), response);
        MHD_destroy_response(response);
        return queued;
    }

    static void on_completed(void* cls, MHD_Connection* mc, void** con_cls, MHD_RequestTerminationCode) {
        Loop& loop = *static_cast<Loop*>(cls);
        auto* ex = static_cast<Exchange*>(*con_cls);
        if (!ex) return;
        if (Connection* c = connection_of(mc)) loop.arm(c, loop.limits_.header_timeout_s);  // keep-alive: the next head, in time
        delete ex;
        *con_cls = nullptr;
        --loop.in_flight_;
    }

    Server& server_;
    const ServerLimits limits_;
    std::mutex pool_mutex_;  // guards handlers_, which stop() takes away
    std::unique_ptr<HandlerPool> handlers_;
    MHD_Daemon* daemon_ = nullptr;
    std::mutex mutex_;  // guards connections_ and each Connection's deadline fields
    std::unordered_set<Connection*> connections_;
    bool sweeping_ = true;
    std::condition_variable sweep_wake_;
    std::thread sweeper_;
    std::atomic<int> in_flight_{0};
    std::atomic<int> unanswered_{0};  // dispatched requests whose answer is not complete yet
};

// [SECTION] Listening and stopping ---------------------------------------------------------------

Server::Server() = default;

Server::~Server() {
    if (listen_fd_ >= 0) close(listen_fd_);
}

int Server::bind_socket(const std::string& host, int port) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    if (getaddrinfo(host.empty() ? nullptr : host.c_str(), std::to_string(port).c_str(), &hints, &found) != 0) return -1;
    int fd = -1;
    for (addrinfo* ai = found; ai; ai = ai->ai_next) {
        fd = socket(ai->ai_family, ai->ai_socktype | SOCK_NONBLOCK | SOCK_CLOEXEC, ai->ai_protocol);
        if (fd < 0) continue;
        // SO_REUSEADDR only: SO_REUSEPORT would let a second collector silently share the port.
        int yes = 1;
        setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
        if (bind(fd, ai->ai_addr, ai->ai_addrlen) == 0 && listen(fd, 1024) == 0) break;
        close(fd);
        fd = -1;
    }
    freeaddrinfo(found);
    if (fd < 0) return -1;
    sockaddr_storage bound{};
    socklen_t len = sizeof bound;
    getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len);
    int bound_port = 0;
    numeric_address(reinterpret_cast<sockaddr*>(&bound), &bound_port);
    if (listen_fd_ >= 0) close(listen_fd_);
    listen_fd_ = fd;
    return bound_port;
}

bool Server::bind_to_port(const std::string& host, int port) { return bind_socket(host, port) > 0; }
int Server::bind_to_any_port(const std::string& host) { return bind_socket(host, 0); }

bool Server::listen_after_bind() {
    if (listen_fd_ < 0) return false;
    loop_ = std::make_unique<Loop>(*this);
    if (!loop_->start(listen_fd_)) {
        loop_.reset();
        return false;
    }
    listen_fd_ = -1;  // libmicrohttpd's now; handed back and closed by Loop::stop
    running_ = true;
    while (!stop_requested_.load()) std::this_thread::sleep_for(std::chrono::milliseconds(20));
    loop_->stop(std::chrono::seconds(10));
    loop_.reset();
    running_ = false;
    return true;
}

void Server::stop() { stop_requested_ = true; }

}  // namespace touchpoint::http
