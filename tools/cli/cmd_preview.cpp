// `touchpoint preview --survey FILE --answers FILE [--context FILE] [--locale L] [--cloudevents]
// [--seed N]`: runs the answers through a session exactly as the widget would (visibility, logic,
// validation), then prints the exact response/1 payload that would be sent (or its CloudEvent).
// The id comes from /dev/urandom unless --seed makes it reproducible; the time is the context's
// now_ms, else the clock.
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "cli/parse_args.hpp"
#include "cli/file_io.hpp"
#include "touchpoint/base/hash.hpp"
#include "touchpoint/base/json_text.hpp"
#include "touchpoint/response/cloudevent.hpp"
#include "touchpoint/response/writer.hpp"
#include "touchpoint/session/session.hpp"

namespace touchpoint::cli {
namespace {

constexpr std::size_t kMaxInputBytes = 8u << 20;  // answers/context/survey files

// Reads a small JSON file (answers, context) with the same nesting guard as surveys.
bool read_json(const std::string& path, const char* what, json& out) {
    std::string error;
    auto text = read_whole(path, &error, kMaxInputBytes);
    if (!text) {
        std::fprintf(stderr, "touchpoint preview: cannot read %s %s: %s\n", what, path.c_str(), error.c_str());
        return false;
    }
    Diagnostics d;
    if (!precheck_json(*text, SurveyLimits{}, d)) {
        std::fprintf(stderr, "%s: %s", path.c_str(), d.to_string().c_str());
        return false;
    }
    if (!parse_json(*text, out, d)) {
        std::fprintf(stderr, "%s: %s", path.c_str(), d.to_string().c_str());
        return false;
    }
    if (!out.is_object()) {
        std::fprintf(stderr, "%s: /: the %s file must be a JSON object\n", path.c_str(), what);
        return false;
    }
    return true;
}

std::string random_hex(const std::string& seed) {
    std::uint8_t bytes[16] = {};
    if (!seed.empty()) {
        // Reproducible: the first 16 bytes of sha256("touchpoint-preview:" + seed).
        Sha256Digest d = sha256("touchpoint-preview:" + seed);
        std::memcpy(bytes, d.data(), 16);
    } else {
        std::FILE* f = std::fopen("/dev/urandom", "rb");
        if (!f || std::fread(bytes, 1, 16, f) != 16) {
            if (f) std::fclose(f);
            return "";
        }
        std::fclose(f);
    }
    return hex(bytes, 16);
}

}  // namespace

int preview_main(const Args& args) {
    CLI::App app{"Print the exact response/1 payload a survey would send for the given answers",
                 "touchpoint preview"};
    std::string survey_path, answers_path, context_path, locale, seed;
    bool cloudevents = false, pretty = false;
    app.add_option("--survey", survey_path, "the survey/1 definition")->required();
    app.add_option("--answers", answers_path, "a JSON object {\"question id\": answer, ...}")->required();
    app.add_option("--context", context_path, "payload context JSON (page, now_ms, respondent, key, segment, journey)");
    app.add_option("--locale", locale, "the respondent's locale (negotiated against the survey's)");
    app.add_option("--seed", seed, "derive the response id from this seed instead of /dev/urandom");
    app.add_flag("--cloudevents", cloudevents, "print the CloudEvents 1.0 structured event instead");
    app.add_flag("--pretty", pretty, "indent the output");
    if (const auto exit_code = parse_args(app, args)) return *exit_code;
    register_builtin_question_types();
    std::string error;
    auto text = read_whole(survey_path, &error, kMaxInputBytes);
    if (!text) {
        std::fprintf(stderr, "touchpoint preview: cannot read survey %s: %s\n", survey_path.c_str(), error.c_str());
        return kExitUsage;
    }
    Diagnostics d;
    std::shared_ptr<const Survey> survey(parse_survey(*text, d));
    if (!survey) {
        for (const Diagnostic& item : d.items())
            if (item.severity == Severity::Error)
                std::fprintf(stderr, "%s: %s: %s\n", survey_path.c_str(), item.pointer.empty() ? "/" : item.pointer.c_str(),
                             item.message.c_str());
        return kExitInvalid;
    }
    json answers, context = json::object();
    if (!read_json(answers_path, "answers", answers)) return kExitUsage;
    if (!context_path.empty() && !read_json(context_path, "context", context)) return kExitUsage;
    if (!context.contains("now_ms"))
        context["now_ms"] = std::chrono::duration_cast<std::chrono::milliseconds>(
                                std::chrono::system_clock::now().time_since_epoch()).count();

    Session session(survey, locale, context);  // expressions see the same context as context.*
    int status = kExitOk;
    for (auto it = answers.begin(); it != answers.end(); ++it) {
        if (!session.answer(it.key(), it.value())) {
            std::fprintf(stderr, "%s: %s: unknown question \"%s\"\n", answers_path.c_str(),
                         pointer_join("", it.key()).c_str(), it.key().c_str());
            status = kExitInvalid;
        }
    }
    // Walk the steps as the respondent would; stop at the first step the answers cannot pass.
    for (std::size_t guard = 0; !session.done() && guard <= survey->steps.size(); ++guard) {
        if (session.next()) continue;
        json view = session.view();
        for (const json& q : view["questions"])
            if (q["error"].is_string())
                std::fprintf(stderr, "%s: %s: %s\n", answers_path.c_str(),
                             pointer_join("", q["id"].get<std::string>()).c_str(), q["error"].get<std::string>().c_str());
        status = kExitInvalid;
        break;
    }
    if (status != kExitOk) return status;
    std::string rnd = random_hex(seed);
    json payload;
    if (!build_payload(session, context, rnd, payload, d)) {
        for (const Diagnostic& item : d.items())
            std::fprintf(stderr, "%s: %s: %s\n", context_path.empty() ? "context" : context_path.c_str(),
                         item.pointer.c_str(), item.message.c_str());
        return kExitInvalid;
    }
    if (cloudevents) {
        json event;
        to_cloudevent(payload, event, d);
        payload = std::move(event);
    }
    std::printf("%s\n", payload.dump(pretty ? 2 : -1, ' ', false, json::error_handler_t::replace).c_str());
    return kExitOk;
}

}  // namespace touchpoint::cli
