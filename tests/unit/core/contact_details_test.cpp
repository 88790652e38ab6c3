#include <gtest/gtest.h>

#include "core/contact_details.hpp"

using namespace frontline;

TEST(ContactDetails, PlausibleEmailAddressesAreAccepted) {
    for (const char* e : {"maria@example.com", "maria.rossi+it@mail.example.co.uk", "a@b.io", "ROSSI@EXAMPLE.IT",
                          "m_r-1@sub-domain.example.org"})
        EXPECT_TRUE(plausible_email(e)) << e;
}

TEST(ContactDetails, TyposInEmailAddressesAreRefused) {
    for (const char* e : {"maria@example", "maria@@example.com", "@example.com", "maria@.com", "maria@example.c",
                          "maria rossi@example.com", "maria@example.com,", "maria@exa mple.com", "maria.@example.com",
                          "maria@example..com", "maria@example.c0m", "", "maria"})
        EXPECT_FALSE(plausible_email(e)) << e;
    EXPECT_FALSE(plausible_email(std::string(250, 'a') + "@example.com")) << "longer than a mail path can be";
}

TEST(ContactDetails, InternationalAndLocalPhoneNumbersAreTidied) {
    EXPECT_EQ(tidy_phone("+39 333 123 4567"), "+39 333 123 4567");
    EXPECT_EQ(tidy_phone("+393331234567"), "+393331234567");
    EXPECT_EQ(tidy_phone("(02) 1234-5678"), "02 1234 5678");
    EXPECT_EQ(tidy_phone("0039 333.123.4567"), "0039 333 123 4567");
    EXPECT_EQ(tidy_phone("  333 1234567 "), "333 1234567");
    EXPECT_EQ(tidy_phone("+1 (415) 555-0100"), "+1 415 555 0100");
}

TEST(ContactDetails, WhatIsNotAPhoneNumberIsRefused) {
    for (const char* p : {"12345", "1234567890123456", "333-CALL-ME", "39+333123456", "++39 333 1234567", "tomorrow",
                          "", "+", "333 123 4567 ext 12"})
        EXPECT_FALSE(tidy_phone(p)) << p;
}

TEST(ContactDetails, AnswersAreReadAsEmailPhoneSkipOrInvalid) {
    EXPECT_EQ(read_contact_answer(" maria@example.com ").kind, ContactAnswer::Kind::email);
    EXPECT_EQ(read_contact_answer(" maria@example.com ").value, "maria@example.com");
    EXPECT_EQ(read_contact_answer("+39 333 123 4567").kind, ContactAnswer::Kind::phone);
    for (const char* s : {"skip", "Salta", "no grazie", "No thanks.", "preferisco di no"})
        EXPECT_EQ(read_contact_answer(s).kind, ContactAnswer::Kind::skip) << s;
    for (const char* s : {"maria@example", "call me", "12", "no", "skip please maybe"})
        EXPECT_EQ(read_contact_answer(s).kind, ContactAnswer::Kind::invalid) << s;
}

TEST(ContactDetails, NamesNeedALetterAndNoAddress) {
    EXPECT_EQ(read_person_name("  Maria Rossi "), "Maria Rossi");
    EXPECT_EQ(read_person_name("Zoë O'Neill-Smith"), "Zoë O'Neill-Smith");
    EXPECT_EQ(read_person_name("Nicolò"), "Nicolò");
    for (const char* n : {"", "   ", "maria@example.com", "+39 333 1234567", "R2D2", "...", "\xff\xfe"})
        EXPECT_FALSE(read_person_name(n)) << n;
    EXPECT_FALSE(read_person_name(std::string(101, 'a')));
}
