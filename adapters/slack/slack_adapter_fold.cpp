// SlackAdapter's delivery of several outbox rows at once: the rows of one bot turn posted as one
// message (message_fold.hpp), and updates of earlier messages sent through the click's
// response_url when one is at hand. https://docs.slack.dev/interactivity/handling-user-interaction
#include <algorithm>

#include "adapters/slack/delivery_outcomes.hpp"
#include "adapters/slack/slack_adapter.hpp"

namespace frontline::slack {

std::size_t SlackAdapter::fold_count(const std::vector<OutboxItem>& items) const { return slack::fold_count(items); }

net::awaitable<std::vector<DeliveryOutcome>> SlackAdapter::deliver_together(std::vector<OutboxItem> items) {
    std::vector<DeliveryOutcome> outcomes(items.size());
    if (items.size() == 1) {
        auto one = deliver(std::move(items.front()));
        outcomes.front() = co_await std::move(one);
        co_return outcomes;
    }
    auto plan = plan_fold(items);
    if (plan.parts.size() == 1) {
        // One message (with this turn's edits of it applied): the single-message path.
        OutboxItem single = items[plan.parts.front().items.front()];
        single.message = plan.parts.front().message;
        auto one = deliver(std::move(single));
        const DeliveryOutcome posted = co_await std::move(one);
        for (auto i : plan.parts.front().items) outcomes[i] = posted;
    } else if (!plan.parts.empty()) {
        const Address to = items.front().message.to;
        std::vector<DeliveryOutcome> posted(plan.parts.size());
        if (to.platform != "slack" || to.conversation_id.empty()) {
            std::fill(posted.begin(), posted.end(), outcome_of(make_error(Errc::invalid_argument, "slack: not a Slack address")));
        } else {
            auto resolving = resolve_channel(to.conversation_id);
            auto channel = co_await std::move(resolving);
            if (!channel) {
                std::fill(posted.begin(), posted.end(), outcome_of(channel.error()));
            } else {
                auto posting = post_folded(plan.parts, items, *channel);
                posted = co_await std::move(posting);
            }
        }
        for (std::size_t k = 0; k < plan.parts.size(); ++k)
            for (auto i : plan.parts[k].items) outcomes[i] = posted[k];
    }
    // After the post: the next question first, then the answered one loses its buttons.
    for (auto i : plan.updates) {
        auto update = send_update(std::move(items[i]));
        outcomes[i] = co_await std::move(update);
    }
    co_return outcomes;
}

net::awaitable<std::vector<DeliveryOutcome>> SlackAdapter::post_folded(std::vector<FoldPart> parts,
                                                                      std::vector<OutboxItem> items, std::string channel) {
    std::vector<DeliveryOutcome> out(parts.size());
    std::vector<OutboundMessage> messages;
    std::optional<TimePoint> since;  // the earliest unconfirmed attempt of any row in this post
    for (const auto& p : parts) {
        messages.push_back(p.message);
        for (auto i : p.items)
            if (const auto& s = items[i].unconfirmed_since; s && (!since || *s < *since)) since = *s;
    }
    auto body = render_folded_post(messages, channel);
    if (!body) {
        std::fill(out.begin(), out.end(), outcome_of(body.error()));
        co_return out;
    }
    std::map<std::string, std::string> already;  // key -> ts of what an unconfirmed attempt did post
    if (since) {
        auto looking = earlier_posts(*body, *since);
        auto found = co_await std::move(looking);
        if (!found) {
            std::fill(out.begin(), out.end(), outcome_of(found.error()));
            co_return out;
        }
        already = std::move(*found);
    }
    std::vector<OutboundMessage> missing;
    std::vector<std::size_t> missing_at;
    for (std::size_t k = 0; k < parts.size(); ++k) {
        if (const auto it = already.find(messages[k].idempotency_key); it != already.end()) {
            out[k] = DeliveryOutcome{};
            out[k].platform_message_id = platform_message_id(channel, it->second);
            continue;
        }
        missing.push_back(messages[k]);
        missing_at.push_back(k);
    }
    if (missing.empty()) co_return out;
    if (missing.size() != messages.size()) {
        body = render_folded_post(missing, channel);
        if (!body) {
            for (auto k : missing_at) out[k] = outcome_of(body.error());
            co_return out;
        }
    }
    std::string method = "chat.postMessage";
    auto call = api_.call_json(std::move(method), std::move(*body), WebApiClient::Token::bot, settings_.max_inline_wait);
    auto a = co_await std::move(call);
    DeliveryOutcome o = outcome_of(a.status);
    if (o.kind == DeliveryOutcome::Kind::delivered) {
        auto posted = parse_posted_message(a.body);
        if (!posted) o = outcome_of(posted.error());
        else o.platform_message_id = platform_message_id(posted->channel.empty() ? channel : posted->channel, posted->ts);
    }
    for (auto k : missing_at) out[k] = o;
    co_return out;
}

net::awaitable<DeliveryOutcome> SlackAdapter::send_update(OutboxItem item) {
    const auto target = split_platform_message_id(item.replaces_platform_id);
    if (!target) co_return outcome_of(make_error(Errc::invalid_argument, "slack: no message to update"));
    auto body = render_update_of(item.replaced_holds, item.message, target->channel, target->ts);
    if (!body) co_return outcome_of(body.error());
    DeliveryOutcome o;
    if (auto url = response_urls_.take(item.replaces_platform_id, std::chrono::steady_clock::now())) {
        // The click's own channel back to its message: no Web API call, nothing from the rate limits.
        auto call = api_.post_to_response_url(std::move(*url), response_url_body(*body));
        auto a = co_await std::move(call);
        if (a.ok()) {
            o.platform_message_id = item.replaces_platform_id;
            co_return o;
        }
        response_urls_.forget(item.replaces_platform_id);
        log(LogLevel::info, "slack: a response_url was refused (" + a.status.error + "); updating with chat.update");
    }
    std::string method = "chat.update";
    auto call = api_.call_json(std::move(method), std::move(*body), WebApiClient::Token::bot, settings_.max_inline_wait);
    auto a = co_await std::move(call);
    o = outcome_of(a.status);
    if (o.kind == DeliveryOutcome::Kind::delivered) o.platform_message_id = item.replaces_platform_id;
    co_return o;
}

}  // namespace frontline::slack
