// The expression language of surveys: visibleIf, logic `if`, validation rules and computed scores.
//   nps <= 6 and role in ['decision-maker', 'funder']
//   answered(why) or count(channels) >= 2
//   score.maturity >= 70 and context.segment.plan == "enterprise"
//   segment.plan == 'pro' and days_since(segment.signup) > 14      (a trigger's audience)
// A hand-written Pratt parser (precedence climbing) with 1-based column positions counted in
// characters, depth-limited so hostile input cannot exhaust the stack. Evaluation never fails:
// a missing answer is null, and null or a wrong type makes comparisons false and arithmetic null.
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

namespace touchpoint::expr {

constexpr std::size_t kMaxExpressionLength = 4096;  // bytes
constexpr int kMaxDepth = 128;  // depth of the syntax tree: parentheses, lists, calls, operator chains

enum class Op : std::uint8_t {
    Literal, Ref, List, Call,                         // leaves and containers
    Not, Neg,                                         // prefix
    Or, And, Eq, Ne, Lt, Le, Gt, Ge, In, NotIn, Contains,
    Add, Sub, Mul, Div, Mod,
};

struct Node {
    Op op = Op::Literal;
    std::size_t column = 1;       // where this node starts (1-based, characters)
    nlohmann::json literal;       // Literal
    std::string name;             // Ref: dotted name ("nps", "score.maturity"); Call: function name
    std::vector<Node> args;       // operands, list items or call arguments
};

struct ParseError {
    std::size_t column = 0;       // 1-based, characters; 0 = no error
    std::string message;
};

// Where evaluation gets its values from. Names are the dotted references of the expression.
class Scope {
public:
    virtual ~Scope() = default;
    virtual nlohmann::json lookup(std::string_view name) const = 0;   // null when unknown or unanswered
    // The clock days_since() counts from (epoch ms), or none: then days_since() is null. Only
    // callers that are handed the time give one (the core reads no clock of its own).
    virtual std::optional<std::int64_t> now_ms() const { return std::nullopt; }
};

class Expression {
public:
    // Parses `text`; on failure returns an empty Expression and fills `error`.
    static Expression parse(std::string_view text, ParseError& error);
    bool valid() const { return root_.has_value(); }
    const std::string& source() const { return source_; }
    nlohmann::json evaluate(const Scope& scope) const;   // null for an invalid expression
    bool test(const Scope& scope) const;                 // evaluate() then truthiness

    struct Reference {
        std::string name;
        std::size_t column;
    };
    std::vector<Reference> references() const;           // every Ref, in source order

private:
    // A value, copied with the survey model (rarely: surveys are shared, not copied). Not a
    // shared_ptr: that alone brings the C++ runtime's type-info code into the widget's engine.
    std::optional<Node> root_;
    std::string source_;
};

bool truthy(const nlohmann::json& v);
// Numbers as JSON: integral values within 2^53 become integers so they print as "9", not "9.0".
nlohmann::json number_value(double d);

}  // namespace touchpoint::expr
