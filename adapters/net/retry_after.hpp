#pragma once
// The Retry-After header (RFC 9110 section 10.2.3): delay-seconds or an HTTP-date.
#include <chrono>
#include <optional>
#include <string_view>

#include "adapters/net/http_types.hpp"

namespace frontline::net {

/// Seconds to wait from `now`; a date in the past gives zero; nullopt when the value is neither form.
std::optional<std::chrono::seconds> parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now);

/// The same from a response's headers; nullopt when the header is absent or malformed.
std::optional<std::chrono::seconds> retry_after(const Headers& headers, std::chrono::system_clock::time_point now);

/// An HTTP-date in any of the three forms RFC 9110 section 5.6.7 requires recipients to accept:
/// IMF-fixdate, obsolete RFC 850 and asctime.
std::optional<std::chrono::sys_seconds> parse_http_date(std::string_view value);

}  // namespace frontline::net
