// Request/Response helpers (see message.hpp).
#include "collector/http/message.hpp"

#include <strings.h>

#include <iterator>

namespace touchpoint::http {
namespace {

std::string nth_value(const Headers& headers, const std::string& key, std::size_t id) {
    const auto range = headers.equal_range(key);
    auto it = range.first;
    for (std::size_t i = 0; i < id && it != range.second; ++i) ++it;
    return it == range.second ? std::string() : it->second;
}

bool has_line_break(const std::string& s) { return s.find_first_of("\r\n") != std::string::npos; }

}  // namespace

bool CaseInsensitiveLess::operator()(const std::string& a, const std::string& b) const {
    return strcasecmp(a.c_str(), b.c_str()) < 0;
}

bool Request::has_header(const std::string& key) const { return headers.count(key) > 0; }
std::string Request::get_header_value(const std::string& key, std::size_t id) const { return nth_value(headers, key, id); }
bool Request::has_param(const std::string& key) const { return params.count(key) > 0; }

std::string Request::get_param_value(const std::string& key, std::size_t id) const {
    const auto range = params.equal_range(key);
    auto it = range.first;
    for (std::size_t i = 0; i < id && it != range.second; ++i) ++it;
    return it == range.second ? std::string() : it->second;
}

bool Response::has_header(const std::string& key) const { return headers.count(key) > 0; }
std::string Response::get_header_value(const std::string& key, std::size_t id) const { return nth_value(headers, key, id); }

void Response::set_header(const std::string& key, const std::string& value) {
    if (has_line_break(key) || has_line_break(value)) return;  // no header injection
    headers.emplace(key, value);
}

void Response::set_content(const std::string& content, const std::string& content_type) {
    set_content(content.data(), content.size(), content_type);
}

void Response::set_content(const char* data, std::size_t size, const std::string& content_type) {
    body.assign(data, size);
    headers.erase("Content-Type");
    set_header("Content-Type", content_type);
    content_provider = nullptr;
}

void Response::set_chunked_content_provider(const std::string& content_type, ContentProviderWithoutLength provider,
                                            ContentProviderResourceReleaser releaser) {
    headers.erase("Content-Type");
    set_header("Content-Type", content_type);
    body.clear();
    content_provider = std::move(provider);
    content_provider_releaser = std::move(releaser);
}

Response::Finish Response::defer() {
    deferred_ = true;
    return finish_;
}

}  // namespace touchpoint::http
