// The "scores" members of response/1, built from the derived values of derived.hpp.
#include "touchpoint/response/derived.hpp"

namespace touchpoint {

// Every built-in score is a member of "scores": a row of builtin_scores.def without its row in
// members.def does not compile.
#define TP_BUILTIN_SCORE(key, name) \
    static_assert(members::scores::key[0] != '\0', "builtin_scores.def: " #key " needs a scores row in members.def");
#include "touchpoint/survey/builtin_scores.def"
#undef TP_BUILTIN_SCORE

nlohmann::json score_entry(BuiltinScore score, long long value, long long scale, const std::string& question) {
    // nps, csat and ces name their value and question alike (members.def).
    nlohmann::json entry = {{members::nps::value, value}, {members::nps::question, question}};
    if (score == BuiltinScore::Nps) {
        entry[members::nps::category] = nps_category(int(value));
    } else {
        entry[members::csat::scale] = scale;
        entry[scale_flag_key(score)] = scale_flag(score, double(value), double(scale));
    }
    return entry;
}

}  // namespace touchpoint
