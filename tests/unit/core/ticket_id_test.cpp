#include "core/ticket_id.hpp"

#include <gtest/gtest.h>

namespace frontline {
namespace {

TEST(TicketId, FormatsWithSixDigitsAndTypePrefix) {
    EXPECT_EQ((TicketId{TicketType::incident, 1}).str(), "INC-000001");
    EXPECT_EQ((TicketId{TicketType::request, 45}).str(), "REQ-000045");
    EXPECT_EQ((TicketId{TicketType::incident, 1234567}).str(), "INC-1234567");
}

TEST(TicketId, ParsesWhatItFormats) {
    for (auto [text, type, n] : {std::tuple{"INC-000042", TicketType::incident, 42}, {"req-000007", TicketType::request, 7},
                                 {"INC-42", TicketType::incident, 42}}) {
        auto id = TicketId::parse(text);
        ASSERT_TRUE(id) << text;
        EXPECT_EQ(id->type(), type);
        EXPECT_EQ(id->number(), n);
    }
}

TEST(TicketId, MalformedIdsAreClearErrors) {
    for (const char* bad : {"", "INC", "INC-", "INC-0", "INC-00000x", "PRB-000001", "INC000001", "INC-0000000000001",
                            "INC--00001", "INC-12 3"}) {
        auto id = TicketId::parse(bad);
        ASSERT_FALSE(id) << bad;
        EXPECT_EQ(id.error().code, Errc::invalid_argument);
        EXPECT_NE(id.error().message.find("malformed ticket id"), std::string::npos);
    }
}

}  // namespace
}  // namespace frontline
