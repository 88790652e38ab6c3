// One command parser for every platform: plain, /slash, !bang, and buttons.
#include <gtest/gtest.h>

#include "core/handoff/agent_command.hpp"

using namespace frontline;
using namespace frontline::handoff;

namespace {

AgentCommand parsed(std::string_view text) {
    auto r = parse_agent_command(text);
    EXPECT_TRUE(r) << text << ": " << (r ? "" : r.error().message);
    if (!r || !*r) {
        ADD_FAILURE() << "not a command: " << text;
        return {};
    }
    return **r;
}

bool is_chat(std::string_view text) {
    auto r = parse_agent_command(text);
    return r && !*r;
}

bool is_usage_error(std::string_view text) {
    auto r = parse_agent_command(text);
    return !r && r.error().code == Errc::invalid_argument;
}

}  // namespace

TEST(AgentCommand, ClaimInEveryNeutralSpelling) {
    for (const char* text : {"claim INC-000042", "/claim INC-000042", "!claim INC-000042",
                             "  Claim   inc-000042  ", "CLAIM INC-42"}) {
        auto c = parsed(text);
        EXPECT_EQ(c.verb, Verb::claim) << text;
        ASSERT_TRUE(c.ticket) << text;
        EXPECT_EQ(c.ticket->str(), "INC-000042") << text;
    }
}

TEST(AgentCommand, TicketMayBeLeftOutInsideAThread) {
    auto c = parsed("claim");
    EXPECT_EQ(c.verb, Verb::claim);
    EXPECT_FALSE(c.ticket);
    auto r = parsed("r Could you restart the laptop and try again?");
    EXPECT_EQ(r.verb, Verb::reply);
    EXPECT_FALSE(r.ticket);
    EXPECT_EQ(r.text, "Could you restart the laptop and try again?");
}

TEST(AgentCommand, EveryVerbWithItsArguments) {
    auto a = parsed("assign INC-000007 @bruno");
    EXPECT_EQ(a.arg, "@bruno");
    auto e = parsed("escalate INC-000007 L3 needs a firewall change");
    EXPECT_EQ(e.tier, Tier::l3);
    EXPECT_EQ(e.text, "needs a firewall change");
    auto e2 = parsed("escalate INC-000007 Lots of users affected");
    EXPECT_FALSE(e2.tier);  // "Lots" is a reason, not a tier
    EXPECT_EQ(e2.text, "Lots of users affected");
    auto p = parsed("priority INC-000007 p1 whole floor is down");
    EXPECT_EQ(p.priority, Priority::p1);
    EXPECT_EQ(p.text, "whole floor is down");
    EXPECT_EQ(parsed("category INC-000007 Network").arg, "network");
    auto res = parsed("resolve INC-000007 workaround Reset the VPN profile.");
    EXPECT_EQ(res.arg, "workaround");
    EXPECT_EQ(res.text, "Reset the VPN profile.");
    auto l = parsed("link INC-000008 INC-000007");
    EXPECT_EQ(l.ticket->str(), "INC-000008");
    EXPECT_EQ(l.parent->str(), "INC-000007");
    auto b = parsed("breach-notified INC-000009 Authority Notified the Garante via the online form");
    EXPECT_EQ(b.verb, Verb::breach_notified);
    EXPECT_EQ(b.arg, "authority");
    EXPECT_EQ(parsed("note INC-000007 user is on leave friday").text, "user is on leave friday");
    EXPECT_EQ(parsed("pending INC-000007 Which office are you in?").verb, Verb::pending);
    EXPECT_EQ(parsed("broadcast INC-000007 Mail is back").text, "Mail is back");
    EXPECT_EQ(parsed("reply REQ-000003 Your laptop is ready").ticket->str(), "REQ-000003");
    EXPECT_EQ(parsed("queue").verb, Verb::queue);
    EXPECT_EQ(parsed("!mine").verb, Verb::mine);
    EXPECT_EQ(parsed("/help").verb, Verb::help);
    EXPECT_EQ(parsed("show INC-000007").verb, Verb::show);
    EXPECT_EQ(parsed("unclaim INC-000007").verb, Verb::unclaim);
    EXPECT_EQ(parsed("reopen INC-000007").verb, Verb::reopen);
    EXPECT_EQ(parsed("close INC-000007").verb, Verb::close);
}

TEST(AgentCommand, OrdinaryChatIsNotACommand) {
    EXPECT_TRUE(is_chat("I think the VPN concentrator is down"));
    EXPECT_TRUE(is_chat("close enough, let's wait"));   // extra words after a no-argument command
    EXPECT_TRUE(is_chat("queue is long today"));
    EXPECT_TRUE(is_chat(""));
    EXPECT_TRUE(is_chat("claims are processed by HR"));
}

TEST(AgentCommand, KnownCommandsWithBadArgumentsGiveTheirUsage) {
    EXPECT_TRUE(is_usage_error("priority INC-000007 P9 reason"));
    EXPECT_TRUE(is_usage_error("priority INC-000007 P1"));  // an override needs a reason
    EXPECT_TRUE(is_usage_error("resolve INC-000007 fixed"));
    EXPECT_TRUE(is_usage_error("link INC-000007"));
    EXPECT_TRUE(is_usage_error("link INC-000007 banana"));
    EXPECT_TRUE(is_usage_error("breach-notified INC-000007 press release"));
    EXPECT_TRUE(is_usage_error("assign INC-000007"));
    EXPECT_TRUE(is_usage_error("note INC-000007"));
    EXPECT_TRUE(is_usage_error("escalate INC-000007 L1"));
    EXPECT_TRUE(is_usage_error("/close INC-000007 now please"));  // typed as a command: tell them
    auto r = parse_agent_command("resolve INC-000007 fixed");
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, usage(Verb::resolve));
}

TEST(AgentCommand, ButtonPayloadsRoundTrip) {
    const TicketId id(TicketType::incident, 42);
    auto c = parse_button_payload(claim_payload(id));
    ASSERT_TRUE(c);
    EXPECT_EQ(c->verb, Verb::claim);
    EXPECT_TRUE(c->from_button);
    EXPECT_EQ(*c->ticket, id);
    EXPECT_EQ(parse_button_payload(escalate_payload(id))->verb, Verb::escalate);
    auto yes = parse_button_payload(confirm_payload(id, true));
    ASSERT_TRUE(yes);
    EXPECT_EQ(yes->verb, Verb::confirm);
    EXPECT_EQ(yes->arg, "yes");
    EXPECT_EQ(parse_button_payload(confirm_payload(id, false))->arg, "no");
    EXPECT_EQ(reply_payload(id), "handoff:reply:INC-000042");
    auto reply = parse_button_payload(reply_payload(id));
    ASSERT_TRUE(reply);
    EXPECT_EQ(reply->verb, Verb::reply);
    EXPECT_EQ(*reply->ticket, id);
    EXPECT_TRUE(reply->text.empty());  // the reply text travels in the event, not in the payload
    EXPECT_LE(reply_payload(TicketId(TicketType::request, 999999999)).size(), 64u);
    EXPECT_LE(confirm_payload(TicketId(TicketType::request, 999999999), false).size(), 64u);  // Telegram callback_data limit
    for (const char* bad : {"", "handoff:", "handoff:claim", "handoff:claim:INC-x", "handoff:confirm:INC-000042:maybe",
                            "handoff:delete:INC-000042", "flow:yes", "handoff:claim:INC-000042:extra",
                            "handoff:reply:INC-000042:hello", "handoff:reply"})
        EXPECT_FALSE(parse_button_payload(bad)) << bad;
}

// The contract with the codecs: a command addressed to a bot ("/claim@FrontlineBot", Telegram's
// spelling in groups) reaches core with the addressing removed. Core has no rule for it: left in,
// it is an unknown word, chat rather than a command, so a codec that forgot to strip it fails its
// own tests instead of core guessing at a platform's syntax.
TEST(AgentCommand, ABotAddressingSuffixIsTheCodecsToRemoveNotCores) {
    auto neutral = parse_agent_command("/claim INC-000042");
    ASSERT_TRUE(neutral && *neutral);
    EXPECT_EQ((*neutral)->verb, Verb::claim);
    auto raw = parse_agent_command("/claim@FrontlineBot INC-000042");
    ASSERT_TRUE(raw);
    EXPECT_FALSE(*raw);
}

TEST(AgentCommand, CallTakesAnOptionalLengthOrCancel) {
    const auto c = parsed("call INC-000007");
    EXPECT_EQ(c.verb, Verb::call);
    EXPECT_EQ(c.ticket->str(), "INC-000007");
    EXPECT_EQ(c.minutes, 0);
    EXPECT_TRUE(c.arg.empty());
    EXPECT_EQ(parsed("/call INC-000007 45").minutes, 45);
    const auto cancel = parsed("call cancel INC-000007");
    EXPECT_EQ(cancel.verb, Verb::call);
    EXPECT_EQ(cancel.arg, "cancel");
    EXPECT_EQ(cancel.ticket->str(), "INC-000007");
    EXPECT_TRUE(is_usage_error("call INC-000007 soon"));
    EXPECT_TRUE(is_usage_error("call INC-000007 0"));
    EXPECT_TRUE(is_usage_error("call INC-000007 45 minutes"));
    EXPECT_TRUE(is_usage_error("call INC-000007 1000"));
    EXPECT_TRUE(is_usage_error("call cancel INC-000007 now"));
}

TEST(AgentCommand, ReportTakesSevenOrThirtyDaysInEitherLanguage) {
    EXPECT_EQ(parsed("report").verb, Verb::report);
    EXPECT_EQ(parsed("report").days, 7);
    EXPECT_EQ(parsed("/report 7d").days, 7);
    EXPECT_EQ(parsed("!REPORT 30D").days, 30);
    EXPECT_EQ(parsed("rapporto 30g").days, 30);
    EXPECT_EQ(parsed("rapporto").verb, Verb::report);
    EXPECT_EQ(parsed("report 7g").days, 7);
    // A period the report does not offer gets the usage; so does any single other word.
    for (const char* text : {"report 5y", "report 90d", "report 14", "report week", "/report 7d please", "report 30d please"}) {
        EXPECT_TRUE(is_usage_error(text)) << text;
        auto r = parse_agent_command(text);
        if (!r) {
            EXPECT_EQ(r.error().message, "report [7d|30d]") << text;
        }
    }
    // A sentence that starts with the word is chat between agents.
    EXPECT_TRUE(is_chat("report the outage to the network team"));
    EXPECT_TRUE(is_chat("report network P3 the VPN drops"));
}
