// The catalog's placeholders and merges, and the session state's round trip.
#include <gtest/gtest.h>

#include "core/engine/catalog.hpp"
#include "core/engine/session_state.hpp"
#include "core/engine/user_input.hpp"

namespace frontline {
namespace {

TEST(Catalog, FillsPlaceholdersAndLeavesUnknownOnes) {
    EXPECT_EQ(fill_placeholders("Hi {name}, {id} is {status}. {other}", {{"name", "Ada"}, {"id", "INC-000001"}, {"status", "open"}}),
              "Hi Ada, INC-000001 is open. {other}");
    EXPECT_EQ(fill_placeholders("{unclosed", {{"unclosed", "x"}}), "{unclosed");
}

TEST(Catalog, MergesPartsAndRefusesADuplicateKey) {
    Catalog c;
    ASSERT_TRUE(c.add_file("en", R"({"a":"A"})", "en.json"));
    ASSERT_TRUE(c.add_file("en", R"({"b":"B {x}"})", "en.flows.json"));
    EXPECT_EQ(c.text("en", "b", {{"x", "1"}}), "B 1");
    auto dup = c.add_file("en", R"({"a":"again"})", "en.handoff.json");
    ASSERT_FALSE(dup);
    EXPECT_EQ(dup.error().message, "en.handoff.json: key 'a' is already defined in en.json");
    auto bad = c.add_file("it", R"({"a": 3})", "it.json");
    ASSERT_FALSE(bad);
    EXPECT_EQ(bad.error().message, "it.json: key 'a': expected a text");
    EXPECT_FALSE(c.add_file("it", "not json", "it.json"));
}

TEST(SessionState, RoundTripsEveryField) {
    SessionState s;
    s.phase = Phase::flow;
    s.locale = "it";
    s.where = {"telegram", "123", "t1"};
    s.ticket = TicketId(TicketType::incident, 42);
    s.pending_text = "la vpn";
    s.pending_type = "incident";
    s.category_choices = {"network", "access"};
    s.flow = "network";
    s.node = "vpn_since";
    s.answers = {{"connection", "vpn"}};
    s.similar = TicketId(TicketType::incident, 7);
    s.wants_agent = true;
    s.reminded = true;
    s.turn = 9;
    auto back = session_from_json_text(to_json_text(s));
    ASSERT_TRUE(back) << back.error().message;
    EXPECT_EQ(to_json_text(*back), to_json_text(s));
    EXPECT_EQ(back->ticket->str(), "INC-000042");
    EXPECT_EQ(back->where, s.where);
}

TEST(SessionState, DamagedStateIsAnError) {
    EXPECT_FALSE(session_from_json_text("{"));
    EXPECT_FALSE(session_from_json_text(R"({"v":1,"phase":"dancing"})"));
    EXPECT_FALSE(session_from_json_text(R"({"v":2})"));
}

TEST(UserInput, RecognisesBadInput) {
    EXPECT_EQ(check_input("\xff\xfe"), InputProblem::invalid_utf8);
    EXPECT_EQ(check_input("   \n "), InputProblem::empty);
    EXPECT_EQ(check_input(std::string(10000, 'a')), InputProblem::too_long);
    EXPECT_EQ(check_input("\xF0\x9F\x98\xA1\xF0\x9F\x94\xA5 !!"), InputProblem::no_words);  // angry face, fire
    EXPECT_EQ(check_input("perché"), InputProblem::none);
    EXPECT_EQ(check_input("3"), InputProblem::none);
}

TEST(UserInput, GlobalWordsInBothLanguagesOnlyAsTheWholeMessage) {
    EXPECT_EQ(parse_global_word("Help").word, GlobalWord::help);
    EXPECT_EQ(parse_global_word("/aiuto").word, GlobalWord::help);
    EXPECT_EQ(parse_global_word("stato?").word, GlobalWord::status);
    EXPECT_EQ(parse_global_word("ANNULLA").word, GlobalWord::cancel);
    EXPECT_EQ(parse_global_word("ricomincia").word, GlobalWord::restart);
    EXPECT_EQ(parse_global_word("operatore").word, GlobalWord::agent);
    EXPECT_EQ(parse_global_word("human").word, GlobalWord::agent);
    auto lang = parse_global_word("lingua inglese");
    EXPECT_EQ(lang.word, GlobalWord::language);
    EXPECT_EQ(lang.argument, "inglese");
    EXPECT_EQ(parse_global_word("italiano").argument, "it");
    EXPECT_EQ(parse_global_word("I need help with my VPN").word, GlobalWord::none);
    EXPECT_EQ(parse_global_word("it").word, GlobalWord::none);  // an answer, not a language switch
}

TEST(UserInput, ANewProblemAloneOrWithItsDescription) {
    EXPECT_EQ(parse_global_word("new ticket").word, GlobalWord::new_problem);
    EXPECT_EQ(parse_global_word("Un altro problema!").word, GlobalWord::new_problem);
    auto described = parse_global_word("Another thing: I need Visio installed on my laptop");
    EXPECT_EQ(described.word, GlobalWord::new_problem);
    EXPECT_EQ(described.argument, "I need Visio installed on my laptop");
    EXPECT_EQ(parse_global_word("un'altra cosa, mi serve Visio").argument, "mi serve Visio");
    // A sentence that only starts like one is a message.
    EXPECT_EQ(parse_global_word("another thing broke today").word, GlobalWord::none);
    EXPECT_EQ(parse_global_word("new problem:").word, GlobalWord::new_problem);
}

// A codec removes a command's addressing to our bot ("/help@frontline_bot" in a Telegram group)
// before core reads it: core knows no bot name, so the suffixed word is not a global word here.
TEST(UserInput, GlobalWordsArriveWithoutABotAddressingSuffix) {
    EXPECT_EQ(parse_global_word("/help").word, GlobalWord::help);
    EXPECT_EQ(parse_global_word("/help@frontline_bot").word, GlobalWord::none);
}

TEST(UserInput, ChoicesByNumberLabelValueAndYesNoWords) {
    const std::vector<Choice> yes_no = {{"Yes", "q|yes"}, {"No", "q|no"}};
    const std::vector<std::string> values = {"yes", "no"};
    EXPECT_EQ(match_choice("2", yes_no, values), 1u);
    EXPECT_EQ(match_choice("yes", yes_no, values), 0u);
    EXPECT_EQ(match_choice("Sì", yes_no, values), 0u);
    EXPECT_EQ(match_choice("no.", yes_no, values), 1u);
    EXPECT_EQ(match_choice("3", yes_no, values), std::nullopt);
    EXPECT_EQ(match_choice("0", yes_no, values), std::nullopt);
    EXPECT_EQ(match_choice("maybe", yes_no, values), std::nullopt);
    const std::vector<Choice> kinds = {{"Only me", "impact|low"}, {"My team", "impact|medium"}};
    EXPECT_EQ(match_choice("my team", kinds, {"low", "medium"}), 1u);
    EXPECT_EQ(match_choice("low", kinds, {"low", "medium"}), 0u);
}

}  // namespace
}  // namespace frontline
