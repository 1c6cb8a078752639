// The NDJSON fast path: one pass over a line, validating JSON syntax as strictly as the full
// parser (strings, escapes incl. surrogate pairs, UTF-8 per RFC 3629, number grammar, literals,
// trailing bytes) while copying nothing: needed members become views into the line. Whenever the
// line is not plainly simple — a needed string with escapes, a needed number with a fraction or
// exponent, any exponent at all, a list or object where a scalar is wanted, a duplicate member we
// track, deep nesting — it returns false and the caller parses the line fully, so both paths
// agree by construction.
#include "aggregate/byte_scan.hpp"
#include "aggregate/facts.hpp"
#include "touchpoint/response/members.hpp"
#include "touchpoint/survey/other_answer.hpp"

namespace touchpoint::agg {
namespace {

constexpr int kMaxDepth = 512;

namespace top = members::payload;

class LineScanner {
public:
    LineScanner(std::string_view line, const FactsRequest& req, Facts& f)
        : p_(line.data()), e_(line.data() + line.size()), req_(req), f_(f) {}

    // The line is [p_, e_): read whole.
    bool run() { return payload() && p_ == e_; }

    // The line starts at p_ and ends at the first '\n' before e_: read up to it, and return it
    // (nullptr if not read whole, or if no '\n' ends it before e_). No rule lets the scan step
    // over a '\n' (not whitespace here, a control byte in a string, no digit, no literal's letter,
    // no escape, no UTF-8 continuation), so whatever lies past it is never read: the answer is
    // exactly run()'s over the line alone, without a separate search for the line's end first.
    const char* run_to_newline() { return payload() && p_ < e_ && *p_ == '\n' ? p_ : nullptr; }

private:
    // A literal (or a member name, in which_member) against a known one. Not string_view's ==: in
    // wasm that calls the C library's memcmp, a byte-at-a-time loop behind a call, at every literal of
    // every line; here the loop runs over a constant's bytes once inlined, so the compiler unrolls it
    // (natively too).
    static bool is(std::string_view text, std::string_view name) {
        if (text.size() != name.size()) return false;
        for (std::size_t i = 0; i < name.size(); ++i)
            if (text[i] != name[i]) return false;
        return true;
    }

    // The top-level object and the whitespace after it.
    bool payload() {
        if (!ws() || *p_ != '{') return false;
        Raw top;
        if (!object(top, In::Top)) return false;
        ws();
        return true;
    }

    // Skips whitespace; false at the end of the line. Compact NDJSON has none between tokens, so
    // the first test (a byte above ' ' is never whitespace) settles almost every call. Not '\n':
    // NDJSON ends a line there (a line holding one, from Aggregator::add_line, goes to the full parser).
    // Inlined (forced: clang leaves it a call in the wasm build, four calls per member).
    __attribute__((always_inline)) bool ws() {
        if (p_ < e_ && static_cast<unsigned char>(*p_) > ' ') return true;
        while (p_ < e_ && (*p_ == ' ' || *p_ == '\t' || *p_ == '\r')) ++p_;
        return p_ < e_;
    }

    static int hex4(const char* p) {
        int v = 0;
        for (int i = 0; i < 4; ++i) {
            char c = p[i];
            int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
            if (d < 0) return -1;
            v = v * 16 + d;
        }
        return v;
    }

    // Length of the valid UTF-8 sequence at p (lead byte >= 0x80), 0 if invalid (RFC 3629 table).
    std::size_t utf8_seq(const unsigned char* p) const {
        const unsigned char* e = reinterpret_cast<const unsigned char*>(e_);
        unsigned char c = p[0];
        auto cont = [&](std::size_t i, unsigned char lo, unsigned char hi) { return p + i < e && p[i] >= lo && p[i] <= hi; };
        if (c >= 0xC2 && c <= 0xDF) return cont(1, 0x80, 0xBF) ? 2 : 0;
        if (c == 0xE0) return cont(1, 0xA0, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
        if ((c >= 0xE1 && c <= 0xEC) || c == 0xEE || c == 0xEF) return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) ? 3 : 0;
        if (c == 0xED) return cont(1, 0x80, 0x9F) && cont(2, 0x80, 0xBF) ? 3 : 0;
        if (c == 0xF0) return cont(1, 0x90, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
        if (c >= 0xF1 && c <= 0xF3) return cont(1, 0x80, 0xBF) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
        if (c == 0xF4) return cont(1, 0x80, 0x8F) && cont(2, 0x80, 0xBF) && cont(3, 0x80, 0xBF) ? 4 : 0;
        return 0;
    }

    // At '"'. `out` = raw contents; `escaped` if it holds any escape (then `out` is not the text).
    // Most strings (member names, ids, choice values) are one plain ASCII run up to the closing
    // quote: that case is decided here, inlined at every call (forced: clang leaves it a call in
    // the wasm build, ~11% of the worker's scan time); the rest goes on in string_rest (escapes,
    // UTF-8, runs longer than one SIMD block).
    __attribute__((always_inline)) bool string(std::string_view& out, bool& escaped) {
        const char* start = ++p_;
        const char* q = byte_scan::plain_run_end(p_, e_);
        if (q < e_ && *q == '"') {
            out = std::string_view(start, std::size_t(q - start));
            escaped = false;
            p_ = q + 1;
            return true;
        }
        p_ = q;
        return string_rest(start, out, escaped);
    }

    // string() from p_ on, which is past the start of its contents (at `start`).
    bool string_rest(const char* start, std::string_view& out, bool& escaped) {
        escaped = false;
        for (;;) {
            p_ = byte_scan::plain_run_end(p_, e_);  // the plain ASCII run, 16 bytes at a time with SIMD
            if (p_ >= e_) return false;
            unsigned char c = static_cast<unsigned char>(*p_);
            if (c == '"') {
                out = std::string_view(start, std::size_t(p_ - start));
                ++p_;
                return true;
            }
            if (c == '\\') {
                escaped = true;
                if (e_ - p_ < 2) return false;
                char x = p_[1];
                if (x == 'u') {
                    if (e_ - p_ < 6) return false;
                    int u = hex4(p_ + 2);
                    if (u < 0 || (u >= 0xDC00 && u <= 0xDFFF)) return false;
                    p_ += 6;
                    if (u >= 0xD800 && u <= 0xDBFF) {  // must be followed by a low surrogate
                        if (e_ - p_ < 6 || p_[0] != '\\' || p_[1] != 'u') return false;
                        int lo = hex4(p_ + 2);
                        if (lo < 0xDC00 || lo > 0xDFFF) return false;
                        p_ += 6;
                    }
                    continue;
                }
                if (x != '"' && x != '\\' && x != '/' && x != 'b' && x != 'f' && x != 'n' && x != 'r' && x != 't') return false;
                p_ += 2;
                continue;
            }
            if (c < 0x20) return false;
            std::size_t len = utf8_seq(reinterpret_cast<const unsigned char*>(p_));
            if (len == 0) return false;
            p_ += len;
        }
    }

    // JSON number grammar; exponents are left to the full parser. `integral` if no fraction.
    bool number(std::string_view& text, bool& integral) {
        const char* start = p_;
        if (*p_ == '-') ++p_;
        if (p_ >= e_) return false;
        if (*p_ == '0') {
            ++p_;
        } else if (*p_ >= '1' && *p_ <= '9') {
            while (p_ < e_ && *p_ >= '0' && *p_ <= '9') ++p_;
        } else {
            return false;
        }
        integral = true;
        if (p_ < e_ && *p_ == '.') {
            integral = false;
            ++p_;
            const char* d = p_;
            while (p_ < e_ && *p_ >= '0' && *p_ <= '9') ++p_;
            if (p_ == d) return false;
        }
        if (p_ < e_ && (*p_ == 'e' || *p_ == 'E')) return false;
        text = std::string_view(start, std::size_t(p_ - start));
        return true;
    }

    bool literal(std::string_view word) {
        if (std::size_t(e_ - p_) < word.size() || !is(std::string_view(p_, word.size()), word)) return false;
        p_ += word.size();
        return true;
    }

    // Which object's members object() reads: one loop for all of them, not one per kind of object.
    // A loop per kind (a template over the member handler) made the scan one ~37 KB wasm function
    // that V8 took ~85 ms to optimise, running the first aggregation in its baseline tier meanwhile.
    enum class In : unsigned char { Top, Survey, Journey, Scores, Answers, Context, Segment, Nps, Csat, Ces, Skipped };
    static_assert(unsigned(In::Skipped) < KeyPredictor::kKinds, "the key predictor keeps names per kind of object");

    bool object(Raw& r, In in) {
        r.kind = Raw::Object;
        ++p_;
        if (++depth_ > kMaxDepth || !ws()) return false;
        if (*p_ == '}') {
            ++p_;
            --depth_;
            return true;
        }
        // Each name: first against the one the predictor expects here (key_predictor.hpp), which
        // reads the name and its ':' in one compare; otherwise the usual way, which teaches it.
        KeyPredictor& keys = f_.keys;
        const unsigned kind = static_cast<unsigned>(in);
        int previous = KeyPredictor::kNone;  // the entry of the member before, once read
        for (;;) {
            if (*p_ != '"') return false;
            std::string_view key;
            const int predicted = keys.predict(kind, previous);
            std::size_t hit = 0;
            if (predicted != KeyPredictor::kNone && e_ - p_ >= std::ptrdiff_t(KeyPredictor::kPattern)) hit = keys.match(predicted, p_);
            Member what = Member::Undecided;
            if (hit) {  // the same bytes as a name read and accepted before, through its ':'
                key = std::string_view(p_ + 1, keys.name_size(predicted));
                p_ += hit;
                previous = predicted;
                what = static_cast<Member>(keys.meaning(predicted, kind));
            } else {
                const char* pattern = p_;
                bool escaped;
                if (!string(key, escaped) || escaped) return false;  // an escaped key could spell a tracked one
                if (!ws() || *p_ != ':') return false;
                ++p_;
                previous = keys.learn(kind, previous, std::string_view(pattern, std::size_t(p_ - pattern)), key.size());
                if (previous >= 0) what = static_cast<Member>(keys.meaning(previous, kind));
            }
            if (what == Member::Undecided) {  // a name not held, or held but not yet decided
                what = which_member(in, key);
                if (previous >= 0) keys.set_meaning(previous, kind, static_cast<std::uint8_t>(what));
            }
            if (!ws()) return false;
            const Read read = member(what, key);
            if (read == Read::Fail || (read == Read::Skip && !skip_value())) return false;
            if (!ws()) return false;
            if (*p_ == ',') {
                ++p_;
                if (!ws()) return false;
                continue;
            }
            if (*p_ != '}') return false;
            ++p_;
            --depth_;
            return true;
        }
    }

    bool skip_array() {
        ++p_;
        if (++depth_ > kMaxDepth || !ws()) return false;
        if (*p_ == ']') {
            ++p_;
            --depth_;
            return true;
        }
        for (;;) {
            if (!skip_value() || !ws()) return false;
            if (*p_ == ',') {
                ++p_;
                if (!ws()) return false;
                continue;
            }
            if (*p_ != ']') return false;
            ++p_;
            --depth_;
            return true;
        }
    }

    // A value nothing reads. Most are strings (ids, hashes, pages): those are skipped right here,
    // inlined in the object loop (and the array loop), the rest behind a call.
    __attribute__((always_inline)) bool skip_value() {
        if (*p_ == '"') {
            std::string_view s;
            bool esc;
            return string(s, esc);
        }
        return skip_other();
    }

    bool skip_other() {
        Raw ignored;
        switch (*p_) {
            case '{': return object(ignored, In::Skipped);
            case '[': return skip_array();
            case 't': return literal("true");
            case 'f': return literal("false");
            case 'n': return literal("null");
            default: {
                std::string_view t;
                bool integral;
                return number(t, integral);
            }
        }
    }

    // A tracked scalar member: its kind, and its text/value when simple.
    bool capture(Raw& r) {
        if (r.kind != Raw::Absent) return false;  // duplicate member: the full parser decides
        switch (*p_) {
            case '{': r.kind = Raw::Object; return skip_other();  // not skip_value: no string scan inlined here for a '{'
            case '[': r.kind = Raw::Array; return skip_array();
            case '"': {
                bool esc;
                if (!string(r.text, esc) || esc) return false;
                r.kind = Raw::String;
                return true;
            }
            case 't': r.kind = Raw::True; return literal("true");
            case 'f': r.kind = Raw::False; return literal("false");
            case 'n': r.kind = Raw::Null; return literal("null");
            default: {
                bool integral;
                if (!number(r.text, integral) || !integral || !is_plain_integer(r.text)) return false;
                long long v = 0;
                for (char c : r.text)
                    if (c != '-') v = v * 10 + (c - '0');
                r.number = double(r.text[0] == '-' ? -v : v);
                r.kind = Raw::Number;
                return true;
            }
        }
    }

    bool capture_values(Values& v) {
        if (v.present || *p_ == '[' || *p_ == '{') return false;  // lists/objects: full parser
        v.present = true;
        if (!capture(v.raw)) return false;
        switch (v.raw.kind) {
            case Raw::String:
            case Raw::Number: v.items[v.count++] = v.raw.text; break;
            case Raw::True: v.items[v.count++] = "true"; break;
            case Raw::False: v.items[v.count++] = "false"; break;
            default: break;
        }
        return true;
    }

    // A list's strings as group values, in order, the first kMaxValues of them; its other items
    // count for nothing (values_of in facts_json.cpp reads a parsed list so). At its '['. A string
    // with an escape goes to the full parser, whose text is unescaped. `each(index, item)` sees every
    // string item with its index among all the items (a ranking's positions).
    // `each` through a pointer, not a template: one copy of the walk in the wasm (four inlined
    // copies of it and of the string scan made the aggregation module 9% larger).
    using EachItem = void (*)(void* context, std::size_t index, std::string_view item);
    __attribute__((noinline)) bool list_strings(Values* v, EachItem each = nullptr, void* context = nullptr) {
        if (v) {
            if (v->present) return false;  // a repeated member: the full parser decides
            v->present = true;
            v->raw.kind = Raw::Array;
        }
        ++p_;
        if (++depth_ > kMaxDepth || !ws()) return false;
        for (std::size_t index = 0; *p_ != ']'; ++index) {
            if (index > 0) {
                if (*p_ != ',') return false;
                ++p_;
                if (!ws()) return false;
            }
            if (*p_ == '"') {
                std::string_view item;
                bool escaped;
                if (!string(item, escaped) || escaped) return false;
                if (v && v->count < kMaxValues) v->items[v->count++] = item;
                if (each) each(context, index, item);
            } else if (!skip_other()) {
                return false;
            }
            if (!ws()) return false;
        }
        ++p_;
        --depth_;
        return true;
    }

    // An object's members, at its '{': `each(name)` with p_ at the member's value, which it must
    // read or skip. A name with an escape could spell one that is read: the full parser has it.
    using EachMember = bool (*)(void* context, std::string_view name);
    __attribute__((noinline)) bool members_of(EachMember each, void* context) {
        ++p_;
        if (++depth_ > kMaxDepth || !ws()) return false;
        for (bool first = true; *p_ != '}'; first = false) {
            if (!first) {
                if (*p_ != ',') return false;
                ++p_;
                if (!ws()) return false;
            }
            std::string_view name;
            bool escaped;
            if (*p_ != '"' || !string(name, escaped) || escaped || !ws() || *p_ != ':') return false;
            ++p_;
            if (!ws() || !each(context, name) || !ws()) return false;
        }
        ++p_;
        --depth_;
        return true;
    }

    // An answer's parts as Aggregator::part_keys names them (Facts::part_names), at its '[' or '{'.
    bool part_names_of(std::string_view question) {
        part_question_ = question;
        if (*p_ == '[')
            return list_strings(nullptr, [](void* self, std::size_t, std::string_view item) {
                LineScanner& s = *static_cast<LineScanner*>(self);
                s.f_.part_names.push_back({s.part_question_, item, false});
            }, this);
        const std::size_t before = f_.part_names.size();
        part_other_ = false;  // a "value" member: a choice with "other", whose members are not parts
        if (!members_of([](void* self, std::string_view name) {
                LineScanner& s = *static_cast<LineScanner*>(self);
                s.part_other_ = s.part_other_ || name == other_answer::value;
                s.f_.part_names.push_back({s.part_question_, name, true});
                return s.skip_value();
            }, this))
            return false;
        if (part_other_) f_.part_names.resize(before);
        return true;
    }

    // A value read as a requested answer or part: a scalar as capture_values reads it, a list by
    // list_strings. An object (an "other" choice's {"value", "text"} within a matrix row): the full parser.
    bool values_here(Values& v) {
        if (*p_ == '[') return list_strings(&v);
        return capture_values(v);
    }

    // The answer named `key`, at p_, for every request that names it: the whole answer (request
    // `whole`, or none) and its parts ("key/part": a matrix row's column(s), a ranking item's
    // position). Read as answer_values in facts_json.cpp reads the parsed answer:
    // - a scalar is the whole's value; it has no parts;
    // - a list: its strings are the whole's values; a part is the position (from 1, counting every
    //   item) of the first string equal to it;
    // - an object: the whole's values are its "value" member's (an "other" choice); a part's are the
    //   member of that name's.
    // Not read here (the full parser has the line): escapes, repeated members, objects within
    // an object. Read here, not parsed whole: a survey with a multi-select question sent ~70% of
    // its responses to the full parser whenever that answer was grouped by, filtered on or shown
    // (the results page), and with a matrix every response, so such a scan took 8 times as long.
    bool capture_answer(std::string_view key, Values* whole) {
        // An answer named twice: the full parser decides (its parts were set by the first).
        for (std::size_t i = 0; i < answers_read_; ++i)
            if (answer_read_[i].view() == key) return false;
        if (answers_read_ == kMaxRead) return false;
        answer_read_[answers_read_++] = {key.data(), key.size()};
        parts_ = 0;
        for (std::size_t i = 0; i < req_.answers.size(); ++i) {
            const std::string& r = req_.answers[i];
            if (names(r, key) != Names::Part) continue;
            if (parts_ == kMaxRead) return false;
            part_[parts_++] = {{r.data() + key.size() + 1, r.size() - key.size() - 1}, &f_.answer[i]};
        }
        if (*p_ == '[') {
            if (f_.scratch.empty()) f_.scratch.reserve(req_.answers.size());  // positions' texts: views stay valid
            return list_strings(whole, [](void* self, std::size_t index, std::string_view item) {
                LineScanner& s = *static_cast<LineScanner*>(self);
                for (std::size_t i = 0; i < s.parts_; ++i) {
                    const Part& part = s.part_[i];
                    if (part.values->present || part.name.view() != item) continue;
                    part.values->present = true;
                    part.values->raw.kind = Raw::Number;
                    part.values->raw.number = double(index + 1);
                    s.f_.scratch.push_back(std::to_string(index + 1));
                    part.values->items[part.values->count++] = s.f_.scratch.back();
                }
            }, this);
        }
        if (*p_ != '{') {
            if (whole) return capture_values(*whole);
            return skip_value();
        }
        if (whole) {
            if (whole->present) return false;
            whole->present = true;
            whole->raw.kind = Raw::Object;
        }
        whole_ = whole;
        whole_read_ = false;
        return members_of([](void* self, std::string_view name) { return static_cast<LineScanner*>(self)->answer_member(name); }, this);
    }

    // One member of an object answer (capture_answer): a requested part, the whole's "value", or skipped.
    bool answer_member(std::string_view name) {
        Values* read = nullptr;
        for (std::size_t i = 0; i < parts_; ++i)
            if (part_[i].name.view() == name) read = part_[i].values;
        const bool whole_value = whole_ && name == other_answer::value;
        if (read && whole_value) return false;  // one value for both: the full parser reads it twice
        if (read) return values_here(*read);
        if (!whole_value) return skip_value();
        if (whole_read_) return false;  // repeated: the full parser decides
        whole_read_ = true;
        if (*p_ == '[') {
            whole_->present = false;  // list_strings marks it, as a list of its own
            if (!list_strings(whole_)) return false;
            whole_->raw.kind = Raw::Object;
            return true;
        }
        if (*p_ != '"') return skip_value();
        std::string_view text;
        bool escaped;
        if (!string(text, escaped) || escaped) return false;
        whole_->items[whole_->count++] = text;
        return true;
    }

    bool object_or_capture(Raw& r, In in) {
        if (r.kind != Raw::Absent) return false;
        if (*p_ == '{') return object(r, in);
        return capture(r);
    }

    // What member() did with a member's value: read it, refused the line, or left it to object(),
    // which skips it. One skip there, not one inlined into every handler's "anything else" (each an
    // inlined string scan): a smaller function for V8 to optimise.
    enum class Read : unsigned char { Fail, Done, Skip };
    static Read done(bool ok) { return ok ? Read::Done : Read::Fail; }

    // Which member a name is, in its kind of object. Decided by comparing names (which_member) once
    // per name the key predictor holds, and kept in its entry (KeyPredictor::meaning): a predicted
    // name, most names of most lines, is not compared again. Which requested answers or segment
    // members a name is depends on the request, so those are matched at each line (Answer, SegmentValue).
    enum class Member : unsigned char {
        Undecided,  // KeyPredictor::meaning's 0: not decided yet
        Other,      // nothing reads it: skipped
        Tag, Survey, Submitted, Locale, Journey, Scores, Answers, Context,  // the payload's
        SurveyId, SurveyVersion, Map, Stage, Touchpoint, Nps, Csat, Ces, Segment,
        NpsValue, CsatValue, CsatScale, CesValue, CesScale,
        Answer,        // any member of "answers"
        SegmentValue,  // any member of "context"."segment"
    };

    // The names the scan reads, per kind of object: one row each.
    struct Named {
        In in;
        const char* name;
        Member member;
    };
    static constexpr Named kNamed[] = {
        {In::Top, top::touchpoint, Member::Tag},          {In::Top, top::survey, Member::Survey},
        {In::Top, top::submitted, Member::Submitted},     {In::Top, top::locale, Member::Locale},
        {In::Top, top::journey, Member::Journey},         {In::Top, top::scores, Member::Scores},
        {In::Top, top::answers, Member::Answers},         {In::Top, top::context, Member::Context},
        {In::Survey, members::survey::id, Member::SurveyId}, {In::Survey, members::survey::version, Member::SurveyVersion},
        {In::Journey, members::journey::map, Member::Map}, {In::Journey, members::journey::stage, Member::Stage},
        {In::Journey, members::journey::touchpoint, Member::Touchpoint},
        {In::Scores, members::scores::nps, Member::Nps},  {In::Scores, members::scores::csat, Member::Csat},
        {In::Scores, members::scores::ces, Member::Ces},  {In::Context, members::context::segment, Member::Segment},
        {In::Nps, members::nps::value, Member::NpsValue}, {In::Csat, members::csat::value, Member::CsatValue},
        {In::Csat, members::csat::scale, Member::CsatScale}, {In::Ces, members::ces::value, Member::CesValue},
        {In::Ces, members::ces::scale, Member::CesScale},
    };

    // Not inlined: after a few lines it runs only for names the predictor does not hold.
    __attribute__((noinline)) static Member which_member(In in, std::string_view key) {
        if (in == In::Answers) return Member::Answer;  // every name there: which request, per line
        if (in == In::Segment) return Member::SegmentValue;
        for (const Named& n : kNamed)
            if (n.in == in && is(key, n.name)) return n.member;
        return Member::Other;
    }

    // The member `what` (named `key`), its value at p_.
    Read member(Member what, std::string_view key) {
        switch (what) {
            case Member::Undecided:
            case Member::Other: return Read::Skip;
            case Member::Tag: return done(capture(f_.tag));
            case Member::Survey: return done(object_or_capture(f_.survey, In::Survey));
            case Member::Submitted: return done(capture(f_.submitted));
            case Member::Locale: return done(capture(f_.locale));
            case Member::Journey: return done(object_or_capture(f_.journey, In::Journey));
            case Member::Scores: return done(object_or_capture(f_.scores, In::Scores));
            case Member::Answers: {  // its JSON text too, for a reader of every answer (answer_values)
                const char* start = p_;
                if (!object_or_capture(f_.answers, In::Answers)) return Read::Fail;
                if (f_.answers.kind == Raw::Object) f_.answers.text = std::string_view(start, std::size_t(p_ - start));
                return Read::Done;
            }
            case Member::Context: return done(object_or_capture(f_.context, In::Context));
            case Member::SurveyId: return done(capture(f_.survey_id));
            case Member::SurveyVersion: return req_.version ? done(capture(f_.survey_version)) : Read::Skip;
            case Member::Map: return done(capture(f_.map));
            case Member::Stage: return done(capture(f_.stage));
            case Member::Touchpoint: return done(capture(f_.touchpoint));
            case Member::Nps: return done(object_or_capture(f_.nps, In::Nps));
            case Member::Csat: return done(object_or_capture(f_.csat, In::Csat));
            case Member::Ces: return done(object_or_capture(f_.ces, In::Ces));
            case Member::Segment: return done(object_or_capture(f_.segment, In::Segment));
            case Member::NpsValue: return done(capture(f_.nps_value));
            case Member::CsatValue: return done(capture(f_.csat_value));
            case Member::CsatScale: return done(capture(f_.csat_scale));
            case Member::CesValue: return done(capture(f_.ces_value));
            case Member::CesScale: return done(capture(f_.ces_scale));
            case Member::Answer:
                if (req_.names) {
                    f_.answer_names.push_back(key);
                    if (*p_ == '[' || *p_ == '{') {
                        if (!requested(key)) return done(part_names_of(key));
                        f_.answer_list_or_object = true;  // its bytes go to the request below
                    }
                }
                if (!requested(key)) return Read::Skip;
                {
                    Values* whole = nullptr;  // the whole answer, if requested (else only parts are)
                    for (std::size_t i = 0; i < req_.answers.size(); ++i)
                        if (names(req_.answers[i], key) == Names::Whole) whole = &f_.answer[i];
                    return done(capture_answer(key, whole));
                }
            case Member::SegmentValue:
                if (req_.names) f_.segment_names.push_back(key);
                for (std::size_t i = 0; i < req_.segments.size(); ++i)
                    if (key == req_.segments[i]) return done(capture_values(f_.segment_value[i]));
                return Read::Skip;
        }
        return Read::Fail;
    }

    // What the request `r` names of the answer `key`: nothing, the whole ("key") or a part ("key/...").
    enum class Names : unsigned char { No, Whole, Part };
    static Names names(const std::string& r, std::string_view key) {
        if (r.size() < key.size() || r.compare(0, key.size(), key) != 0) return Names::No;
        if (r.size() == key.size()) return Names::Whole;
        return r[key.size()] == '/' ? Names::Part : Names::No;
    }
    bool requested(std::string_view key) const {
        for (const std::string& r : req_.answers)
            if (names(r, key) != Names::No) return true;
        return false;
    }

    // capture_answer's: the answers read so far in this line, and the parts requested of the one
    // it reads. More than kMaxRead of either: the full parser has the line.
    // Trivial types, left uninitialised: a scanner is made for every line.
    static constexpr std::size_t kMaxRead = 32;
    struct Name {
        const char* data;
        std::size_t size;
        std::string_view view() const { return {data, size}; }
    };
    struct Part {
        Name name;
        Values* values;
    };
    Name answer_read_[kMaxRead];
    std::size_t answers_read_ = 0;
    Part part_[kMaxRead];
    std::size_t parts_ = 0;
    Values* whole_;           // capture_answer's whole answer, while it reads an object answer
    bool whole_read_;         // ... and whether its "value" member came yet
    std::string_view part_question_;  // part_names_of's question
    bool part_other_;         // ... and whether its object has a "value" member

    const char* p_;
    const char* e_;
    int depth_ = 0;
    const FactsRequest& req_;
    Facts& f_;
};

}  // namespace

bool scan_line(std::string_view line, const FactsRequest& req, Facts& out) {
    out.reset(req.answers.size(), req.segments.size());
    return LineScanner(line, req, out).run();
}

const char* scan_line_to_newline(const char* from, const char* end, const FactsRequest& req, Facts& out) {
    out.reset(req.answers.size(), req.segments.size());
    return LineScanner(std::string_view(from, std::size_t(end - from)), req, out).run_to_newline();
}

}  // namespace touchpoint::agg
