#pragma once
// Adapter cursors: a small named value per platform stream (Matrix's since token) that tells an
// adapter where to resume after a restart. Saved after the batch it follows was committed, so a
// crash in between re-reads events the inbox then drops as duplicates.
#include <optional>
#include <string>

#include "core/clock.hpp"
#include "core/result.hpp"

namespace frontline {

class CursorStore {
public:
    virtual ~CursorStore() = default;
    /// The value saved under `name`; nullopt when none was saved yet.
    virtual Result<std::optional<std::string>> load(const std::string& name) = 0;
    /// Saves (or replaces) the value of `name`.
    virtual Status save(const std::string& name, const std::string& value, TimePoint at) = 0;
    /// The value of `name`, saving `candidate` first when there is none: the first value ever saved
    /// stays (the web chat's session key, which must not change under tokens already handed out).
    virtual Result<std::string> keep_first(const std::string& name, const std::string& candidate, TimePoint at) = 0;
};

}  // namespace frontline
