// The labelled corpus tests/corpus/redact/corpus.tsv (lines written around other projects' public
// test data, see its README) as a regression test, natively and in wasm: every PII line must come
// out with exactly its value replaced by its class's placeholder (nothing left over, nothing else
// touched), every look-alike line unchanged. The rates per class are printed by the benchmark
// tests/bench/redact_corpus.sh.
#include <catch2/catch.hpp>

#include <string>
#include <string_view>

#include "test_helpers.hpp"
#include "touchpoint/privacy/redact.hpp"

namespace {

// The corpus's classes are finer than the redactor's kinds (cn-id, tw-id, hk-id and passport are
// all [id-number]); the label is the corpus's, the placeholder the redactor's.
const char* placeholder_of(std::string_view cls) {
    using touchpoint::PiiKind;
    auto starts = [&](std::string_view p) { return cls.substr(0, p.size()) == p; };
    PiiKind kind = starts("card")         ? PiiKind::Card
                   : starts("phone")      ? PiiKind::Phone
                   : starts("email")      ? PiiKind::Email
                   : starts("ip")         ? PiiKind::Ip
                   : starts("iban")       ? PiiKind::Iban
                   : starts("secret-url") ? PiiKind::SecretUrl
                                          : PiiKind::IdNumber;
    return touchpoint::pii_kind_placeholder(kind);
}

}  // namespace

TEST_CASE("redaction corpus: every PII line redacted exactly, every look-alike kept", "[redact][corpus]") {
    auto data = tp_test::read_file("tests/corpus/redact/corpus.tsv");
    REQUIRE(data);
    std::string_view rest(*data);
    int lines = 0, pii = 0, lookalikes = 0, misses = 0;
    for (std::size_t line_no = 1; !rest.empty(); ++line_no) {
        std::size_t nl = rest.find('\n');
        std::string_view line = rest.substr(0, nl);
        rest = nl == std::string_view::npos ? std::string_view() : rest.substr(nl + 1);
        if (line.empty() || line[0] == '#') continue;
        std::string_view field[4];
        for (int f = 0; f < 4; ++f) {
            std::size_t tab = f < 3 ? line.find('\t') : line.size();
            REQUIRE(tab != std::string_view::npos);
            field[f] = line.substr(0, tab);
            line = tab < line.size() ? line.substr(tab + 1) : std::string_view();
        }
        std::string_view cls = field[0], expected = field[1], value = field[2], text = field[3];
        INFO("corpus.tsv:" << line_no << " [" << cls << " " << expected << "] " << text);
        REQUIRE((expected == "pii" || expected == "lookalike"));
        std::size_t at = text.find(value);
        REQUIRE(at != std::string_view::npos);
        std::string want(text);
        if (expected == "pii") {
            want.replace(at, value.size(), placeholder_of(cls));
            ++pii;
        } else {
            ++lookalikes;
        }
        std::string got = touchpoint::redact_text(text).text;
        CHECK(got == want);
        if (got != want) ++misses;
        ++lines;
    }
    CHECK(lines >= 1000);
    CHECK(pii > 0);
    CHECK(lookalikes > 0);
    CHECK(misses == 0);
}
