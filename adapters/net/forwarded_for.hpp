#pragma once
// Who a request comes from when a reverse proxy stands in front of us. Only a configured proxy is
// believed: anyone else could write any X-Forwarded-For and pick the address every per-address
// limit counts (new conversations, failed logins, tickets), so theirs is ignored.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace frontline::net {

/// `text` as one IP address in its usual form ("::ffff:1.2.3.4" as "1.2.3.4", IPv6 compressed);
/// brackets around IPv6 are allowed. Nullopt when it is not an address (a port, a name, junk).
std::optional<std::string> normalize_ip(std::string_view text);

/// The client's address for a request that reached us from `peer`. Without a trusted proxy: `peer`.
/// From one (peer in `trusted_proxies`, normalized addresses): X-Forwarded-For is read right to left
/// (`forwarded_for` holds each of its header lines in order), skipping trusted proxies, and the
/// first other address is the client, as the nearest proxy saw it; entries to its left were written
/// by the client and are not believed. A malformed entry stops the walk at the last trusted hop.
std::string client_address(const std::string& peer, const std::vector<std::string>& forwarded_for,
                           const std::vector<std::string>& trusted_proxies);

}  // namespace frontline::net
