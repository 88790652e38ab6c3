// Every way a flow, category, classifier, kb or locale file can be wrong stops start-up with an error
// that names the file and the node or key.
#include <gtest/gtest.h>

#include "core/engine/config_parsers.hpp"
#include "small_config.hpp"

namespace frontline {
namespace {

using engine_test::SmallConfig;
using engine_test::small_config;

std::string error_of(const SmallConfig& c) {
    auto r = build_engine_config(c.texts());
    if (r) return "(no error)";
    return r.error().message;
}

TEST(EngineConfigValidation, TheSmallConfigIsValid) {
    auto r = build_engine_config(small_config().texts());
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->categories.size(), 3u);
    EXPECT_EQ(r->flows.size(), 3u);
    // The restricted category is forced to P1 at L3 whatever the file says about the tier.
    EXPECT_EQ(r->category("breach")->default_tier, Tier::l3);
}

TEST(EngineConfigValidation, UnknownNodeReferenceNamesFileAndNode) {
    auto c = small_config();
    c.net_flow["nodes"]["q_since"]["next"] = "nowhere";
    const auto e = error_of(c);
    EXPECT_NE(e.find("flows/net.json: node 'q_since'"), std::string::npos) << e;
    EXPECT_NE(e.find("unknown node 'nowhere'"), std::string::npos) << e;
}

TEST(EngineConfigValidation, FromTextNeedsARegexThatCompilesAndAnAnswerOfTheNode) {
    auto ok = small_config();
    ok.net_flow["nodes"]["q_conn"]["from_text"] = {{{"match", "\\bvpn\\b"}, {"value", "vpn"}}};
    ok.net_flow["nodes"]["q_others"]["from_text"] = {{{"match", "everyone|tutti"}, {"value", "yes"}}};
    EXPECT_EQ(error_of(ok), "(no error)");

    auto bad_value = small_config();
    bad_value.net_flow["nodes"]["q_conn"]["from_text"] = {{{"match", "vpn"}, {"value", "cable"}}};
    auto e = error_of(bad_value);
    EXPECT_NE(e.find("node 'q_conn' from_text: value 'cable' is not an answer of this question"), std::string::npos) << e;

    auto bad_yes = small_config();
    bad_yes.net_flow["nodes"]["q_others"]["from_text"] = {{{"match", "all"}, {"value", "maybe"}}};
    EXPECT_NE(error_of(bad_yes).find("value 'maybe' is not an answer"), std::string::npos);

    auto bad_regex = small_config();
    bad_regex.net_flow["nodes"]["q_conn"]["from_text"] = {{{"match", "(vpn"}, {"value", "vpn"}}};
    e = error_of(bad_regex);
    EXPECT_NE(e.find("bad regex '(vpn'"), std::string::npos) << e;

    auto no_value = small_config();
    no_value.net_flow["nodes"]["q_conn"]["from_text"] = {{{"match", "vpn"}}};
    EXPECT_NE(error_of(no_value).find("from_text 1"), std::string::npos) << error_of(no_value);
}

TEST(EngineConfigValidation, RelatedCategoriesMustExistAndNotTouchARestrictedOne) {
    auto unknown = small_config();
    unknown.categories["categories"][0]["related"] = {"nothing"};
    auto e = error_of(unknown);
    EXPECT_NE(e.find("related category 'nothing' does not exist"), std::string::npos) << e;
    auto restricted = small_config();
    restricted.categories["categories"][0]["related"] = {"breach"};
    e = error_of(restricted);
    EXPECT_NE(e.find("a restricted category has no related categories"), std::string::npos) << e;
}

TEST(EngineConfigValidation, StartThatIsNotANode) {
    auto c = small_config();
    c.net_flow["start"] = "begin";
    const auto e = error_of(c);
    EXPECT_NE(e.find("flows/net.json: start node 'begin' does not exist"), std::string::npos) << e;
}

TEST(EngineConfigValidation, LoopWithNoExit) {
    auto c = small_config();
    c.net_flow["nodes"]["loop_a"] = {{"type", "message"}, {"text", "t.note"}, {"next", "loop_b"}};
    c.net_flow["nodes"]["loop_b"] = {{"type", "yes_no"}, {"text", "t.q_others"}, {"yes", "loop_a"}, {"no", "loop_b"}};
    const auto e = error_of(c);
    EXPECT_NE(e.find("flows/net.json: node 'loop_a'"), std::string::npos) << e;
    EXPECT_NE(e.find("no path to an escalate or resolve node"), std::string::npos) << e;
}

TEST(EngineConfigValidation, MissingTranslation) {
    auto c = small_config();
    c.it_texts.erase("t.q_others");
    const auto e = error_of(c);
    EXPECT_NE(e.find("flows/net.json: node 'q_others'"), std::string::npos) << e;
    EXPECT_NE(e.find("'t.q_others' has no translation in locale 'it'"), std::string::npos) << e;
}

TEST(EngineConfigValidation, ChoiceWithoutTarget) {
    auto c = small_config();
    c.net_flow["nodes"]["q_conn"]["choices"][1].erase("next");
    const auto e = error_of(c);
    EXPECT_NE(e.find("flows/net.json: node 'q_conn' choice 2 ('wifi')"), std::string::npos) << e;
    EXPECT_NE(e.find("has no target"), std::string::npos) << e;
}

TEST(EngineConfigValidation, UnknownKbArticle) {
    auto c = small_config();
    c.net_flow["nodes"]["fix_wifi"]["kb"] = "no-such-fix";
    const auto e = error_of(c);
    EXPECT_NE(e.find("flows/net.json: node 'fix_wifi': unknown kb article 'no-such-fix'"), std::string::npos) << e;
}

TEST(EngineConfigValidation, BadRegexInABranch) {
    auto c = small_config();
    c.net_flow["nodes"]["route"]["cases"][0]["match"] = "(unclosed";
    const auto e = error_of(c);
    EXPECT_NE(e.find("flows/net.json: node 'route': bad regex '(unclosed'"), std::string::npos) << e;
}

TEST(EngineConfigValidation, BadRegexInATextValidation) {
    auto c = small_config();
    c.net_flow["nodes"]["q_since"]["validate"]["pattern"] = "[a-";
    const auto e = error_of(c);
    EXPECT_NE(e.find("node 'q_since': bad regex"), std::string::npos) << e;
}

TEST(EngineConfigValidation, UnknownNodeType) {
    auto c = small_config();
    c.net_flow["nodes"]["note"]["type"] = "teleport";
    const auto e = error_of(c);
    EXPECT_NE(e.find("flows/net.json: node 'note': unknown type 'teleport'"), std::string::npos) << e;
}

TEST(EngineConfigValidation, MissingRequiredMember) {
    auto c = small_config();
    c.net_flow["nodes"]["q_others"].erase("no");
    const auto e = error_of(c);
    EXPECT_NE(e.find("flows/net.json: node 'q_others': 'no' is missing"), std::string::npos) << e;
}

TEST(EngineConfigValidation, CategoryWithUnknownFlow) {
    auto c = small_config();
    c.categories["categories"][0]["flow"] = "netw";
    const auto e = error_of(c);
    EXPECT_NE(e.find("categories.json: category 'net': flow 'netw' does not exist"), std::string::npos) << e;
}

TEST(EngineConfigValidation, RestrictedCategoryAllowsNoSelfHelp) {
    auto c = small_config();
    c.breach_flow["nodes"]["q_what"]["next"] = "try";
    c.breach_flow["nodes"]["try"] = {{"type", "fix"}, {"kb", "wifi-forget"}, {"yes", "esc"}, {"no", "esc"}};
    const auto e = error_of(c);
    EXPECT_NE(e.find("flows/breach.json: node 'try'"), std::string::npos) << e;
    EXPECT_NE(e.find("allows no self-help"), std::string::npos) << e;
}

TEST(EngineConfigValidation, RestrictedCategoryMustBeP1) {
    auto c = small_config();
    c.categories["categories"][1]["fixed_priority"] = "P3";
    const auto e = error_of(c);
    EXPECT_NE(e.find("categories.json: categories[1] 'breach': a restricted category must have fixed_priority P1"),
              std::string::npos) << e;
}

TEST(EngineConfigValidation, ClassifierNamesAnUnknownCategory) {
    auto c = small_config();
    c.classifier["categories"]["printers"] = {{"en", nlohmann::json::array({nlohmann::json::array({"printer", 3})})}};
    const auto e = error_of(c);
    EXPECT_NE(e.find("classifier.json: categories.printers: unknown category"), std::string::npos) << e;
}

TEST(EngineConfigValidation, ClassifierTermNeedsAPositiveWeight) {
    auto c = small_config();
    c.classifier["types"]["incident"]["en"][0][1] = 0;
    const auto e = error_of(c);
    EXPECT_NE(e.find("classifier.json: types.incident.en: term 'not working': the weight must be positive"),
              std::string::npos) << e;
}

TEST(EngineConfigValidation, DuplicateLocaleKeyNamesBothFiles) {
    auto c = small_config();
    c.en_texts["engine.yes"] = "Yep";
    const auto e = error_of(c);
    EXPECT_NE(e.find("locales/en.test.json: key 'engine.yes' is already defined in locales/en.json"), std::string::npos) << e;
}

TEST(EngineConfigValidation, EngineTextMissingFromALocale) {
    auto c = small_config();
    auto texts = c.texts();
    texts.locales.push_back({"de", {"locales/de.json", R"({"t.cat.net":"Netz"})"}});
    auto r = build_engine_config(texts);
    ASSERT_FALSE(r);
    EXPECT_NE(r.error().message.find("has no translation in locale 'de'"), std::string::npos) << r.error().message;
}

TEST(EngineConfigValidation, KbArticleMissingALanguage) {
    auto c = small_config();
    c.kb["articles"][0]["steps"].erase("it");
    const auto e = error_of(c);
    EXPECT_NE(e.find("kb article 'wifi-forget' has no 'it' translation"), std::string::npos) << e;
}

TEST(EngineConfigValidation, DuplicateFlowIdNamesBothFiles) {
    auto c = small_config();
    c.request_flow["id"] = "net";
    const auto e = error_of(c);
    EXPECT_NE(e.find("flows/req.json: flow 'net' is already defined in flows/net.json"), std::string::npos) << e;
}

TEST(EngineConfigValidation, MalformedJsonNamesTheFile) {
    auto texts = small_config().texts();
    texts.flows[0].text = "{ \"id\": ";
    auto r = build_engine_config(texts);
    ASSERT_FALSE(r);
    EXPECT_EQ(r.error().message, "flows/net.json: not valid JSON");
}

TEST(EngineConfigValidation, TextValidationBoundsMustMakeSense) {
    auto c = small_config();
    c.net_flow["nodes"]["q_since"]["validate"] = {{"min_length", 10}, {"max_length", 2}};
    const auto e = error_of(c);
    EXPECT_NE(e.find("node 'q_since': validate.min_length is larger than validate.max_length"), std::string::npos) << e;
}

}  // namespace
}  // namespace frontline
