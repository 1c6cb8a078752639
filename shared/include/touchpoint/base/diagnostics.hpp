// Data errors and warnings, each naming the JSON pointer (RFC 6901) of what it is about:
//   /questions/3/visibleIf: unknown question "nsp" (column 1)
// Every parser and validator of the core reports through this type; surfaces print it as is.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace touchpoint {

enum class Severity { Error, Warning };

struct Diagnostic {
    Severity severity = Severity::Error;
    std::string pointer;  // RFC 6901, "" for the whole document
    std::string message;  // one human sentence, no trailing period
};

class Diagnostics {
public:
    void error(std::string pointer, std::string message);
    void warning(std::string pointer, std::string message);
    // A literal message: its string is built here once, not at each of the many call sites (in the
    // size-first wasm engine each temporary string costs code where it is made and destroyed).
    void error(std::string pointer, const char* message);
    void warning(std::string pointer, const char* message);
    bool has_errors() const { return errors_ > 0; }
    std::size_t error_count() const { return errors_; }
    const std::vector<Diagnostic>& items() const { return items_; }
    bool empty() const { return items_.empty(); }
    // Each item as "POINTER: message" (or "warning: POINTER: message"), one per line.
    std::string to_string() const;

private:
    std::vector<Diagnostic> items_;
    std::size_t errors_ = 0;
};

// Escapes one reference token for a JSON pointer ("~" -> "~0", "/" -> "~1").
std::string pointer_token(std::string_view key);
// pointer + "/" + escaped key; index overload for arrays.
std::string pointer_join(std::string_view pointer, std::string_view key);
std::string pointer_join(std::string_view pointer, std::size_t index);

}  // namespace touchpoint
