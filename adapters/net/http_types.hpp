#pragma once
// Plain HTTP values shared by the server and the client; no Beast here, so users of the network
// layer compile without it.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace frontline::net {

/// Header fields in arrival order; names compare case-insensitively (RFC 9110 section 5.1).
class Headers {
public:
    /// First value of the field, if present.
    std::optional<std::string> get(std::string_view name) const;
    bool contains(std::string_view name) const { return get(name).has_value(); }
    /// Replaces every field of that name with one.
    void set(std::string name, std::string value);
    /// Appends a field (keeps existing ones: Set-Cookie, Vary).
    void add(std::string name, std::string value);
    void erase(std::string_view name);
    const std::vector<std::pair<std::string, std::string>>& fields() const { return fields_; }
    bool empty() const { return fields_.empty(); }

private:
    std::vector<std::pair<std::string, std::string>> fields_;
};

/// True when a and b are equal ignoring ASCII case.
bool iequals(std::string_view a, std::string_view b) noexcept;

/// A request made by HttpClient.
struct HttpRequest {
    std::string method = "GET";
    std::string url;                    ///< absolute http:// or https:// URL
    Headers headers;
    std::string body;
    std::chrono::milliseconds connect_timeout{10'000};
    /// From the request sent to the response's header received: a server that accepted the request
    /// but does not start answering. Capped by total_timeout; long polls need it above the hold time.
    std::chrono::milliseconds read_timeout{30'000};
    /// Whole exchange including connect; long polls need it above the server's hold time.
    std::chrono::milliseconds total_timeout{30'000};
    /// Largest response body accepted for this request (0: the client's max_body_size). Past it the
    /// request fails with Errc::too_large as soon as the Content-Length or the bytes read tell,
    /// without reading the rest: downloads of attachments bounded by their configured limit.
    std::size_t max_body_bytes = 0;
};

/// A response: what HttpClient returns and what a server handler answers.
struct HttpResponse {
    int status = 200;
    Headers headers;
    std::string body;
};

/// A request as an HttpServer handler sees it.
struct IncomingRequest {
    std::string method;
    std::string target;                 ///< as sent: path plus optional ?query
    std::string path;                   ///< target without the query
    std::string query;                  ///< after '?', still percent-encoded; empty when none
    Headers headers;
    std::string body;
    std::string remote_address;         ///< peer IP, for logs and rate limits
};

/// Builds a response with a body and its Content-Type.
HttpResponse make_response(int status, std::string body,
                           std::string content_type = "text/plain; charset=utf-8");

/// "host:port" or "[v6]:port" split in two; nullopt when malformed or the port is not 0..65535.
std::optional<std::pair<std::string, std::uint16_t>> parse_host_port(std::string_view s);

}  // namespace frontline::net
