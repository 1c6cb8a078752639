// libFuzzer target for the redactor: any bytes in, no crash, no hang, and the output obeys the
// redactor's invariants: text outside findings is copied byte for byte, so the output without
// placeholders is never longer than the input, counts add up, and redacting twice changes
// nothing more than placeholders could (a placeholder never looks like PII itself).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "touchpoint/privacy/redact.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view input(reinterpret_cast<const char*>(data), size);
    touchpoint::RedactResult r = touchpoint::redact_text(input);
    int sum = 0;
    for (int k : r.kinds) sum += k;
    if (sum != r.count) std::abort();
    if (r.count == 0 && r.text != input) std::abort();
    // Idempotence: placeholders are inert, so a second pass finds nothing new...
    touchpoint::RedactResult again = touchpoint::redact_text(r.text);
    if (again.count != 0) {
        // ...except where removing a finding joined its neighbours into a new one (e.g. "a@" +
        // "[x]"): still no crash, and the second pass must not grow the text without bound.
        if (again.text.size() > r.text.size() + 16 * std::size_t(again.count)) std::abort();
    }
    return 0;
}
