// libFuzzer target: any bytes as a survey/1 definition. Parsing must never crash, hang or abort
// (nlohmann aborts on a wrong access with JSON_NOEXCEPTION, so this also proves every access is
// checked). A survey that loads is then walked: view, answers of every shape, next/back, state
// round-trip, payload and CloudEvent.
#include <cstddef>
#include <cstdint>
#include <string>

#include "touchpoint/engine/engine.hpp"
#include "touchpoint/response/cloudevent.hpp"
#include "touchpoint/response/writer.hpp"
#include "touchpoint/session/session.hpp"

using nlohmann::json;
using namespace touchpoint;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string text(reinterpret_cast<const char*>(data), size);
    register_builtin_question_types();
    Diagnostics d;
    std::shared_ptr<const Survey> survey(parse_survey(text, d));
    (void)d.to_string();
    if (!survey) return 0;
    Session s(survey, size % 2 ? "zh-Hant-TW" : "en", json{{"segment", {{"plan", "pro"}}}});
    const json samples[] = {json(3), json(10), json(-1), json(2.5), json("a"), json("other"), json(true),
                            json::array({"a", "b"}), json{{"value", "other"}, {"text", "x@y.cn"}},
                            json{{"r1", "c1"}}, json("2026-02-29"), json(nullptr)};
    std::size_t k = size;
    for (int round = 0; round < 3 && !s.done(); ++round) {
        json view = s.view();
        for (const json& q : view["questions"]) s.answer(q["id"].get<std::string>(), samples[k++ % 12]);
        s.next();
        if (k % 5 == 0) s.back();
    }
    json st = s.state();
    Session again(survey, "");
    Diagnostics rd;
    again.restore(st, rd);
    (void)again.view().dump();
    json payload, event;
    Diagnostics pd;
    if (build_payload(s, json{{"now_ms", 1763874123456LL}, {"page", "/x?y"}}, "00112233445566778899aabbccddeeff",
                      payload, pd))
        to_cloudevent(payload, event, pd);
    return 0;
}
