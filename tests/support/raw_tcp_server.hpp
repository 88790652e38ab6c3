#pragma once
// A loopback TCP server whose behaviour per connection is a coroutine: for fault tests (garbage,
// responses cut short, silence) that a well-behaved HTTP server cannot produce.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/read_until.hpp>
#include <boost/asio/streambuf.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/write.hpp>

namespace frontline::testkit {

class RawTcpServer {
public:
    using Socket = boost::asio::ip::tcp::socket;
    using Script = std::function<boost::asio::awaitable<void>(Socket)>;

    /// Listens on 127.0.0.1 with an ephemeral port and runs `script` for every accepted connection.
    RawTcpServer(boost::asio::io_context& io, Script script) : state_(std::make_shared<State>(io, std::move(script))) {
        using boost::asio::ip::tcp;
        state_->acceptor.open(tcp::v4());
        state_->acceptor.set_option(tcp::acceptor::reuse_address(true));
        state_->acceptor.bind(tcp::endpoint(boost::asio::ip::make_address("127.0.0.1"), 0));
        state_->acceptor.listen();
        boost::asio::co_spawn(io, accept_loop(state_), boost::asio::detached);
    }
    ~RawTcpServer() { stop(); }
    RawTcpServer(const RawTcpServer&) = delete;
    RawTcpServer& operator=(const RawTcpServer&) = delete;

    std::uint16_t port() const { return state_->acceptor.local_endpoint().port(); }
    std::size_t accepted() const { return state_->accepted; }
    void stop() {
        boost::system::error_code ignored;
        state_->acceptor.close(ignored);
    }

private:
    struct State {
        State(boost::asio::io_context& io, Script s) : acceptor(io), script(std::move(s)) {}
        boost::asio::ip::tcp::acceptor acceptor;
        Script script;
        std::size_t accepted = 0;
    };

    static boost::asio::awaitable<void> accept_loop(std::shared_ptr<State> state) {
        for (;;) {
            auto [ec, socket] = co_await state->acceptor.async_accept(boost::asio::as_tuple(boost::asio::use_awaitable));
            if (ec) co_return;
            ++state->accepted;
            boost::asio::co_spawn(state->acceptor.get_executor(), state->script(std::move(socket)), boost::asio::detached);
        }
    }

    std::shared_ptr<State> state_;
};

/// Reads up to the blank line that ends an HTTP header; empty when the peer closed first.
inline boost::asio::awaitable<std::string> read_http_header(RawTcpServer::Socket& socket) {
    std::string data;
    auto [ec, n] = co_await boost::asio::async_read_until(socket, boost::asio::dynamic_buffer(data), "\r\n\r\n",
                                                          boost::asio::as_tuple(boost::asio::use_awaitable));
    if (ec) co_return std::string{};
    data.resize(n);
    co_return data;
}

/// Writes all of `data`; errors are ignored (the test looks at the other side).
inline boost::asio::awaitable<void> write_all(RawTcpServer::Socket& socket, std::string data) {
    [[maybe_unused]] auto [ec, n] = co_await boost::asio::async_write(socket, boost::asio::buffer(data),
                                                                      boost::asio::as_tuple(boost::asio::use_awaitable));
}

/// A script for a server that reads the request and never answers, holding the connection until
/// the peer gives up: what timeouts and cancellation are tested against.
inline boost::asio::awaitable<void> never_answer(RawTcpServer::Socket socket) {
    (void)co_await read_http_header(socket);
    std::string ignored;
    (void)co_await boost::asio::async_read(socket, boost::asio::dynamic_buffer(ignored),
                                           boost::asio::as_tuple(boost::asio::use_awaitable));
}

}  // namespace frontline::testkit
