// Likert matrix: rows (statements) x columns (agreement levels). The answer maps a row value to
// a column value; a required matrix needs every row. Column scores (or positions 1..n) feed
// custom scores as the sum over the answered rows.
#include "survey/fields.hpp"
#include "survey/question_types.hpp"
#include "touchpoint/survey/other_answer.hpp"

namespace touchpoint::questions {
namespace {

class MatrixQuestion : public Question {
public:
    void load(const json& def, const std::string& ptr, const LoadContext& ctx, Diagnostics& d) override {
        fields::read_choices(def, "rows", rows_, ptr, ctx, d, 1);
        fields::read_choices(def, "columns", columns_, ptr, ctx, d, 2);
    }
    bool knows_field(std::string_view key) const override { return key == "rows" || key == "columns"; }

    AnswerCheck normalize(const json& raw, json& out) const override {
        out = nullptr;
        if (raw.is_null()) return {};
        if (!raw.is_object()) return {AnswerError::Type, ""};
        json cells = json::object();
        for (auto it = raw.begin(); it != raw.end(); ++it) {
            if (it.value().is_null()) continue;  // a row cleared
            if (!it.value().is_string()) return {AnswerError::Type, ""};
            if (!fields::find_choice(rows_, it.key()) || !fields::find_choice(columns_, it.value().get<std::string>()))
                return {AnswerError::UnknownChoice, ""};
            cells[it.key()] = it.value();
        }
        if (cells.empty()) return {};
        out = cells;
        return {};
    }
    bool complete(const json& answer) const override { return answer.is_object() && answer.size() == rows_.size(); }
    void describe(json& out, const Localizer& loc) const override {
        out["rows"] = fields::describe_choices(rows_, loc);
        out["columns"] = fields::describe_choices(columns_, loc);
    }
    bool numeric(const json& answer, double& out) const override {
        if (!answer.is_object() || answer.empty()) return false;
        double total = 0;
        for (auto it = answer.begin(); it != answer.end(); ++it) {
            if (!it.value().is_string()) continue;
            for (std::size_t i = 0; i < columns_.size(); ++i) {
                if (columns_[i].value != it.value().get_ref<const std::string&>()) continue;
                total += columns_[i].has_score ? columns_[i].score : static_cast<double>(i + 1);
            }
        }
        out = total;
        return true;
    }

    const std::vector<fields::Choice>& rows() const { return rows_; }
    const std::vector<fields::Choice>& columns() const { return columns_; }

private:
    std::vector<fields::Choice> rows_, columns_;
};

// [SECTION] Sample answers.
const MatrixQuestion& matrix(const Question& q) { return static_cast<const MatrixQuestion&>(q); }

// Each row on the column the respondent's mood points to.
json sample_matrix(const Question& q, AnswerSampler& s) {
    json value = json::object();
    const auto& columns = matrix(q).columns();
    for (const auto& row : matrix(q).rows()) value[row.value] = columns[std::size_t(s.scaled(0, int(columns.size()) - 1))].value;
    return value;
}
// Every row on the same column, for each column.
std::vector<json> matrix_boundaries(const Question& q) {
    std::vector<json> out;
    for (const auto& column : matrix(q).columns()) {
        json value = json::object();
        for (const auto& row : matrix(q).rows()) value[row.value] = column.value;
        out.push_back(value);
    }
    return accepted(q, std::move(out));
}

}  // namespace

AnswerSamples matrix_samples() { return {sample_matrix, matrix_boundaries}; }

// A matrix row by row, each grouped by the column picked.
ResultLayout matrix_result(const Question& q) {
    ResultLayout out{ResultShape::Parts, {}, {}};
    for (const auto& row : matrix(q).rows()) {
        out.parts.push_back({row.value, row.label});
        if (row.value == other_answer::value) out.parts_in_rollups = false;
    }
    for (const auto& column : matrix(q).columns()) out.options.push_back({column.value, column.label});
    return out;
}

std::unique_ptr<Question> make_matrix() { return std::make_unique<MatrixQuestion>(); }

}  // namespace touchpoint::questions
