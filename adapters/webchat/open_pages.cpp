// The open pages of the web chat's conversations: who listens to which conversation, live lines
// pushed to them, and a resuming page caught up from the history a page at a time. This is all the
// web chat keeps in memory of a conversation, and only while a page of it is open.
#include <algorithm>

#include "adapters/webchat/webchat_adapter.hpp"

namespace frontline::webchat {

void WebchatAdapter::subscribe(const std::string& conversation_id, const net::WebSocketPtr& ws, bool is_private) {
    conversations_[conversation_id].live.push_back({ws, is_private, false, 0});
}

void WebchatAdapter::unsubscribe(const std::string& conversation_id, const net::WebSocketPtr& ws) {
    auto it = conversations_.find(conversation_id);
    if (it == conversations_.end()) return;
    std::erase_if(it->second.live, [&](const Subscriber& sub) {
        auto other = sub.ws.lock();
        return !other || other == ws;
    });
    // Nobody is looking: the conversation leaves memory; its lines are in the history.
    if (it->second.live.empty()) conversations_.erase(it);
}

WebchatAdapter::Subscriber* WebchatAdapter::subscriber(const std::string& conversation_id, const net::WebSocketPtr& ws) {
    auto it = conversations_.find(conversation_id);
    if (it == conversations_.end()) return nullptr;
    for (auto& sub : it->second.live)
        if (sub.ws.lock() == ws) return &sub;
    return nullptr;
}

void WebchatAdapter::publish(const std::string& conversation_id, const Entry& e) {
    auto it = conversations_.find(conversation_id);
    if (it == conversations_.end()) return;  // no open page: it reads the history when it comes back
    std::string frame;
    std::string private_frame;
    std::erase_if(it->second.live, [&](Subscriber& sub) {
        auto ws = sub.ws.lock();
        if (!ws || !ws->is_open()) return true;
        // A page still catching up reads this line from the history; one that already got it there
        // (the line committed before its last page was read) does not get it twice.
        if (!sub.caught_up || e.seq <= sub.sent) return false;
        // With other processes adding lines too, a line may arrive here before one numbered below
        // it that another process added: it waits for the next follow round, which reads the page's
        // lines in order from where it stands, so no line is skipped.
        if (options_.follow_every.count() > 0 && e.seq > sub.sent + 1) return false;
        std::string& f = sub.is_private ? private_frame : frame;
        if (f.empty()) f = render_entry(e, sub.is_private);
        ws->send(f);
        sub.sent = e.seq;
        return false;
    });
    if (it->second.live.empty()) conversations_.erase(it);
}

net::awaitable<bool> WebchatAdapter::catch_up(std::string conversation_id, net::WebSocketPtr ws, std::int64_t seq) {
    for (;;) {
        auto page = co_await history_.after(conversation_id, seq, options_.resume_page);
        // The page may have gone (or the adapter stopped) while the history was read.
        Subscriber* sub = subscriber(conversation_id, ws);
        if (!sub || !ws->is_open()) co_return false;
        if (!page) {
            if (options_.log) options_.log("history of " + conversation_id + " unreadable: " + page.error().message);
            co_return false;
        }
        for (const auto& e : *page) {
            if (e.seq <= sub->sent) continue;
            ws->send(render_entry(e, sub->is_private));
            sub->sent = e.seq;
        }
        if (page->size() < options_.resume_page) break;
        seq = page->back().seq;
    }
    // No suspension between the last page and here: whatever commits next reaches the page live.
    if (Subscriber* sub = subscriber(conversation_id, ws)) sub->caught_up = true;
    co_return true;
}

}  // namespace frontline::webchat
