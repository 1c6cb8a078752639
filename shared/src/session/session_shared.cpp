// The shared form of Session's constructor, in a file of its own: the engine hands its survey over
// and so links neither this nor std::shared_ptr's control block (session.hpp says why).
#include "touchpoint/session/session.hpp"

namespace touchpoint {

Session::Session(std::shared_ptr<const Survey> survey, std::string_view requested_locale, json context)
    // A copy, not a move: the order in which the arguments are evaluated is not specified, and
    // survey.get() must not see a moved-from pointer.
    : Session(survey.get(),
              Owner(new std::shared_ptr<const Survey>(survey),
                    [](const void* p) { delete static_cast<const std::shared_ptr<const Survey>*>(p); }),
              requested_locale, std::move(context)) {}

}  // namespace touchpoint
