// The allowed values of survey/1's enumerated fields, written once: the loader checks them
// (fields::read_enum) and the field table (survey_schema.cpp) publishes them in the JSON Schema.
// Each list ends with nullptr.
#pragma once

namespace touchpoint::enums {

inline constexpr const char* kPii[] = {"redact", "allow", "drop", nullptr};
inline constexpr const char* kScaleShapes[] = {"numbers", "stars", "smileys", nullptr};
inline constexpr const char* kDisplayModes[] = {"popover", "slide-in", "modal",
                                                "inline",  "fullpage", nullptr};
inline constexpr const char* kDisplayPositions[] = {"bottom-right", "bottom-left", "top-right", "top-left",
                                                    "bottom",       "top",         "center",    nullptr};
inline constexpr const char* kDeliveryMethods[] = {"POST", "PUT", nullptr};
inline constexpr const char* kDeliveryFormats[] = {"json", "cloudevents", nullptr};
inline constexpr const char* kAlertReasons[] = {"detractor", "low-csat", "high-effort", nullptr};
inline constexpr const char* kTimeResolutions[] = {"minute", "hour", "day", nullptr};

}  // namespace touchpoint::enums
