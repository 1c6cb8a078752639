// The redactor: one left-to-right pass over a folded ASCII view of the text.
//
// [SECTION] Folding  — full-width forms U+FF01..FF5E become ASCII (１３８ -> 138, ＠ -> @), U+3000
//   and U+00A0 become spaces, every other non-ASCII code point becomes kOther (a boundary, like
//   punctuation), so "我的手机是13812345678请回电" scans exactly like "x 13812345678 x".
// [SECTION] Candidates — tried only at a word start (previous char not [A-Za-z0-9_]); a digit
//   after ".-/,:" that follows a digit is not a start, so "2026-11-23" or "10.1.2.3.4" are never
//   re-tried from their middle. Each matcher looks ahead a bounded distance (URLs excepted, see
//   below), so the pass is linear.
//   email       local@domain.tld (local <= 64 chars, >= 2 labels, alphabetic TLD >= 2)
//   secret-url  http(s):// or www. URL whose query or fragment has a non-empty secret parameter
//               (token, key, api_key, password, passwd, secret, session, sid, auth, signature ...)
//   id-number   Chinese resident ID: 17 digits + check char (ISO 7064 MOD 11-2, 'X' = 10),
//               region 11..82, birth date 1900..2099 valid; "6 8 4" spacing accepted
//   card        13..19 digits, contiguous or in 4-groups (Amex 4-6-5 / Diners 4-6-4) separated by
//               one space or dash, Luhn-valid, with a known IIN (Visa, Mastercard, Amex, Diners,
//               JCB, Discover, UnionPay)
//   phone       Chinese mobile 1[3-9]xxxxxxxxx as 11 digits, 3-4-4 or 3-8 with space/dash, with an
//               optional +86 / 0086 / 86 prefix; E.164 "+CC ..." (8..15 digits); North American
//               (NXX) XXX-XXXX, NXX-XXX-XXXX, NXX.XXX.XXXX, 1-NXX-... (N = 2..9); Chinese landlines written
//               with their area code and a separator: 010-12345678, (0755) 1234567
//   iban        country code with its registered length, mod-97 == 1, optionally in 4-groups
//   ip          IPv4 (4 octets <= 255) unless preceded by a version word (v, ver, version, build,
//               release, firmware, fw, rev, 版本, 版本号, 固件); IPv6 with 8 groups, or with "::",
//               at least 2 groups and a digit (so "::1" and hex words like "add::ebb" stay)
// [SECTION] Look-alikes — card, id-number and phone findings preceded by an order-ish word
//   (订单号, 单号, 编号, 流水号, 发票号, 工单, order, invoice, tracking, ticket, ref, sku, awb, and
//   "order no"/"order id") are left alone. Deliberate limits: bare 10-digit North American numbers
//   (5551234567) are not phones (too close to order and account numbers); IPv4 without a version
//   word is an address even when it is a 4-part version ("1.2.3.4").
#include "touchpoint/privacy/redact.hpp"

#include <cstdint>
#include <cstring>
#include <vector>

namespace touchpoint {
namespace {

constexpr char kOther = '\x01';

struct Folded {
    std::string s;                    // the ASCII view
    std::vector<std::uint32_t> off;   // off[k]: byte offset in the original of s[k]; off[size] = size
};

Folded fold(std::string_view t) {
    Folded f;
    f.s.reserve(t.size());
    f.off.reserve(t.size() + 1);
    std::size_t n = t.size();
    for (std::size_t i = 0; i < n;) {
        unsigned char c = static_cast<unsigned char>(t[i]);
        if (c < 0x80) {
            f.s.push_back(char(c));
            f.off.push_back(std::uint32_t(i));
            ++i;
            continue;
        }
        std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
        if (i + len > n) len = 1;
        for (std::size_t k = 1; k < len; ++k)
            if ((static_cast<unsigned char>(t[i + k]) & 0xC0) != 0x80) { len = 1; break; }
        char out = kOther;
        if (len == 3) {
            std::uint32_t cp = (std::uint32_t(c & 0x0F) << 12) | (std::uint32_t(t[i + 1] & 0x3F) << 6) |
                               std::uint32_t(t[i + 2] & 0x3F);
            if (cp >= 0xFF01 && cp <= 0xFF5E) out = char(cp - 0xFF01 + 0x21);
            else if (cp == 0x3000) out = ' ';
        } else if (len == 2 && c == 0xC2 && static_cast<unsigned char>(t[i + 1]) == 0xA0) {
            out = ' ';
        }
        f.s.push_back(out);
        f.off.push_back(std::uint32_t(i));
        i += len;
    }
    f.off.push_back(std::uint32_t(n));
    return f;
}

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || is_upper(c); }
inline bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
inline bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
inline char lower(char c) { return is_upper(c) ? char(c + 32) : c; }
inline bool is_email_local(char c) {
    return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

struct Match {
    std::size_t begin, end;  // folded indices
    PiiKind kind;
};

class Scanner {
public:
    Scanner(std::string_view original, const Folded& f) : orig_(original), s_(f.s), off_(f.off), n_(f.s.size()) {}

    std::vector<Match> run();

private:
    char at(std::size_t k) const { return k < n_ ? s_[k] : '\0'; }
    bool starts_with_ci(std::size_t k, std::string_view word) const {
        return k + word.size() <= n_ && iequals(std::string_view(s_).substr(k, word.size()), word);
    }
    // Digits exactly `count` long at k, returns k + count or 0.
    std::size_t digits(std::size_t k, std::size_t count) const {
        for (std::size_t j = 0; j < count; ++j)
            if (!is_digit(at(k + j))) return 0;
        return k + count;
    }
    bool clean_end(std::size_t k) const { return !is_alnum(at(k)) && at(k) != '_'; }
    // Not a word char, and not a separator that continues the number (e.g. "-1234", ".5").
    bool number_end(std::size_t k) const {
        char c = at(k);
        if (is_alnum(c) || c == '_') return false;
        if ((c == '-' || c == '.' || c == '/') && is_digit(at(k + 1))) return false;
        return true;
    }

    std::size_t match_email(std::size_t i) const;
    std::size_t match_url(std::size_t i, bool& secret) const;
    std::size_t match_cn_id(std::size_t i) const;
    std::size_t match_card(std::size_t i) const;
    std::size_t match_cn_mobile(std::size_t i) const;
    std::size_t match_e164(std::size_t i) const;
    std::size_t match_north_american(std::size_t i) const;
    std::size_t match_cn_landline(std::size_t i) const;
    std::size_t match_ipv4(std::size_t i) const;
    std::size_t match_ipv6(std::size_t i) const;
    std::size_t match_iban(std::size_t i) const;

    // The word right before k (skipping spaces and ":#=."), for context rules.
    std::size_t skip_back_punct(std::size_t k) const {
        while (k > 0 && (s_[k - 1] == ' ' || s_[k - 1] == ':' || s_[k - 1] == '#' || s_[k - 1] == '=' ||
                         s_[k - 1] == '.' || s_[k - 1] == '\t'))
            --k;
        return k;
    }
    std::string_view ascii_word_before(std::size_t k, std::size_t& word_start) const {
        std::size_t e = k;
        while (k > 0 && is_alpha(s_[k - 1]) && e - k < 16) --k;
        word_start = k;
        return std::string_view(s_).substr(k, e - k);
    }
    bool original_ends_with(std::size_t folded_k, std::string_view suffix) const {
        std::size_t e = off_[folded_k];
        return e >= suffix.size() && orig_.substr(e - suffix.size(), suffix.size()) == suffix;
    }
    bool version_context(std::size_t i) const;
    bool order_context(std::size_t i) const;

    std::string_view orig_;
    const std::string& s_;
    const std::vector<std::uint32_t>& off_;
    std::size_t n_;
};

// ---------------------------------------------------------------------------------------- email
std::size_t Scanner::match_email(std::size_t i) const {
    std::size_t j = i;
    while (j < n_ && j - i <= 64 && is_email_local(s_[j])) ++j;
    if (at(j) != '@' || j == i || j - i > 64 || s_[j - 1] == '.') return 0;
    std::size_t k = j + 1;
    int labels = 0;
    std::size_t last_label = k;
    for (;;) {
        std::size_t start = k;
        while (k < n_ && (is_alnum(s_[k]) || s_[k] == '-') && k - start < 63) ++k;
        if (k == start || s_[start] == '-' || s_[k - 1] == '-') return 0;
        ++labels;
        last_label = start;
        if (k - j > 254) return 0;
        if (at(k) == '.' && is_alnum(at(k + 1))) { ++k; continue; }
        break;
    }
    if (labels < 2 || k - last_label < 2) return 0;
    for (std::size_t t = last_label; t < k; ++t)
        if (!is_alpha(s_[t])) return 0;
    return clean_end(k) ? k : 0;
}

// ------------------------------------------------------------------------------------ secret URL
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

// ---------------------------------------------------------------------------- Chinese ID number
std::size_t Scanner::match_cn_id(std::size_t i) const {
    char id[18];
    std::size_t k = i;
    int count = 0;
    bool spaced = at(i + 6) == ' ';
    while (count < 18) {
        if (spaced && (count == 6 || count == 14)) {
            if (at(k) != ' ') return 0;
            ++k;
        }
        char c = at(k);
        if (is_digit(c) || (count == 17 && (c == 'X' || c == 'x'))) {
            id[count++] = c == 'x' ? 'X' : c;
            ++k;
        } else {
            return 0;
        }
    }
    if (!number_end(k)) return 0;
    if (id[0] < '1' || id[0] > '8') return 0;
    int year = (id[6] - '0') * 1000 + (id[7] - '0') * 100 + (id[8] - '0') * 10 + (id[9] - '0');
    int month = (id[10] - '0') * 10 + (id[11] - '0');
    int day = (id[12] - '0') * 10 + (id[13] - '0');
    if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return 0;
    static const int kDays[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    bool leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    if (day > kDays[month - 1] || (month == 2 && day == 29 && !leap)) return 0;
    static const int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int j = 0; j < 17; ++j) sum += (id[j] - '0') * kWeights[j];
    static const char kCheck[] = "10X98765432";
    return kCheck[sum % 11] == id[17] ? k : 0;
}

// ------------------------------------------------------------------------------- payment card
bool plausible_iin(const char* d, int len) {
    int two = (d[0] - '0') * 10 + (d[1] - '0');
    int four = two * 100 + (d[2] - '0') * 10 + (d[3] - '0');
    int three = four / 10;
    if (d[0] == '4') return len == 13 || len == 16 || len == 19;                   // Visa
    if ((two >= 51 && two <= 55) || (four >= 2221 && four <= 2720)) return len == 16;  // Mastercard
    if (two == 34 || two == 37) return len == 15;                                 // Amex
    if (two == 36 || two == 38 || two == 39 || (three >= 300 && three <= 305)) return len >= 14 && len <= 19;  // Diners
    if (four >= 3528 && four <= 3589) return len >= 16 && len <= 19;               // JCB
    if (four == 6011 || two == 65 || (three >= 644 && three <= 649)) return len >= 16 && len <= 19;  // Discover
    if (two == 62) return len >= 16 && len <= 19;                                  // UnionPay
    return false;
}

bool luhn(const char* d, int len) {
    int sum = 0;
    for (int j = 0; j < len; ++j) {
        int v = d[len - 1 - j] - '0';
        if (j % 2 == 1) { v *= 2; if (v > 9) v -= 9; }
        sum += v;
    }
    return sum % 10 == 0;
}

std::size_t Scanner::match_card(std::size_t i) const {
    char d[20];
    int len = 0;
    int groups[8];
    int group_count = 0;
    char sep = 0;
    std::size_t k = i;
    for (;;) {
        int g = 0;
        while (is_digit(at(k))) {
            if (len == 19) return 0;  // too long for a card
            d[len++] = s_[k++];
            ++g;
        }
        if (group_count == 8) return 0;
        groups[group_count++] = g;
        char c = at(k);
        if ((c == ' ' || c == '-') && (sep == 0 || sep == c) && is_digit(at(k + 1))) {
            sep = c;
            ++k;
            continue;
        }
        break;
    }
    if (len < 13 || !number_end(k)) return 0;
    if (group_count > 1) {
        bool fours = true;
        for (int g = 0; g + 1 < group_count; ++g) fours = fours && groups[g] == 4;
        fours = fours && groups[group_count - 1] >= 1 && groups[group_count - 1] <= 4;
        bool amex = group_count == 3 && groups[0] == 4 && groups[1] == 6 && (groups[2] == 5 || groups[2] == 4);
        if (!fours && !amex) return 0;
    }
    return plausible_iin(d, len) && luhn(d, len) ? k : 0;
}

// --------------------------------------------------------------------------------------- phones
std::size_t Scanner::match_cn_mobile(std::size_t i) const {
    std::size_t k = i;
    if (at(k) == '+' && at(k + 1) == '8' && at(k + 2) == '6') {
        k += 3;
        if (at(k) == ' ' || at(k) == '-') ++k;
    } else if (at(k) == '0' && at(k + 1) == '0' && at(k + 2) == '8' && at(k + 3) == '6') {
        k += 4;
        if (at(k) == ' ' || at(k) == '-') ++k;
    } else if (at(k) == '8' && at(k + 1) == '6' && at(k + 2) == '1' && digits(k, 13) && !is_digit(at(k + 13))) {
        k += 2;  // "8613812345678": the country code written without "+"
    }
    if (at(k) != '1' || at(k + 1) < '3' || at(k + 1) > '9' || !is_digit(at(k + 2))) return 0;
    std::size_t e = 0;
    if (std::size_t c = digits(k, 11)) {
        e = c;
    } else if ((at(k + 3) == ' ' || at(k + 3) == '-') && digits(k + 4, 4)) {
        char sep = at(k + 3);
        if (at(k + 8) == sep && digits(k + 9, 4)) e = k + 13;
        else if (digits(k + 4, 8)) e = k + 12;
    }
    return e && number_end(e) ? e : 0;
}

std::size_t Scanner::match_e164(std::size_t i) const {
    if (at(i) != '+' || at(i + 1) < '1' || at(i + 1) > '9') return 0;
    std::size_t k = i + 1, best = 0;
    int count = 0;
    bool in_paren = false;
    for (;;) {
        std::size_t g = k;
        int gd = 0;
        while (is_digit(at(g))) { ++g; ++gd; }
        if (gd == 0 || count + gd > 15) break;
        count += gd;
        k = g;
        if (in_paren && at(k) == ')') { in_paren = false; ++k; }
        if (!in_paren && count >= 8 && number_end(k)) best = k;
        char c = at(k);
        if ((c == ' ' || c == '-' || c == '.') && (is_digit(at(k + 1)) || at(k + 1) == '(')) ++k;
        if (at(k) == '(' && !in_paren && is_digit(at(k + 1))) { in_paren = true; ++k; }
        if (!is_digit(at(k))) break;
    }
    return best;
}

std::size_t Scanner::match_north_american(std::size_t i) const {
    std::size_t k = i;
    if (at(k) == '1' && (at(k + 1) == '-' || at(k + 1) == ' ' || at(k + 1) == '.') &&
        (is_digit(at(k + 2)) || at(k + 2) == '('))
        k += 2;
    std::size_t area, exch;
    char sep;
    if (at(k) == '(') {
        area = k + 1;
        if (!digits(area, 3) || at(k + 4) != ')') return 0;
        k += 5;
        if (at(k) == ' ') ++k;
        exch = k;
        if (!digits(exch, 3)) return 0;
        sep = at(exch + 3);
        if (sep != '-' && sep != '.' && sep != ' ') return 0;
    } else {
        area = k;
        sep = at(k + 3);
        if (!digits(area, 3) || (sep != '-' && sep != '.' && sep != ' ')) return 0;
        exch = k + 4;
        if (!digits(exch, 3) || at(exch + 3) != sep) return 0;
    }
    std::size_t e = digits(exch + 4, 4);
    if (!e || s_[area] < '2' || !number_end(e)) return 0;  // exchange 0/1 allowed: 555-123-4567 is in every form
    return e;
}

std::size_t Scanner::match_cn_landline(std::size_t i) const {
    std::size_t k = i;
    bool paren = at(k) == '(';
    if (paren) ++k;
    if (at(k) != '0') return 0;
    std::size_t area_len = (at(k + 1) == '1' || at(k + 1) == '2') ? 3 : 4;
    if (!digits(k, area_len) || at(k + 1) == '0') return 0;
    k += area_len;
    if (paren) {
        if (at(k) != ')') return 0;
        ++k;
        if (at(k) == ' ' || at(k) == '-') ++k;
    } else {
        if (at(k) != '-' && at(k) != ' ') return 0;
        ++k;
    }
    if (at(k) == '0' || !digits(k, 7)) return 0;
    std::size_t e = digits(k, 8) ? k + 8 : k + 7;
    return number_end(e) ? e : 0;
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
        if (at(k + h) == '.') {  // a dotted IPv4 tail ("::ffff:192.168.1.1") ends an IPv6 address
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

// ----------------------------------------------------------------------------------------- IBAN
int iban_length(char a, char b) {
    static const struct { char code[3]; int len; } kLengths[] = {
        {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22},
        {"BH", 22}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24}, {"DE", 22},
        {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18}, {"FO", 18}, {"FR", 27},
        {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27}, {"GT", 28}, {"HR", 21}, {"HU", 28},
        {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26}, {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20},
        {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20}, {"LU", 20}, {"LV", 21}, {"MC", 27}, {"MD", 24},
        {"ME", 22}, {"MK", 19}, {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NL", 18}, {"NO", 15}, {"PK", 24},
        {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"SA", 24}, {"SC", 31},
        {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"ST", 25}, {"SV", 28}, {"TL", 23}, {"TN", 24},
        {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20}};
    for (const auto& e : kLengths)
        if (e.code[0] == a && e.code[1] == b) return e.len;
    return 0;
}

std::size_t Scanner::match_iban(std::size_t i) const {
    if (!is_upper(at(i)) || !is_upper(at(i + 1)) || !is_digit(at(i + 2)) || !is_digit(at(i + 3))) return 0;
    int len = iban_length(s_[i], s_[i + 1]);
    if (len == 0) return 0;
    char chars[34];
    int count = 0;
    std::size_t k = i;
    while (count < len) {
        char c = at(k);
        if (is_upper(c) || is_digit(c)) {
            chars[count++] = c;
            ++k;
        } else if (c == ' ' && count % 4 == 0 && count > 0 && (is_upper(at(k + 1)) || is_digit(at(k + 1)))) {
            ++k;
        } else {
            return 0;
        }
    }
    if (!clean_end(k)) return 0;
    int rem = 0;
    for (int j = 0; j < len; ++j) {
        char c = chars[(j + 4) % len];
        rem = is_digit(c) ? (rem * 10 + (c - '0')) % 97 : (rem * 100 + (c - 'A' + 10)) % 97;
    }
    return rem == 1 ? k : 0;
}

// ------------------------------------------------------------------------------------- context
bool Scanner::version_context(std::size_t i) const {
    std::size_t k = skip_back_punct(i);
    std::size_t ws;
    std::string_view w = ascii_word_before(k, ws);
    static const char* const kWords[] = {"v", "ver", "version", "build", "release", "firmware", "fw", "rev"};
    for (const char* word : kWords)
        if (iequals(w, word)) return true;
    if (w.empty() && k > 0 && s_[k - 1] == kOther)
        return original_ends_with(k, "版本") || original_ends_with(k, "版本号") || original_ends_with(k, "固件");
    return false;
}

bool Scanner::order_context(std::size_t i) const {
    std::size_t k = skip_back_punct(i);
    std::size_t ws;
    std::string_view w = ascii_word_before(k, ws);
    static const char* const kOrderWords[] = {"order", "orderid", "invoice", "tracking", "ticket", "ref",
                                              "reference", "sku", "awb", "po"};
    auto is_order_word = [&](std::string_view word) {
        for (const char* o : kOrderWords)
            if (iequals(word, o)) return true;
        return false;
    };
    if (is_order_word(w)) return true;
    if (iequals(w, "no") || iequals(w, "id") || iequals(w, "number") || iequals(w, "num")) {
        std::size_t ws2;
        return is_order_word(ascii_word_before(skip_back_punct(ws), ws2));
    }
    if (w.empty() && k > 0 && s_[k - 1] == kOther) {
        static const char* const kZh[] = {"订单号", "订单", "单号", "编号", "流水号", "发票号", "工单号", "工单", "货号"};
        for (const char* z : kZh)
            if (original_ends_with(k, z)) return true;
    }
    return false;
}

// ----------------------------------------------------------------------------------- the pass
std::vector<Match> Scanner::run() {
    std::vector<Match> out;
    std::size_t url_covered = 0;  // non-secret URL scanned up to here: inner "http" starts are skipped
    std::size_t next_at = 0;      // index of the next '@' at or after i (n_ if none)
    bool at_known = false;
    for (std::size_t i = 0; i < n_;) {
        char c = s_[i];
        char prev = i ? s_[i - 1] : ' ';
        if (is_alnum(prev) || prev == '_' ||
            !(is_alnum(c) || c == '+' || c == '(' || c == ':')) {
            ++i;
            continue;
        }
        std::size_t end = 0;
        PiiKind kind = PiiKind::Email;
        if ((c == 'h' || c == 'H' || c == 'w' || c == 'W') && i >= url_covered) {
            bool secret = false;
            std::size_t e = match_url(i, secret);
            if (secret) {
                end = e;
                kind = PiiKind::SecretUrl;
            } else if (e) {
                url_covered = e;
            }
        }
        if (!end && is_alnum(c)) {
            if (!at_known || next_at < i) {
                const void* p = std::memchr(s_.data() + i, '@', n_ - i);
                next_at = p ? std::size_t(static_cast<const char*>(p) - s_.data()) : n_;
                at_known = true;
            }
            if (next_at < n_ && next_at - i <= 64 && (end = match_email(i)) != 0) kind = PiiKind::Email;
        }
        if (!end && (is_digit(c) || c == '+' || c == '(')) {
            bool inside_number = is_digit(c) && i >= 2 &&
                                 (prev == '.' || prev == '-' || prev == '/' || prev == ',' || prev == ':') &&
                                 is_digit(s_[i - 2]);
            if (!inside_number) {
                if ((end = match_cn_id(i))) kind = PiiKind::IdNumber;
                else if ((end = match_card(i))) kind = PiiKind::Card;
                else if ((end = match_cn_mobile(i)) || (end = match_e164(i)) || (end = match_north_american(i)) ||
                         (end = match_cn_landline(i)))
                    kind = PiiKind::Phone;
                if (end && order_context(i)) {
                    // An order/invoice number that happens to validate: keep it, skip its digits.
                    i = end;
                    continue;
                }
                if (!end && is_digit(c) && (end = match_ipv4(i))) kind = PiiKind::Ip;
            }
        }
        if (!end && is_upper(c) && (end = match_iban(i))) kind = PiiKind::Iban;
        if (!end && (is_hex(c) || c == ':') && (end = match_ipv6(i))) kind = PiiKind::Ip;
        if (end) {
            out.push_back(Match{i, end, kind});
            i = end;
        } else {
            ++i;
        }
    }
    return out;
}

}  // namespace

const char* pii_kind_name(PiiKind kind) {
    switch (kind) {
        case PiiKind::Email: return "email";
        case PiiKind::Phone: return "phone";
        case PiiKind::IdNumber: return "id-number";
        case PiiKind::Card: return "card";
        case PiiKind::Iban: return "iban";
        case PiiKind::Ip: return "ip";
        case PiiKind::SecretUrl: return "secret-url";
    }
    return "unknown";
}

const char* pii_kind_placeholder(PiiKind kind) {
    switch (kind) {
        case PiiKind::Email: return "[email]";
        case PiiKind::Phone: return "[phone]";
        case PiiKind::IdNumber: return "[id-number]";
        case PiiKind::Card: return "[card]";
        case PiiKind::Iban: return "[iban]";
        case PiiKind::Ip: return "[ip]";
        case PiiKind::SecretUrl: return "[secret-url]";
    }
    return "[redacted]";
}

RedactResult redact_text(std::string_view text) {
    RedactResult r;
    if (text.size() >= 0xFFFFFFFFu) {  // offsets are 32-bit: refuse to guess, redact everything
        r.text = "[redacted]";
        r.count = 1;
        return r;
    }
    Folded f = fold(text);
    Scanner scanner(text, f);
    std::vector<Match> matches = scanner.run();
    if (matches.empty()) {
        r.text.assign(text.data(), text.size());
        return r;
    }
    r.text.reserve(text.size());
    std::size_t last = 0;
    for (const Match& m : matches) {
        std::size_t b = f.off[m.begin], e = f.off[m.end];
        r.text.append(text.data() + last, b - last);
        r.text += pii_kind_placeholder(m.kind);
        last = e;
        ++r.count;
        ++r.kinds[std::size_t(m.kind)];
    }
    r.text.append(text.data() + last, text.size() - last);
    return r;
}

}  // namespace touchpoint
