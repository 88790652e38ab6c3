#include "core/priority_matrix.hpp"

#include <gtest/gtest.h>

#include <cctype>
#include <string>
#include <nlohmann/json.hpp>

namespace frontline {
namespace {

using L = Level;
using P = Priority;

struct Cell {
    L impact, urgency;
    P expected;
};

class DefaultMatrix : public ::testing::TestWithParam<Cell> {};

TEST_P(DefaultMatrix, MapsImpactAndUrgency) {
    const auto c = GetParam();
    EXPECT_EQ(PriorityMatrix{}.priority(c.impact, c.urgency), c.expected)
        << to_string(c.impact) << "/" << to_string(c.urgency);
}

INSTANTIATE_TEST_SUITE_P(AllNineCells, DefaultMatrix,
                         ::testing::Values(Cell{L::high, L::high, P::p1}, Cell{L::high, L::medium, P::p2},
                                           Cell{L::medium, L::high, P::p2}, Cell{L::medium, L::medium, P::p3},
                                           Cell{L::high, L::low, P::p3}, Cell{L::low, L::high, P::p3},
                                           Cell{L::medium, L::low, P::p4}, Cell{L::low, L::medium, P::p4},
                                           Cell{L::low, L::low, P::p4}),
                         // "ImpactHighUrgencyLowIsP3" rather than "/2": a failure names the cell.
                         [](const ::testing::TestParamInfo<Cell>& cell) {
                             auto cap = [](std::string s) {
                                 if (!s.empty()) s[0] = static_cast<char>(std::toupper(static_cast<unsigned char>(s[0])));
                                 return s;
                             };
                             return "Impact" + cap(std::string(to_string(cell.param.impact))) + "Urgency" +
                                    cap(std::string(to_string(cell.param.urgency))) + "Is" +
                                    cap(std::string(to_string(cell.param.expected)));
                         });

TEST(PriorityMatrix, ReadsAConfiguredMatrix) {
    auto j = nlohmann::json::parse(R"({
        "high":   {"high": "P1", "medium": "P1", "low": "P2"},
        "medium": {"high": "P2", "medium": "P2", "low": "P3"},
        "low":    {"high": "P3", "medium": "P4", "low": "P4"}})");
    auto m = PriorityMatrix::from_json(j);
    ASSERT_TRUE(m) << m.error().message;
    EXPECT_EQ(m->priority(L::high, L::medium), P::p1);
    EXPECT_EQ(m->priority(L::medium, L::medium), P::p2);
    EXPECT_EQ(m->priority(L::low, L::low), P::p4);
}

TEST(PriorityMatrix, NamesTheMissingOrBadCell) {
    auto missing = PriorityMatrix::from_json(nlohmann::json::parse(R"({"high": {"high": "P1"}})"));
    ASSERT_FALSE(missing);
    EXPECT_NE(missing.error().message.find("priority_matrix.high.medium"), std::string::npos) << missing.error().message;

    auto bad = PriorityMatrix::from_json(nlohmann::json::parse(R"({
        "high":   {"high": "P9", "medium": "P1", "low": "P2"},
        "medium": {"high": "P2", "medium": "P2", "low": "P3"},
        "low":    {"high": "P3", "medium": "P4", "low": "P4"}})"));
    ASSERT_FALSE(bad);
    EXPECT_NE(bad.error().message.find("priority_matrix.high.high"), std::string::npos);

    EXPECT_FALSE(PriorityMatrix::from_json(nlohmann::json::array()));
}

}  // namespace
}  // namespace frontline
