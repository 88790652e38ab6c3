#pragma once
// The booking page's HTTP side, under /call/<token>: the page itself, its slots, confirm (book or
// move), cancel, and the .ics invite. Thin: the token is checked here (403 tampered or expired, 410
// used), every change goes through the engine loop as a web_action event (inbox, the desk's checks
// and the booking in one transaction, messages through the outbox), and the answer is read back
// from the store after that commit.
#include <memory>
#include <string>

#include "adapters/adapter.hpp"
#include "adapters/net/http_types.hpp"
#include "bot/calls/call_token.hpp"
#include "core/clock.hpp"
#include "core/handoff/desk.hpp"

namespace frontline {

class StoreWorker;

class BookingRoutes {
public:
    BookingRoutes(StoreWorker& store, InboundSink& sink, const handoff::DeskConfig& desk,
                  std::shared_ptr<const calls::SignedCallLinks> links, const Clock& clock);

    /// Path prefix of the page and its API; the page's script and style live under kAssetPrefix.
    static constexpr const char* kPrefix = "/call/";
    static constexpr const char* kAssetPrefix = "/call-assets/";

    /// Any request under kPrefix or kAssetPrefix.
    boost::asio::awaitable<net::HttpResponse> handle(net::IncomingRequest request);

private:
    struct View;
    boost::asio::awaitable<net::HttpResponse> page(calls::CallToken token);
    boost::asio::awaitable<net::HttpResponse> slots(calls::CallToken token);
    boost::asio::awaitable<net::HttpResponse> confirm(calls::CallToken token, std::string body);
    boost::asio::awaitable<net::HttpResponse> cancel(calls::CallToken token);
    boost::asio::awaitable<net::HttpResponse> invite(calls::CallToken token);
    /// The ticket, booking and free slots as the page sees them, read on the store thread.
    boost::asio::awaitable<std::shared_ptr<View>> view_of(calls::CallToken token);
    /// The page's JSON for a view (slots and booking).
    std::string view_json(const View& v) const;

    StoreWorker& store_;
    InboundSink& sink_;
    const handoff::DeskConfig& desk_;
    std::shared_ptr<const calls::SignedCallLinks> links_;
    const Clock& clock_;
};

}  // namespace frontline
