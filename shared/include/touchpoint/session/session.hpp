// A respondent's walk through a survey: the state machine behind the widget. Steps are the
// survey's pages, or one question each; a step whose questions are all hidden (visibleIf) is
// skipped. next() checks the step (required, answer constraints, validation rules) and then
// follows logic (goto/end) or moves on; back() returns along the path actually taken. The state
// serializes to JSON so an interrupted respondent can resume where they were.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "touchpoint/base/diagnostics.hpp"
#include "touchpoint/response/writer.hpp"
#include "touchpoint/survey/survey.hpp"

namespace touchpoint {

class Session {
public:
    // `locale` is negotiated against the survey's locales ("" = the default locale). The survey
    // is shared (the generator runs many sessions on one) or handed over (the engine).
    Session(std::shared_ptr<const Survey> survey, std::string_view requested_locale, json context = json::object());
    Session(std::unique_ptr<const Survey> survey, std::string_view requested_locale, json context = json::object());

    const Survey& survey() const { return *survey_; }
    const std::string& locale() const { return locale_; }

    // Stores a raw answer (normalized) and clears that question's error. A value of the wrong
    // shape is refused: the previous answer stays and the error is set. false if unknown id.
    bool answer(std::string_view question_id, const json& raw);
    bool next();        // false when the step has errors (they are in view())
    bool back();        // false when there is nowhere to go back to
    bool done() const { return done_; }

    // Resolves the survey's hidden fields from the widget's sources ({"url":{...},"show":{...}}) and
    // the visitor's attributes (context "segment"); returns the undeclared names under "show",
    // which are ignored (survey/hidden_fields.hpp). Values already known (a resumed state) stay
    // unless a source gives a new one.
    std::vector<std::string> set_hidden_fields(const json& sources);
    const json& hidden_fields() const { return fields_; }

    json view() const;                 // the renderer's view of the current step (engine/engine.hpp)
    json answers() const;              // normalized answers that count: visible questions on the path
    const json& scores() const;       // compute_scores over all stored answers (what expressions see)
    json state() const;                // {"touchpoint":"session/1","survey":hash,"locale","answers","fields","path","done"}
    // Restores a state(); reports problems at "/state/..." and leaves the session unchanged then.
    bool restore(const json& state, Diagnostics& diags);

private:
    bool visible(std::size_t question) const;
    bool step_visible(std::size_t step) const;
    std::size_t next_visible_step(std::size_t from) const;   // steps().size() when none
    std::size_t current() const { return path_.back(); }
    bool check_step();                                        // fills errors_, true when clean
    json describe_question(std::size_t q, const Localizer& loc) const;
    json thank_you() const;
    class PipedValues;                                        // piping::Values over this session
    friend class PipedValues;

    // Keeps the survey alive whichever way it came: a type-erased owner, not a std::shared_ptr
    // member, whose control block brings the C++ runtime's type-info code into the widget's engine
    // (≈ 1 KB gzip; the engine hands its survey over). The shared form is in session_shared.cpp.
    using Owner = std::unique_ptr<const void, void (*)(const void*)>;
    Session(const Survey* survey, Owner owner, std::string_view requested_locale, json context);
    Owner owner_;
    const Survey* survey_;
    std::string locale_;
    json context_;
    json answers_ = json::object();                 // raw store: question id -> normalized value
    json fields_ = json::object();                  // hidden field id -> value (on the device: not yet redacted)
    // By question index: its localized message, or null. A vector of json (a JSON array's own
    // storage: code the engine has anyway) rather than a std::map<std::string, std::string>, whose
    // tree code it would carry for this alone, or a json array, whose growing operator[] it would.
    std::vector<json> errors_;
    void set_error(std::size_t qi, json message);
    std::vector<std::size_t> path_;                 // steps visited, current last
    bool done_ = false;
    // compute_scores over the raw answers, cached: visibility checks read it for every question.
    mutable json scores_cache_;
    mutable bool scores_dirty_ = true;
};

// The response/1 payload of the session's answers so far (response/writer.hpp).
bool build_payload(const Session& session, const json& context, std::string_view random_hex, json& out,
                   Diagnostics& diags);

}  // namespace touchpoint
