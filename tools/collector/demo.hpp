// The demo: where the examples are, and seeding an empty database with generated responses so
// the journey viewer has something to show at once.
#pragma once
#include <cstddef>
#include <string>

#include "collector/records.hpp"
#include "collector/writer.hpp"

namespace touchpoint::collector {

// The examples/ folder: `configured` if set, else the first examples/ (holding site/) found walking
// up from the executable's folder, then from the current directory. "" if none.
std::string find_examples_dir(const std::string& configured);

// For every example survey linked to an example journey map (survey.journey.map), generates
// `per_survey` responses with the core's generator and stores them. Returns how many were stored.
std::size_t seed_demo(GroupCommitWriter& writer, const std::string& examples_dir, std::size_t per_survey);

// Stores every example survey (examples/surveys/*.json) as a published record, authored
// "examples", so Studio opens with them and /v1/surveys/ID serves them. Returns how many.
std::size_t seed_demo_surveys(Records& records, const std::string& examples_dir);
// The example journey maps (examples/journeys/*.json), published as map records, for Studio.
std::size_t seed_demo_maps(Records& records, const std::string& examples_dir);

}  // namespace touchpoint::collector
