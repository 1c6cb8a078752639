// Demo support: finding examples/ and seeding (see demo.hpp).
//
// Seeding runs this same executable's `touchpoint generate` (PRIVACY's generator, built on the
// core's engine and payload builder), so the seeded responses are exactly what the widget would
// send for those surveys; they then go through the normal ingest path (validation, group commit).
#include "collector/demo.hpp"

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <system_error>

#include "collector/clock.hpp"
#include "collector/ingest.hpp"
#include "collector/log.hpp"
#include "collector/record_routes.hpp"
#include "touchpoint/survey/survey.hpp"

namespace touchpoint::collector {

namespace fs = std::filesystem;

std::string find_examples_dir(const std::string& configured) {
    std::error_code ec;
    if (!configured.empty()) return fs::is_directory(configured, ec) ? fs::absolute(configured, ec).string() : std::string();
    std::vector<fs::path> starts;
    const fs::path exe = fs::read_symlink("/proc/self/exe", ec);
    if (!ec) starts.push_back(exe.parent_path());
    starts.push_back(fs::current_path(ec));
    for (fs::path dir : starts) {
        for (; !dir.empty(); dir = dir.parent_path()) {
            const fs::path candidate = dir / "examples";
            if (fs::is_directory(candidate / "site", ec)) return candidate.string();
            if (dir == dir.parent_path()) break;
        }
    }
    return std::string();
}

namespace {

// Runs argv (no shell) and returns its standard output; *status = exit code (-1 if it did not run).
std::string run_capture(const std::vector<std::string>& argv, int* status) {
    *status = -1;
    // Everything the child needs is prepared before fork(): other threads are running, so the
    // child may only make async-signal-safe calls (no allocation) until execv.
    std::vector<char*> args;
    for (const std::string& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    sigset_t none;
    sigemptyset(&none);
    int out[2];
    if (pipe(out) != 0) return {};
    const pid_t pid = fork();
    if (pid < 0) {
        close(out[0]);
        close(out[1]);
        return {};
    }
    if (pid == 0) {
        dup2(out[1], STDOUT_FILENO);
        close(out[0]);
        close(out[1]);
        sigprocmask(SIG_SETMASK, &none, nullptr);  // the server blocks SIGINT/SIGTERM; the child must not
        execv(args[0], args.data());
        _exit(127);
    }
    close(out[1]);
    std::string text;
    char buf[65536];
    ssize_t n;
    while ((n = read(out[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<std::size_t>(n));
    close(out[0]);
    int wstatus = 0;
    if (waitpid(pid, &wstatus, 0) == pid && WIFEXITED(wstatus)) *status = WEXITSTATUS(wstatus);
    return text;
}

bool read_json(const fs::path& file, nlohmann::json* out) {
    std::ifstream in(file, std::ios::binary);
    if (!in) return false;
    std::ostringstream ss;
    ss << in.rdbuf();
    *out = nlohmann::json::parse(ss.str(), nullptr, false);
    return !out->is_discarded() && out->is_object();
}

// The last 90 days, so per-day/week/month groupings of the demo data are not all one bucket.
std::string start_90_days_ago() {
    const std::time_t t = std::chrono::system_clock::to_time_t(std::chrono::system_clock::now() - std::chrono::hours(24 * 90));
    std::tm tm{};
    gmtime_r(&t, &tm);
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT00:00:00Z", &tm);
    return buf;
}

// Stores NDJSON payloads through the ingest path, in batches; returns how many were stored.
std::size_t store_ndjson(GroupCommitWriter& writer, const std::string& ndjson, const std::string& what) {
    constexpr std::size_t kBatch = 500;
    std::size_t stored = 0;
    std::string body;
    std::size_t in_batch = 0;
    auto flush = [&] {
        if (in_batch == 0) return;
        IngestLimits limits;
        limits.max_batch = kBatch;
        IngestResult r = parse_ingest_body("application/json", "[" + body + "]", limits);
        if (r.status != 200) {
            const auto& items = r.diagnostics.items();
            log("warning: generated responses for " + what + " refused: " + (items.empty() ? "?" : items[0].pointer + ": " + items[0].message));
        } else {
            stored += writer.submit(r.records).stored;
        }
        body.clear();
        in_batch = 0;
    };
    std::istringstream lines(ndjson);
    std::string line;
    while (std::getline(lines, line)) {
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        if (in_batch) body += ',';
        body += line;
        if (++in_batch == kBatch) flush();
    }
    flush();
    return stored;
}

}  // namespace

std::size_t seed_demo(GroupCommitWriter& writer, const std::string& examples_dir, std::size_t per_survey) {
    std::error_code ec;
    const fs::path self = fs::read_symlink("/proc/self/exe", ec);
    if (ec) return 0;
    std::vector<fs::path> surveys;
    for (const auto& entry : fs::directory_iterator(fs::path(examples_dir) / "surveys", ec)) {
        if (entry.path().extension() == ".json") surveys.push_back(entry.path());
    }
    std::sort(surveys.begin(), surveys.end());  // deterministic seeds per survey
    const std::string start = start_90_days_ago();
    std::size_t stored = 0;
    int seed = 1;
    for (const fs::path& file : surveys) {
        nlohmann::json survey;
        if (!read_json(file, &survey) || !survey.contains("journey") || !survey["journey"].is_object()) continue;
        const nlohmann::json& link = survey["journey"];
        if (!link.contains("map") || !link["map"].is_string()) continue;
        const fs::path map = fs::path(examples_dir) / "journeys" / (link["map"].get<std::string>() + ".json");
        if (!fs::exists(map, ec)) continue;
        int status = 0;
        const std::string ndjson = run_capture({self.string(), "generate", "--survey", file.string(), "--journey", map.string(), "--count",
                                                std::to_string(per_survey), "--seed", std::to_string(seed++), "--start", start, "--days", "90"},
                                               &status);
        if (status != 0) {
            log("warning: `touchpoint generate` failed for " + file.filename().string() + " (exit " + std::to_string(status) +
                "); the demo starts without its seed data");
            continue;
        }
        stored += store_ndjson(writer, ndjson, file.filename().string());
    }
    return stored;
}

// The example documents of one kind (examples/SUB/*.json, in name order) saved as published
// records; `check` validates one and gives its id and hash (false: skipped with a warning that
// names it `what`). Returns how many were new.
static std::size_t seed_examples(Records& records, const std::string& examples_dir, const char* sub, const char* what,
                                 const std::function<bool(const std::string&, std::string*, std::string*)>& check) {
    std::error_code ec;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(fs::path(examples_dir) / sub, ec)) {
        if (entry.path().extension() == ".json") files.push_back(entry.path());
    }
    std::sort(files.begin(), files.end());
    std::size_t stored = 0;
    const std::int64_t now = now_ms();
    for (const fs::path& file : files) {
        std::ifstream in(file, std::ios::binary);
        std::ostringstream text;
        text << in.rdbuf();
        std::string id, hash;
        if (!check(text.str(), &id, &hash)) {
            log("warning: " + file.filename().string() + " is not a valid " + what + "; not added to Studio");
            continue;
        }
        RecordVersion v{id, 0, hash, "examples", now, 0, text.str()};
        bool created = false;
        std::string error;
        if (records.save(v, true, &created, &error) && created) ++stored;
    }
    return stored;
}

std::size_t seed_demo_surveys(Records& records, const std::string& examples_dir) {
    return seed_examples(records, examples_dir, "surveys", "survey", [](const std::string& text, std::string* id, std::string* hash) {
        Diagnostics d;
        const std::unique_ptr<Survey> survey = parse_survey(text, d);
        if (!survey) return false;
        *id = survey->id;
        *hash = survey->hash;
        return true;
    });
}

std::size_t seed_demo_maps(Records& records, const std::string& examples_dir) {
    return seed_examples(records, examples_dir, "journeys", "journey map", [](const std::string& text, std::string* id, std::string* hash) {
        Diagnostics d;
        return validate_map(text, d, id, hash);
    });
}

}  // namespace touchpoint::collector
