#include "touchpoint/survey/expr.hpp"

#include <cmath>
#include <cstdlib>

#include "touchpoint/base/timefmt.hpp"
#include "touchpoint/base/utf8.hpp"

namespace touchpoint::expr {
namespace {

using nlohmann::json;

enum class Tok : std::uint8_t {
    End, Number, String, Ident, LParen, RParen, LBracket, RBracket, Comma,
    Eq, Ne, Lt, Le, Gt, Ge, Plus, Minus, Star, Slash, Percent, Bang, AndAnd, OrOr, Error,
};

struct Token {
    Tok kind = Tok::End;
    std::size_t pos = 0;   // byte offset
    std::string text;      // identifier name, string value or number spelling
};

bool ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '$'; }
bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9') || c == '.'; }
bool digit(char c) { return c >= '0' && c <= '9'; }

class Parser {
public:
    Parser(std::string_view text, ParseError& error) : s_(text), err_(error) {}

    std::optional<Node> run() {
        if (s_.size() > kMaxExpressionLength) {
            fail(0, "expression is longer than " + std::to_string(kMaxExpressionLength) + " bytes");
            return std::nullopt;
        }
        advance();
        std::optional<Node> root(std::in_place);
        if (!expression(0, *root, 0)) return std::nullopt;
        if (tok_.kind != Tok::End) {
            unexpected();
            return std::nullopt;
        }
        return root;
    }

private:
    std::size_t column(std::size_t pos) const { return utf8_length(s_.substr(0, pos)) + 1; }

    bool fail(std::size_t pos, std::string message) {
        if (err_.column == 0) {
            err_.column = column(pos);
            err_.message = std::move(message);
        }
        return false;
    }

    bool unexpected() {
        if (tok_.kind == Tok::Error) return false;  // the lexer already reported
        if (tok_.kind == Tok::End) return fail(tok_.pos, "unexpected end of expression");
        std::string_view what = s_.substr(tok_.pos, 1);
        if (tok_.kind == Tok::Ident || tok_.kind == Tok::Number) what = tok_.text;
        return fail(tok_.pos, "unexpected '" + std::string(what) + "'");
    }

    void skip_space() {
        while (i_ < s_.size() && (s_[i_] == ' ' || s_[i_] == '\t' || s_[i_] == '\n' || s_[i_] == '\r')) ++i_;
    }

    void advance() {
        skip_space();
        tok_ = Token{};
        tok_.pos = i_;
        if (i_ >= s_.size()) return;
        char c = s_[i_];
        auto two = [&](char next) { return i_ + 1 < s_.size() && s_[i_ + 1] == next; };
        auto single = [&](Tok k, std::size_t len = 1) {
            tok_.kind = k;
            i_ += len;
        };
        switch (c) {
            case '(': return single(Tok::LParen);
            case ')': return single(Tok::RParen);
            case '[': return single(Tok::LBracket);
            case ']': return single(Tok::RBracket);
            case ',': return single(Tok::Comma);
            case '+': return single(Tok::Plus);
            case '-': return single(Tok::Minus);
            case '*': return single(Tok::Star);
            case '/': return single(Tok::Slash);
            case '%': return single(Tok::Percent);
            case '=': return single(Tok::Eq, two('=') ? 2 : 1);
            case '!': return two('=') ? single(Tok::Ne, 2) : single(Tok::Bang);
            case '<':
                if (two('>')) return single(Tok::Ne, 2);
                return two('=') ? single(Tok::Le, 2) : single(Tok::Lt);
            case '>': return two('=') ? single(Tok::Ge, 2) : single(Tok::Gt);
            case '&':
                if (two('&')) return single(Tok::AndAnd, 2);
                break;
            case '|':
                if (two('|')) return single(Tok::OrOr, 2);
                break;
            case '\'':
            case '"': return lex_string(c);
            case '{': return lex_braced();
            default: break;
        }
        if (digit(c) || (c == '.' && i_ + 1 < s_.size() && digit(s_[i_ + 1]))) return lex_number();
        if (ident_start(c)) {
            std::size_t start = i_;
            while (i_ < s_.size() && ident_char(s_[i_])) ++i_;
            tok_.kind = Tok::Ident;
            tok_.text = std::string(s_.substr(start, i_ - start));
            if (tok_.text.back() == '.') {
                tok_.kind = Tok::Error;
                fail(i_ - 1, "a name cannot end with '.'");
            }
            return;
        }
        tok_.kind = Tok::Error;
        std::size_t p = i_;
        char32_t cp = utf8_next(s_, p);
        std::string shown;
        utf8_append(shown, cp);
        fail(tok_.pos, "unexpected character '" + shown + "'");
    }

    void lex_number() {
        std::size_t start = i_;
        while (i_ < s_.size() && digit(s_[i_])) ++i_;
        if (i_ < s_.size() && s_[i_] == '.') {
            ++i_;
            if (i_ >= s_.size() || !digit(s_[i_])) {
                tok_.kind = Tok::Error;
                fail(i_, "expected a digit after '.'");
                return;
            }
            while (i_ < s_.size() && digit(s_[i_])) ++i_;
        }
        if (i_ < s_.size() && ident_start(s_[i_])) {
            tok_.kind = Tok::Error;
            fail(i_, "unexpected '" + std::string(1, s_[i_]) + "' after a number");
            return;
        }
        tok_.kind = Tok::Number;
        tok_.text = std::string(s_.substr(start, i_ - start));
    }

    void lex_string(char quote) {
        ++i_;
        std::string value;
        while (i_ < s_.size() && s_[i_] != quote) {
            if (s_[i_] == '\\' && i_ + 1 < s_.size()) {
                char e = s_[i_ + 1];
                value += e == 'n' ? '\n' : e == 't' ? '\t' : e;
                i_ += 2;
            } else {
                value += s_[i_++];
            }
        }
        if (i_ >= s_.size()) {
            tok_.kind = Tok::Error;
            fail(tok_.pos, "unterminated string");
            return;
        }
        ++i_;
        tok_.kind = Tok::String;
        tok_.text = std::move(value);
    }

    // {question-id}: a reference to an id that is not a plain name (hyphens, digits first).
    void lex_braced() {
        std::size_t start = ++i_;
        while (i_ < s_.size() && s_[i_] != '}') {
            char c = s_[i_];
            if (!(ident_char(c) || digit(c) || c == '-')) break;
            ++i_;
        }
        if (i_ >= s_.size() || s_[i_] != '}' || i_ == start) {
            tok_.kind = Tok::Error;
            fail(i_ >= s_.size() ? tok_.pos : i_, "expected a name and '}' in a {reference}");
            return;
        }
        tok_.kind = Tok::Ident;
        tok_.text = std::string(s_.substr(start, i_ - start));
        tok_.text.insert(0, 1, '{');  // marks "not a keyword"
        ++i_;
    }

    bool is_keyword(const char* kw) const { return tok_.kind == Tok::Ident && tok_.text == kw; }

    // Binding power of the infix operator at the current token (0 = not an infix operator).
    int infix_power(Op& op) const {
        switch (tok_.kind) {
            case Tok::OrOr: op = Op::Or; return 1;
            case Tok::AndAnd: op = Op::And; return 2;
            case Tok::Eq: op = Op::Eq; return 4;
            case Tok::Ne: op = Op::Ne; return 4;
            case Tok::Lt: op = Op::Lt; return 4;
            case Tok::Le: op = Op::Le; return 4;
            case Tok::Gt: op = Op::Gt; return 4;
            case Tok::Ge: op = Op::Ge; return 4;
            case Tok::Plus: op = Op::Add; return 5;
            case Tok::Minus: op = Op::Sub; return 5;
            case Tok::Star: op = Op::Mul; return 6;
            case Tok::Slash: op = Op::Div; return 6;
            case Tok::Percent: op = Op::Mod; return 6;
            case Tok::Ident:
                if (tok_.text == "or") { op = Op::Or; return 1; }
                if (tok_.text == "and") { op = Op::And; return 2; }
                if (tok_.text == "in") { op = Op::In; return 4; }
                if (tok_.text == "not") { op = Op::NotIn; return 4; }  // "not in"
                if (tok_.text == "contains") { op = Op::Contains; return 4; }
                return 0;
            default: return 0;
        }
    }

    bool expression(int min_power, Node& out, int depth) {
        if (depth > kMaxDepth) return fail(tok_.pos, "expression is nested too deeply");
        if (!prefix(out, depth)) return false;
        for (;;) {
            Op op{};
            int power = infix_power(op);
            if (power == 0 || power <= min_power) return true;
            // A chain "a + b + c ..." builds a left-deep tree: each operator is one level, so
            // the limit bounds evaluation's recursion too, not only the parser's.
            if (++depth > kMaxDepth) return fail(tok_.pos, "expression is nested too deeply");
            advance();
            if (op == Op::NotIn) {
                if (!is_keyword("in")) return fail(tok_.pos, "expected 'in' after 'not'");
                advance();
            }
            Node lhs = std::move(out);
            out = Node{};
            out.op = op;
            out.column = lhs.column;
            out.args.push_back(std::move(lhs));
            out.args.emplace_back();
            if (!expression(power, out.args.back(), depth + 1)) return false;
        }
    }

    bool prefix(Node& out, int depth) {
        out.column = column(tok_.pos);
        switch (tok_.kind) {
            case Tok::Number: {
                out.op = Op::Literal;
                out.literal = number_value(std::strtod(tok_.text.c_str(), nullptr));
                advance();
                return true;
            }
            case Tok::String:
                out.op = Op::Literal;
                out.literal = tok_.text;
                advance();
                return true;
            case Tok::Minus:
            case Tok::Bang: {
                out.op = tok_.kind == Tok::Minus ? Op::Neg : Op::Not;
                advance();
                out.args.emplace_back();
                return expression(out.op == Op::Neg ? 6 : 3, out.args.back(), depth + 1);
            }
            case Tok::LParen: {
                advance();
                if (!expression(0, out, depth + 1)) return false;
                if (tok_.kind != Tok::RParen) return tok_.kind == Tok::End ? fail(tok_.pos, "expected ')'") : unexpected();
                advance();
                return true;
            }
            case Tok::LBracket: {
                out.op = Op::List;
                advance();
                return items(Tok::RBracket, out, depth);
            }
            case Tok::Ident: return name(out, depth);
            default: return unexpected();
        }
    }

    bool items(Tok close, Node& out, int depth) {
        if (tok_.kind == close) {
            advance();
            return true;
        }
        for (;;) {
            if (out.args.size() >= 1000) return fail(tok_.pos, "too many items");
            out.args.emplace_back();
            if (!expression(0, out.args.back(), depth + 1)) return false;
            if (tok_.kind == Tok::Comma) {
                advance();
                continue;
            }
            if (tok_.kind == close) {
                advance();
                return true;
            }
            if (tok_.kind == Tok::End) return fail(tok_.pos, close == Tok::RParen ? "expected ')'" : "expected ']'");
            return unexpected();
        }
    }

    bool name(Node& out, int depth) {
        std::string text = tok_.text;
        std::size_t pos = tok_.pos;
        advance();
        if (text[0] == '{') {
            out.op = Op::Ref;
            out.name = text.substr(1);
            return true;
        }
        if (text == "true" || text == "false") {
            out.op = Op::Literal;
            out.literal = text == "true";
            return true;
        }
        if (text == "null") {
            out.op = Op::Literal;
            return true;
        }
        if (text == "not") {
            out.op = Op::Not;
            out.args.emplace_back();
            return expression(3, out.args.back(), depth + 1);
        }
        if (text == "and" || text == "or" || text == "in" || text == "contains")
            return fail(pos, "unexpected '" + text + "'");
        if (tok_.kind != Tok::LParen) {
            out.op = Op::Ref;
            out.name = std::move(text);
            return true;
        }
        static const char* const kFunctions[] = {"answered", "count", "sum", "min", "max", "abs", "round", "len", "days_since"};
        bool known = false;
        for (const char* f : kFunctions) known = known || text == f;
        if (!known) return fail(pos, "unknown function '" + text + "'");
        out.op = Op::Call;
        out.name = text;
        advance();
        if (!items(Tok::RParen, out, depth)) return false;
        if (text == "answered" || text == "len" || text == "count" || text == "abs" || text == "days_since") {
            if (out.args.size() != 1) return fail(pos, text + "() takes exactly one argument");
            if (text == "answered" && out.args[0].op != Op::Ref)
                return fail(pos, "answered() takes a question reference");
        } else if (text == "round") {
            if (out.args.empty() || out.args.size() > 2) return fail(pos, "round() takes one or two arguments");
        } else if (out.args.empty()) {
            return fail(pos, text + "() needs at least one argument");
        }
        return true;
    }

    std::string_view s_;
    ParseError& err_;
    std::size_t i_ = 0;
    Token tok_;
};

// [SECTION] Evaluation ------------------------------------------------------------------------

bool as_number(const json& v, double& out) {
    if (!v.is_number()) return false;
    out = v.get<double>();
    return true;
}

bool equal(const json& a, const json& b) {
    double x, y;
    if (as_number(a, x) && as_number(b, y)) return x == y;
    if (a.type() != b.type()) return false;
    return a == b;
}

// Ordering: numbers with numbers, strings with strings (byte order = code point order in UTF-8).
bool compare(const json& a, const json& b, int& cmp) {
    double x, y;
    if (as_number(a, x) && as_number(b, y)) {
        cmp = x < y ? -1 : x > y ? 1 : 0;
        return true;
    }
    if (a.is_string() && b.is_string()) {
        int c = a.get_ref<const std::string&>().compare(b.get_ref<const std::string&>());
        cmp = c < 0 ? -1 : c > 0 ? 1 : 0;
        return true;
    }
    return false;
}

bool member(const json& item, const json& container) {
    if (container.is_array()) {
        for (const json& e : container)
            if (equal(item, e)) return true;
        return false;
    }
    if (container.is_string() && item.is_string())
        return container.get_ref<const std::string&>().find(item.get_ref<const std::string&>()) != std::string::npos;
    if (container.is_object() && item.is_string()) return container.contains(item.get_ref<const std::string&>());
    return false;
}

// `x in list`: for a multi-pick answer (an array) true when any pick is in the list.
bool in(const json& left, const json& right) {
    if (left.is_null()) return false;
    if (left.is_array()) {
        for (const json& e : left)
            if (member(e, right)) return true;
        return false;
    }
    return member(left, right);
}

// `a contains b`: a list holds b (every item of b when b is a list), a text holds a substring,
// a matrix answer has a row.
bool contains(const json& left, const json& right) {
    if (right.is_null()) return false;
    if (right.is_array() && left.is_array()) {
        for (const json& e : right)
            if (!member(e, left)) return false;
        return true;
    }
    return member(right, left);
}

void collect_numbers(const json& v, std::vector<double>& out) {
    double d;
    if (as_number(v, d)) {
        out.push_back(d);
    } else if (v.is_array()) {
        for (const json& e : v)
            if (as_number(e, d)) out.push_back(d);
    } else if (v.is_object()) {
        for (auto it = v.begin(); it != v.end(); ++it)
            if (as_number(it.value(), d)) out.push_back(d);
    }
}

json eval(const Node& n, const Scope& scope);

json call(const Node& n, const Scope& scope) {
    const std::string& f = n.name;
    if (f == "answered") {
        json v = scope.lookup(n.args[0].name);
        return truthy(v) || v.is_number() || v.is_boolean();
    }
    std::vector<json> vals;
    vals.reserve(n.args.size());
    for (const Node& a : n.args) vals.push_back(eval(a, scope));
    if (f == "count") {
        const json& v = vals[0];
        if (v.is_null()) return 0;
        if (v.is_array() || v.is_object()) return v.size();
        return 1;
    }
    if (f == "len") {
        if (vals[0].is_string()) return utf8_length(vals[0].get_ref<const std::string&>());
        if (vals[0].is_array() || vals[0].is_object()) return vals[0].size();
        return nullptr;
    }
    if (f == "days_since") {
        // Whole days from an ISO date ("2026-11-02" or a full timestamp) to the scope's clock,
        // rounded down (negative for a date in the future); null without a clock or a date.
        std::optional<std::int64_t> now = scope.now_ms();
        if (!now || !vals[0].is_string()) return nullptr;
        std::optional<std::int64_t> then = parse_iso_utc(vals[0].get_ref<const std::string&>());
        if (!then) return nullptr;
        return number_value(std::floor(static_cast<double>(*now - *then) / 86400000.0));
    }
    if (f == "abs") {
        double d;
        return as_number(vals[0], d) ? number_value(std::fabs(d)) : json();
    }
    if (f == "round") {
        double d, digits = 0;
        if (!as_number(vals[0], d)) return nullptr;
        if (vals.size() == 2 && (!as_number(vals[1], digits) || digits < 0 || digits > 10)) return nullptr;
        double scale = std::pow(10.0, std::floor(digits));
        return number_value(std::round(d * scale) / scale);
    }
    std::vector<double> nums;
    for (const json& v : vals) collect_numbers(v, nums);
    if (f == "sum") {
        double total = 0;
        for (double d : nums) total += d;
        return number_value(total);
    }
    if (nums.empty()) return nullptr;
    double best = nums[0];
    for (double d : nums) best = f == "min" ? std::fmin(best, d) : std::fmax(best, d);
    return number_value(best);
}

json arithmetic(Op op, const json& a, const json& b) {
    if (op == Op::Add && a.is_string() && b.is_string())
        return a.get_ref<const std::string&>() + b.get_ref<const std::string&>();
    double x, y;
    if (!as_number(a, x) || !as_number(b, y)) return nullptr;
    switch (op) {
        case Op::Add: return number_value(x + y);
        case Op::Sub: return number_value(x - y);
        case Op::Mul: return number_value(x * y);
        case Op::Div: return y == 0 ? json() : number_value(x / y);
        case Op::Mod: return y == 0 ? json() : number_value(std::fmod(x, y));
        default: return nullptr;
    }
}

json eval(const Node& n, const Scope& scope) {
    switch (n.op) {
        case Op::Literal: return n.literal;
        case Op::Ref: return scope.lookup(n.name);
        case Op::List: {
            json list = json::array();
            for (const Node& a : n.args) list.push_back(eval(a, scope));
            return list;
        }
        case Op::Call: return call(n, scope);
        case Op::Not: return !truthy(eval(n.args[0], scope));
        case Op::Neg: {
            double d;
            json v = eval(n.args[0], scope);
            return as_number(v, d) ? number_value(-d) : json();
        }
        case Op::Or: return truthy(eval(n.args[0], scope)) || truthy(eval(n.args[1], scope));
        case Op::And: return truthy(eval(n.args[0], scope)) && truthy(eval(n.args[1], scope));
        default: break;
    }
    json a = eval(n.args[0], scope);
    json b = eval(n.args[1], scope);
    int cmp = 0;
    switch (n.op) {
        case Op::Eq: return equal(a, b);
        case Op::Ne: return !equal(a, b);
        case Op::Lt: return compare(a, b, cmp) && cmp < 0;
        case Op::Le: return compare(a, b, cmp) && cmp <= 0;
        case Op::Gt: return compare(a, b, cmp) && cmp > 0;
        case Op::Ge: return compare(a, b, cmp) && cmp >= 0;
        case Op::In: return in(a, b);
        case Op::NotIn: return !a.is_null() && !in(a, b);
        case Op::Contains: return contains(a, b);
        default: return arithmetic(n.op, a, b);
    }
}

void collect_refs(const Node& n, std::vector<Expression::Reference>& out) {
    if (n.op == Op::Ref) out.push_back({n.name, n.column});
    for (const Node& a : n.args) collect_refs(a, out);
}

}  // namespace

json number_value(double d) {
    if (!std::isfinite(d)) return nullptr;
    if (std::floor(d) == d && std::fabs(d) < 9007199254740992.0) return static_cast<std::int64_t>(d);
    return d;
}

bool truthy(const json& v) {
    if (v.is_boolean()) return v.get<bool>();
    if (v.is_number()) return v.get<double>() != 0;
    if (v.is_string()) return !v.get_ref<const std::string&>().empty();  // json::empty() is false for strings
    if (v.is_array() || v.is_object()) return !v.empty();
    return false;
}

Expression Expression::parse(std::string_view text, ParseError& error) {
    error = ParseError{};
    Expression e;
    Parser p(text, error);
    std::optional<Node> root = p.run();
    if (!root || error.column != 0) return e;
    e.root_ = std::move(root);
    e.source_ = std::string(text);
    return e;
}

json Expression::evaluate(const Scope& scope) const { return root_ ? eval(*root_, scope) : json(); }

bool Expression::test(const Scope& scope) const { return truthy(evaluate(scope)); }

std::vector<Expression::Reference> Expression::references() const {
    std::vector<Reference> out;
    if (root_) collect_refs(*root_, out);
    return out;
}

}  // namespace touchpoint::expr
