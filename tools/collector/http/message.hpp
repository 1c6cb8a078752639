// One HTTP exchange as the collector's routes see it: the Request (method, decoded path, headers,
// query parameters, body, client address) and the Response they fill (status, headers, a body
// or a chunked content provider). The names and behaviour mirror the subset of cpp-httplib the
// routes used before, so a route written against httplib ports by changing its include and
// namespace. The wire side is server.cpp's (libmicrohttpd).
#pragma once
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <regex>
#include <string>

namespace touchpoint::http {

// Header names compare case-insensitively (RFC 9110 §5.1).
struct CaseInsensitiveLess {
    bool operator()(const std::string& a, const std::string& b) const;
};
using Headers = std::multimap<std::string, std::string, CaseInsensitiveLess>;
using Params = std::multimap<std::string, std::string>;

struct Request {
    std::string method;       // "GET", "POST", ... (HEAD is routed to the GET handlers)
    std::string path;         // percent-decoded, without the query string
    Headers headers;
    Params params;            // query parameters, decoded
    std::string body;         // the whole body (bounded by the server's max_body)
    std::string remote_addr;  // numeric client address ("127.0.0.1", "::1"); never stored
    int remote_port = 0;
    std::smatch matches;      // the route pattern's groups, matched against `path`

    bool has_header(const std::string& key) const;
    std::string get_header_value(const std::string& key, std::size_t id = 0) const;  // "" if absent
    bool has_param(const std::string& key) const;
    std::string get_param_value(const std::string& key, std::size_t id = 0) const;   // "" if absent
};

// Where a chunked content provider writes: write() appends bytes (false once the client is
// gone), done() ends the body. A provider that returns false aborts the response mid-way, so a
// truncated stream never looks complete.
struct DataSink {
    std::function<bool(const char* data, std::size_t size)> write;
    std::function<void()> done;
    std::function<bool()> is_writable;
};
using ContentProviderWithoutLength = std::function<bool(std::size_t offset, DataSink& sink)>;
using ContentProviderResourceReleaser = std::function<void(bool success)>;

struct Response {
    int status = -1;  // -1 until set: 200 after a route, 404 when none matched
    Headers headers;
    std::string body;
    ContentProviderWithoutLength content_provider;  // set by set_chunked_content_provider
    ContentProviderResourceReleaser content_provider_releaser;

    bool has_header(const std::string& key) const;
    std::string get_header_value(const std::string& key, std::size_t id = 0) const;
    void set_header(const std::string& key, const std::string& value);  // adds; CR/LF in either is refused
    void set_content(const std::string& content, const std::string& content_type);  // replaces Content-Type
    void set_content(const char* data, std::size_t size, const std::string& content_type);
    void set_chunked_content_provider(const std::string& content_type, ContentProviderWithoutLength provider,
                                      ContentProviderResourceReleaser releaser = nullptr);

    // Answering later (a route that waits for something, e.g. a group commit, without holding a
    // thread): defer() returns a function that sends this response when called, once, from any
    // thread. The route returns at once; from the moment it hands that function on, neither it
    // nor anyone else but the caller of the function may touch the request or the response.
    using Finish = std::function<void()>;
    Finish defer();
    bool deferred() const { return deferred_; }

private:
    friend class Server;
    bool deferred_ = false;
    Finish finish_;  // set by the server before the route runs
};

}  // namespace touchpoint::http
