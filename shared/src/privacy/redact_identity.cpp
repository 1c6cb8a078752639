// Identity documents: Chinese resident ID, Taiwanese national ID (and the resident numbers that
// share its check digit), Hong Kong ID, passport numbers next to their keyword. All become
// [id-number]. Rules: see the index in redact.cpp.
#include "redact_scanner.hpp"

namespace touchpoint::redact_detail {

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

// --------------------------------------------------------------------------- Taiwanese ID number
// A123456789: the letter of the issuing area (valued 10..35 in this order, I and O last), the
// sex/type digit (1, 2 citizens; 8, 9 residents), seven digits and a check digit: the weighted
// sum (1, 9 for the letter's two digits, then 8..1, 1) is a multiple of 10.
std::size_t Scanner::match_tw_id(std::size_t i) const {
    static const char kLetters[] = "ABCDEFGHJKLMNPQRSTUVXYWZIO";
    char c = at(i);
    if (!is_upper(c) || !is_digit(at(i + 1))) return 0;
    int letter = -1;
    for (int j = 0; j < 26; ++j)
        if (kLetters[j] == c) letter = j + 10;
    char kind = at(i + 1);
    if (letter < 0 || (kind != '1' && kind != '2' && kind != '8' && kind != '9')) return 0;
    std::size_t e = digits(i + 1, 9);
    if (!e || !number_end(e)) return 0;
    int sum = letter / 10 + (letter % 10) * 9;
    for (int j = 0; j < 8; ++j) sum += (s_[i + 1 + std::size_t(j)] - '0') * (8 - j);
    sum += s_[i + 9] - '0';
    return sum % 10 == 0 ? e : 0;
}

// --------------------------------------------------------------------------- Hong Kong ID number
// A123456(7) or AB123456(7): letters valued 10..35 (a single letter is preceded by a space valued
// 36), six digits, weights 9..2, and a check digit in parentheses making the sum 0 mod 11 ('A' = 10).
std::size_t Scanner::match_hk_id(std::size_t i) const {
    std::size_t k = i;
    int values[8];
    int count = 0;
    if (!is_upper(at(k))) return 0;
    if (is_upper(at(k + 1))) {
        values[count++] = at(k) - 'A' + 10;
        ++k;
    } else {
        values[count++] = 36;
    }
    values[count++] = at(k) - 'A' + 10;
    ++k;
    if (!digits(k, 6)) return 0;
    for (int j = 0; j < 6; ++j) values[count++] = s_[k + std::size_t(j)] - '0';
    k += 6;
    if (at(k) != '(' || at(k + 2) != ')') return 0;
    char check = at(k + 1);
    int cv = check == 'A' ? 10 : is_digit(check) ? check - '0' : -1;
    if (cv < 0) return 0;
    int sum = cv;
    for (int j = 0; j < 8; ++j) sum += values[j] * (9 - j);
    return sum % 11 == 0 ? k + 3 : 0;
}

// ------------------------------------------------------------------------------------ passport
// Passport numbers have no check digit anyone can verify and look like model or order numbers,
// so only a number right after its keyword counts: 1-2 letters and 6..9 digits (E12345678,
// EA1234567, A12803456) or 8..9 digits (912803456).
std::size_t Scanner::match_passport(std::size_t i) const {
    std::size_t k = i;
    while (is_upper(at(k)) && k - i < 2) ++k;
    std::size_t letters = k - i;
    std::size_t d = k;
    while (is_digit(at(k)) && k - d < 10) ++k;
    std::size_t count = k - d;
    bool shape = letters ? count >= 6 && count <= 9 : count >= 8 && count <= 9;
    if (!shape || !number_end(k)) return 0;
    return passport_context(i) ? k : 0;
}

}  // namespace touchpoint::redact_detail
