// The "scores" members of response/1, built from the derived values of derived.hpp.
#include "touchpoint/response/derived.hpp"

namespace touchpoint {

nlohmann::json score_entry(BuiltinScore score, long long value, long long scale, const std::string& question) {
    nlohmann::json entry = {{"value", value}, {"question", question}};
    if (score == BuiltinScore::Nps) {
        entry["category"] = nps_category(int(value));
    } else {
        entry["scale"] = scale;
        entry[scale_flag_key(score)] = scale_flag(score, double(value), double(scale));
    }
    return entry;
}

}  // namespace touchpoint
