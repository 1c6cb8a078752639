// Payment data: card numbers and IBANs. Removed under every policy, "pii": "allow" included.
// Rules: see the index in redact.cpp.
#include "redact_scanner.hpp"

namespace touchpoint::redact_detail {
namespace {

// ------------------------------------------------------------------------------- payment card
// Whether a number of `len` digits starting with d[0..3] belongs to a card scheme that issues that
// length. Brands sharing a range share a line; lengths are the schemes' published ones.
bool plausible_iin(const char* d, int len) {
    int two = (d[0] - '0') * 10 + (d[1] - '0');
    int four = two * 100 + (d[2] - '0') * 10 + (d[3] - '0');
    int three = four / 10;
    switch (d[0]) {
        case '1': return len == 15;                                                      // UATP, JCB 1800
        case '2':
            if (four == 2131) return len == 15;                                          // JCB (15-digit)
            if (four >= 2200 && four <= 2204) return len >= 16 && len <= 19;             // Mir
            return four >= 2221 && four <= 2720 && len == 16;                            // Mastercard
        case '3':
            if (two == 34 || two == 37) return len == 15;                                // Amex
            if ((three >= 300 && three <= 305) || two == 36 || two == 38 || two == 39)
                return len >= 14 && len <= 19;                                           // Diners
            if (four >= 3528 && four <= 3589) return len >= 16 && len <= 19;             // JCB
            if (four == 3841) return len >= 16 && len <= 19;                             // Hipercard
            return false;
        case '4': return len >= 13 && len <= 19;                                         // Visa, Dankort-Visa
        case '5':
            if (two >= 51 && two <= 55) return len == 16;                                // Mastercard
            return len >= 12 && len <= 19;  // Maestro 50/56-59, Dankort 5019, Verve, Elo, Naranja
        case '6': return len >= 12 && len <= 19;  // Discover, UnionPay 62, Maestro, RuPay, Elo, Troy
        case '8': return two == 81 && len >= 16 && len <= 19;                            // UnionPay 81
        case '9': return four == 9792 && len == 16;                                      // Troy
        default: return false;
    }
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

// ----------------------------------------------------------------------------------------- IBAN
// The SWIFT IBAN registry (release 101): every country and its IBAN length.
int iban_length(char a, char b) {
    static const struct { char code[3]; int len; } kLengths[] = {
        {"AD", 24}, {"AE", 23}, {"AL", 28}, {"AT", 20}, {"AZ", 28}, {"BA", 20}, {"BE", 16}, {"BG", 22},
        {"BH", 22}, {"BI", 27}, {"BR", 29}, {"BY", 28}, {"CH", 21}, {"CR", 22}, {"CY", 28}, {"CZ", 24},
        {"DE", 22}, {"DJ", 27}, {"DK", 18}, {"DO", 28}, {"EE", 20}, {"EG", 29}, {"ES", 24}, {"FI", 18},
        {"FK", 18}, {"FO", 18}, {"FR", 27}, {"GB", 22}, {"GE", 22}, {"GI", 23}, {"GL", 18}, {"GR", 27},
        {"GT", 28}, {"HN", 28}, {"HR", 21}, {"HU", 28}, {"IE", 22}, {"IL", 23}, {"IQ", 23}, {"IS", 26},
        {"IT", 27}, {"JO", 30}, {"KW", 30}, {"KZ", 20}, {"LB", 28}, {"LC", 32}, {"LI", 21}, {"LT", 20},
        {"LU", 20}, {"LV", 21}, {"LY", 25}, {"MC", 27}, {"MD", 24}, {"ME", 22}, {"MK", 19}, {"MN", 20},
        {"MR", 27}, {"MT", 31}, {"MU", 30}, {"NI", 28}, {"NL", 18}, {"NO", 15}, {"OM", 23}, {"PK", 24},
        {"PL", 28}, {"PS", 29}, {"PT", 25}, {"QA", 29}, {"RO", 24}, {"RS", 22}, {"RU", 33}, {"SA", 24},
        {"SC", 31}, {"SD", 18}, {"SE", 24}, {"SI", 19}, {"SK", 24}, {"SM", 27}, {"SO", 23}, {"ST", 25},
        {"SV", 28}, {"TL", 23}, {"TN", 24}, {"TR", 26}, {"UA", 29}, {"VA", 22}, {"VG", 24}, {"XK", 20},
        {"YE", 30}};
    for (const auto& e : kLengths)
        if (e.code[0] == a && e.code[1] == b) return e.len;
    return 0;
}

inline bool is_iban_char(char c) { return is_upper(c) || is_digit(c); }

}  // namespace

std::size_t Scanner::match_card(std::size_t i) const {
    char d[20];
    int len = 0;
    int groups[10];
    int group_count = 0;
    std::size_t k = i;
    for (;;) {
        int g = 0;
        while (is_digit(at(k))) {
            if (len == 19) return 0;  // too long for a card
            d[len++] = s_[k++];
            ++g;
        }
        if (group_count == 10) return 0;
        groups[group_count++] = g;
        char c = at(k);
        // Groups are separated by one space or dash; people mix them ("4111 1111-1111 1111").
        if ((c == ' ' || c == '-') && is_digit(at(k + 1))) {
            ++k;
            continue;
        }
        break;
    }
    if (len < 12 || !number_end(k)) return 0;
    if (group_count > 1) {  // printed groups: 4-4-...-(1..4), or Amex 4-6-5 / Diners 4-6-4
        bool fours = true;
        for (int g = 0; g + 1 < group_count; ++g) fours = fours && groups[g] == 4;
        fours = fours && groups[group_count - 1] >= 1 && groups[group_count - 1] <= 4;
        bool amex = group_count == 3 && groups[0] == 4 && groups[1] == 6 && (groups[2] == 5 || groups[2] == 4);
        if (!fours && !amex) return 0;
    }
    return plausible_iin(d, len) && luhn(d, len) ? k : 0;
}

std::size_t Scanner::iban_run(std::size_t i) const {
    if (!is_upper(at(i)) || !is_upper(at(i + 1))) return 0;
    std::size_t c = at(i + 2) == ' ' ? i + 3 : i + 2;
    if (!is_digit(at(c)) || !is_digit(at(c + 1)) || !iban_length(s_[i], s_[i + 1])) return 0;
    std::size_t k = c + 2;
    for (int count = 4; count < 40;) {
        if (is_iban_char(at(k))) { ++k; ++count; }
        else if ((at(k) == ' ' || at(k) == '-' || at(k) == '.') && is_iban_char(at(k + 1))) ++k;
        else break;
    }
    return k;
}

std::size_t Scanner::match_iban(std::size_t i) const {
    if (!is_upper(at(i)) || !is_upper(at(i + 1))) return 0;
    // The check digits follow the country code, directly or after one space ("ES 58 0049 ...").
    std::size_t c = at(i + 2) == ' ' ? i + 3 : i + 2;
    if (!is_digit(at(c)) || !is_digit(at(c + 1))) return 0;
    int len = iban_length(s_[i], s_[i + 1]);
    if (len == 0) return 0;
    char chars[34];
    int count = 0;
    bool grouped = false;
    std::size_t k = i;
    while (count < len) {
        char ch = at(k);
        if (is_iban_char(ch)) {
            chars[count++] = ch;
            ++k;
        } else if ((ch == ' ' || ch == '-' || ch == '.') && count >= 2 && is_iban_char(at(k + 1)) &&
                   is_iban_char(at(k - 1))) {
            grouped = true;  // print form: groups of any size separated by single spaces, dashes or dots
            ++k;
        } else {
            return 0;
        }
    }
    if (!clean_end(k)) return 0;
    // A grouped number that goes on with another digit group is longer than its country's IBAN.
    if (grouped && (at(k) == ' ' || at(k) == '-' || at(k) == '.') && is_digit(at(k + 1))) return 0;
    int rem = 0;
    for (int j = 0; j < len; ++j) {
        char ch = chars[(j + 4) % len];
        rem = is_digit(ch) ? (rem * 10 + (ch - '0')) % 97 : (rem * 100 + (ch - 'A' + 10)) % 97;
    }
    return rem == 1 ? k : 0;
}

}  // namespace touchpoint::redact_detail
