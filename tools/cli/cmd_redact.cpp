// `touchpoint redact [--stats]`: each line of stdin, PII replaced by typed placeholders, on stdout
// (the same redactor the widget runs before an answer leaves the device). --stats prints the
// counts per kind on stderr. Lines are processed as they arrive, in bounded memory per line.
#include <cstdio>
#include <cstring>
#include <string>

#include <CLI/CLI.hpp>

#include "cli/command.hpp"
#include "cli/parse_args.hpp"
#include "touchpoint/privacy/redact.hpp"

namespace touchpoint::cli {

int redact_main(const Args& args) {
    CLI::App app{"Redact PII (e-mail, phone, ID and card numbers, IBAN, IP, secret URLs) from stdin lines",
                 "touchpoint redact"};
    bool stats = false;
    app.add_flag("--stats", stats, "print the number of redactions per kind on stderr");
    if (const auto exit_code = parse_args(app, args)) return *exit_code;
    long long total = 0, lines = 0;
    long long kinds[kPiiKindCount] = {};
    std::string line, out;
    static char buf[1 << 16];
    auto emit = [&](bool newline) {
        RedactResult r = redact_text(line);
        total += r.count;
        for (int k = 0; k < kPiiKindCount; ++k) kinds[k] += r.kinds[std::size_t(k)];
        out += r.text;
        if (newline) out.push_back('\n');
        ++lines;
        line.clear();
        if (out.size() > (1 << 16)) {
            std::fwrite(out.data(), 1, out.size(), stdout);
            out.clear();
        }
    };
    for (std::size_t n; (n = std::fread(buf, 1, sizeof buf, stdin)) > 0;) {
        std::size_t start = 0;
        while (start < n) {
            const void* nl = std::memchr(buf + start, '\n', n - start);
            std::size_t end = nl ? std::size_t(static_cast<const char*>(nl) - buf) : n;
            line.append(buf + start, end - start);
            if (!nl) break;
            emit(true);
            start = end + 1;
        }
    }
    if (!line.empty()) emit(false);
    std::fwrite(out.data(), 1, out.size(), stdout);
    std::fflush(stdout);
    if (std::ferror(stdin)) {
        std::fprintf(stderr, "touchpoint redact: read error on stdin\n");
        return kExitUsage;
    }
    if (stats) {
        std::fprintf(stderr, "lines=%lld redactions=%lld", lines, total);
        for (int k = 0; k < kPiiKindCount; ++k) std::fprintf(stderr, " %s=%lld", pii_kind_name(PiiKind(k)), kinds[k]);
        std::fprintf(stderr, "\n");
    }
    return kExitOk;
}

}  // namespace touchpoint::cli
