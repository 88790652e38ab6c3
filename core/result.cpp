#include "core/result.hpp"

namespace frontline {

const char* to_string(Errc e) noexcept {
    switch (e) {
        case Errc::invalid_argument: return "invalid_argument";
        case Errc::not_found: return "not_found";
        case Errc::conflict: return "conflict";
        case Errc::forbidden: return "forbidden";
        case Errc::invalid_transition: return "invalid_transition";
        case Errc::parse: return "parse";
        case Errc::storage: return "storage";
        case Errc::network: return "network";
        case Errc::timeout: return "timeout";
        case Errc::cancelled: return "cancelled";
        case Errc::rate_limited: return "rate_limited";
        case Errc::auth: return "auth";
        case Errc::protocol: return "protocol";
        case Errc::too_large: return "too_large";
        case Errc::unsupported: return "unsupported";
    }
    return "unknown";
}

}  // namespace frontline
