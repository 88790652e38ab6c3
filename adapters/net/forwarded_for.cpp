#include "adapters/net/forwarded_for.hpp"

#include <algorithm>

#include <boost/asio/ip/address.hpp>

#include "core/text.hpp"

namespace frontline::net {

namespace {

bool trusted(const std::vector<std::string>& proxies, const std::string& address) {
    return std::find(proxies.begin(), proxies.end(), address) != proxies.end();
}

}  // namespace

std::optional<std::string> normalize_ip(std::string_view text) {
    std::string bare = trim(text);
    if (bare.size() > 2 && bare.front() == '[' && bare.back() == ']') bare = bare.substr(1, bare.size() - 2);
    if (bare.empty() || bare.size() > 64) return std::nullopt;
    boost::system::error_code ec;
    auto address = boost::asio::ip::make_address(bare, ec);
    if (ec) return std::nullopt;
    if (address.is_v6() && address.to_v6().is_v4_mapped())
        address = boost::asio::ip::make_address_v4(boost::asio::ip::v4_mapped, address.to_v6());
    if (address.is_v6() && address.to_v6().scope_id() != 0) return std::nullopt;
    return address.to_string();
}

std::string client_address(const std::string& peer, const std::vector<std::string>& forwarded_for,
                           const std::vector<std::string>& trusted_proxies) {
    const std::string from = normalize_ip(peer).value_or(peer);
    if (!trusted(trusted_proxies, from)) return from;
    std::vector<std::string_view> hops;
    for (const auto& line : forwarded_for) {
        std::string_view rest(line);
        for (;;) {
            const auto comma = rest.find(',');
            hops.push_back(rest.substr(0, comma));
            if (comma == std::string_view::npos) break;
            rest.remove_prefix(comma + 1);
        }
    }
    std::string client = from;
    for (auto hop = hops.rbegin(); hop != hops.rend(); ++hop) {
        if (trim(*hop).empty()) continue;  // "a, , b" and a header with nothing in it
        auto address = normalize_ip(*hop);
        if (!address) return client;
        client = *address;
        if (!trusted(trusted_proxies, client)) return client;
    }
    return client;
}

}  // namespace frontline::net
