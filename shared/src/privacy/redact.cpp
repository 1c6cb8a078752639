// The redactor: one left-to-right pass over a folded ASCII view of the text.
//
// [SECTION] Folding  — full-width forms U+FF01..FF5E become ASCII (１３８ -> 138, ＠ -> @), U+3000
//   and U+00A0 become spaces, every other non-ASCII code point becomes kOther (a boundary, like
//   punctuation), so "我的手机是13812345678请回电" scans exactly like "x 13812345678 x". Matchers that
//   need to know which code point a kOther stands for (internationalized e-mail) decode the original.
// [SECTION] Candidates — tried only at a word start (previous char not [A-Za-z0-9_]); a digit
//   after ".-/,:" that follows a digit is not a start, so "2026-11-23" or "10.1.2.3.4" are never
//   re-tried from their middle, and an IPv6-like run ("2001::db8::1") or IBAN-like run ("BE36 5390
//   0754 7034 1234") that failed as a whole is never re-tried from its middle either (it stays
//   whole rather than half-redacted).
//   email       local@domain (local <= 64 chars; >= 2 labels; the top-level label alphabetic,
//               punycode "xn--..." or all non-ASCII letters); labels and, at a boundary, the
//               mailbox may hold non-ASCII letters ("用户@例子.广告", "Dörte@Sörensen.example.com");
//               an ASCII top-level label running into Chinese text ends there ("a@qq.com谢谢")
//   secret-url  http(s):// or www. URL whose query or fragment has a non-empty secret parameter
//               (token, key, api_key, password, passwd, secret, session, sid, auth, signature ...)
//   id-number   Chinese resident ID: 17 digits + check char (ISO 7064 MOD 11-2, 'X' = 10), region
//               11..82, birth date 1900..2099 valid, "6 8 4" spacing accepted; Taiwanese national
//               ID / resident number: letter, 1|2|8|9, 8 digits, check digit; Hong Kong ID: 1-2
//               letters, 6 digits, check digit (0-9, A) in parentheses; passport numbers
//               (1-2 letters + 6..9 digits, or 8..9 digits) only right after "passport" / 护照 / 護照
//   card        12..19 digits, contiguous or in 4-groups (Amex 4-6-5 / Diners 4-6-4) separated by
//               single spaces and/or dashes ("4111 1111-1111 1111"), Luhn-valid, with a known IIN and
//               one of its lengths: Visa, Mastercard, Amex, Diners, Discover, JCB (incl. 15-digit
//               1800/2131), UnionPay (62, 81; 14..19), Maestro (50, 56..69; 12..19), Dankort,
//               UATP (1, 15), Mir, RuPay, Elo, Hipercard, Troy, Verve
//   phone       Chinese mobile 1[3-9]xxxxxxxxx as 11 digits, 3-4-4 or 3-8 with space/dash, with an
//               optional +86 / 0086 / 86 prefix; E.164 "+CC ..." (8..15 digits); North American
//               (NXX) XXX-XXXX, NXX-XXX-XXXX, NXX.XXX.XXXX, NXX XXXXXXX, 1-NXX-..., 1(NXX)...
//               (N = 2..9); Chinese landlines with their area code (010, 02X, 0XXX, or 86 + code
//               without the 0) and a separator: 010-12345678, (0755) 8888-6666, 010 1234 5678
//   iban        a country of the SWIFT IBAN registry with its registered length, mod-97 == 1,
//               compact or grouped by single spaces, dashes or dots ("ES 58 0049 ...")
//   ip          IPv4 (4 octets <= 255) unless preceded by a version word (v, ver, version, build,
//               release, firmware, fw, rev, 版本, 版本号, 固件); IPv6 with 8 groups, or with "::",
//               at least 2 groups and a digit (so "::1" and hex words like "add::ebb" stay); a
//               full stop after the last group ends the sentence, not the address
// [SECTION] Look-alikes — card, id-number and phone findings preceded by an order-ish word
//   (订单号, 单号, 编号, 流水号, 发票号, 工单, order, invoice, tracking, ticket, ref, sku, awb, and
//   "order no"/"order id") are left alone. Deliberate limits: bare 10-digit North American numbers
//   (5551234567) are not phones (too close to order and account numbers); IPv4 without a version
//   word is an address even when it is a 4-part version ("1.2.3.4"); a Hong Kong ID without its
//   parentheses and a passport number without its keyword are model-number look-alikes and stay;
//   a Unicode top-level domain running into Chinese text without a space takes that text with it.
// [SECTION] Scope — RedactScope::KeepContactDetails (the "pii": "allow" policy) keeps e-mail
//   addresses and phone numbers; everything else is still removed.
#include "touchpoint/privacy/redact.hpp"

#include <cstring>

#include "redact_scanner.hpp"

namespace touchpoint {
namespace redact_detail {

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

bool iequals(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

std::uint32_t Scanner::code_point(std::size_t k) const {
    std::size_t b = off_[k], e = off_[k + 1];
    unsigned char c = static_cast<unsigned char>(orig_[b]);
    std::size_t len = e - b;
    if (len == 2) return (std::uint32_t(c & 0x1F) << 6) | std::uint32_t(orig_[b + 1] & 0x3F);
    if (len == 3)
        return (std::uint32_t(c & 0x0F) << 12) | (std::uint32_t(orig_[b + 1] & 0x3F) << 6) |
               std::uint32_t(orig_[b + 2] & 0x3F);
    if (len == 4)
        return (std::uint32_t(c & 0x07) << 18) | (std::uint32_t(orig_[b + 1] & 0x3F) << 12) |
               (std::uint32_t(orig_[b + 2] & 0x3F) << 6) | std::uint32_t(orig_[b + 3] & 0x3F);
    return 0xFFFD;  // a stray byte
}

bool Scanner::other_letter(std::size_t k) const {
    if (at(k) != kOther) return false;
    std::uint32_t cp = code_point(k);
    if (cp < 0xC0 || cp == 0xD7 || cp == 0xF7) return false;          // Latin-1 signs and punctuation
    if (cp >= 0x2000 && cp <= 0x2BFF) return false;                   // general punctuation, symbols
    if (cp >= 0x3000 && cp <= 0x303F) return false;                   // CJK punctuation (。、《》「」)
    if (cp >= 0xFE30 && cp <= 0xFE4F) return false;                   // CJK compatibility forms
    if (cp >= 0xFF00 && cp <= 0xFFEF) return false;                   // remaining full-width signs
    if (cp >= 0xFFF0 && cp <= 0xFFFF) return false;                   // specials, U+FFFD
    if (cp >= 0x1F000) return cp >= 0x20000 && cp <= 0x3FFFF;         // emoji no; CJK extensions yes
    return true;
}

bool Scanner::other_ideograph(std::size_t k) const {
    if (at(k) != kOther) return false;
    std::uint32_t cp = code_point(k);
    return (cp >= 0x3040 && cp <= 0x9FFF) || (cp >= 0xAC00 && cp <= 0xD7AF) || (cp >= 0xF900 && cp <= 0xFAFF) ||
           (cp >= 0x20000 && cp <= 0x3FFFF);
}

// ----------------------------------------------------------------------------------- the pass
std::vector<Match> Scanner::run() {
    std::vector<Match> out;
    std::size_t url_covered = 0;  // non-secret URL scanned up to here: inner "http" starts are skipped
    std::size_t ipv6_dead = 0;    // an IPv6-like run that failed as a whole reaches up to here
    std::size_t next_at = 0;      // index of the next '@' at or after i (n_ if none)
    bool at_known = false;
    auto at_within = [&](std::size_t i, std::size_t reach) {
        if (!at_known || next_at < i) {
            const void* p = std::memchr(s_.data() + i, '@', n_ - i);
            next_at = p ? std::size_t(static_cast<const char*>(p) - s_.data()) : n_;
            at_known = true;
        }
        return next_at < n_ && next_at - i <= reach;
    };
    for (std::size_t i = 0; i < n_;) {
        char c = s_[i];
        char prev = i ? s_[i - 1] : ' ';
        if (is_alnum(prev) || prev == '_') {
            ++i;
            continue;
        }
        if (c == kOther) {
            // A mailbox in another script ("用户@例子.广告") starts after a space or ASCII sign only.
            std::size_t e = 0;
            if (prev != kOther && at_within(i, 64) && (e = match_email(i)) != 0) {
                out.push_back(Match{i, e, PiiKind::Email});
                i = e;
            } else {
                ++i;
            }
            continue;
        }
        if (!(is_alnum(c) || c == '+' || c == '(' || c == ':')) {
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
        if (!end && is_alnum(c) && at_within(i, 64) && (end = match_email(i)) != 0) kind = PiiKind::Email;
        if (!end && (is_digit(c) || c == '+' || c == '(')) {
            bool inside_number = is_digit(c) && i >= 2 &&
                                 (prev == '.' || prev == '-' || prev == '/' || prev == ',' || prev == ':') &&
                                 is_digit(s_[i - 2]);
            if (!inside_number) {
                // The cheap shape tests here spare most numbers the calls (prices, dates, counts).
                bool four = digits(i, 4) != 0;
                if (four && digits(i, 6) && (end = match_cn_id(i))) kind = PiiKind::IdNumber;
                else if (four && (end = match_card(i))) kind = PiiKind::Card;
                else if ((end = match_phone(i))) kind = PiiKind::Phone;
                else if (four && digits(i, 8) && (end = match_passport(i))) kind = PiiKind::IdNumber;
                if (end && order_context(i)) {
                    // An order/invoice number that happens to validate: keep it, skip its digits.
                    i = end;
                    continue;
                }
                if (!end && is_digit(c) && (end = match_ipv4(i))) kind = PiiKind::Ip;
            }
        }
        if (!end && is_upper(c) && (is_digit(at(i + 1)) || is_upper(at(i + 1)))) {
            if ((end = match_tw_id(i)) || (end = match_hk_id(i)) || (end = match_passport(i))) kind = PiiKind::IdNumber;
            else if ((end = match_iban(i))) kind = PiiKind::Iban;
            else if (std::size_t r = iban_run(i)) {
                // IBAN-shaped but not one (checksum, length): it stays whole, no phone in its middle.
                i = r;
                continue;
            }
        }
        // IPv6: a colon within the first group's reach, or no address starts here.
        if (!end && (is_hex(c) || c == ':') && i >= ipv6_dead &&
            (c == ':' || at(i + 1) == ':' || at(i + 2) == ':' || at(i + 3) == ':' || at(i + 4) == ':')) {
            if ((end = match_ipv6(i))) {
                kind = PiiKind::Ip;
            } else {
                std::size_t r = i;
                bool colon = false;
                for (; r < n_ && (is_hex(s_[r]) || s_[r] == ':' || s_[r] == '.'); ++r)
                    if (s_[r] == ':') colon = true;
                if (colon) ipv6_dead = r;
            }
        }
        if (end) {
            out.push_back(Match{i, end, kind});
            i = end;
        } else {
            ++i;
        }
    }
    return out;
}

}  // namespace redact_detail

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

bool pii_kind_is_contact(PiiKind kind) { return kind == PiiKind::Email || kind == PiiKind::Phone; }

RedactResult redact_text(std::string_view text, RedactScope scope) {
    using namespace redact_detail;
    RedactResult r;
    if (text.size() >= 0xFFFFFFFFu) {  // offsets are 32-bit: refuse to guess, redact everything
        r.text = "[redacted]";
        r.count = 1;
        return r;
    }
    Folded f = fold(text);
    Scanner scanner(text, f);
    std::vector<Match> matches = scanner.run();
    bool keep_contact = scope == RedactScope::KeepContactDetails;
    r.text.reserve(text.size());
    std::size_t last = 0;
    for (const Match& m : matches) {
        if (keep_contact && pii_kind_is_contact(m.kind)) continue;  // copied with the text around it
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
