#include "bot/calls/booking_routes.hpp"

#include <atomic>

#include <nlohmann/json.hpp>

#include "bot/calls/booking_page.hpp"
#include "bot/runtime/store_worker.hpp"
#include "core/handoff/calls.hpp"

namespace frontline {

using nlohmann::json;

struct BookingRoutes::View {
    Status status;
    std::optional<Ticket> ticket;
    std::optional<Booking> booking;
    const handoff::Agent* agent = nullptr;
    Seconds duration{0};
    std::vector<TimePoint> slots;
    calls::CallToken token;
    /// Why the link leads nowhere any more ("used", "closed", "unknown"); empty while it works.
    std::string gone;
};

namespace {

void page_headers(net::HttpResponse& r) {
    r.headers.set("Content-Security-Policy",
                  "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'");
    r.headers.set("X-Content-Type-Options", "nosniff");
    // The token is in the path: never hand it to another site in a Referer.
    r.headers.set("Referrer-Policy", "no-referrer");
    r.headers.set("Cache-Control", "no-store");
}

net::HttpResponse json_response(int status, const json& body) {
    auto r = net::make_response(status, body.dump(), "application/json; charset=utf-8");
    page_headers(r);
    return r;
}

net::HttpResponse html_response(int status, std::string body) {
    auto r = net::make_response(status, std::move(body), "text/html; charset=utf-8");
    page_headers(r);
    return r;
}

long long unix_of(TimePoint t) { return static_cast<long long>(t.time_since_epoch().count()); }

std::string unique_suffix(TimePoint now) {
    static std::atomic<unsigned long long> counter{0};
    return std::to_string(unix_of(now)) + "-" + std::to_string(++counter);
}

}  // namespace

BookingRoutes::BookingRoutes(StoreWorker& store, InboundSink& sink, const handoff::DeskConfig& desk,
                             std::shared_ptr<const calls::SignedCallLinks> links, const Clock& clock)
    : store_(store), sink_(sink), desk_(desk), links_(std::move(links)), clock_(clock) {}

boost::asio::awaitable<net::HttpResponse> BookingRoutes::handle(net::IncomingRequest request) {
    const bool get = request.method == "GET" || request.method == "HEAD";
    if (request.path.rfind(kAssetPrefix, 0) == 0) {
        const auto* asset = calls::find_booking_asset(request.path.substr(std::string(kAssetPrefix).size()));
        if (!asset || !get) co_return net::make_response(404, "not found\n");
        auto r = net::make_response(200, std::string(asset->body), std::string(asset->content_type));
        page_headers(r);
        r.headers.set("Cache-Control", "no-cache");
        co_return r;
    }
    std::string rest = request.path.substr(std::string(kPrefix).size());
    std::string action;
    if (const auto slash = rest.find('/'); slash != std::string::npos) {
        action = rest.substr(slash + 1);
        rest.resize(slash);
    }
    const bool api = !action.empty();
    auto checked = calls::verify_call_token(links_->secret(), rest, clock_.now());
    if (const auto* problem = std::get_if<calls::TokenProblem>(&checked)) {
        const bool expired = *problem == calls::TokenProblem::expired;
        if (api) co_return json_response(403, {{"error", expired ? "expired" : "invalid"}});
        co_return html_response(403, calls::problem_page(expired ? calls::PageProblem::expired : calls::PageProblem::invalid));
    }
    calls::CallToken token = std::get<calls::CallToken>(checked);
    if (action.empty()) {
        if (!get) co_return net::make_response(405, "method not allowed\n");
        co_return co_await page(std::move(token));
    }
    if (action == "slots" && get) co_return co_await slots(std::move(token));
    if (action == "invite.ics" && get) co_return co_await invite(std::move(token));
    if (action == "confirm" && request.method == "POST") co_return co_await confirm(std::move(token), std::move(request.body));
    if (action == "cancel" && request.method == "POST") co_return co_await cancel(std::move(token));
    co_return net::make_response(404, "not found\n");
}

boost::asio::awaitable<std::shared_ptr<BookingRoutes::View>> BookingRoutes::view_of(calls::CallToken token) {
    const TimePoint now = clock_.now();
    auto read = [this, token, now](Store& s) {
        auto v = std::make_shared<View>();
        v->token = token;
        auto t = s.find_ticket(token.ticket);
        if (!t) {
            v->status = t.error();
            return v;
        }
        if (!*t) {
            v->gone = "unknown";
            return v;
        }
        v->ticket = **t;
        auto b = token.kind == calls::TokenKind::book ? s.booking_by_nonce(token.nonce) : s.booking_by_id(token.booking);
        if (!b) {
            v->status = b.error();
            return v;
        }
        v->booking = *b;
        if (v->booking && v->booking->ticket != token.ticket) {  // a manage link names its ticket too
            v->booking.reset();
            v->gone = "unknown";
            return v;
        }
        if (token.kind == calls::TokenKind::manage && !v->booking) {
            v->gone = "unknown";
            return v;
        }
        v->agent = desk_.directory.agent_by_reference(v->booking ? v->booking->agent : token.agent);
        v->duration = v->booking ? v->booking->end - v->booking->start : token.duration;
        if (!v->agent) {
            v->gone = "unknown";
            return v;
        }
        const bool open = is_open(v->ticket->status) && v->ticket->status != TicketStatus::resolved;
        if (token.kind == calls::TokenKind::book && v->booking) v->gone = "used";
        else if (!open && !(v->booking && v->booking->status == BookingStatus::cancelled)) v->gone = "closed";
        const bool movable = token.kind == calls::TokenKind::book || v->booking->status == BookingStatus::booked;
        if (v->gone.empty() && movable) {
            auto slots = handoff::open_call_slots(desk_, s, *v->agent, v->duration, now, v->booking ? v->booking->id : 0);
            if (!slots) v->status = slots.error();
            else v->slots = std::move(*slots);
        }
        return v;
    };
    co_return co_await store_.run(std::move(read));
}

std::string BookingRoutes::view_json(const View& v) const {
    json j;
    j["mode"] = v.token.kind == calls::TokenKind::book ? "book" : "manage";
    j["ticket"] = v.ticket->id.str();
    j["agent"] = v.agent->name;
    j["agent_zone"] = v.agent->zone ? v.agent->zone->name() : "UTC";
    j["minutes"] = v.duration.count() / 60;
    j["locale"] = v.ticket->locale;
    json slots = json::array();
    for (auto t : v.slots) slots.push_back(unix_of(t));
    j["slots"] = std::move(slots);
    if (v.booking) {
        const Booking& b = *v.booking;
        const TimePoint until = handoff::manage_link_expiry(b);
        j["booking"] = {{"start", unix_of(b.start)}, {"end", unix_of(b.end)}, {"meeting", b.meeting},
                        {"status", b.status == BookingStatus::booked ? "booked" : "cancelled"}, {"zone", b.requester_zone},
                        {"invite", links_->invite_link(b.id, b.ticket, until)},
                        {"manage", links_->manage_link(b.id, b.ticket, until)}};
    } else {
        j["booking"] = nullptr;
    }
    return j.dump();
}

boost::asio::awaitable<net::HttpResponse> BookingRoutes::page(calls::CallToken token) {
    auto v = co_await view_of(std::move(token));
    if (!v->status) co_return html_response(503, calls::problem_page(calls::PageProblem::unavailable));
    if (v->gone == "used") co_return html_response(410, calls::problem_page(calls::PageProblem::used));
    if (!v->gone.empty()) co_return html_response(410, calls::problem_page(calls::PageProblem::closed));
    co_return html_response(200, std::string(calls::booking_page_html()));
}

boost::asio::awaitable<net::HttpResponse> BookingRoutes::slots(calls::CallToken token) {
    auto v = co_await view_of(std::move(token));
    if (!v->status) co_return json_response(503, {{"error", "unavailable"}});
    if (!v->gone.empty()) co_return json_response(410, {{"error", v->gone}});
    co_return json_response(200, json::parse(view_json(*v)));
}

boost::asio::awaitable<net::HttpResponse> BookingRoutes::confirm(calls::CallToken token, std::string body) {
    const json in = json::parse(body, nullptr, false);
    if (!in.is_object() || !in.contains("start") || !in["start"].is_number_integer())
        co_return json_response(400, {{"error", "bad_request"}});
    const long long start = in["start"].get<long long>();
    std::string zone = in.contains("zone") && in["zone"].is_string() ? in["zone"].get<std::string>() : "UTC";
    // Only a zone this server knows: the chat message shows the time in it.
    if (!is_zone_name(zone) || !desk_.zones || !desk_.zones(zone)) co_return json_response(400, {{"error", "bad_zone"}});
    auto before = co_await view_of(token);
    if (!before->status) co_return json_response(503, {{"error", "unavailable"}});
    if (!before->gone.empty()) co_return json_response(410, {{"error", before->gone}});
    if (token.kind == calls::TokenKind::manage && before->booking->status != BookingStatus::booked)
        co_return json_response(410, {{"error", "cancelled"}});

    InboundEvent e;
    e.kind = InboundKind::web_action;
    e.from = {"web", "booking"};
    e.where = {"web", "booking", ""};
    e.received_at = clock_.now();
    json action;
    if (token.kind == calls::TokenKind::book) {
        // The same link confirming the same slot twice is one event: the inbox keeps the first.
        e.event_id = "call-book:" + token.nonce + ":" + std::to_string(start);
        action = {{"action", "book"}, {"ticket", token.ticket.str()}, {"agent", token.agent}, {"nonce", token.nonce},
                  {"start", start}, {"duration", token.duration.count()}, {"zone", zone}};
    } else {
        e.event_id = "call-move:" + std::to_string(token.booking) + ":" + std::to_string(start) + ":" + unique_suffix(e.received_at);
        action = {{"action", "reschedule"}, {"booking", token.booking}, {"start", start}, {"zone", zone}};
    }
    e.payload = action.dump();
    std::vector<InboundEvent> events{std::move(e)};
    const Status committed = co_await sink_.commit(std::move(events));
    if (!committed) co_return json_response(503, {{"error", "unavailable"}});

    auto after = co_await view_of(token);
    if (!after->status) co_return json_response(503, {{"error", "unavailable"}});
    const bool ours = after->booking && after->booking->status == BookingStatus::booked &&
                      unix_of(after->booking->start) == start;
    if (ours) {
        auto out = json::parse(view_json(*after));
        out["slots"] = json::array();
        co_return json_response(200, out);
    }
    if (token.kind == calls::TokenKind::book && after->booking) co_return json_response(410, {{"error", "used"}});
    if (!after->gone.empty()) co_return json_response(410, {{"error", after->gone}});
    // Someone else was faster: the fresh slots come with the answer.
    auto out = json::parse(view_json(*after));
    out["taken"] = true;
    co_return json_response(409, out);
}

boost::asio::awaitable<net::HttpResponse> BookingRoutes::cancel(calls::CallToken token) {
    if (token.kind != calls::TokenKind::manage) co_return json_response(404, {{"error", "not_found"}});
    auto before = co_await view_of(token);
    if (!before->status) co_return json_response(503, {{"error", "unavailable"}});
    if (!before->booking) co_return json_response(410, {{"error", "unknown"}});
    if (before->booking->status == BookingStatus::booked) {
        InboundEvent e;
        e.kind = InboundKind::web_action;
        e.from = {"web", "booking"};
        e.where = {"web", "booking", ""};
        e.received_at = clock_.now();
        e.event_id = "call-cancel:" + std::to_string(token.booking);
        e.payload = json{{"action", "cancel"}, {"booking", token.booking}}.dump();
        std::vector<InboundEvent> events{std::move(e)};
        const Status committed = co_await sink_.commit(std::move(events));
        if (!committed) co_return json_response(503, {{"error", "unavailable"}});
    }
    auto after = co_await view_of(token);
    if (!after->status || !after->booking) co_return json_response(503, {{"error", "unavailable"}});
    auto out = json::parse(view_json(*after));
    co_return json_response(after->booking->status == BookingStatus::cancelled ? 200 : 409, out);
}

boost::asio::awaitable<net::HttpResponse> BookingRoutes::invite(calls::CallToken token) {
    if (token.kind != calls::TokenKind::manage) co_return net::make_response(404, "not found\n");
    auto v = co_await view_of(token);
    if (!v->status) co_return net::make_response(503, "the store could not be read\n");
    if (!v->booking || !v->agent) co_return html_response(410, calls::problem_page(calls::PageProblem::closed));
    const std::string ics = handoff::render_ics(handoff::invite_of(*v->ticket, *v->booking, *v->agent, clock_.now()));
    auto r = net::make_response(200, ics, "text/calendar; charset=utf-8; method=REQUEST");
    page_headers(r);
    r.headers.set("Content-Disposition", "attachment; filename=\"" + v->ticket->id.str() + "-call.ics\"");
    co_return r;
}

}  // namespace frontline
