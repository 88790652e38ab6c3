#pragma once
// Shared by the network tests: one io_context that runs servers and clients on the test's thread.
#include <string>

#include <boost/asio/io_context.hpp>
#include <gtest/gtest.h>

#include "adapters/net/http_client.hpp"
#include "adapters/net/http_server.hpp"
#include "tests/support/run_coroutine.hpp"

namespace frontline::net {

class NetTest : public ::testing::Test {
protected:
    template <class T>
    T run(awaitable<T> coroutine) {
        return testkit::run_coroutine(io_, std::move(coroutine));
    }

    /// A client request with short deadlines: a hanging test fails fast instead of stalling ctest.
    static HttpRequest request(std::string method, std::string url, std::string body = {}) {
        HttpRequest r;
        r.method = std::move(method);
        r.url = std::move(url);
        r.body = std::move(body);
        r.connect_timeout = std::chrono::seconds(5);
        r.total_timeout = std::chrono::seconds(10);
        return r;
    }

    static std::string local(std::uint16_t port, const std::string& path, const std::string& scheme = "http") {
        return scheme + "://127.0.0.1:" + std::to_string(port) + path;
    }

    boost::asio::io_context io_;
};

}  // namespace frontline::net
