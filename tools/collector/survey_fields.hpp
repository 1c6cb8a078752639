// The hidden fields the collector's survey records declare, for the CSV exports' fields.<id>
// columns (the core reads each definition; the core's CSV codec orders the columns).
#pragma once
#include <string>
#include <vector>

namespace touchpoint::collector {

struct Collector;

// The fields one survey declares, in declaration order: its published version's, else its latest
// draft's; none when it has no record or its definition cannot be loaded.
std::vector<std::string> declared_field_ids(Collector& c, const std::string& id);

// The fields of every survey record, each once (response_csv_field_union), the surveys taken in
// the order of their ids: the columns of the export across all surveys.
std::vector<std::string> all_declared_field_ids(Collector& c);

}  // namespace touchpoint::collector
