// The results API behind Studio's results page: GET /v1/studio/surveys/ID/results (every figure of
// the page, from the core's Aggregator: the same numbers as `touchpoint score` with the same
// filter) and GET /v1/studio/surveys/ID/export (the filtered responses as NDJSON or the core's CSV).
// Reading needs the read token or a Studio session (require_reader).
//
// Filters (query parameters, the same as `touchpoint score --from/--to/--where`): from=DAY,
// to=DAY (UTC days, inclusive), where=KEY=VALUE (repeatable; KEY any group key: locale,
// segment.<name>, answer.<qid>, touchpoint, ...). The core decides what matches
// (Aggregator::set_filter); nothing here re-implements it.
//
// What each question shows (whole, with bins, open text, or part by part) is its question class's
// result layout (survey/question.hpp, result_layout); nothing here names a question type.
//
// Number, slider and date questions also carry "bins": the core's binned distribution of their
// answer.<qid> groups (aggregate/bins.hpp; `touchpoint score --bins QID` prints the same), so it
// comes from the rollups as well as from a scan. The CSV export has one fields.<id> column per
// hidden field the survey declares (the core's codec, response/csv.hpp).
//
// Source: with no filter, whole days and/or locale= only, the figures come from the stored
// rollups (rollups.hpp; "source":"rollups" in the answer and the header X-Touchpoint-Source),
// matrix rows and ranking items included, otherwise from a scan of the survey's payloads
// ("source":"scan"); source=scan forces the scan (to check the rollups). Same numbers.
//
// [SECTION] Helpers
// [SECTION] Figures: from rollups or from a scan
// [SECTION] Routes
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cstdio>
#include <memory>

#include "collector/http/server.hpp"
#include "collector/rollups.hpp"
#include "collector/routes.hpp"
#include "collector/studio_access.hpp"
#include "collector/survey_fields.hpp"
#include "touchpoint/aggregate/aggregator.hpp"
#include "touchpoint/aggregate/bins.hpp"
#include "touchpoint/base/diagnostics.hpp"
#include "touchpoint/journey/overlay.hpp"
#include "touchpoint/response/csv.hpp"
#include "touchpoint/survey/question.hpp"
#include "touchpoint/survey/survey.hpp"

namespace touchpoint::collector {
namespace {

using nlohmann::json;

// [SECTION] Helpers ----------------------------------------------------------------------------

const char* const kId = "([A-Za-z0-9._-]{1,64})";
// Questions per aggregator: an aggregator holds at most 16 answer/segment keys, so 8 questions and
// up to 8 filter keys fit.
constexpr std::size_t kGroupingsPerAggregator = 8;
constexpr std::size_t kTextsListed = 200;            // distinct open-text answers returned, most frequent first
constexpr std::size_t kTermsListed = 20;

// Reads the filter parameters; false with the 400 already sent.
bool read_filter(const http::Request& req, http::Response& res, AggregateFilter* f) {
    f->from = req.get_param_value("from");
    f->to = req.get_param_value("to");
    const auto range = req.params.equal_range("where");
    for (auto it = range.first; it != range.second; ++it) {
        const std::size_t eq = it->second.find('=');
        if (eq == std::string::npos || eq == 0) {
            send_error(res, 400, "", "query parameter where must be KEY=VALUE, not \"" + it->second + "\"");
            return false;
        }
        f->where.emplace_back(it->second.substr(0, eq), it->second.substr(eq + 1));
    }
    if (f->where.size() > 8) {
        send_error(res, 400, "", "at most 8 where filters");
        return false;
    }
    Aggregator probe;
    if (!probe.set_filter(*f)) {
        send_error(res, 400, "", probe.error());
        return false;
    }
    return true;
}

// The survey document to label the page with: the published version, else the newest draft.
bool load_survey(Collector& c, const std::string& id, json* survey, std::int64_t* version, http::Response& res) {
    std::vector<RecordVersion> history;
    std::string error;
    if (!c.records->history(id, &history, &error)) {
        send_error(res, 503, "", "the survey records could not be read; retry later");
        return false;
    }
    if (history.empty()) {
        send_error(res, 404, "", "no survey \"" + id + "\"");
        return false;
    }
    RecordVersion v;
    bool found = false;
    if (!c.records->get(id, 0, &v, &found, &error) || !found) {
        if (!c.records->get(id, history.front().number, &v, &found, &error) || !found) {
            send_error(res, 503, "", "the survey records could not be read; retry later");
            return false;
        }
    }
    *survey = json::parse(v.body, nullptr, false);
    if (!survey->is_object()) *survey = json::object();
    *version = v.number;
    return true;
}

// Each question with its result layout, which its question class gives (survey/question.hpp,
// result_layout): whole, with bins, open text, or part by part (a matrix row by row, each grouped
// by its columns; a ranking item by item, each grouped by the position it was given).
struct Question {
    std::string id, type;
    json title;
    ResultLayout layout;
};

// The published survey's questions, as the core loads them (it was checked when published; a
// version the core no longer loads lists no questions rather than guessing their shapes).
std::vector<Question> questions_of(const json& survey) {
    std::vector<Question> out;
    register_builtin_result_layouts();
    Diagnostics diags;
    const std::unique_ptr<Survey> loaded = load_survey(survey, diags);
    if (!loaded) return out;
    for (const std::unique_ptr<touchpoint::Question>& q : loaded->questions)
        out.push_back({q->id, q->type_name, q->title, result_layout(*q)});
    return out;
}

// ASCII case-folded substring test (CJK has no case): the open-text search.
bool contains_folded(const std::string& text, const std::string& needle) {
    if (needle.empty()) return true;
    auto lower = [](std::string s) {
        for (char& ch : s)
            if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
        return s;
    };
    return lower(text).find(lower(needle)) != std::string::npos;
}

// [SECTION] Figures: from rollups or from a scan ----------------------------------------------

// What the page shows before its per-question layout: identical from either source.
struct Figures {
    std::uint64_t responses = 0;
    json total, by_day, by_locale;  // total: a result ({"groups": [...]}); the others: groups
    std::vector<std::vector<json>> questions;  // per question: its answer.<qid> groups, or per part answer.<qid>/<part>'s
};

// One scan of the survey's rows feeds several aggregators: the first holds the total and the
// groupings by day and locale, then one grouping answer.<qid> per question (or one
// answer.<qid>/<part> per part of a matrix or ranking).
bool figures_from_scan(Collector& c, const std::string& id, const AggregateFilter& filter, const json& survey,
                       const std::vector<Question>& questions, Figures* out) {
    std::vector<Aggregator> aggregators;
    using Where = std::pair<std::size_t, std::size_t>;  // (aggregator, grouping)
    std::vector<std::vector<Where>> where_is;           // per question, per part (or the one whole)
    std::vector<std::vector<std::vector<std::string>>> groupings{rollup_base_groupings()};  // per aggregator
    auto add = [&](std::string key) {
        if (groupings.back().size() >= kGroupingsPerAggregator) groupings.emplace_back();
        where_is.back().emplace_back(groupings.size() - 1, groupings.back().size());
        groupings.back().push_back({std::move(key)});
    };
    for (const Question& q : questions) {
        where_is.emplace_back();
        if (q.layout.parts.empty()) add("answer." + q.id);
        for (const ResultPart& part : q.layout.parts) add("answer." + q.id + "/" + part.value);
    }
    const auto make = [&] {
        std::vector<Aggregator> made;
        for (const auto& g : groupings) {
            made.push_back(Aggregator::for_groupings(g));
            made.back().set_filter(filter);  // read_filter checked it
            made.back().set_survey(survey);
        }
        return made;
    };
    ScanQuery scan;
    scan.survey = id;
    std::string error;
    if (!aggregate_stored(c.storage, scan, scan_split(c), make, &aggregators, &error)) return false;
    Aggregator& first = aggregators.front();
    out->responses = first.responses(0);
    out->total = first.result(0);
    out->by_day = first.result(1)["groups"];
    out->by_locale = first.result(2)["groups"];
    for (const std::vector<Where>& parts : where_is) {
        out->questions.emplace_back();
        for (const auto& [a, g] : parts) out->questions.back().push_back(aggregators[a].result(g)["groups"]);
    }
    return true;
}

// The cells keep every part the core lists for an answer (Aggregator::part_keys, rollups.hpp);
// a survey with a part it never lists (ResultLayout::parts_in_rollups) is scanned.
bool rollups_cover(const std::vector<Question>& questions) {
    for (const Question& q : questions)
        if (!q.layout.parts_in_rollups) return false;
    return true;
}

// The stored cells of the filter's days (and locales), merged. *held false (and nothing merged)
// when a cell among them went past its answer rows (rollups_hold_every_answer): the caller scans.
bool figures_from_rollups(Collector& c, const std::string& id, const AggregateFilter& filter, const std::vector<std::string>& locales,
                          const json& survey, const std::vector<Question>& questions, Figures* out, bool* held) {
    std::vector<RollupRow> rows;
    std::string error;
    if (!c.storage.rollups(id, filter.from, filter.to, &rows, &error)) return false;
    *held = rollups_hold_every_answer(rows);
    if (!*held) return true;
    if (!locales.empty())
        rows.erase(std::remove_if(rows.begin(), rows.end(), [&](const RollupRow& r) {
            return std::find(locales.begin(), locales.end(), r.cell.locale) == locales.end();
        }), rows.end());
    Aggregator base = Aggregator::for_groupings(rollup_base_groupings());
    std::vector<Aggregator> answers;  // per question its whole answer, or each of its parts
    for (const Question& q : questions) {
        if (q.layout.parts.empty()) answers.emplace_back(std::vector<std::string>{"answer." + q.id});
        for (const ResultPart& part : q.layout.parts)
            answers.emplace_back(std::vector<std::string>{"answer." + q.id + "/" + part.value});
    }
    std::vector<Aggregator*> wanted;
    for (Aggregator& a : answers) {
        if (a.ok()) wanted.push_back(&a);
        a.set_survey(survey);
    }
    if (!merge_rollups(rows, base, wanted, &error)) {
        std::fprintf(stderr, "touchpoint serve: results of %s from rollups: %s\n", id.c_str(), error.c_str());
        return false;
    }
    out->responses = base.responses(0);
    out->total = base.result(0);
    out->by_day = base.result(1)["groups"];
    out->by_locale = base.result(2)["groups"];
    std::size_t next = 0;
    for (const Question& q : questions) {
        out->questions.emplace_back();
        for (std::size_t k = 0; k < std::max<std::size_t>(q.layout.parts.size(), 1); ++k, ++next)
            out->questions.back().push_back(answers[next].ok() ? answers[next].result()["groups"] : json::array());
    }
    return true;
}

// [SECTION] Routes -----------------------------------------------------------------------------

void results(Collector& c, const http::Request& req, http::Response& res) {
    Caller caller;
    if (!require_reader(c, req, res, &caller)) return;
    const std::string id = req.matches[1];
    AggregateFilter filter;
    if (!read_filter(req, res, &filter)) return;
    json survey;
    std::int64_t version = 0;
    if (!load_survey(c, id, &survey, &version, res)) return;
    const std::vector<Question> questions = questions_of(survey);

    // The page's figures: from the stored rollups when the filter allows (rollups.hpp), else from
    // one scan of the survey's payloads. Either way the core's aggregators compute every number.
    Figures figures;
    std::vector<std::string> locales;
    bool use_rollups =
        c.storage.rollups_on() && req.get_param_value("source") != "scan" && rollups_answer(filter, &locales) && rollups_cover(questions);
    bool ok = use_rollups && figures_from_rollups(c, id, filter, locales, survey, questions, &figures, &use_rollups);
    if (!use_rollups) ok = figures_from_scan(c, id, filter, survey, questions, &figures);
    if (!ok) return send_error(res, 503, "", "the database could not be read; retry later");
    res.set_header("X-Touchpoint-Source", use_rollups ? "rollups" : "scan");  // as GET /v1/aggregates says it
    json out = {{"survey", id},
                {"version", version},
                {"title", survey.value("title", json())},
                {"locales", survey.value("locales", json::array())},
                {"filter", {{"from", filter.from}, {"to", filter.to}, {"where", json::array()}}},
                {"responses", figures.responses},
                {"total", figures.total["groups"].empty() ? json() : figures.total["groups"][0]},
                {"by_day", std::move(figures.by_day)},
                {"by_locale", std::move(figures.by_locale)},
                {"source", use_rollups ? "rollups" : "scan"},
                {"questions", json::array()}};
    for (const auto& [key, value] : filter.where) out["filter"]["where"].push_back({{"key", key}, {"value", value}});
    const std::string search = req.get_param_value("q");
    for (std::size_t i = 0; i < questions.size(); ++i) {
        const Question& q = questions[i];
        auto groups_at = [&](std::size_t part) { return std::move(figures.questions[i][part]); };
        json entry = {{"id", q.id}, {"type", q.type}, {"title", q.title}};
        const std::vector<ResultPart>& parts = q.layout.parts;
        if (q.layout.shape == ResultShape::Parts) {
            entry["options"] = json::array();
            for (const ResultPart& option : q.layout.options)
                entry["options"].push_back(option.label.is_null() ? json{{"value", option.value}}
                                                                  : json{{"value", option.value}, {"label", option.label}});
            entry["parts"] = json::array();
            for (std::size_t k = 0; k < parts.size(); ++k)
                entry["parts"].push_back({{"value", parts[k].value},
                                          {"label", parts[k].label},
                                          {"key", "answer." + q.id + "/" + parts[k].value},
                                          {"groups", groups_at(k)}});
            out["questions"].push_back(std::move(entry));
            continue;
        }
        json groups = groups_at(0);
        if (q.layout.shape == ResultShape::Bins) {
            // Stored answers were validated against the question: they bin (else no "bins").
            const json declared = declared_value_range(survey, q.id).value_or(json::object());
            if (auto bins = answer_bins(groups, "answer." + q.id, declared)) entry["bins"] = std::move(*bins);
        }
        if (q.layout.shape != ResultShape::Texts) {
            entry["groups"] = std::move(groups);
            out["questions"].push_back(std::move(entry));
            continue;
        }
        // Open text: each distinct (already redacted) answer is a group of the core's aggregation;
        // its top terms are the core's CJK-aware n-grams over every answer.
        std::vector<std::pair<std::string, long long>> texts;
        for (const json& g : groups) {
            const json& v = g["key"]["answer." + q.id];
            if (v.is_string()) texts.emplace_back(v.get<std::string>(), g["n"].get<long long>());
        }
        std::vector<journey::TextCount> all;
        long long answered = 0;
        for (const auto& [text, n] : texts) {
            answered += n;
            all.push_back({text, static_cast<int>(n)});
        }
        json terms = json::array();
        for (const journey::TermCount& t : journey::top_terms_weighted(all, kTermsListed)) terms.push_back({{"term", t.term}, {"count", t.count}});
        std::stable_sort(texts.begin(), texts.end(), [](const auto& a, const auto& b) { return a.second > b.second; });
        json listed = json::array();
        std::size_t matching = 0;
        for (const auto& [text, n] : texts) {
            if (!contains_folded(text, search)) continue;
            ++matching;
            if (listed.size() < kTextsListed) listed.push_back({{"text", text}, {"n", n}});
        }
        entry["answered"] = answered;
        entry["terms"] = std::move(terms);
        entry["matching"] = matching;
        entry["answers"] = std::move(listed);
        out["questions"].push_back(std::move(entry));
    }
    res.set_content(out.dump(), "application/json");
}

// The filtered rows, streamed page by page; the core's filter decides each row (an aggregator
// with the filter counts it or not).
void export_filtered(Collector& c, const http::Request& req, http::Response& res) {
    Caller caller;
    if (!require_reader(c, req, res, &caller)) return;
    const std::string id = req.matches[1];
    AggregateFilter filter;
    if (!read_filter(req, res, &filter)) return;
    const std::string format = req.has_param("format") ? req.get_param_value("format") : "ndjson";
    if (format != "ndjson" && format != "csv") return send_error(res, 400, "", "format must be ndjson or csv");
    const bool csv = format == "csv";
    auto matcher = std::make_shared<Aggregator>();
    matcher->set_filter(filter);
    auto cursor = std::make_shared<std::int64_t>(0);
    auto field_ids = std::make_shared<std::vector<std::string>>(csv ? declared_field_ids(c, id) : std::vector<std::string>());
    auto head = std::make_shared<std::string>(csv ? response_csv_header(*field_ids) : std::string());
    res.set_header("Content-Disposition", std::string("attachment; filename=\"") + id + (csv ? ".csv\"" : ".ndjson\""));
    res.set_chunked_content_provider(csv ? "text/csv; charset=utf-8" : "application/x-ndjson",
                                     [&c, id, csv, matcher, cursor, head, field_ids](std::size_t, http::DataSink& sink) {
        constexpr std::int64_t kPage = 2000;
        ScanQuery page;
        page.survey = id;
        page.after_seq = *cursor;
        page.limit = kPage;
        std::string chunk = std::move(*head);
        head->clear();
        std::int64_t rows = 0;
        std::string error;
        const bool ok = c.storage.scan(page, [&](std::int64_t seq, const std::string& payload) {
            *cursor = seq;
            ++rows;
            const std::uint64_t before = matcher->responses();
            matcher->add_line(payload);
            if (matcher->responses() == before) return true;  // filtered out
            if (!csv) {
                chunk += payload;
                chunk += '\n';
            } else {
                const json p = json::parse(payload, nullptr, false);
                if (!p.is_discarded()) chunk += response_to_csv_row(p, *field_ids);
            }
            return true;
        }, &error);
        if (!ok) return false;  // aborts: a truncated export must not look complete
        if (!chunk.empty() && !sink.write(chunk.data(), chunk.size())) return false;
        if (rows < kPage) sink.done();
        return true;
    });
}

}  // namespace

void install_results_routes(http::Server& server, Collector& c) {
    server.Get(std::string("/v1/studio/surveys/") + kId + "/results",
               [&c](const http::Request& req, http::Response& res) { results(c, req, res); });
    server.Get(std::string("/v1/studio/surveys/") + kId + "/export",
               [&c](const http::Request& req, http::Response& res) { export_filtered(c, req, res); });
}

}  // namespace touchpoint::collector
