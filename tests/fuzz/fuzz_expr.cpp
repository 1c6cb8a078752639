// libFuzzer target: any bytes as an expression (visibleIf, logic, validation, scores). Parsing
// must stay within its depth limit and report a column inside the text; evaluation must never
// crash whatever the values of the references (null, numbers, strings, lists, objects).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "touchpoint/survey/expr.hpp"
#include "touchpoint/base/utf8.hpp"

using nlohmann::json;
using namespace touchpoint::expr;

namespace {
struct FuzzScope : Scope {
    json lookup(std::string_view name) const override {
        switch (name.size() % 7) {
            case 0: return nullptr;
            case 1: return 7;
            case 2: return -2.5;
            case 3: return "决策者";
            case 4: return json::array({"a", 1, nullptr});
            case 5: return json{{"r1", "agree"}};
            default: return true;
        }
    }
};
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    ParseError err;
    Expression e = Expression::parse(text, err);
    if (!e.valid()) {
        if (err.column == 0 || err.column > touchpoint::utf8_length(text) + 1 || err.message.empty()) std::abort();
        return 0;
    }
    for (const Expression::Reference& r : e.references())
        if (r.name.empty() || r.column == 0) std::abort();
    FuzzScope scope;
    json v = e.evaluate(scope);
    (void)v.dump(-1, ' ', false, json::error_handler_t::replace);
    (void)e.test(scope);
    return 0;
}
