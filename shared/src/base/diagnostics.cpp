#include "touchpoint/base/diagnostics.hpp"

namespace touchpoint {

void Diagnostics::error(std::string pointer, std::string message) {
    items_.push_back({Severity::Error, std::move(pointer), std::move(message)});
    ++errors_;
}

void Diagnostics::warning(std::string pointer, std::string message) {
    items_.push_back({Severity::Warning, std::move(pointer), std::move(message)});
}

void Diagnostics::error(std::string pointer, const char* message) { error(std::move(pointer), std::string(message)); }

void Diagnostics::warning(std::string pointer, const char* message) { warning(std::move(pointer), std::string(message)); }

std::string Diagnostics::to_string() const {
    std::string out;
    for (const Diagnostic& d : items_) {
        if (d.severity == Severity::Warning) out += "warning: ";
        out += d.pointer.empty() ? "/" : d.pointer;
        out += ": ";
        out += d.message;
        out += '\n';
    }
    return out;
}

std::string pointer_token(std::string_view key) {
    std::string out;
    out.reserve(key.size());
    for (char c : key) {
        if (c == '~') {
            out += "~0";
        } else if (c == '/') {
            out += "~1";
        } else {
            out += c;
        }
    }
    return out;
}

std::string pointer_join(std::string_view pointer, std::string_view key) {
    std::string out(pointer);
    out += '/';
    out += pointer_token(key);
    return out;
}

std::string pointer_join(std::string_view pointer, std::size_t index) {
    return pointer_join(pointer, std::string_view(std::to_string(index)));
}

}  // namespace touchpoint
