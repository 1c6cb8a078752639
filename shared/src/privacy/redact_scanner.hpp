// The redactor's scanner, shared by its matcher files (private to shared/src/privacy/):
//   redact.cpp           folding, the left-to-right pass, the public API
//   redact_contact.cpp   e-mail (ASCII and internationalized) and phone numbers
//   redact_payment.cpp   payment cards and IBANs
//   redact_identity.cpp  Chinese, Taiwanese and Hong Kong ID numbers, passport numbers
//   redact_network.cpp   secret-carrying URLs, IPv4, IPv6
//   redact_context.cpp   the words around a candidate (version, order, passport)
// Every matcher takes a start index in the folded view and returns the end of its match or 0;
// each looks ahead a bounded distance (URLs excepted), so the pass stays linear.
#pragma once
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "touchpoint/base/ascii.hpp"
#include "touchpoint/privacy/redact.hpp"

namespace touchpoint::redact_detail {

// Every non-ASCII code point that is not folded to ASCII stands for itself as this byte.
constexpr char kOther = '\x01';

struct Folded {
    std::string s;                    // the ASCII view
    std::vector<std::uint32_t> off;   // off[k]: byte offset in the original of s[k]; off[size] = size
};

Folded fold(std::string_view t);

using ascii::is_alnum;
using ascii::is_alpha;
using ascii::is_digit;
using ascii::is_hex;
using ascii::is_upper;
using ascii::lower;
bool iequals(std::string_view a, std::string_view b);

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
    // The original code point behind folded index k (meaningful where s_[k] == kOther).
    std::uint32_t code_point(std::size_t k) const;
    bool other_letter(std::size_t k) const;     // kOther that is a letter (not punctuation or a symbol)
    bool other_ideograph(std::size_t k) const;  // kOther that is a CJK ideograph, kana or hangul

    // [SECTION] contact (redact_contact.cpp)
    std::size_t match_email(std::size_t i) const;
    std::size_t match_cn_mobile(std::size_t i) const;
    std::size_t match_e164(std::size_t i) const;
    std::size_t match_north_american(std::size_t i) const;
    std::size_t match_cn_landline(std::size_t i) const;
    std::size_t match_phone(std::size_t i) const;
    // [SECTION] payment (redact_payment.cpp)
    std::size_t match_card(std::size_t i) const;
    std::size_t match_iban(std::size_t i) const;
    std::size_t iban_run(std::size_t i) const;  // end of an IBAN-shaped run at i (country, check digits), or 0
    // [SECTION] identity (redact_identity.cpp)
    std::size_t match_cn_id(std::size_t i) const;
    std::size_t match_tw_id(std::size_t i) const;
    std::size_t match_hk_id(std::size_t i) const;
    std::size_t match_passport(std::size_t i) const;
    // [SECTION] network (redact_network.cpp)
    std::size_t match_url(std::size_t i, bool& secret) const;
    std::size_t match_ipv4(std::size_t i) const;
    std::size_t match_ipv6(std::size_t i) const;
    // [SECTION] context (redact_context.cpp)
    std::size_t skip_back_punct(std::size_t k) const;
    std::string_view ascii_word_before(std::size_t k, std::size_t& word_start) const;
    bool original_ends_with(std::size_t folded_k, std::string_view suffix) const;
    bool version_context(std::size_t i) const;
    bool order_context(std::size_t i) const;
    bool passport_context(std::size_t i) const;

    std::string_view orig_;
    const std::string& s_;
    const std::vector<std::uint32_t>& off_;
    std::size_t n_;
};

}  // namespace touchpoint::redact_detail
