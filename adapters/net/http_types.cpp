#include "adapters/net/http_types.hpp"

#include <algorithm>
#include <charconv>

namespace frontline::net {

namespace {
char lower(char c) noexcept { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }
}  // namespace

bool iequals(std::string_view a, std::string_view b) noexcept {
    return a.size() == b.size() &&
           std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return lower(x) == lower(y); });
}

std::optional<std::string> Headers::get(std::string_view name) const {
    for (const auto& [k, v] : fields_) {
        if (iequals(k, name)) return v;
    }
    return std::nullopt;
}

void Headers::set(std::string name, std::string value) {
    erase(name);
    fields_.emplace_back(std::move(name), std::move(value));
}

void Headers::add(std::string name, std::string value) { fields_.emplace_back(std::move(name), std::move(value)); }

void Headers::erase(std::string_view name) {
    std::erase_if(fields_, [&](const auto& f) { return iequals(f.first, name); });
}

HttpResponse make_response(int status, std::string body, std::string content_type) {
    HttpResponse r;
    r.status = status;
    r.body = std::move(body);
    r.headers.set("Content-Type", std::move(content_type));
    return r;
}

std::optional<std::pair<std::string, std::uint16_t>> parse_host_port(std::string_view s) {
    std::string_view host;
    std::string_view port;
    if (!s.empty() && s.front() == '[') {
        const auto close = s.find(']');
        if (close == std::string_view::npos || close + 1 >= s.size() || s[close + 1] != ':') return std::nullopt;
        host = s.substr(1, close - 1);
        port = s.substr(close + 2);
    } else {
        const auto colon = s.rfind(':');
        if (colon == std::string_view::npos) return std::nullopt;
        host = s.substr(0, colon);
        port = s.substr(colon + 1);
        if (host.find(':') != std::string_view::npos) return std::nullopt;  // bare IPv6 needs brackets
    }
    if (host.empty() || port.empty()) return std::nullopt;
    unsigned value = 0;
    const auto [end, ec] = std::from_chars(port.data(), port.data() + port.size(), value);
    if (ec != std::errc{} || end != port.data() + port.size() || value > 65535) return std::nullopt;
    return std::pair{std::string(host), static_cast<std::uint16_t>(value)};
}

}  // namespace frontline::net
