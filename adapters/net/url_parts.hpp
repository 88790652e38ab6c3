#pragma once
// An absolute http(s)/ws(s) URL split into what a connection needs.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace frontline::net {

struct UrlParts {
    std::string scheme;                 ///< lower case: http, https, ws or wss
    std::string host;                   ///< without IPv6 brackets
    std::uint16_t port = 0;             ///< explicit or the scheme's default
    std::string target;                 ///< path and query, at least "/"
    bool secure = false;                ///< https or wss

    /// Value of the Host header: host, plus ":port" when it is not the default.
    std::string host_header() const;
    /// Pool key: scheme://host:port.
    std::string origin() const;
};

/// Parses an absolute URL; only the four schemes above are accepted.
Result<UrlParts> split_url(std::string_view url);

}  // namespace frontline::net
