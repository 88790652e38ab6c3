// The web chat adapter over real loopback WebSockets: sessions, echo after commit, delivery to open
// pages, resume without loss or doubles, the agents' room, and bad input that changes nothing.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

#include "adapters/net/http_server.hpp"
#include "adapters/net/wait.hpp"
#include "adapters/net/websocket_client.hpp"
#include "adapters/webchat/memory_line_history.hpp"
#include "adapters/webchat/session_token.hpp"
#include "adapters/webchat/webchat_adapter.hpp"
#include "tests/support/run_coroutine.hpp"

namespace frontline::webchat {
namespace {

namespace asio = boost::asio;
using nlohmann::json;

constexpr const char* kSessionKey = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

struct RecordingSink final : InboundSink {
    std::vector<InboundEvent> events;
    bool fail = false;
    asio::awaitable<Status> commit(std::vector<InboundEvent> batch) override {
        if (fail) co_return make_error(Errc::storage, "disk full");
        for (auto& e : batch) events.push_back(std::move(e));
        co_return Status{};
    }
};

class WebchatAdapterTest : public ::testing::Test {
protected:
    void SetUp() override {
        server_.on_websocket("/ws", [this](net::WebSocketPtr ws) { return chat_.serve(std::move(ws)); });
        ASSERT_TRUE(server_.listen("127.0.0.1:0"));
        asio::co_spawn(io_, chat_.run(sink_), [](std::exception_ptr) {});
    }
    void TearDown() override {
        server_.stop();
        chat_.stop();
        io_.restart();
        io_.run_for(std::chrono::milliseconds(100));
    }
    net::WebSocketPtr connect() {
        net::WebSocketClient client(io_.get_executor(), nullptr);
        auto ws = testkit::run_coroutine(io_, client.connect("ws://127.0.0.1:" + std::to_string(server_.port()) + "/ws"));
        EXPECT_TRUE(ws) << ws.error().message;
        return ws ? *ws : nullptr;
    }
    Result<std::string> read(const net::WebSocketPtr& ws) { return testkit::run_coroutine(io_, ws->read()); }
    json read_json(const net::WebSocketPtr& ws) {
        auto text = read(ws);
        EXPECT_TRUE(text) << text.error().message;
        return text ? json::parse(*text) : json{};
    }
    /// Opens a page session: returns the socket and its welcome.
    std::pair<net::WebSocketPtr, json> open(json hello) {
        auto ws = connect();
        ws->send(hello.dump());
        return {ws, read_json(ws)};
    }
    void deliver(const std::string& conversation, const std::string& key, std::string text = "hi") {
        OutboxItem item;
        item.message.to = Address{"webchat", conversation, {}};
        item.message.text = std::move(text);
        item.message.idempotency_key = key;
        auto outcome = testkit::run_coroutine(io_, chat_.deliver(item));
        EXPECT_EQ(outcome.kind, DeliveryOutcome::Kind::delivered);
        EXPECT_EQ(outcome.platform_message_id, key);
    }

    asio::io_context io_;
    ManualClock clock_{TimePoint{Seconds{1'800'000'000}}};
    RecordingSink sink_;
    MemoryLineHistory history_;
    WebchatAdapter chat_{io_.get_executor(), clock_, history_, [] {
                             WebchatOptions o;
                             o.agent_secret = "agent-secret";
                             o.epoch = "epoch-1";
                             o.session_key = kSessionKey;
                             o.agents = {{"alice", 0}, {"bruno", 0}};
                             return o;
                         }()};
    net::HttpServer server_{io_.get_executor(), [] {
                                net::HttpServerOptions o;
                                o.websocket.max_message_size = kMaxFrameBytes;
                                return o;
                            }()};
};

const json kHello = {{"type", "hello"}, {"v", 1}};

TEST_F(WebchatAdapterTest, ANewVisitorGetsASessionWhoseIdFollowsTheToken) {
    auto [ws, welcome] = open(kHello);
    EXPECT_EQ(welcome.at("type").get<std::string>(), "welcome");
    const auto session = welcome.at("session").get<std::string>();
    EXPECT_TRUE(is_minted_session_token(kSessionKey, session));
    EXPECT_EQ(welcome.at("user_id").get<std::string>(), user_id_for_token(session));
    EXPECT_EQ(welcome.at("epoch").get<std::string>(), "epoch-1");
    EXPECT_EQ(welcome.at("last_seq").get<int>(), 0);
}

TEST_F(WebchatAdapterTest, ALineIsCommittedThenEchoedWithASeq) {
    auto [ws, welcome] = open(kHello);
    const auto user = welcome.at("user_id").get<std::string>();
    ws->send(R"({"type":"message","id":"m1","text":"my VPN drops"})");
    auto echo = read_json(ws);
    ASSERT_EQ(sink_.events.size(), 1u);
    EXPECT_EQ(sink_.events[0].event_id, user + ":m1");
    EXPECT_EQ(sink_.events[0].from, (Identity{"webchat", user}));
    EXPECT_EQ(sink_.events[0].where, (Address{"webchat", user, {}}));
    EXPECT_EQ(sink_.events[0].text, "my VPN drops");
    EXPECT_EQ(echo.at("from").get<std::string>(), "user");
    EXPECT_EQ(echo.at("id").get<std::string>(), "m1");
    EXPECT_EQ(echo.at("seq").get<int>(), 1);

    ws->send(R"({"type":"choice","id":"m2","payload":"flow:vpn:yes","label":"Yes"})");
    EXPECT_EQ(read_json(ws).at("text").get<std::string>(), "Yes");
    ASSERT_EQ(sink_.events.size(), 2u);
    EXPECT_EQ(sink_.events[1].kind, InboundKind::choice);
    EXPECT_EQ(sink_.events[1].payload, "flow:vpn:yes");
}

TEST_F(WebchatAdapterTest, TheBrowsersZoneFromTheHelloRidesOnEveryLine) {
    json hello = kHello;
    hello["time_zone"] = "Europe/Rome";
    auto [ws, welcome] = open(hello);
    ASSERT_EQ(welcome.at("type").get<std::string>(), "welcome");
    ws->send(R"({"type":"message","id":"m1","text":"my VPN drops"})");
    read_json(ws);
    ws->send(R"({"type":"choice","id":"m2","payload":"flow:vpn:yes","label":"Yes"})");
    read_json(ws);
    ASSERT_EQ(sink_.events.size(), 2u);
    EXPECT_EQ(sink_.events[0].time_zone, "Europe/Rome");
    EXPECT_EQ(sink_.events[1].time_zone, "Europe/Rome");
}

TEST_F(WebchatAdapterTest, AZoneThatIsNotAZoneNameIsDroppedAndTheHelloStillAccepted) {
    json hello = kHello;
    hello["time_zone"] = "../../etc/passwd";
    auto [ws, welcome] = open(hello);
    ASSERT_EQ(welcome.at("type").get<std::string>(), "welcome");
    ws->send(R"({"type":"message","id":"m1","text":"my VPN drops"})");
    read_json(ws);
    ASSERT_EQ(sink_.events.size(), 1u);
    EXPECT_EQ(sink_.events[0].time_zone, "");
}

TEST_F(WebchatAdapterTest, AResumedPageGetsWhatItMissedOnceAndNothingTwice) {
    auto [ws, welcome] = open(kHello);
    const auto user = welcome.at("user_id").get<std::string>();
    deliver(user, "k1", "first");
    EXPECT_EQ(read_json(ws).at("seq").get<int>(), 1);
    ws->close();
    deliver(user, "k2", "second");                  // while the page is away
    deliver(user, "k1", "first");                   // a redelivery after a crash: not appended again
    ASSERT_EQ(history_.size(user), 2u);

    json hello = kHello;
    hello["session"] = welcome.at("session");
    hello["epoch"] = "epoch-1";
    hello["last_seq"] = 1;
    auto [again, welcome2] = open(hello);
    EXPECT_EQ(welcome2.at("user_id").get<std::string>(), user);
    EXPECT_EQ(welcome2.at("last_seq").get<int>(), 2);
    auto missed = read_json(again);
    EXPECT_EQ(missed.at("id").get<std::string>(), "k2");
    EXPECT_EQ(missed.at("seq").get<int>(), 2);
    // Nothing else is queued: the next frame is the answer to this ping.
    again->send(R"({"type":"ping"})");
    EXPECT_EQ(read_json(again).at("type").get<std::string>(), "pong");
}

TEST_F(WebchatAdapterTest, APageOfAnotherEpochGetsTheNewestLinesAndDropsWhatItShows) {
    auto [ws, welcome] = open(kHello);
    const auto user = welcome.at("user_id").get<std::string>();
    ws->close();
    for (int i = 1; i <= 503; ++i) deliver(user, "k" + std::to_string(i));
    json hello = kHello;
    hello["session"] = welcome.at("session");
    hello["epoch"] = "another-store";
    hello["last_seq"] = 2;
    auto [again, w] = open(hello);
    EXPECT_EQ(w.at("epoch").get<std::string>(), "epoch-1");
    // Its seq means nothing here: the newest 500 lines (fresh_page_lines), oldest first.
    for (int i = 4; i <= 503; ++i) ASSERT_EQ(read_json(again).at("id").get<std::string>(), "k" + std::to_string(i));
    again->send(R"({"type":"ping"})");
    EXPECT_EQ(read_json(again).at("type").get<std::string>(), "pong");
}

TEST_F(WebchatAdapterTest, AResentLineIsCommittedAgainButEchoedOnce) {
    auto [ws, welcome] = open(kHello);
    ws->send(R"({"type":"message","id":"m1","text":"hello"})");
    EXPECT_EQ(read_json(ws).at("seq").get<int>(), 1);
    ws->send(R"({"type":"message","id":"m1","text":"hello"})");
    ws->send(R"({"type":"ping"})");
    EXPECT_EQ(read_json(ws).at("type").get<std::string>(), "pong");
    // Committed twice with the same event id: the real inbox drops the second (this sink records it).
    ASSERT_EQ(sink_.events.size(), 2u);
    EXPECT_EQ(sink_.events[0].event_id, sink_.events[1].event_id);
    EXPECT_EQ(history_.size(welcome.at("user_id").get<std::string>()), 1u);
}

TEST_F(WebchatAdapterTest, ACommitFailureIsReportedAndTheLineCanBeSentAgain) {
    auto [ws, welcome] = open(kHello);
    sink_.fail = true;
    ws->send(R"({"type":"message","id":"m1","text":"hello"})");
    auto error = read_json(ws);
    EXPECT_EQ(error.at("code").get<std::string>(), "not_accepted");
    EXPECT_EQ(error.at("id").get<std::string>(), "m1");
    EXPECT_EQ(history_.size(welcome.at("user_id").get<std::string>()), 0u);
    sink_.fail = false;
    ws->send(R"({"type":"message","id":"m1","text":"hello"})");
    EXPECT_EQ(read_json(ws).at("seq").get<int>(), 1);
    EXPECT_EQ(sink_.events.size(), 1u);
}

TEST_F(WebchatAdapterTest, BadFramesGetAClearErrorAndChangeNothing) {
    auto [ws, welcome] = open(kHello);
    ws->send("{definitely not json");
    EXPECT_EQ(read_json(ws).at("code").get<std::string>(), "bad_json");
    ws->send(R"({"type":"teleport"})");
    EXPECT_EQ(read_json(ws).at("code").get<std::string>(), "unknown_type");
    ws->send(json{{"type", "message"}, {"id", "m2"}, {"text", std::string(9000, 'x')}}.dump());
    EXPECT_EQ(read_json(ws).at("code").get<std::string>(), "too_long");
    ws->send(R"({"type":"hello","v":1})");
    EXPECT_EQ(read_json(ws).at("code").get<std::string>(), "bad_frame");
    EXPECT_TRUE(sink_.events.empty());
    EXPECT_EQ(history_.size(welcome.at("user_id").get<std::string>()), 0u);
}

TEST_F(WebchatAdapterTest, InvalidUtf8ClosesThatConnectionWith1007AndChangesNothing) {
    auto [ws, welcome] = open(kHello);
    // RFC 6455 section 8.1: a text frame that is not UTF-8 fails the connection (1007).
    ws->send("{\"type\":\"message\",\"id\":\"m1\",\"text\":\"\xff\xfe\"}");
    auto r = read(ws);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("1007"), std::string::npos) << r.error().message;
    EXPECT_TRUE(sink_.events.empty());
    auto [other, w] = open(kHello);
    EXPECT_EQ(w.at("type").get<std::string>(), "welcome");
}

TEST_F(WebchatAdapterTest, AOneMegabyteFrameClosesThatConnectionOnly) {
    auto [ws, welcome] = open(kHello);
    ws->send(json{{"type", "message"}, {"id", "big"}, {"text", std::string(1 << 20, 'x')}}.dump());
    EXPECT_FALSE(read(ws));  // the server refuses frames over 64 KiB and drops the connection
    EXPECT_TRUE(sink_.events.empty());
    auto [other, w] = open(kHello);
    EXPECT_EQ(w.at("type").get<std::string>(), "welcome");
}

TEST_F(WebchatAdapterTest, TheFirstFrameMustBeAHello) {
    auto ws = connect();
    ws->send(R"({"type":"message","id":"m1","text":"hi"})");
    EXPECT_EQ(read_json(ws).at("code").get<std::string>(), "hello_first");
    EXPECT_FALSE(read(ws));
    EXPECT_TRUE(sink_.events.empty());
}

TEST_F(WebchatAdapterTest, AMalformedSessionTokenIsRefused) {
    json hello = kHello;
    hello["session"] = "x";
    auto [ws, reply] = open(hello);
    EXPECT_EQ(reply.at("code").get<std::string>(), "bad_session");
}

TEST_F(WebchatAdapterTest, TheWrongAgentTokenIsRefused) {
    auto [ws, reply] = open({{"type", "hello"}, {"v", 1}, {"role", "agent"}, {"token", "guess"}, {"agent_id", "alice"}});
    EXPECT_EQ(reply.at("code").get<std::string>(), "unauthorized");
    EXPECT_FALSE(read(ws));
    EXPECT_EQ(ws->peer_close_code(), 1008);
}

TEST_F(WebchatAdapterTest, AnAgentsTokenOpensTheViewOnlyAsThatAgent) {
    // Alice's token, presented as Bruno: refused, so nobody reads a colleague's private messages.
    auto [as_bruno, refused] =
        open({{"type", "hello"}, {"v", 1}, {"role", "agent"}, {"token", agent_token_for("agent-secret", "alice")}, {"agent_id", "bruno"}});
    EXPECT_EQ(refused.at("code").get<std::string>(), "unauthorized");
    // The secret itself is not a token either: it never leaves the server's environment.
    auto [with_secret, refused_too] =
        open({{"type", "hello"}, {"v", 1}, {"role", "agent"}, {"token", "agent-secret"}, {"agent_id", "alice"}});
    EXPECT_EQ(refused_too.at("code").get<std::string>(), "unauthorized");
    // Tokens are stable per agent and secret, and differ between agents and between secrets.
    EXPECT_EQ(agent_token_for("agent-secret", "alice"), agent_token_for("agent-secret", "alice"));
    EXPECT_NE(agent_token_for("agent-secret", "alice"), agent_token_for("agent-secret", "bruno"));
    EXPECT_NE(agent_token_for("agent-secret", "alice"), agent_token_for("other-secret", "alice"));
    EXPECT_EQ(agent_token_for("agent-secret", "alice").rfind("fa-", 0), 0u);
    EXPECT_EQ(agent_token_for("agent-secret", "alice").size(), 43u);
}

TEST_F(WebchatAdapterTest, AgentsSeeAndSpeakInTheAgentsRoom) {
    auto [agent, welcome] =
        open({{"type", "hello"}, {"v", 1}, {"role", "agent"}, {"token", agent_token_for("agent-secret", "alice")}, {"agent_id", "alice"}, {"name", "Alice"}});
    ASSERT_EQ(welcome.at("type").get<std::string>(), "welcome");
    EXPECT_EQ(welcome.at("role").get<std::string>(), "agent");
    deliver(kAgentsRoom, "ping-1", "INC-000042 needs an L2 agent");
    EXPECT_EQ(read_json(agent).at("text").get<std::string>(), "INC-000042 needs an L2 agent");
    agent->send(R"({"type":"message","id":"a1","text":"/claim INC-000042"})");
    auto echo = read_json(agent);
    EXPECT_EQ(echo.at("from").get<std::string>(), "agent");
    EXPECT_EQ(echo.at("author").get<std::string>(), "Alice");
    ASSERT_EQ(sink_.events.size(), 1u);
    EXPECT_EQ(sink_.events[0].kind, InboundKind::command);
    EXPECT_EQ(sink_.events[0].from, (Identity{"webchat", "alice"}));
    EXPECT_EQ(sink_.events[0].where, (Address{"webchat", "agents", {}}));
}

TEST_F(WebchatAdapterTest, AChoiceWithATextReachesTheBotWithThatTextAndIsEchoedByItsLabel) {
    auto [agent, welcome] =
        open({{"type", "hello"}, {"v", 1}, {"role", "agent"}, {"token", agent_token_for("agent-secret", "alice")}, {"agent_id", "alice"}, {"name", "Alice"}});
    ASSERT_EQ(welcome.at("type").get<std::string>(), "welcome");
    agent->send(R"({"type":"choice","id":"c1","payload":"handoff:reply:INC-000042","label":"Reply","text":"Please restart it"})");
    // The room is broad: the echo shows the button, not the (maybe restricted) text.
    EXPECT_EQ(read_json(agent).at("text").get<std::string>(), "Reply");
    agent->send(R"({"type":"choice","id":"c2","payload":"handoff:claim:INC-000043","label":"Claim"})");
    EXPECT_EQ(read_json(agent).at("text").get<std::string>(), "Claim");
    ASSERT_EQ(sink_.events.size(), 2u);
    EXPECT_EQ(sink_.events[0].kind, InboundKind::choice);
    EXPECT_EQ(sink_.events[0].payload, "handoff:reply:INC-000042");
    EXPECT_EQ(sink_.events[0].text, "Please restart it");
    EXPECT_EQ(sink_.events[1].text, "");  // a plain press has no text, whatever its label says
    // Too long: the polite refusal of a typed line, and nothing reaches the bot.
    agent->send(json{{"type", "choice"}, {"id", "c3"}, {"payload", "handoff:reply:INC-000042"}, {"label", "Reply"},
                     {"text", std::string(9000, 'x')}}.dump());
    auto refused = read_json(agent);
    EXPECT_EQ(refused.at("code").get<std::string>(), "too_long");
    EXPECT_EQ(refused.at("id").get<std::string>(), "c3");
    EXPECT_EQ(sink_.events.size(), 2u);
}

TEST_F(WebchatAdapterTest, AnAgentSeesTheirPrivateMessagesApartAndNoOtherAgentEverDoes) {
    const json alice_hello = {{"type", "hello"}, {"v", 1}, {"role", "agent"}, {"token", agent_token_for("agent-secret", "alice")}, {"agent_id", "alice"}};
    json bruno_hello = alice_hello;
    bruno_hello["agent_id"] = "bruno";
    bruno_hello["token"] = agent_token_for("agent-secret", "bruno");
    auto [alice, alice_welcome] = open(alice_hello);
    auto [bruno, bruno_welcome] = open(bruno_hello);
    EXPECT_EQ(alice_welcome.at("private_last_seq").get<int>(), 0);

    // What the hand-off sends Alice privately (Address{"webchat", "alice"}): only her page, marked private.
    deliver("alice", "dm-1", "Restricted incident INC-000042: payroll-2026.xlsx sent outside");
    auto dm = read_json(alice);
    EXPECT_EQ(dm.at("id").get<std::string>(), "dm-1");
    EXPECT_EQ(dm.at("seq").get<int>(), 1);
    EXPECT_TRUE(dm.at("private").get<bool>());
    // The room's lines are not private, and Bruno's next frame is the room's, never Alice's message.
    deliver(kAgentsRoom, "card-1", "INC-000043 needs an L2 agent");
    auto room = read_json(alice);
    EXPECT_EQ(room.at("id").get<std::string>(), "card-1");
    EXPECT_FALSE(room.contains("private"));
    EXPECT_EQ(read_json(bruno).at("id").get<std::string>(), "card-1");
    bruno->send(R"({"type":"ping"})");
    EXPECT_EQ(read_json(bruno).at("type").get<std::string>(), "pong");

    // Alice's page comes back after a private message arrived: it gets exactly what it missed.
    alice->close();
    deliver("alice", "dm-2", "Data breach INC-000042: notify the authority by tomorrow");
    json again_hello = alice_hello;
    again_hello["epoch"] = "epoch-1";
    again_hello["last_seq"] = 1;
    again_hello["private_last_seq"] = 1;
    auto [again, again_welcome] = open(again_hello);
    EXPECT_EQ(again_welcome.at("private_last_seq").get<int>(), 2);
    auto missed = read_json(again);
    EXPECT_EQ(missed.at("id").get<std::string>(), "dm-2");
    EXPECT_TRUE(missed.at("private").get<bool>());
    again->send(R"({"type":"ping"})");
    EXPECT_EQ(read_json(again).at("type").get<std::string>(), "pong");

    // A fresh page of Bruno's replays the room from the start and nothing of Alice's.
    auto [bruno2, bruno2_welcome] = open(bruno_hello);
    EXPECT_EQ(bruno2_welcome.at("private_last_seq").get<int>(), 0);
    EXPECT_EQ(read_json(bruno2).at("id").get<std::string>(), "card-1");
    bruno2->send(R"({"type":"ping"})");
    EXPECT_EQ(read_json(bruno2).at("type").get<std::string>(), "pong");
    EXPECT_EQ(history_.size("alice"), 2u);
    EXPECT_EQ(history_.size("bruno"), 0u);
}

TEST_F(WebchatAdapterTest, AnAgentIdThatIsNotInTheAgentsFileIsRefusedEvenWithItsToken) {
    // A visitor's id with a token minted for it (a former agent, a leaked secret): not an agent now,
    // so neither the room nor that visitor's conversation opens.
    auto [visitor, welcome] = open(kHello);
    const auto user = welcome.at("user_id").get<std::string>();
    deliver(user, "k1", "Your ticket INC-000042 is logged");
    EXPECT_EQ(read_json(visitor).at("id").get<std::string>(), "k1");
    auto [agent, refused] =
        open({{"type", "hello"}, {"v", 1}, {"role", "agent"}, {"token", agent_token_for("agent-secret", user)}, {"agent_id", user}});
    EXPECT_EQ(refused.at("code").get<std::string>(), "unauthorized");
    EXPECT_FALSE(read(agent));
}

TEST_F(WebchatAdapterTest, EveryUpdateOfALineNamesThatLineNotTheUpdateBeforeIt) {
    auto [agent, welcome] =
        open({{"type", "hello"}, {"v", 1}, {"role", "agent"}, {"token", agent_token_for("agent-secret", "alice")}, {"agent_id", "alice"}});
    ASSERT_EQ(welcome.at("type").get<std::string>(), "welcome");
    deliver(kAgentsRoom, "card-1", "INC-000042 waiting");
    EXPECT_EQ(read_json(agent).at("id").get<std::string>(), "card-1");
    // The outbox hands an update the platform id the last delivery of that message reported.
    std::string replaces = "card-1";
    for (const char* key : {"card-1-claimed", "card-1-resolved"}) {
        OutboxItem item;
        item.message.to = Address{"webchat", kAgentsRoom, {}};
        item.message.text = key;
        item.message.idempotency_key = key;
        item.replaces_platform_id = replaces;
        auto outcome = testkit::run_coroutine(io_, chat_.deliver(item));
        ASSERT_EQ(outcome.kind, DeliveryOutcome::Kind::delivered);
        EXPECT_EQ(outcome.platform_message_id, "card-1") << key;
        const json line = read_json(agent);
        EXPECT_EQ(line.at("id").get<std::string>(), key);
        EXPECT_EQ(line.at("replaces").get<std::string>(), "card-1") << "the page shows card-1, not an earlier update";
        replaces = outcome.platform_message_id;
    }
}

TEST_F(WebchatAdapterTest, AConversationLeavesMemoryWithItsLastPageAndItsLinesNeverEnterIt) {
    auto [tab1, welcome] = open(kHello);
    const auto user = welcome.at("user_id").get<std::string>();
    json hello = kHello;
    hello["session"] = welcome.at("session");
    hello["epoch"] = "epoch-1";
    auto [tab2, w2] = open(hello);
    EXPECT_EQ(chat_.conversations_in_memory(), 1u);
    tab1->close();
    tab2->send(R"({"type":"ping"})");
    EXPECT_EQ(read_json(tab2).at("type").get<std::string>(), "pong");
    EXPECT_EQ(chat_.conversations_in_memory(), 1u);  // one page is still open
    tab2->close();
    io_.run_for(std::chrono::milliseconds(50));
    EXPECT_EQ(chat_.conversations_in_memory(), 0u);
    // Lines for a conversation nobody has open go to the history only.
    for (int i = 0; i < 20; ++i) deliver(user, "k" + std::to_string(i), std::string(8000, 'x'));
    EXPECT_EQ(chat_.conversations_in_memory(), 0u);
    EXPECT_EQ(history_.size(user), 20u);
}

TEST_F(WebchatAdapterTest, AResumingPageIsServedFromTheHistoryAPageAtATimeInOrderAndOnce) {
    auto [ws, welcome] = open(kHello);
    const auto user = welcome.at("user_id").get<std::string>();
    ws->close();
    for (int i = 1; i <= 250; ++i) deliver(user, "k" + std::to_string(i), "line " + std::to_string(i));
    const std::size_t reads_before = history_.reads();
    json hello = kHello;
    hello["session"] = welcome.at("session");
    hello["epoch"] = "epoch-1";
    hello["last_seq"] = 20;
    auto [again, w] = open(hello);
    EXPECT_EQ(w.at("last_seq").get<int>(), 250);
    for (int seq = 21; seq <= 250; ++seq) {
        const json line = read_json(again);
        ASSERT_EQ(line.at("seq").get<int>(), seq);
        ASSERT_EQ(line.at("id").get<std::string>(), "k" + std::to_string(seq));
    }
    // 230 lines in pages of 100: three reads of the history, never the whole of it at once.
    EXPECT_EQ(history_.reads() - reads_before, 3u);
    // Caught up: a new line arrives live, once, and nothing else is queued.
    deliver(user, "k251", "live");
    EXPECT_EQ(read_json(again).at("seq").get<int>(), 251);
    again->send(R"({"type":"ping"})");
    EXPECT_EQ(read_json(again).at("type").get<std::string>(), "pong");
}

TEST_F(WebchatAdapterTest, AMessageForAnotherPlatformIsRefused) {
    OutboxItem item;
    item.message.to = Address{"slack", "C1", {}};
    item.message.idempotency_key = "k";
    EXPECT_EQ(testkit::run_coroutine(io_, chat_.deliver(item)).kind, DeliveryOutcome::Kind::rejected);
}

}  // namespace
}  // namespace frontline::webchat

namespace frontline::webchat {
namespace {

/// Two processes on one store (issue 21): each has its own web chat adapter over the shared
/// history; a page is open on the first only. What the second adds to that conversation (a reply
/// its engine decided) reaches the page through the first's follow rounds, in order and once.
class WebchatFollowTest : public ::testing::Test {
protected:
    static WebchatOptions following() {
        WebchatOptions o;
        o.epoch = "epoch-1";
        o.session_key = kSessionKey;
        o.follow_every = std::chrono::milliseconds(20);
        return o;
    }
    void SetUp() override {
        server_.on_websocket("/ws", [this](net::WebSocketPtr ws) { return first_.serve(std::move(ws)); });
        ASSERT_TRUE(server_.listen("127.0.0.1:0"));
        asio::co_spawn(io_, first_.run(sink_), [](std::exception_ptr) {});
        asio::co_spawn(io_, second_.run(sink_), [](std::exception_ptr) {});
    }
    void TearDown() override {
        server_.stop();
        first_.stop();
        second_.stop();
        io_.restart();
        io_.run_for(std::chrono::milliseconds(100));
    }
    void deliver(WebchatAdapter& through, const std::string& conversation, const std::string& key) {
        OutboxItem item;
        item.message.to = Address{"webchat", conversation, {}};
        item.message.text = "text of " + key;
        item.message.idempotency_key = key;
        auto outcome = testkit::run_coroutine(io_, through.deliver(item));
        EXPECT_EQ(outcome.kind, DeliveryOutcome::Kind::delivered);
    }
    /// The next frame, or an empty object when none comes within a generous bound.
    json next(const net::WebSocketPtr& ws) {
        auto text = testkit::run_coroutine(io_, net::with_deadline(ws->read(), std::chrono::seconds(10), "frame"));
        return text ? json::parse(*text) : json::object();
    }

    asio::io_context io_;
    ManualClock clock_{TimePoint{Seconds{1'800'000'000}}};
    RecordingSink sink_;
    MemoryLineHistory history_;  // the shared store's conversation lines
    WebchatAdapter first_{io_.get_executor(), clock_, history_, following()};
    WebchatAdapter second_{io_.get_executor(), clock_, history_, following()};
    net::HttpServer server_{io_.get_executor(), net::HttpServerOptions{}};
};

TEST_F(WebchatFollowTest, LinesAnotherProcessAddsReachAnOpenPageInOrderAndOnce) {
    net::WebSocketClient client(io_.get_executor(), nullptr);
    auto ws = testkit::run_coroutine(io_, client.connect("ws://127.0.0.1:" + std::to_string(server_.port()) + "/ws"));
    ASSERT_TRUE(ws) << ws.error().message;
    (*ws)->send(json{{"type", "hello"}, {"v", 1}}.dump());
    const auto welcome = next(*ws);
    ASSERT_EQ(welcome.value("type", ""), "welcome");
    const auto user = welcome.at("user_id").get<std::string>();

    deliver(second_, user, "r1");  // the other process: seq 1, seen only through the follow
    deliver(first_, user, "r2");   // this process: seq 2, held until seq 1 has been sent
    deliver(second_, user, "r3");
    for (const auto& [id, seq] : {std::pair{"r1", 1}, std::pair{"r2", 2}, std::pair{"r3", 3}}) {
        const auto line = next(*ws);
        EXPECT_EQ(line.value("id", ""), id);
        EXPECT_EQ(line.value("seq", 0), seq);
    }
    // Nothing twice: the next frame answers this ping.
    (*ws)->send(R"({"type":"ping"})");
    EXPECT_EQ(next(*ws).value("type", ""), "pong");
}

}  // namespace
}  // namespace frontline::webchat
