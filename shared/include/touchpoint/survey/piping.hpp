// Piping: placeholders in a survey's texts that the session fills in as the respondent goes.
//   "Why did you give us {answer.nps}?"   "Hi {segment.company|there}, …"   "Your band: {band.maturity}"
// A placeholder is `{KIND.NAME}` or `{KIND.NAME|fallback}` with KIND one of answer, segment, score,
// band, field; the fallback is shown when the value is missing (default: nothing). `{{answer.q}`
// shows `{answer.q}` as text. Any other brace is text. The loader checks every reference when the survey loads
// (an unknown question, score or hidden field is an error at the text's JSON pointer); the session
// fills them in its view (session/session.hpp) — values are inserted as text, never markup.
#pragma once
#include <string>
#include <string_view>

namespace touchpoint {
struct Survey;
}

namespace touchpoint::piping {

enum class Kind { Answer, Segment, Score, Band, Field };

struct Placeholder {
    Kind kind = Kind::Answer;
    std::string_view name;      // the question, attribute, score or hidden field id
    std::string_view fallback;  // after '|', or empty
};

// Where values come from: the session implements it. Returns false when there is no value.
class Values {
public:
    virtual ~Values() = default;
    virtual bool value(const Placeholder& placeholder, std::string& out) const = 0;
};

constexpr std::size_t kMaxPipedChars = 500;  // one inserted value, in characters (longer ones are cut)

// `text` with every placeholder replaced (inserted values are not scanned again).
std::string fill(std::string_view text, const Values& values);

// Checks the placeholders of one text against the survey: "" when all are fine, else a sentence
// naming the first bad one and its column (1-based, characters).
std::string check(std::string_view text, const Survey& survey);

}  // namespace touchpoint::piping
