// Files people send, through the Desk and the real conversation engine as the service builds them
// (make_desk over the shipped config/): held before a ticket exists, kept as evidence in the
// diagnosis with the question asked again, relayed to the agents after the hand-off with a signed
// link, refused politely in the person's language (issue 22). The runtime's part (download,
// limits, vault) has already happened: the events carry each file's state and sha256.
#include <gtest/gtest.h>

#include <cstdlib>

#include <nlohmann/json.hpp>

#include "bot/config/config.hpp"
#include "bot/config/desk_factory.hpp"
#include "core/handoff/agent_command.hpp"
#include "tests/integration/handoff/desk_world.hpp"

using namespace frontline;
using namespace frontline::handoff;
using namespace frontline::handoff::testing_support;

namespace {

bool contains(const std::string& s, const std::string& n) { return s.find(n) != std::string::npos; }

std::string dump(const std::vector<Delivered>& ds) {
    std::string out;
    for (const auto& d : ds) out += "[" + d.message.to.platform + ":" + d.message.to.conversation_id + "] " + d.message.text + "\n";
    return out;
}

std::unique_ptr<DeskWorld> world_with(std::vector<std::string> overrides = {}) {
    // The links in agents' messages are signed with this secret (attachments.link_secret_env).
    ::setenv("FRONTLINE_ATTACHMENTS_SECRET", "test-secret-for-file-links-0123456789", 1);
    auto dir = std::make_unique<testkit::TempDir>();
    overrides.push_back("store.path=" + dir->file("frontline.db").string());
    auto cfg = Config::load(std::string(FRONTLINE_SOURCE_DIR) + "/config/frontline.json", overrides);
    if (!cfg) throw std::runtime_error(cfg.error().message);
    const PlatformCapabilities webchat{.buttons = true, .threads = false, .edits = true, .ephemeral = false,
                                       .reaches_offline_users = false, .profile_name = false, .profile_contact = false};
    auto desk = make_desk(*cfg, {{"webchat", webchat}});
    if (!desk) throw std::runtime_error(desk.error().message);
    return std::make_unique<DeskWorld>(std::move(*desk), std::move(dir));
}

Attachment file(const std::string& name, char hash_digit, const std::string& state = "stored") {
    Attachment a;
    a.name = name;
    a.media_type = "image/png";
    a.size = 245 * 1024;
    a.platform_ref = "upload-" + name;
    a.sha256 = state == "stored" || state == "quarantined" ? std::string(64, hash_digit) : std::string();
    a.state = state;
    return a;
}

/// A message from `user` in their chat that carries `files` (and `text`, maybe empty).
InboundEvent with_files(const Identity& user, const std::string& event_id, std::vector<Attachment> files,
                        const std::string& text = "", const std::string& locale = "en") {
    InboundEvent e;
    e.event_id = event_id;
    e.kind = InboundKind::text;
    e.from = user;
    e.where = Address{"webchat", user.user_id, ""};
    e.text = text;
    e.locale_hint = locale;
    e.attachments = std::move(files);
    return e;
}

std::vector<Ticket> tickets_of(DeskWorld& w, const Identity& user) {
    TicketFilter f;
    f.requester = user;
    auto list = w.store().list_tickets(f);
    return list ? *list : std::vector<Ticket>{};
}

std::optional<Ticket> escalated_ticket_of(DeskWorld& w, const Identity& user) {
    for (const auto& t : tickets_of(w, user))
        if (t.status == TicketStatus::escalated) return t;
    return std::nullopt;
}

TicketId escalate(DeskWorld& w, const Identity& user, const std::string& words) {
    const Address chat{"webchat", user.user_id, ""};
    w.text(user, chat, words);
    for (int i = 0; i < 3 && !escalated_ticket_of(w, user); ++i) {
        w.text(user, chat, "agent");
        if (!escalated_ticket_of(w, user)) w.text(user, chat, "skip");
    }
    auto t = escalated_ticket_of(w, user);
    if (!t) throw std::runtime_error("no escalated ticket:\n" + dump(w.all_delivered()));
    return t->id;
}

std::vector<JournalEntry> attachment_entries(DeskWorld& w, const TicketId& id) {
    std::vector<JournalEntry> out;
    for (const auto& j : w.journal(id))
        if (j.kind == "attachment") out.push_back(j);
    return out;
}

}  // namespace

TEST(AttachmentsThroughTheEngine, AScreenshotBeforeAnyWordsIsHeldAndJoinsTheTicketOnceLogged) {
    auto world = world_with();
    DeskWorld& w = *world;
    const Identity user{"webchat", "session-held"};
    const Address chat{"webchat", "session-held", ""};

    w.send(with_files(user, "file-1", {file("vpn-error.png", 'a')}));
    const std::string said = dump(w.received("webchat", "session-held"));
    EXPECT_TRUE(contains(said, "vpn-error.png")) << said;
    EXPECT_TRUE(contains(said, "tell me in a few words what isn't working")) << said;
    EXPECT_TRUE(tickets_of(w, user).empty());

    w.text(user, chat, "My VPN keeps dropping every five minutes");
    const auto tickets = tickets_of(w, user);
    ASSERT_EQ(tickets.size(), 1u) << dump(w.all_delivered());
    const auto entries = attachment_entries(w, tickets[0].id);
    ASSERT_EQ(entries.size(), 1u);
    const auto details = nlohmann::json::parse(entries[0].details);
    EXPECT_EQ(details["name"], "vpn-error.png");
    EXPECT_EQ(details["sha256"], std::string(64, 'a'));
    EXPECT_EQ(details["state"], "stored");
    EXPECT_EQ(details["media_type"], "image/png");
    EXPECT_EQ(details["size"], 245 * 1024);
    auto rows = w.store().attachments_of(tickets[0].id);
    ASSERT_TRUE(rows);
    ASSERT_EQ(rows->size(), 1u);
    // The hold is empty again: nothing waits to join a later ticket.
    auto held = w.store().take_held_attachments(user);
    ASSERT_TRUE(held);
    EXPECT_TRUE(held->empty());
}

TEST(AttachmentsThroughTheEngine, AFileInTheDiagnosisIsEvidenceAndTheQuestionIsAskedAgain) {
    auto world = world_with();
    DeskWorld& w = *world;
    const Identity user{"webchat", "session-flow"};
    const Address chat{"webchat", "session-flow", ""};
    w.text(user, chat, "My VPN keeps dropping every five minutes");
    const auto tickets = tickets_of(w, user);
    ASSERT_EQ(tickets.size(), 1u);
    auto before = w.received("webchat", "session-flow");
    ASSERT_FALSE(before.empty());
    const OutboundMessage question = before.back().message;
    ASSERT_FALSE(question.choices.empty()) << question.text;  // a question with buttons waits for an answer
    w.forget_delivered();

    w.send(with_files(user, "file-2", {file("screenshot.png", 'b')}));
    const auto after = w.received("webchat", "session-flow");
    const std::string said = dump(after);
    EXPECT_TRUE(contains(said, "I've kept screenshot.png with your report")) << said;
    // The same question again, with its buttons.
    ASSERT_FALSE(after.empty());
    EXPECT_TRUE(contains(after.back().message.text, question.text)) << said;
    EXPECT_EQ(after.back().message.choices, question.choices);
    EXPECT_EQ(attachment_entries(w, tickets[0].id).size(), 1u);
    EXPECT_EQ(tickets_of(w, user)[0].status, tickets[0].status);  // a file answers nothing
}

TEST(AttachmentsThroughTheEngine, AfterTheHandOffTheFileReachesTheTicketAndTheAgentOnceWithALink) {
    auto world = world_with();
    DeskWorld& w = *world;
    const Identity user{"webchat", "session-after"};
    const Identity bruno{"webchat", "bruno"};
    const Address agents{"webchat", "agents", ""};
    const TicketId id = escalate(w, user, "My VPN keeps dropping every five minutes");
    w.click(bruno, agents, claim_payload(id));
    ASSERT_EQ(w.ticket(id).assignee, "bruno");
    w.forget_delivered();

    const InboundEvent shot = with_files(user, "file-3", {file("error-dialog.png", 'c')}, "This is what I see");
    w.send(shot);
    const std::string room = dump(w.received("webchat", "agents"));
    EXPECT_TRUE(contains(room, "sent a file for " + id.str() + ": error-dialog.png (245 KB) http://127.0.0.1:8080/files/" + id.str() + "."))
        << room;
    EXPECT_TRUE(contains(room, "This is what I see")) << room;  // the words are relayed as ever
    EXPECT_TRUE(contains(dump(w.received("webchat", "session-after")), "added error-dialog.png to " + id.str()));
    ASSERT_EQ(attachment_entries(w, id).size(), 1u);

    // The platform redelivers the same event, and another message carries the same file again:
    // the ticket keeps it once, and the journal says it once.
    w.forget_delivered();
    w.send(shot);
    w.send(with_files(user, "file-4", {file("error-dialog-again.png", 'c')}));
    EXPECT_EQ(attachment_entries(w, id).size(), 1u);
    EXPECT_FALSE(contains(dump(w.received("webchat", "agents")), "sent a file")) << dump(w.all_delivered());

    // `show` lists the files with their links.
    w.forget_delivered();
    w.text(bruno, agents, "show " + id.str());
    EXPECT_TRUE(contains(dump(w.all_delivered()), "Files: error-dialog.png (245 KB) http://127.0.0.1:8080/files/")) << dump(w.all_delivered());
}

TEST(AttachmentsThroughTheEngine, AQuarantinedFileIsNeverLinkedAndTheAgentIsTold) {
    auto world = world_with();
    DeskWorld& w = *world;
    const Identity user{"webchat", "session-virus"};
    const Identity bruno{"webchat", "bruno"};
    const Address agents{"webchat", "agents", ""};
    const TicketId id = escalate(w, user, "My VPN keeps dropping every five minutes");
    w.click(bruno, agents, claim_payload(id));
    w.forget_delivered();
    w.send(with_files(user, "file-5", {file("invoice.pdf", 'd', "quarantined")}));
    const std::string room = dump(w.received("webchat", "agents"));
    EXPECT_TRUE(contains(room, "invoice.pdf for " + id.str() + ", but it did not pass the virus scan")) << room;
    EXPECT_FALSE(contains(room, "/files/")) << room;
    ASSERT_EQ(attachment_entries(w, id).size(), 1u);
    EXPECT_EQ(nlohmann::json::parse(attachment_entries(w, id)[0].details)["state"], "quarantined");
    w.forget_delivered();
    w.text(bruno, agents, "show " + id.str());
    const std::string shown = dump(w.all_delivered());
    EXPECT_TRUE(contains(shown, "invoice.pdf (quarantined: it failed the virus scan)")) << shown;
    EXPECT_FALSE(contains(shown, "/files/")) << shown;
}

TEST(AttachmentsThroughTheEngine, RefusedFilesAreExplainedInTheLanguageOfThePerson) {
    auto world = world_with({"attachments.max_per_ticket=1"});
    DeskWorld& w = *world;
    const Identity user{"webchat", "session-it"};
    const Address chat{"webchat", "session-it", ""};
    w.send(with_files(user, "file-6", {file("video.mp4", 'e', "too_large"), file("setup.exe", 'f', "type_refused")},
                      "La VPN cade ogni cinque minuti", "it"));
    const std::string said = dump(w.received("webchat", "session-it"));
    EXPECT_TRUE(contains(said, "video.mp4 è troppo grande per tenerlo (il limite è 10 MB)")) << said;
    EXPECT_TRUE(contains(said, "non posso accettare setup.exe")) << said;
    const auto tickets = tickets_of(w, user);
    ASSERT_EQ(tickets.size(), 1u);
    EXPECT_TRUE(attachment_entries(w, tickets[0].id).empty());  // nothing refused is kept

    // One file per ticket in this configuration: the second is refused, politely.
    w.forget_delivered();
    w.send(with_files(user, "file-7", {file("primo.png", '1'), file("secondo.png", '2')}, "", "it"));
    const std::string more = dump(w.received("webchat", "session-it"));
    EXPECT_TRUE(contains(more, "ho tenuto primo.png")) << more;
    EXPECT_TRUE(contains(more, "non ho potuto aggiungere secondo.png")) << more;
    EXPECT_EQ(attachment_entries(w, tickets[0].id).size(), 1u);
    // A file the platform would not give.
    w.forget_delivered();
    w.send(with_files(user, "file-8", {file("foto.jpg", '3', "unavailable")}, "", "it"));
    EXPECT_TRUE(contains(dump(w.received("webchat", "session-it")), "non sono riuscito a scaricare foto.jpg"));
}

TEST(AttachmentsThroughTheEngine, RefusedFilesInEnglish) {
    auto world = world_with();
    DeskWorld& w = *world;
    const Identity user{"webchat", "session-en"};
    w.send(with_files(user, "file-9", {file("movie.mov", 'e', "too_large"), file("tool.exe", 'f', "type_refused"),
                                       file("photo.heic", '0', "unavailable")}));
    const std::string said = dump(w.received("webchat", "session-en"));
    EXPECT_TRUE(contains(said, "movie.mov is too large for me to keep (the limit is 10 MB)")) << said;
    EXPECT_TRUE(contains(said, "I can't accept tool.exe")) << said;
    EXPECT_TRUE(contains(said, "I couldn't download photo.heic")) << said;
    EXPECT_TRUE(tickets_of(w, user).empty());
}
