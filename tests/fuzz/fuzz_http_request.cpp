// HTTP/1.1 requests as the server parses them (adapters/net/http_server.cpp): Beast's request
// parser with the server's header and body limits, fed in two pieces as a socket would.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include <boost/beast/http.hpp>

namespace http = boost::beast::http;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    http::request_parser<http::string_body> parser;
    parser.header_limit(16 * 1024);
    parser.body_limit(1 << 20);
    parser.eager(true);
    boost::system::error_code ec;
    const std::size_t split = size / 2;
    std::size_t used = parser.put(boost::asio::buffer(input.data(), split), ec);
    if (ec == http::error::need_more) ec = {};
    std::string_view rest = input.substr(used);
    while (!ec && !rest.empty() && !parser.is_done()) {
        const std::size_t n = parser.put(boost::asio::buffer(rest.data(), rest.size()), ec);
        if (ec == http::error::need_more) {
            ec = {};
            if (n == 0) break;
        }
        rest.remove_prefix(n);
    }
    if (!ec && parser.is_header_done()) {
        const auto& req = parser.get();
        // What the server reads from every request before it answers.
        (void)req.target();
        (void)req.method_string();
        (void)req.keep_alive();
        (void)req.find(http::field::host);
        (void)req[http::field::origin];
        for (const auto& field : req) (void)field.name_string();
    }
    return 0;
}
