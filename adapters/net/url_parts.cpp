#include "adapters/net/url_parts.hpp"

#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>

namespace frontline::net {

namespace {
std::uint16_t default_port(std::string_view scheme) { return (scheme == "https" || scheme == "wss") ? 443 : 80; }
std::string bracketed(const std::string& host) {
    return host.find(':') != std::string::npos ? "[" + host + "]" : host;
}
}  // namespace

std::string UrlParts::host_header() const {
    if (port == default_port(scheme)) return bracketed(host);
    return bracketed(host) + ":" + std::to_string(port);
}

std::string UrlParts::origin() const { return scheme + "://" + bracketed(host) + ":" + std::to_string(port); }

Result<UrlParts> split_url(std::string_view url) {
    auto parsed = boost::urls::parse_absolute_uri(url);
    if (!parsed) return make_error(Errc::invalid_argument, "not an absolute URL");
    const boost::urls::url_view& u = *parsed;
    UrlParts parts;
    parts.scheme = std::string(u.scheme());
    for (auto& c : parts.scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (parts.scheme != "http" && parts.scheme != "https" && parts.scheme != "ws" && parts.scheme != "wss")
        return make_error(Errc::invalid_argument, "unsupported URL scheme '" + parts.scheme + "'");
    parts.secure = parts.scheme == "https" || parts.scheme == "wss";
    if (u.host_type() == boost::urls::host_type::ipv6) {
        parts.host = std::string(u.encoded_host_address());
    } else {
        parts.host = std::string(u.encoded_host());
    }
    if (parts.host.empty()) return make_error(Errc::invalid_argument, "URL has no host");
    if (u.has_port()) {
        const auto number = u.port_number();
        if (number == 0) return make_error(Errc::invalid_argument, "URL has an invalid port");
        parts.port = number;
    } else {
        parts.port = default_port(parts.scheme);
    }
    parts.target = std::string(u.encoded_path());
    if (parts.target.empty()) parts.target = "/";
    if (u.has_query()) parts.target += "?" + std::string(u.encoded_query());
    return parts;
}

}  // namespace frontline::net
