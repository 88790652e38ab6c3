// The files of tickets in the store: one row per file per ticket (the same file again is kept
// once), in the order they came; files held for a person before their ticket exists, taken once,
// oldest first; every file a ticket or a hold names, for the orphan sweep; bad files refused with
// nothing written. On both backends.
#include <gtest/gtest.h>

#include "backend_under_test.hpp"

namespace frontline {
namespace {

using namespace std::chrono_literals;

const TimePoint kT0 = std::chrono::sys_days{std::chrono::year{2026} / 11 / 25} + 9h;

class AttachmentStore : public testing::BackendTest {};
FRONTLINE_ON_BOTH_BACKENDS(AttachmentStore);

/// A stored file whose sha256 is 64 hex digits starting with `lead`.
Attachment file(char lead, const std::string& name, const std::string& state = "stored") {
    Attachment a;
    a.sha256 = std::string(1, lead) + std::string(63, '0');
    a.name = name;
    a.media_type = "image/png";
    a.size = 2048;
    a.platform_ref = "upload-1";
    a.state = state;
    return a;
}

TicketId inc(int n) { return TicketId{TicketType::incident, n}; }

/// The fields the store keeps (not the platform's fetch reference).
Attachment kept(Attachment a) {
    a.platform_ref.clear();
    return a;
}

TEST_P(AttachmentStore, AFileIsKeptOncePerTicketInTheOrderFilesCame) {
    AttachmentRepository& files = backend().attachments();
    TicketAttachment shot{0, inc(1), file('b', "screenshot.png"), kT0};
    auto added = files.add_ticket_attachment(shot);
    ASSERT_TRUE(added) << added.error().message;
    EXPECT_TRUE(*added);
    EXPECT_GT(shot.seq, 0);
    TicketAttachment log{0, inc(1), file('a', "vpn.log", "quarantined"), kT0 + 1min};
    log.file.media_type = "text/plain";
    ASSERT_TRUE(*files.add_ticket_attachment(log));
    EXPECT_GT(log.seq, shot.seq);

    TicketAttachment again{0, inc(1), file('b', "same bytes, another name.png"), kT0 + 2min};
    auto twice = files.add_ticket_attachment(again);
    ASSERT_TRUE(twice);
    EXPECT_FALSE(*twice) << "the same file on one ticket is kept once";
    EXPECT_EQ(again.seq, 0);
    TicketAttachment elsewhere{0, inc(2), file('b', "screenshot.png"), kT0};
    EXPECT_TRUE(*files.add_ticket_attachment(elsewhere)) << "another ticket keeps its own row";

    backend().reopen();
    auto list = backend().attachments().attachments_of(inc(1));
    ASSERT_TRUE(list) << list.error().message;
    ASSERT_EQ(list->size(), 2u);
    EXPECT_EQ((*list)[0].seq, shot.seq);
    EXPECT_EQ((*list)[0].ticket, inc(1));
    EXPECT_EQ((*list)[0].file, kept(shot.file));
    EXPECT_EQ((*list)[0].at, kT0);
    EXPECT_EQ((*list)[1].file, kept(log.file));
    EXPECT_EQ((*list)[1].file.state, "quarantined");
    EXPECT_EQ((*list)[1].at, kT0 + 1min);
    EXPECT_EQ(*backend().attachments().count_attachments(inc(1)), 2);
    EXPECT_EQ(*backend().attachments().count_attachments(inc(2)), 1);
    EXPECT_EQ(*backend().attachments().count_attachments(inc(3)), 0);
    auto none = backend().attachments().attachments_of(inc(3));
    ASSERT_TRUE(none);
    EXPECT_TRUE(none->empty());
}

TEST_P(AttachmentStore, AFileNotStoredIsRefusedAndNothingIsWritten) {
    AttachmentRepository& files = backend().attachments();
    Attachment unfetched = file('c', "photo.jpg");
    unfetched.sha256.clear();
    Attachment too_large = file('c', "video.mp4", "too_large");
    Attachment not_utf8 = file('c', "\xff\xfe.png");
    for (const Attachment& bad : {unfetched, too_large, not_utf8}) {
        TicketAttachment a{0, inc(1), bad, kT0};
        auto refused = files.add_ticket_attachment(a);
        ASSERT_FALSE(refused) << bad.name;
        EXPECT_EQ(refused.error().code, Errc::invalid_argument) << bad.name;
        auto held = files.hold_attachment({"slack", "U1"}, bad, kT0);
        ASSERT_FALSE(held) << bad.name;
        EXPECT_EQ(held.error().code, Errc::invalid_argument) << bad.name;
    }
    EXPECT_EQ(backend().count("ticket_attachments"), 0);
    EXPECT_EQ(backend().count("held_attachments"), 0);
}

TEST_P(AttachmentStore, HeldFilesAreTakenOnceOldestFirstPerPerson) {
    AttachmentRepository& files = backend().attachments();
    const Identity ada{"slack", "U1"}, bob{"telegram", "7"};
    ASSERT_TRUE(files.hold_attachment(ada, file('d', "second.png"), kT0 + 1min));
    ASSERT_TRUE(files.hold_attachment(ada, file('f', "first.png"), kT0));
    ASSERT_TRUE(files.hold_attachment(ada, file('e', "also second.png"), kT0 + 1min));  // same time: by name of the file
    ASSERT_TRUE(files.hold_attachment(ada, file('d', "second again.png"), kT0 + 2min));  // the same file: kept once
    ASSERT_TRUE(files.hold_attachment(bob, file('d', "bob.png"), kT0));

    backend().reopen();
    auto taken = backend().attachments().take_held_attachments(ada);
    ASSERT_TRUE(taken) << taken.error().message;
    ASSERT_EQ(taken->size(), 3u);
    EXPECT_EQ((*taken)[0].name, "first.png");
    EXPECT_EQ((*taken)[1].name, "second.png");
    EXPECT_EQ((*taken)[2].name, "also second.png");
    EXPECT_EQ((*taken)[1], kept(file('d', "second.png")));
    auto again = backend().attachments().take_held_attachments(ada);
    ASSERT_TRUE(again);
    EXPECT_TRUE(again->empty()) << "taken once";
    auto bobs = backend().attachments().take_held_attachments(bob);
    ASSERT_TRUE(bobs);
    ASSERT_EQ(bobs->size(), 1u);
    EXPECT_EQ(bobs->front().name, "bob.png");
}

TEST_P(AttachmentStore, ReferencedFilesAreThoseOfTicketsAndHolds) {
    AttachmentRepository& files = backend().attachments();
    auto empty = files.referenced_files();
    ASSERT_TRUE(empty);
    EXPECT_TRUE(empty->empty());
    TicketAttachment a{0, inc(1), file('a', "a.png"), kT0};
    TicketAttachment b{0, inc(2), file('a', "a.png"), kT0};
    ASSERT_TRUE(*files.add_ticket_attachment(a));
    ASSERT_TRUE(*files.add_ticket_attachment(b));
    ASSERT_TRUE(files.hold_attachment({"slack", "U1"}, file('b', "b.png"), kT0));
    ASSERT_TRUE(files.hold_attachment({"slack", "U2"}, file('a', "a.png"), kT0));
    auto all = files.referenced_files();
    ASSERT_TRUE(all);
    EXPECT_EQ(*all, (std::set<std::string>{file('a', "").sha256, file('b', "").sha256}));
    ASSERT_TRUE(files.take_held_attachments({"slack", "U1"}));
    auto after = files.referenced_files();
    ASSERT_TRUE(after);
    EXPECT_EQ(*after, (std::set<std::string>{file('a', "").sha256})) << "a taken hold no longer keeps its file";
}

TEST_P(AttachmentStore, AFileAddedInARolledBackBatchIsNotKept) {
    auto rolled = backend().in_transaction([&]() -> Status {
        TicketAttachment a{0, inc(1), file('a', "a.png"), kT0};
        auto added = backend().attachments().add_ticket_attachment(a);
        if (!added) return added.error();
        return make_error(Errc::conflict, "the batch failed later");
    });
    EXPECT_FALSE(rolled);
    EXPECT_EQ(*backend().attachments().count_attachments(inc(1)), 0);
    TicketAttachment again{0, inc(1), file('a', "a.png"), kT0};
    auto added = backend().attachments().add_ticket_attachment(again);
    ASSERT_TRUE(added);
    EXPECT_TRUE(*added) << "the rolled-back row does not count as kept";
}

}  // namespace
}  // namespace frontline
