// The shipped classifier on the labelled examples (tests/unit/engine/classifier_examples.json), and
// the matching rules on small cases.
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "core/engine/classifier.hpp"
#include "core/engine/config_parsers.hpp"
#include "small_config.hpp"

namespace frontline {
namespace {

std::string read(const std::string& path) {
    std::ifstream in(path);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

const std::string kSource = FRONTLINE_SOURCE_DIR;

TEST(Classifier, WordsSplitOnPunctuationAndApostrophes) {
    EXPECT_EQ(Classifier::words("Non c’è rete, l'email NON parte!"),
              (std::vector<std::string>{"non", "c", "è", "rete", "l", "email", "non", "parte"}));
}

TEST(Classifier, PhrasesMatchOnWordBoundariesAndStarsMatchEndings) {
    Classifier c(engine_test::small_engine_config().classifier);
    auto r = c.classify("The VPN is not working since this morning", "en");
    EXPECT_EQ(r.language, "en");
    EXPECT_EQ(r.best_type(), "incident");
    EXPECT_EQ(r.best_category(), "net");
    EXPECT_TRUE(r.category_confident);
    // "not workings" is not the phrase "not working".
    EXPECT_TRUE(c.classify("it is not workings", "en").types.empty());
    // leak* matches "leaked".
    EXPECT_EQ(c.classify("customer data leaked", "en").best_category(), "breach");
}

TEST(Classifier, LanguageFollowsTheWordsAndTiesGoToTheUsersLocale) {
    Classifier c(engine_test::small_engine_config().classifier);
    EXPECT_EQ(c.classify("la rete non funziona", "en").language, "it");
    // "vpn" scores the same in both languages: the user's locale wins.
    EXPECT_EQ(c.classify("vpn", "it").language, "it");
    EXPECT_EQ(c.classify("vpn", "en").language, "en");
    auto nothing = c.classify("hello there", "it");
    EXPECT_EQ(nothing.total, 0);
    EXPECT_EQ(nothing.language, "it");
}

TEST(Classifier, CloseScoresAreNotConfident) {
    Classifier c(engine_test::small_engine_config().classifier);
    // wifi (3) against access (3): no margin.
    auto r = c.classify("wifi access", "en");
    EXPECT_FALSE(r.category_confident);
    EXPECT_EQ(r.categories.size(), 2u);
}

TEST(Classifier, AccuracyOnTheLabelledExamples) {
    auto categories = parse_categories(read(kSource + "/config/categories.json"), "categories.json");
    ASSERT_TRUE(categories) << categories.error().message;
    auto config = parse_classifier(read(kSource + "/config/classifier.json"), "classifier.json");
    ASSERT_TRUE(config) << config.error().message;
    const Classifier classifier(*config);
    const auto examples = nlohmann::json::parse(read(kSource + "/tests/unit/engine/classifier_examples.json"));
    ASSERT_GE(examples.size(), 60u);

    int type_right = 0, category_right = 0, languages[2] = {0, 0};
    std::string misses;
    for (const auto& ex : examples) {
        const auto text = ex.at("text").get<std::string>();
        const auto lang = ex.at("lang").get<std::string>();
        ++languages[lang == "it" ? 1 : 0];
        // Classify as a user whose locale is unknown (the service default) would be.
        const auto r = classifier.classify(text, "en");
        std::string type = r.best_type();
        for (const auto& cat : *categories)
            if (cat.id == r.best_category()) type = std::string(to_string(cat.type));
        if (type == ex.at("type").get<std::string>()) ++type_right;
        if (r.best_category() == ex.at("category").get<std::string>()) ++category_right;
        else misses += "\n  " + text + " -> " + r.best_category() + " (want " + ex.at("category").get<std::string>() + ")";
    }
    EXPECT_GE(languages[0], 30);
    EXPECT_GE(languages[1], 30);
    const double n = static_cast<double>(examples.size());
    const double type_accuracy = type_right / n;
    const double category_accuracy = category_right / n;
    std::cout << "classifier: type accuracy " << type_accuracy << ", category accuracy " << category_accuracy << " on "
              << examples.size() << " examples\n";
    EXPECT_GE(type_accuracy, 0.90) << misses;
    EXPECT_GE(category_accuracy, 0.85) << misses;
}

}  // namespace
}  // namespace frontline
