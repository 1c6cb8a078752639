// Contact details: e-mail addresses (ASCII and internationalized) and phone numbers. These are
// what the "pii": "allow" policy keeps. Rules: see the index in redact.cpp.
#include "redact_scanner.hpp"

namespace touchpoint::redact_detail {
namespace {

inline bool is_email_local(char c) {
    return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-';
}

}  // namespace

// ---------------------------------------------------------------------------------------- email
std::size_t Scanner::match_email(std::size_t i) const {
    // The mailbox: ASCII and letters of any script ("Dörte"; starting with one only at a boundary, see run()).
    std::size_t j = i;
    bool other_start = s_[i] == kOther;  // then all of it: "请联系13812345678@qq.com" is the ASCII one's
    while (j < n_ && j - i <= 64 && ((!other_start && is_email_local(s_[j])) || other_letter(j))) ++j;
    if (at(j) != '@' || j == i || j - i > 64 || s_[j - 1] == '.') return 0;
    std::size_t k = j + 1;
    int labels = 0;
    std::size_t last_label = k;
    bool last_ascii = true, last_other = true;  // the last label is all ASCII / all other letters
    std::size_t last_ascii_prefix = 0;           // ...or how far its ASCII letters reach
    for (;;) {
        std::size_t start = k;
        bool ascii = true, other = true;
        std::size_t ascii_prefix = 0;
        while (k < n_ && k - start < 63) {
            char c = s_[k];
            if (is_alnum(c) || c == '-') {
                other = false;
                if (ascii_prefix == k - start && is_alpha(c)) ++ascii_prefix;
            } else if (other_letter(k)) {
                ascii = false;
            } else {
                break;
            }
            ++k;
        }
        if (k == start || s_[start] == '-' || s_[k - 1] == '-') return 0;
        ++labels;
        last_label = start;
        last_ascii = ascii;
        last_other = other;
        last_ascii_prefix = ascii_prefix;
        if (k - j > 254) return 0;
        if (at(k) == '.' && (is_alnum(at(k + 1)) || other_letter(k + 1))) { ++k; continue; }
        break;
    }
    if (labels < 2) return 0;
    std::size_t tld = k - last_label;
    if (last_ascii) {
        bool punycode = tld > 4 && starts_with_ci(last_label, "xn--");
        if (!punycode && (tld < 2 || last_ascii_prefix != tld)) return 0;
    } else if (!last_other) {
        // "qq.com谢谢": an ASCII top-level label running into Chinese text ends where the text starts.
        if (last_ascii_prefix < 2 || !other_ideograph(last_label + last_ascii_prefix)) return 0;
        k = last_label + last_ascii_prefix;
    } else if (tld < 2) {
        return 0;
    }
    return clean_end(k) ? k : 0;
}

// --------------------------------------------------------------------------------------- phones
std::size_t Scanner::match_phone(std::size_t i) const {
    std::size_t e = 0;
    if ((e = match_cn_mobile(i)) || (e = match_cn_landline(i)) || (e = match_e164(i)) || (e = match_north_american(i)))
        return e;
    return 0;
}

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
    else if (at(k) == '1' && at(k + 1) == '(')
        k += 1;  // "1(567)362-8910"
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
        if (!digits(exch, 3)) return 0;
        if (sep == ' ' && s_[area] >= '2' && s_[exch] >= '2' && digits(exch, 7) && number_end(exch + 7))
            return exch + 7;  // "425 8829090": area code, then the seven digits run together
        if (at(exch + 3) != sep) return 0;
    }
    std::size_t e = digits(exch + 4, 4);
    if (!e || s_[area] < '2' || !number_end(e)) return 0;  // exchange 0/1 allowed: 555-123-4567 is in every form
    return e;
}

std::size_t Scanner::match_cn_landline(std::size_t i) const {
    std::size_t k = i;
    bool paren = at(k) == '(';
    if (paren) ++k;
    std::size_t area_len;
    if (!paren && ((at(k) == '+' && at(k + 1) == '8' && at(k + 2) == '6') ||
                   (at(k) == '0' && at(k + 1) == '0' && at(k + 2) == '8' && at(k + 3) == '6'))) {
        // "0086 21 1234 5678": the country code, then the area code without its leading 0.
        k += at(k) == '+' ? 3 : 4;
        if (at(k) != ' ' && at(k) != '-') return 0;
        ++k;
        if (at(k) == '0' || (at(k) == '1' && at(k + 1) != '0')) return 0;  // 10 is Beijing; 1x else mobiles
        area_len = at(k) == '1' || at(k) == '2' ? 2 : 3;
    } else {
        if (at(k) != '0' || at(k + 1) == '0') return 0;
        area_len = (at(k + 1) == '1' || at(k + 1) == '2') ? 3 : 4;
        if (at(k + 1) == '1' && at(k + 2) != '0') return 0;  // 010 only
    }
    if (!digits(k, area_len)) return 0;
    k += area_len;
    if (paren) {
        if (at(k) != ')') return 0;
        ++k;
        if (at(k) == ' ' || at(k) == '-') ++k;
    } else {
        if (at(k) != '-' && at(k) != ' ') return 0;
        ++k;
    }
    if (at(k) == '0' || !digits(k, 3)) return 0;
    // The subscriber number: 7 or 8 digits, together or split 3+4 / 4+4 by one space or dash.
    std::size_t e = 0;
    if (digits(k, 8)) e = k + 8;
    else if (digits(k, 7)) e = k + 7;
    else if ((at(k + 4) == ' ' || at(k + 4) == '-') && digits(k, 4) && digits(k + 5, 4)) e = k + 9;
    else if ((at(k + 3) == ' ' || at(k + 3) == '-') && digits(k + 4, 4)) e = k + 8;
    return e && number_end(e) && !is_digit(at(e)) ? e : 0;
}

}  // namespace touchpoint::redact_detail
