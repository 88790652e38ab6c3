// Several outbox rows of one bot turn as one Slack message: what folds, how it renders, and how a
// later edit of one part renders the whole message.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "adapters/slack/message_fold.hpp"
#include "adapters/slack/response_urls.hpp"
#include "adapters/slack/web_api_codec.hpp"

using namespace frontline;
using namespace frontline::slack;
using nlohmann::json;

namespace {

const Address kDm{"slack", "D0DM000001", ""};

OutboundMessage text(const std::string& key, const std::string& t) {
    OutboundMessage m;
    m.to = kDm;
    m.text = t;
    m.idempotency_key = key;
    return m;
}

OutboundMessage question(const std::string& key, const std::string& t) {
    OutboundMessage m = text(key, t);
    m.choices = {{"Only me", "impact|1"}, {"My team", "impact|2"}};
    m.message_key = key;
    return m;
}

OutboundMessage retire(const std::string& key, const std::string& target, const std::string& t) {
    OutboundMessage m = text(key, t);
    m.replaces = target;
    return m;
}

OutboxItem item(OutboundMessage m, std::string replaces_platform_id = {}) {
    OutboxItem i;
    i.message = std::move(m);
    i.replaces_platform_id = std::move(replaces_platform_id);
    return i;
}

}  // namespace

TEST(SlackFold, AnIntakeTurnFoldsIntoOneMessage) {
    std::vector<OutboxItem> items{item(text("k:1", "I've logged this as *INC-000001*.")),
                                  item(text("k:2", "Got it: Network and VPN.")),
                                  item(question("k:3", "Who is affected?"))};
    EXPECT_EQ(fold_count(items), 3u);
    const auto plan = plan_fold(items);
    ASSERT_EQ(plan.parts.size(), 3u);
    EXPECT_TRUE(plan.updates.empty());
    std::vector<OutboundMessage> parts;
    for (const auto& p : plan.parts) parts.push_back(p.message);
    auto r = render_folded_post(parts, "D0DM000001");
    ASSERT_TRUE(r) << r.error().message;
    const auto body = json::parse(*r);
    ASSERT_EQ(body["blocks"].size(), 4u) << body.dump();
    EXPECT_EQ(body["blocks"][0]["text"]["text"], "I've logged this as *INC-000001*.");
    EXPECT_EQ(body["blocks"][3]["type"], "actions");
    EXPECT_NE(body["text"].get<std::string>().find("Got it"), std::string::npos);
    // Every row's key rides in the metadata, so recovery after a crash finds each of them.
    EXPECT_EQ(body["metadata"]["event_payload"]["key"], "k:1");
    EXPECT_EQ(body["metadata"]["event_payload"]["keys"], (json{"k:1", "k:2", "k:3"}));
}

TEST(SlackFold, HistoryFindsEveryKeyOfAFoldedPost) {
    const json history = {{"ok", true},
                          {"messages",
                           {{{"ts", "1700000000.000200"},
                             {"metadata",
                              {{"event_type", "frontline_outbox"},
                               {"event_payload", {{"key", "k:1"}, {"keys", {"k:1", "k:2", "k:3"}}}}}}}}}};
    auto keys = parse_posted_keys(history.dump());
    ASSERT_TRUE(keys) << keys.error().message;
    EXPECT_EQ(keys->size(), 3u);
    EXPECT_EQ(keys->at("k:3"), "1700000000.000200");
}

TEST(SlackFold, AClickTurnPostsTheNextQuestionAndUpdatesTheOldOne) {
    std::vector<OutboxItem> items{item(retire("k:4", "k:3", "Who is affected?\nYour answer: *My team*"), "D0DM000001:1.000100"),
                                  item(question("k:5", "How much is it holding you up?"))};
    EXPECT_EQ(fold_count(items), 2u);
    const auto plan = plan_fold(items);
    ASSERT_EQ(plan.parts.size(), 1u);
    EXPECT_EQ(plan.parts[0].items, std::vector<std::size_t>{1});
    EXPECT_EQ(plan.updates, std::vector<std::size_t>{0});
}

TEST(SlackFold, AQuestionRetiredInTheSameTurnIsPostedAsItEnds) {
    std::vector<OutboxItem> items{item(question("k:1", "Who is affected?")),
                                  item(retire("k:2", "k:1", "Who is affected?")), item(text("k:3", "Bye"))};
    EXPECT_EQ(fold_count(items), 3u);
    const auto plan = plan_fold(items);
    ASSERT_EQ(plan.parts.size(), 2u);
    EXPECT_TRUE(plan.parts[0].message.choices.empty());
    EXPECT_EQ(plan.parts[0].items, (std::vector<std::size_t>{0, 1}));
}

TEST(SlackFold, ALongTextOrAnotherThreadIsNotFolded) {
    std::vector<OutboxItem> items{item(text("k:1", "short")), item(text("k:2", std::string(5000, 'a')))};
    EXPECT_EQ(fold_count(items), 1u);
    std::vector<OutboxItem> alone{item(text("k:1", std::string(5000, 'a'))), item(text("k:2", "short"))};
    EXPECT_EQ(fold_count(alone), 1u);
    auto threaded = text("k:2", "in a thread");
    threaded.to.thread = "C1:1.0001";
    std::vector<OutboxItem> threads{item(text("k:1", "top")), item(threaded)};
    EXPECT_EQ(fold_count(threads), 1u);
}

TEST(SlackFold, AnEditOfAFoldedMessageRendersTheWholeMessage) {
    const std::vector<OutboundMessage> holds{text("k:1", "I've logged this as *INC-000001*."), text("k:2", "Got it: Network."),
                                             question("k:3", "Who is affected?")};
    const auto edit = retire("k:4", "k:3", "Who is affected?\nYour answer: *My team*");
    auto r = render_update_of(holds, edit, "D0DM000001", "1.000100");
    ASSERT_TRUE(r) << r.error().message;
    const auto body = json::parse(*r);
    EXPECT_EQ(body["ts"], "1.000100");
    ASSERT_EQ(body["blocks"].size(), 3u) << body.dump();  // three sections, the buttons gone
    EXPECT_EQ(body["blocks"][0]["text"]["text"], "I've logged this as *INC-000001*.");
    EXPECT_EQ(body["blocks"][2]["text"]["text"], "Who is affected?\nYour answer: *My team*");
    // A later edit of the same message keeps what the earlier one changed.
    auto later_holds = holds;
    later_holds.push_back(edit);
    EXPECT_EQ(compose_after_edit(later_holds, retire("k:9", "k:3", "again")).size(), 3u);
    // Sent through the click's response_url: the same message, replacing the original.
    const auto via_url = json::parse(response_url_body(*r));
    EXPECT_TRUE(via_url["replace_original"].get<bool>());
    EXPECT_FALSE(via_url.contains("channel"));
    EXPECT_EQ(via_url["blocks"], body["blocks"]);
}

TEST(SlackFold, AnEditOfAMessageOfOnePartIsAPlainUpdate) {
    const auto edit = retire("k:2", "k:1", "Who is affected?\nYour answer: *Only me*");
    auto r = render_update_of({question("k:1", "Who is affected?")}, edit, "D0DM000001", "1.000100");
    ASSERT_TRUE(r);
    const auto body = json::parse(*r);
    EXPECT_EQ(body["text"], "Who is affected?\nYour answer: *Only me*");
    EXPECT_TRUE(body["blocks"].empty());
}

TEST(SlackResponseUrls, UsedAtMostFiveTimesWithinItsLifetime) {
    ResponseUrls urls;
    const auto t0 = ResponseUrls::Clock::time_point{} + std::chrono::hours(1);
    urls.remember("D1:1.0001", "https://hooks.slack.com/actions/T/1/x", t0);
    for (int i = 0; i < ResponseUrls::kMaxUses; ++i) EXPECT_TRUE(urls.take("D1:1.0001", t0));
    EXPECT_FALSE(urls.take("D1:1.0001", t0)) << "a sixth use would be refused";
    urls.remember("D1:1.0002", "https://hooks.slack.com/actions/T/2/x", t0);
    EXPECT_FALSE(urls.take("D1:1.0002", t0 + ResponseUrls::kLifetime)) << "expired";
    urls.remember("D1:1.0003", "https://hooks.slack.com/actions/T/3/x", t0);
    urls.forget("D1:1.0003");
    EXPECT_FALSE(urls.take("D1:1.0003", t0));
    EXPECT_FALSE(urls.take("D1:unknown", t0));
}
