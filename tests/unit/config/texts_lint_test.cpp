// Every user- and agent-facing text of config/locales, rendered in both languages with sample
// values, read the way a proof-reader would (issue 17): no doubled words ("its a first response"),
// no Italian preposition left uncontracted before an article ("di la risoluzione", "a il team"), no
// plural noun after a count of one ("1 linked tickets"), and every key in both languages.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

namespace fs = std::filesystem;

namespace {

using Table = std::map<std::string, std::string>;

/// file stem without the language ("handoff", "flows", "" for en.json) -> language -> key -> text
std::map<std::string, std::map<std::string, Table>> shipped_texts() {
    std::map<std::string, std::map<std::string, Table>> out;
    for (const auto& entry : fs::directory_iterator(fs::path(FRONTLINE_SOURCE_DIR) / "config" / "locales")) {
        const std::string name = entry.path().filename().string();  // "it.handoff.json"
        const auto dot = name.find('.');
        const std::string lang = name.substr(0, dot);
        std::string group = name.substr(dot + 1);
        group = group.substr(0, group.size() - std::string(".json").size());
        std::ifstream in(entry.path());
        const auto j = nlohmann::json::parse(in);
        for (const auto& [key, value] : j.items()) out[group][lang][key] = value.get<std::string>();
    }
    return out;
}

/// The placeholders that hold a number: rendered with 1 (the case that needs a singular) and 2.
bool is_count(const std::string& placeholder) {
    static const std::set<std::string> counts = {"count", "children", "minutes", "hours", "n", "max", "steps"};
    return counts.count(placeholder) > 0;
}

/// A sample for every other placeholder: a name, an id, a phrase of the sort the code puts there.
std::string sample(const std::string& placeholder, const std::string& lang) {
    static const std::map<std::string, std::string> en = {
        {"agent", "Alice Romano"}, {"requester", "Mario Bianchi"}, {"name", "Mario"}, {"ticket", "INC-000042"},
        {"id", "INC-000042"}, {"old", "INC-000007"}, {"parent", "INC-000001"}, {"grandparent", "INC-000002"},
        {"priority", "P2"}, {"tier", "L2"}, {"team", "Service desk"}, {"room", "#service-desk"},
        {"status", "escalated"}, {"title", "VPN drops every five minutes"}, {"text", "Please restart the router."},
        {"due", "15:30 today (Rome time)"}, {"deadline", "15:30 tomorrow (Rome time)"}, {"response", "15:30"}, {"resolution", "tomorrow 09:00"},
        {"ago", "5 minutes ago"}, {"window", "7 days"}, {"category", "Network and VPN"}, {"code", "fixed"},
        {"command", "/frobnicate"}, {"contact", "mario@example.com"}, {"error", "timeout"}, {"list", "INC-000001, INC-000002"},
        {"platform", "Slack"}, {"reason", "the user asked"}, {"usage", "claim INC-000042"}, {"answer", "Yes, it works"},
        {"target", "first response"}, {"what", "first response"},
        // The times and durations of core/time_words, as the Desk fills them in.
        {"weekday", "Tue"}, {"day", "8"}, {"month", "Dec"}, {"year", "2026"}, {"time", "15:30"}, {"city", "Rome"},
        {"clock", "First response"}, {"left", "in 2 h 10 min"}, {"late", "overdue by 35 min"},
        {"waited", "2 h 10 min"}, {"duration", "2 h 10 min"}};
    static const std::map<std::string, std::string> it = {
        {"status", "in coda"}, {"title", "La VPN cade ogni cinque minuti"}, {"text", "Riavvia il router, per favore."},
        {"due", "le 15:30 di oggi (ora di Roma)"}, {"deadline", "le 15:30 di domani (ora di Roma)"}, {"resolution", "domani alle 09:00"},
        {"ago", "5 minuti fa"}, {"window", "7 giorni"}, {"category", "Rete e VPN"}, {"reason", "l'utente l'ha chiesto"},
        {"answer", "Sì, funziona"}, {"target", "prima risposta"}, {"what", "prima risposta"}, {"team", "Service desk"},
        {"weekday", "mar"}, {"month", "dic"}, {"city", "Roma"}, {"clock", "Prima risposta"}, {"left", "tra 2 h 10 min"},
        {"late", "in ritardo di 35 min"}};
    if (lang == "it")
        if (auto found = it.find(placeholder); found != it.end()) return found->second;
    if (auto found = en.find(placeholder); found != en.end()) return found->second;
    return "Sample";
}

std::string render(const std::string& text, const std::string& lang, const std::string& count) {
    static const std::regex placeholder(R"(\{(\w+)\})");
    std::string out;
    auto begin = std::sregex_iterator(text.begin(), text.end(), placeholder);
    std::size_t last = 0;
    for (auto it = begin; it != std::sregex_iterator(); ++it) {
        out += text.substr(last, static_cast<std::size_t>(it->position()) - last);
        const std::string name = (*it)[1].str();
        out += is_count(name) ? count : sample(name, lang);
        last = static_cast<std::size_t>(it->position() + it->length());
    }
    return out + text.substr(last);
}

std::string lower(std::string s) {
    for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
}

/// What a proof-reader would circle in `rendered`, or empty.
std::string problems(const std::string& rendered, const std::string& lang) {
    const std::string s = lower(rendered);
    std::string found;
    // The same word twice in a row ("its its", "the the"); numbers and list markers do not count.
    static const std::regex doubled(R"((^|[^\w'])([a-z]{2,}) \2(?=[^\w']|$))");
    if (std::smatch m; std::regex_search(s, m, doubled)) found += "doubled word '" + m[2].str() + "'; ";
    if (lang == "en") {
        static const std::regex article_clash(R"(\b(its|their|the|your) (a|an|the)\b)");
        if (std::smatch m; std::regex_search(s, m, article_clash)) found += "'" + m.str() + "'; ";
        static const std::regex one_plural(R"(\b1 (?:[a-z]+ )?(tickets|minutes|hours|days|messages|requests|requesters|incidents|people|agents|times)\b)");
        if (std::smatch m; std::regex_search(s, m, one_plural)) found += "plural after one: '" + m.str() + "'; ";
    } else if (lang == "it") {
        // Italian contracts a preposition with a definite article: "della", "al", "dal", "nel", "sul".
        static const std::regex uncontracted(R"(\b(di|a|da|in|su) (il|lo|la|i|gli|le) |\b(di|a|da|in|su) l'[a-z])");
        if (std::smatch m; std::regex_search(s, m, uncontracted)) found += "uncontracted '" + m.str() + "'; ";
        static const std::regex one_plural(R"(\b1 (?:[a-z]+ )?(minuti|ore|giorni|messaggi|richieste|richiedenti|incidenti|persone|agenti|volte)\b)");
        if (std::smatch m; std::regex_search(s, m, one_plural)) found += "plural after one: '" + m.str() + "'; ";
        static const std::regex one_tickets_plural(R"(\b1 ticket (collegati|aperti|risolti|chiusi)\b)");
        if (std::smatch m; std::regex_search(s, m, one_tickets_plural)) found += "plural after one: '" + m.str() + "'; ";
    }
    return found;
}

}  // namespace

TEST(ShippedTexts, EveryKeyExistsInBothLanguages) {
    for (const auto& [group, langs] : shipped_texts()) {
        ASSERT_TRUE(langs.count("en") && langs.count("it")) << group;
        for (const auto& [key, text] : langs.at("en")) EXPECT_TRUE(langs.at("it").count(key)) << group << ": it lacks " << key;
        for (const auto& [key, text] : langs.at("it")) EXPECT_TRUE(langs.at("en").count(key)) << group << ": en lacks " << key;
    }
}

TEST(ShippedTexts, ReadLikeAHumanWroteThem) {
    int checked = 0;
    for (const auto& [group, langs] : shipped_texts())
        for (const auto& [lang, table] : langs)
            for (const auto& [key, text] : table) {
                // "engine.duration.minutes" beside "engine.duration.minute": the code picks the plural
                // only for counts other than one.
                const bool plural_of_a_pair =
                    (key.ends_with('s') && table.count(key.substr(0, key.size() - 1)) > 0) ||
                    (key.ends_with("children") && table.count(key.substr(0, key.size() - 3)) > 0);
                for (const char* count : {"1", "2"}) {
                    if (plural_of_a_pair && std::string(count) == "1") continue;
                    const std::string rendered = render(text, lang, count);
                    EXPECT_EQ(problems(rendered, lang), "") << lang << "." << group << " " << key << ": " << rendered;
                    ++checked;
                }
            }
    EXPECT_GT(checked, 1000);  // every file was read
}

// The linter itself, on the sentences issue 17 found in the shipped texts.
TEST(ShippedTexts, TheLinterCatchesWhatTheIssueFound) {
    EXPECT_NE(problems("SLA breached: INC-000001 (P4) missed its a first response target", "en"), "");
    EXPECT_NE(problems("INC-000001 ha superato l'obiettivo di la risoluzione", "it"), "");
    EXPECT_NE(problems("1 linked tickets were resolved", "en"), "");
    EXPECT_NE(problems("l'ho passato a il team", "it"), "");
    EXPECT_NE(problems("please please restart", "en"), "");
    EXPECT_EQ(problems("Alice Romano has picked up INC-000042.", "en"), "");
    EXPECT_EQ(problems("Ho riaperto INC-000042 e ho avvisato Alice Romano.", "it"), "");
}
