#include "touchpoint/base/json_text.hpp"

#include "touchpoint/base/utf8.hpp"

namespace touchpoint {
namespace {

// The library's DOM builder, plus a note of where and why it stopped. sax_parse is a template
// over the handler type, so this parse_error hides the base one without a virtual call.
template <class Json>
class PositionedBuilder : public nlohmann::detail::json_sax_dom_parser<Json> {
    using Base = nlohmann::detail::json_sax_dom_parser<Json>;

public:
    explicit PositionedBuilder(Json& result) : Base(result, /*allow_exceptions=*/false) {}

    template <class Exception>
    bool parse_error(std::size_t position, const std::string& last_token, const Exception& ex) {
        failed_at = position;
        reason = ex.what();
        return Base::parse_error(position, last_token, ex);
    }

    std::size_t failed_at = 0;  // characters read when the parser gave up (one past the bad byte)
    std::string reason;
};

// "[json.exception.parse_error.101] parse error at line 1, column 2: syntax error while parsing
// value - invalid literal; last read: 'x'" -> "invalid literal; last read: 'x'". Our own line and
// column replace the library's prefix.
std::string short_reason(const std::string& what) {
    std::size_t dash = what.find(" - ");
    if (dash != std::string::npos) return what.substr(dash + 3);
    std::size_t colon = what.find(": ");
    return colon == std::string::npos ? what : what.substr(colon + 2);
}

template <class Json>
bool parse_into(std::string_view text, Json& out, JsonSyntaxError* error) {
    out = Json();
    PositionedBuilder<Json> builder(out);
    auto input = nlohmann::detail::input_adapter(text.begin(), text.end());
    nlohmann::detail::parser<Json, decltype(input)> parser(std::move(input), nullptr, /*allow_exceptions=*/false);
    if (parser.sax_parse(&builder, /*strict=*/true) && !builder.is_errored()) return true;
    out = Json(Json::value_t::discarded);
    if (error) {
        // The parser counts the characters read, i.e. one past the byte it choked on (at the end
        // of the input there is no such byte: the offset is then the input's length).
        error->byte = builder.failed_at > 0 ? builder.failed_at - 1 : 0;
        if (error->byte > text.size()) error->byte = text.size();
        json_text_position(text, error->byte, error->line, error->column);
        // The parser quotes the bytes it last read, which may be a broken UTF-8 sequence: the
        // reason is shown and stored as text (JSON, a terminal), so each invalid byte becomes U+FFFD.
        const std::string reason = short_reason(builder.reason);
        error->reason.clear();
        for (std::size_t pos = 0; pos < reason.size();) utf8_append(error->reason, utf8_next(reason, pos));
    }
    return false;
}

template <class Json>
bool parse_reporting(std::string_view text, Json& out, Diagnostics& d, std::string_view what) {
    JsonSyntaxError error;
    if (parse_into(text, out, &error)) return true;
    std::string message(what);
    message += message.empty() ? "not valid JSON at " : " is not valid JSON at ";
    d.error("", message + error.describe());
    return false;
}

}  // namespace

void json_text_position(std::string_view text, std::size_t byte, std::size_t& line, std::size_t& column) {
    if (byte > text.size()) byte = text.size();
    line = 1;
    column = 1;
    for (std::size_t i = 0; i < byte; ++i) {
        const unsigned char c = static_cast<unsigned char>(text[i]);
        if (c == '\n') {
            ++line;
            column = 1;
        } else if ((c & 0xC0) != 0x80) {  // not a UTF-8 continuation byte
            ++column;
        }
    }
}

std::string JsonSyntaxError::describe() const {
    std::string out = "line " + std::to_string(line) + ", column " + std::to_string(column) + " (byte " +
                      std::to_string(byte) + ")";
    if (!reason.empty()) out += ": " + reason;
    return out;
}

bool parse_json(std::string_view text, nlohmann::json& out, JsonSyntaxError* error) {
    return parse_into(text, out, error);
}
bool parse_json(std::string_view text, nlohmann::ordered_json& out, JsonSyntaxError* error) {
    return parse_into(text, out, error);
}
bool parse_json(std::string_view text, nlohmann::json& out, Diagnostics& d, std::string_view what) {
    return parse_reporting(text, out, d, what);
}
bool parse_json(std::string_view text, nlohmann::ordered_json& out, Diagnostics& d, std::string_view what) {
    return parse_reporting(text, out, d, what);
}

}  // namespace touchpoint
