// Internal to aggregation: where the records of the collector's CSV export end, found across
// chunks so add_csv can stream with constant memory. It follows CsvReader's reading exactly (see
// response_csv.cpp) — quoted fields with "" and newlines, a stray character after a closing quote
// skipping to the end of the line, CR LF, LF or a lone CR ending a record — so cutting at the LFs
// it reports and reading each piece with CsvReader gives the same records, counted in the same
// physical lines, as reading the whole export at once.
#pragma once
#include <cstddef>
#include <string_view>

namespace touchpoint::agg {

class CsvRecordEnds {
public:
    struct Ends {  // offsets in the data just past an LF that ends a record
        std::size_t first = std::string_view::npos;
        std::size_t last = std::string_view::npos;
    };

    // Feeds `data`, the bytes following everything fed before.
    Ends feed(std::string_view data) {
        Ends ends;
        auto record_end = [&](std::size_t i) {
            state_ = FieldStart;
            ends.last = i + 1;
            if (ends.first == std::string_view::npos) ends.first = ends.last;
        };
        for (std::size_t i = 0; i < data.size(); ++i) {
            const char c = data[i];
            if (state_ == CarriageReturn) {  // the record ended at the CR; an LF right after belongs to it
                state_ = FieldStart;
                if (c == '\n') {
                    record_end(i);
                    continue;
                }
            }
            switch (state_) {
                case FieldStart:
                case Unquoted:
                    if (state_ == FieldStart && c == '"') state_ = Quoted;
                    else if (c == ',') state_ = FieldStart;
                    else if (c == '\r') state_ = CarriageReturn;
                    else if (c == '\n') record_end(i);
                    else state_ = Unquoted;  // a stray quote here is CsvReader's error, read on
                    break;
                case Quoted:
                    if (c == '"') state_ = QuoteInQuoted;
                    break;
                case QuoteInQuoted:  // "" is a quote; anything else follows a closed field
                    if (c == '"') state_ = Quoted;
                    else if (c == ',') state_ = FieldStart;
                    else if (c == '\r') state_ = CarriageReturn;
                    else if (c == '\n') record_end(i);
                    else state_ = SkipLine;  // "unexpected character after a quoted field": to the LF
                    break;
                case SkipLine:
                    if (c == '\n') record_end(i);
                    break;
                case CarriageReturn: break;  // handled above
            }
        }
        return ends;
    }

private:
    enum State { FieldStart, Unquoted, Quoted, QuoteInQuoted, SkipLine, CarriageReturn };
    State state_ = FieldStart;
};

}  // namespace touchpoint::agg
