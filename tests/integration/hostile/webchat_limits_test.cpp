// Issue 13, holes 3, 5 and the session-token one, against the real service process: the agents'
// view opens only for agents in the agents file with a token of their current generation; failed
// logins are logged with the peer address and slowed down per address and per agent id; lines,
// new conversations, tickets per address and session tokens are bounded, with polite answers in the
// user's language.
#include <csignal>
#include <fstream>

#include "adapters/webchat/session_token.hpp"
#include "tests/integration/hostile/hostile_test_base.hpp"
#include "tests/support/store_peek.hpp"

namespace frontline::testing {
namespace {

constexpr const char* kSecret = "a-long-agent-secret-for-tests";

class WebchatLimits : public HostileTest {
protected:
    /// Alice's tokens of generation 0 were revoked (token_generation 1); Bruno's are still the first.
    void start_with_agents(const json& more = json::object()) {
        const json agents = {
            {"teams", json::array({{{"id", "desk"}, {"name", "Desk"}, {"rooms", {{"webchat", "agents"}}}}})},
            {"agents", json::array({{{"handle", "alice"}, {"name", "Alice"}, {"tier", "L2"}, {"teams", {"desk"}},
                                     {"identities", {{"webchat", "alice"}}}, {"token_generation", 1}},
                                    {{"handle", "bruno"}, {"name", "Bruno"}, {"tier", "L2"}, {"teams", {"desk"}},
                                     {"identities", {{"webchat", "bruno"}}}}})}};
        std::ofstream(dir_.file("agents.json")) << agents.dump();
        json settings = {{"agents", {{"file", dir_.file("agents.json").string()}}}};
        settings.merge_patch(more);
        start(settings, {{"FRONTLINE_WEBCHAT_AGENT_SECRET", kSecret}});
    }
    /// The reply to an agent's hello from `source_ip`: "welcome" or the error code.
    std::string agent_login(const std::string& agent_id, const std::string& token, const std::string& source_ip = "127.0.0.1") {
        RawClient c;
        if (!c.connect(port(), source_ip)) return "connect failed";
        const json reply = hello(c, {{"type", "hello"}, {"v", 1}, {"role", "agent"}, {"agent_id", agent_id}, {"token", token}});
        if (reply.is_null()) return "no reply";
        return reply.at("type") == "welcome" ? "welcome" : reply.value("code", "?");
    }
};

TEST_F(WebchatLimits, OnlyAgentsInTheDirectoryWithACurrentTokenOpenTheAgentsView) {
    start_with_agents();
    EXPECT_EQ(agent_login("bruno", webchat::agent_token_for(kSecret, "bruno")), "welcome");
    // Alice's first token was revoked by raising her token_generation; the new one works.
    EXPECT_EQ(agent_login("alice", webchat::agent_token_for(kSecret, "alice")), "unauthorized");
    EXPECT_EQ(agent_login("alice", webchat::agent_token_for(kSecret, "alice", 1)), "welcome");
    // A valid HMAC for an id that is not (or no longer) in the agents file opens nothing.
    EXPECT_EQ(agent_login("mallory", webchat::agent_token_for(kSecret, "mallory")), "unauthorized");
    EXPECT_EQ(log_count("failed login as 'alice' from 127.0.0.1 (wrong token)"), 1u) << log();
    EXPECT_EQ(log_count("failed login as 'mallory' from 127.0.0.1 (not in the agents file)"), 1u) << log();
    EXPECT_EQ(converse("127.0.0.2"), "");
}

TEST_F(WebchatLimits, FailedLoginsAreSlowedDownPerAddressAndPerAgent) {
    start_with_agents({{"webchat", {{"agent_login_failures_per_minute", 3}}}});
    for (int i = 0; i < 3; ++i) EXPECT_EQ(agent_login("alice", "fa-guess" + std::to_string(i)), "unauthorized");
    // The address has used its failures: even a right token from it waits...
    EXPECT_EQ(agent_login("bruno", webchat::agent_token_for(kSecret, "bruno")), "too_many_attempts");
    // ...and so does the agent id that was being guessed, from anywhere,
    EXPECT_EQ(agent_login("alice", webchat::agent_token_for(kSecret, "alice", 1), "127.0.0.2"), "too_many_attempts");
    // while another agent from another address logs in, and requesters chat.
    EXPECT_EQ(agent_login("bruno", webchat::agent_token_for(kSecret, "bruno"), "127.0.0.2"), "welcome");
    EXPECT_EQ(converse("127.0.0.3"), "");
    const std::string m = metrics();
    EXPECT_NE(m.find("frontline_refused_total{reason=\"webchat_agent_login\"} 3"), std::string::npos) << m;
    EXPECT_NE(m.find("frontline_refused_total{reason=\"webchat_agent_login_throttled\"} 2"), std::string::npos) << m;
}

TEST_F(WebchatLimits, LinesPerMinuteAreBoundedWithAPoliteAnswerInTheUsersLanguage) {
    start({{"webchat", {{"lines_per_minute", 3}}}});
    RawClient c;
    ASSERT_TRUE(c.connect(port()));
    ASSERT_FALSE(hello(c, {{"type", "hello"}, {"v", 1}, {"locale", "it"}}).is_null());
    for (int i = 0; i < 6; ++i)
        ASSERT_TRUE(c.send_all(RawClient::text_frame(json{{"type", "message"}, {"id", "m" + std::to_string(i)}, {"text", "riga " + std::to_string(i)}}.dump())));
    int answers = 0, refusals = 0;
    while (answers < 3 || refusals < 3) {
        const auto text = c.next_text();
        ASSERT_FALSE(text.empty()) << "answers " << answers << ", refusals " << refusals;
        const json f = json::parse(text);
        if (f.at("type") == "error") {
            EXPECT_EQ(f.at("code"), "rate_limited");
            EXPECT_NE(f.at("message").get<std::string>().find("Stai scrivendo"), std::string::npos) << f.dump();
            ++refusals;
        } else if (f.value("from", "") == "bot") {
            ++answers;
        }
    }
    EXPECT_EQ(converse("127.0.0.2"), "");  // another conversation is not slowed down
    const std::string m = metrics();
    EXPECT_NE(m.find("frontline_refused_total{reason=\"webchat_lines\"} 3"), std::string::npos) << m;
    EXPECT_NE(m.find("\nfrontline_events_in_total 4\n"), std::string::npos) << "refused lines never reach the engine\n" << m;
}

TEST_F(WebchatLimits, NewConversationsPerAddressAreBoundedAndResumingStillWorks) {
    start({{"webchat", {{"new_sessions_per_ip_per_hour", 2}}}});
    RawClient first;
    ASSERT_TRUE(first.connect(port(), "127.0.0.5"));
    const json welcome = hello(first);
    ASSERT_EQ(welcome.at("type"), "welcome");
    RawClient second;
    ASSERT_TRUE(second.connect(port(), "127.0.0.5"));
    ASSERT_EQ(hello(second).at("type"), "welcome");
    RawClient third;
    ASSERT_TRUE(third.connect(port(), "127.0.0.5"));
    const json refused = hello(third, {{"type", "hello"}, {"v", 1}, {"locale", "en"}});
    EXPECT_EQ(refused.at("code"), "rate_limited");
    EXPECT_NE(refused.at("message").get<std::string>().find("too many new conversations from your network"), std::string::npos) << refused.dump();
    // The first visitor comes back with their session: not a new conversation, served.
    RawClient back;
    ASSERT_TRUE(back.connect(port(), "127.0.0.5"));
    EXPECT_EQ(hello(back, {{"type", "hello"}, {"v", 1}, {"session", welcome.at("session")}}).at("type"), "welcome");
    EXPECT_EQ(converse("127.0.0.6"), "");
}

TEST_F(WebchatLimits, SessionTokensAreTheServersOwn) {
    start({});
    // Weak tokens, a random-looking one a client made up, and one signed under another key.
    for (const std::string& chosen : {std::string(16, 'a'), std::string(64, 'a'), std::string(32, '0') + std::string(32, '1'),
                                      webchat::new_session_key(), webchat::new_session_token(webchat::new_session_key())}) {
        RawClient c;
        ASSERT_TRUE(c.connect(port()));
        EXPECT_EQ(hello(c, {{"type", "hello"}, {"v", 1}, {"session", chosen}}).at("code"), "bad_session") << chosen;
    }
    RawClient fresh;
    ASSERT_TRUE(fresh.connect(port()));
    const json welcome = hello(fresh);
    ASSERT_EQ(welcome.at("type"), "welcome");
    EXPECT_EQ(welcome.at("session").get<std::string>().size(), 64u);  // 128 random bits and their 128-bit signature
    EXPECT_EQ(converse("127.0.0.2"), "");

    // The signing key is kept in the store: the token the server minted still opens the same
    // conversation after the process was killed and started again.
    service_->stop(SIGKILL);
    start({});
    RawClient back;
    ASSERT_TRUE(back.connect(port()));
    const json again = hello(back, {{"type", "hello"}, {"v", 1}, {"session", welcome.at("session")}});
    ASSERT_EQ(again.at("type"), "welcome") << again.dump();
    EXPECT_EQ(again.at("user_id"), welcome.at("user_id"));
}

/// The bot's answer to `line` typed on a new conversation from `source_ip` in `locale`.
std::string first_answer(std::uint16_t port, const std::string& source_ip, const std::string& locale, const std::string& line) {
    RawClient c;
    if (!c.connect(port, source_ip)) return "connect failed";
    if (c.upgrade() != 101) return "no upgrade";
    if (!c.send_all(RawClient::text_frame(nlohmann::json{{"type", "hello"}, {"v", 1}, {"locale", locale}}.dump()))) return "send failed";
    if (nlohmann::json::parse(c.next_text()).value("type", "") != "welcome") return "no welcome";
    if (!c.send_all(RawClient::text_frame(nlohmann::json{{"type", "message"}, {"id", "m1"}, {"text", line}}.dump()))) return "send failed";
    for (int frames = 0; frames < 10; ++frames) {
        const auto text = c.next_text();
        if (text.empty()) return "no answer";
        const auto f = nlohmann::json::parse(text);
        if (f.value("type", "") == "message" && f.value("from", "") == "bot") return f.value("text", "");
    }
    return "no answer";
}

TEST_F(WebchatLimits, TicketsFromOneAddressAreCappedPerHourWithAPoliteAnswer) {
    // A script that opens a fresh conversation for every ticket: the per-requester quota never
    // sees it, the address does.
    start({{"webchat", {{"tickets_per_ip_per_hour", 2}}}});
    RawClient first;
    EXPECT_EQ(converse_on(first, "127.0.0.7", "ticket printer jammed"), "");
    EXPECT_EQ(converse("127.0.0.7", "ticket vpn down"), "");
    EXPECT_NE(first_answer(port(), "127.0.0.7", "it", "ticket la stampante").find("dalla tua rete sono stati segnalati molti problemi"),
              std::string::npos);
    EXPECT_NE(first_answer(port(), "127.0.0.7", "en", "ticket the printer").find("reported from your network"), std::string::npos);
    // The first requester, whose ticket is open, still talks to it from the same address; another
    // address opens tickets as usual.
    ASSERT_TRUE(first.send_all(RawClient::text_frame(json{{"type", "message"}, {"id", "m2"}, {"text", "still jammed"}}.dump())));
    std::string answer;
    for (int frames = 0; frames < 10 && answer.empty(); ++frames) {
        const auto text = first.next_text();
        ASSERT_FALSE(text.empty());
        if (const json f = json::parse(text); f.value("from", "") == "bot") answer = f.value("text", "");
    }
    EXPECT_EQ(answer, "echo: still jammed");
    EXPECT_EQ(converse("127.0.0.8", "ticket mouse broken"), "");

    EXPECT_EQ(testkit::store_scalar(dir_.file("frontline.db"), "SELECT COUNT(*) FROM tickets"), 3);
    const std::string m = metrics();
    EXPECT_NE(m.find("frontline_refused_total{reason=\"tickets_per_ip\"} 2"), std::string::npos) << m;
}

TEST_F(WebchatLimits, ForwardedForIsBelievedOnlyFromTrustedProxies) {
    start({{"http", {{"trusted_proxies", {"127.0.0.9"}}, {"max_connections_per_ip", 2}}},
           {"webchat", {{"new_sessions_per_ip_per_hour", 1}}}});
    // A new conversation from `source_ip` whose upgrade says X-Forwarded-For: `forwarded_for`.
    const auto new_session = [&](RawClient& c, const std::string& source_ip, const std::string& forwarded_for) -> std::string {
        if (!c.connect(port(), source_ip)) return "connect failed";
        if (c.upgrade("X-Forwarded-For: " + forwarded_for + "\r\n") != 101) return "no upgrade";
        if (!c.send_all(RawClient::text_frame(json{{"type", "hello"}, {"v", 1}}.dump()))) return "send failed";
        const auto text = c.next_text();
        if (text.empty()) return "no reply";
        const json reply = json::parse(text);
        return reply.at("type") == "welcome" ? "welcome" : reply.value("code", "?");
    };
    const auto once = [&](const std::string& source_ip, const std::string& forwarded_for) {
        RawClient c;
        return new_session(c, source_ip, forwarded_for);
    };
    // Behind the proxy each client has its own allowance...
    EXPECT_EQ(once("127.0.0.9", "198.51.100.1"), "welcome");
    EXPECT_EQ(once("127.0.0.9", "198.51.100.2"), "welcome");
    EXPECT_EQ(once("127.0.0.9", "198.51.100.1"), "rate_limited");
    // ...and a client cannot pick another one by sending the header itself: the proxy appends the
    // address it saw, and what stands to its left is not believed.
    EXPECT_EQ(once("127.0.0.9", "203.0.113.50, 198.51.100.2"), "rate_limited");
    // Anyone else's X-Forwarded-For is ignored: their own address is counted.
    EXPECT_EQ(once("127.0.0.10", "198.51.100.3"), "welcome");
    EXPECT_EQ(once("127.0.0.10", "198.51.100.4"), "rate_limited");
    // The proxy's own connections are not capped per address (all its clients share it).
    std::vector<RawClient> behind_proxy(3);
    for (std::size_t i = 0; i < behind_proxy.size(); ++i)
        EXPECT_EQ(new_session(behind_proxy[i], "127.0.0.9", "198.51.100." + std::to_string(10 + i)), "welcome") << i;
    EXPECT_EQ(converse("127.0.0.11"), "");
}

}  // namespace
}  // namespace frontline::testing
