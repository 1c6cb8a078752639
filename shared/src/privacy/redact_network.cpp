// Network identifiers and credentials: secret-carrying URLs, IPv4 and IPv6 addresses. Secret URLs
// are removed under every policy, "pii": "allow" included. Rules: see the index in redact.cpp.
#include "redact_scanner.hpp"

namespace touchpoint::redact_detail {

// ------------------------------------------------------------------------------------ secret URL
namespace {

bool secret_parameter(std::string_view key) {
    char buf[40];
    if (key.empty() || key.size() >= sizeof buf) return false;
    for (std::size_t i = 0; i < key.size(); ++i) buf[i] = lower(key[i]);
    std::string_view k(buf, key.size());
    static const char* const kExact[] = {"key", "apikey", "api_key", "api-key", "password", "passwd", "pwd",
                                         "pass", "secret", "sid", "auth", "authorization", "sig", "signature",
                                         "jwt", "credential", "credentials", "x-amz-credential", "otp"};
    for (const char* e : kExact)
        if (k == e) return true;
    static const char* const kContains[] = {"token", "secret", "passw", "session", "signature", "private_key"};
    for (const char* c : kContains)
        if (k.find(c) != std::string_view::npos) return true;
    auto ends = [&](std::string_view suf) { return k.size() >= suf.size() && k.substr(k.size() - suf.size()) == suf; };
    return ends("_key") || ends("-key") || ends("apikey");
}

}  // namespace

std::size_t Scanner::match_url(std::size_t i, bool& secret) const {
    secret = false;
    std::size_t k;
    if (starts_with_ci(i, "https://")) k = i + 8;
    else if (starts_with_ci(i, "http://")) k = i + 7;
    else if (starts_with_ci(i, "www.")) k = i + 4;
    else return 0;
    std::size_t body = k;
    while (k < n_) {
        char c = s_[k];
        if (static_cast<unsigned char>(c) <= 0x20 || c == '"' || c == '<' || c == '>' || c == '`' || c == '\\' ||
            c == '{' || c == '}' || c == '|' || c == '^' || c == 0x7F)
            break;
        ++k;
    }
    while (k > body) {  // sentence punctuation after a URL is not part of it
        char c = s_[k - 1];
        if (c == '.' || c == ',' || c == ';' || c == ':' || c == '!' || c == '?' || c == ')' || c == ']' || c == '\'')
            --k;
        else
            break;
    }
    if (k == body) return 0;
    std::string_view url = std::string_view(s_).substr(body, k - body);
    std::size_t q = url.find_first_of("?#");
    if (q != std::string_view::npos) {
        std::size_t p = q + 1;
        while (p <= url.size()) {
            std::size_t e = url.find_first_of("&;#?", p);
            if (e == std::string_view::npos) e = url.size();
            std::string_view param = url.substr(p, e - p);
            std::size_t eq = param.find('=');
            if (eq != std::string_view::npos && eq + 1 < param.size() && secret_parameter(param.substr(0, eq))) {
                secret = true;
                break;
            }
            p = e + 1;
        }
    }
    return k;
}

// ----------------------------------------------------------------------------------- addresses
std::size_t Scanner::match_ipv4(std::size_t i) const {
    std::size_t k = i;
    for (int part = 0; part < 4; ++part) {
        if (part > 0) {
            if (at(k) != '.') return 0;
            ++k;
        }
        int v = 0, len = 0;
        while (is_digit(at(k)) && len < 4) { v = v * 10 + (s_[k] - '0'); ++k; ++len; }
        if (len == 0 || len > 3 || v > 255) return 0;
    }
    if (!number_end(k) || (at(k) == '.' && is_digit(at(k + 1)))) return 0;
    return version_context(i) ? 0 : k;
}

std::size_t Scanner::match_ipv6(std::size_t i) const {
    std::size_t k = i;
    int groups = 0;
    bool compressed = false, has_digit = false;
    if (at(k) == ':') {
        if (at(k + 1) != ':') return 0;
        compressed = true;
        k += 2;
    }
    for (;;) {
        std::size_t h = 0;
        while (is_hex(at(k + h)) && h < 5) ++h;
        if (h == 0) break;
        if (at(k + h) == '.' && is_digit(at(k + h + 1))) {  // a dotted IPv4 tail ("::ffff:192.168.1.1")
            if (!(compressed || groups == 6)) return 0;
            std::size_t e = match_ipv4(k);
            if (!e) return 0;
            groups += 2;
            has_digit = true;
            k = e;
            break;
        }
        if (h > 4 || is_alnum(at(k + h))) return 0;
        for (std::size_t t = 0; t < h; ++t) has_digit = has_digit || is_digit(at(k + t));
        ++groups;
        k += h;
        if (groups > 8) return 0;
        if (at(k) == ':' && at(k + 1) == ':') {
            if (compressed) return 0;
            compressed = true;
            k += 2;
            continue;
        }
        if (at(k) == ':' && is_hex(at(k + 1))) { ++k; continue; }
        break;
    }
    bool ok = compressed ? (groups >= 2 && groups <= 7 && has_digit) : groups == 8;
    if (!ok || is_alnum(at(k)) || at(k) == ':') return 0;
    return k;
}

}  // namespace touchpoint::redact_detail
