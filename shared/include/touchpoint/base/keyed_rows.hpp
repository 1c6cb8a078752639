// A table of keys with one default, as a .def file lists them (journey/change_periods.def, the
// collector's alert_states.def): membership, the default, and the keys as a sentence for messages.
#pragma once
#include <cstddef>
#include <string>
#include <string_view>

namespace touchpoint {

struct KeyedRow {
    const char* key;
    bool is_default;
};

template <std::size_t N>
bool has_key(const KeyedRow (&rows)[N], std::string_view key) {
    for (const KeyedRow& row : rows)
        if (key == row.key) return true;
    return false;
}

// The row marked default (the first when none is).
template <std::size_t N>
const char* default_key(const KeyedRow (&rows)[N]) {
    for (const KeyedRow& row : rows)
        if (row.is_default) return row.key;
    return rows[0].key;
}

// "day, week or month".
template <std::size_t N>
std::string keys_text(const KeyedRow (&rows)[N]) {
    std::string out;
    for (std::size_t i = 0; i < N; ++i) out += (i == 0 ? "" : i + 1 == N ? " or " : ", ") + std::string(rows[i].key);
    return out;
}

}  // namespace touchpoint
